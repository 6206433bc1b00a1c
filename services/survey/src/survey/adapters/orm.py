"""Survey's tables (its own database ``civicase_survey``); the migrations create exactly these."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, MetaData, String, Table, Text, func

from civicase_platform.outbox import define_tables

metadata = MetaData()

# One satisfaction survey per case, opened by the final (level-A) reply (PET-10.1). Surveys of a case
# returned for further handling (PET-11.2) will need a round number; not yet.
surveys = Table(
    "surveys",
    metadata,
    Column("case_number", String(20), primary_key=True),
    Column("agency_code", String(20), nullable=False),
    Column("replied_at", DateTime(timezone=True)),  # the final reply that opened the survey
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("state", String(20), nullable=False),  # survey.domain.surveys.SurveyState values
    Column("satisfaction", String(40)),  # survey.domain.surveys.Satisfaction values
    Column("comment", Text, nullable=False, default=""),  # the petitioner's words: never in logs/events
    Column("answered_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

outbox, inbox = define_tables(metadata)
