"""Integration tier of alerts: the use cases in ``alerts.handlers`` on the real test database
``civicase_alerts_test`` (emptied and migrated to head once per module by ``reset_database``; tables
emptied before each test). No broker and no service process: events are built in memory and handed to
the handlers inside a real unit of work."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from alerts.adapters import orm
from civicase_platform.db import UnitOfWorkFactory, make_engine
from civicase_platform.testing import SmtpSink, reset_database


@pytest.fixture(scope="module")
def uow():
    engine = make_engine(reset_database("alerts"), pool_size=2)
    yield UnitOfWorkFactory(engine, service="alerts", outbox=orm.outbox, inbox=orm.inbox)
    engine.dispose()


@pytest.fixture(autouse=True)
def empty_tables(uow):
    with uow.engine.begin() as conn:
        conn.execute(text(
            "TRUNCATE week_cases, deadlines, inbox, outbox, evaluated_weeks, warnings, analysis_forms, "
            "authorised_staff, authorised_staff_changes, agencies, mail_outbox, deadline_notices, closure_days"
        ))


@pytest.fixture(scope="module")
def smtp_sink(tmp_path_factory):
    """The local SMTP sink (scripts/smtp_sink.py) as a real server; every delivery is one file."""
    sink = SmtpSink(tmp_path_factory.mktemp("mail")).start()
    yield sink
    sink.stop()
