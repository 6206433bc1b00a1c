"""Integration tier of alerts: the use cases in ``alerts.handlers`` on the real test database
``civicase_alerts_test`` (emptied and migrated to head once per module by ``reset_database``; tables
emptied before each test). No broker and no service process: events are built in memory and handed to
the handlers inside a real unit of work."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from alerts.adapters import orm
from civicase_platform.db import UnitOfWorkFactory, make_engine
from civicase_platform.testing import reset_database


@pytest.fixture(scope="module")
def uow():
    engine = make_engine(reset_database("alerts"), pool_size=2)
    yield UnitOfWorkFactory(engine, service="alerts", outbox=orm.outbox, inbox=orm.inbox)
    engine.dispose()


@pytest.fixture(autouse=True)
def empty_tables(uow):
    with uow.engine.begin() as conn:
        conn.execute(text("TRUNCATE week_cases, deadlines, inbox, outbox"))
