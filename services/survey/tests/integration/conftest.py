"""Integration tier of the survey service: handlers on the real PostgreSQL test database.

Rules: ``civicase_survey_test`` is emptied and migrated to head once per session (``reset_database``);
every test starts from empty tables; handlers run in a real unit of work, nothing is mocked. Events
are checked in the outbox, where the transaction wrote them.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from civicase_platform.db import UnitOfWorkFactory, make_engine
from civicase_platform.testing import reset_database
from survey.adapters import orm


@pytest.fixture(scope="session")
def survey_engine():
    engine = make_engine(reset_database("survey"), pool_size=2)
    yield engine
    engine.dispose()


@pytest.fixture
def uow(survey_engine) -> UnitOfWorkFactory:
    with survey_engine.begin() as conn:
        conn.execute(text("TRUNCATE surveys, outbox, inbox RESTART IDENTITY CASCADE"))
    return UnitOfWorkFactory(survey_engine, service="survey", outbox=orm.outbox, inbox=orm.inbox)


@pytest.fixture
def outbox_events(survey_engine):
    """The envelopes written to the outbox so far, oldest first."""

    def read() -> list[dict]:
        with survey_engine.connect() as conn:
            return [row.envelope for row in conn.execute(select(orm.outbox).order_by(orm.outbox.c.seq))]

    return read
