"""Integration tier of routing: the use cases in ``routing.handlers`` and the taxonomy loader on the real
test database ``civicase_routing_test`` (emptied and migrated to head once per module by
``reset_database``; the directory loaded once, assignments, inbox and outbox emptied before each test).
No broker and no service process: events are built in memory and handed to the handlers inside a real
unit of work."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from civicase_platform.db import UnitOfWorkFactory, make_engine
from civicase_platform.testing import reset_database
from routing.adapters import orm
from routing.adapters.directory_loader import load_directory


@pytest.fixture(scope="module")
def uow():
    engine = make_engine(reset_database("routing"), pool_size=2)
    with Session(engine) as session, session.begin():
        load_directory(session)
    yield UnitOfWorkFactory(engine, service="routing", outbox=orm.outbox, inbox=orm.inbox)
    engine.dispose()


@pytest.fixture(autouse=True)
def empty_tables(uow):
    with uow.engine.begin() as conn:
        conn.execute(text("TRUNCATE assignments, inbox, outbox"))
