"""Integration tier of eapply: the use cases in ``eapply.handlers`` on the real test database
``civicase_eapply_test`` (emptied and migrated once per module by ``reset_database``, the bundled
catalogue loaded as at service start; applications, serials and outbox emptied before each test). No broker
and no service process: published events are read back from the outbox table."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from civicase_platform.db import UnitOfWorkFactory, make_engine
from civicase_platform.testing import reset_database
from eapply.adapters import orm
from eapply.adapters.catalogue import bundled_catalogue, load_catalogue


@pytest.fixture(scope="module")
def uow():
    engine = make_engine(reset_database("eapply"), pool_size=4)
    with engine.begin() as conn:
        load_catalogue(conn, bundled_catalogue())
    yield UnitOfWorkFactory(engine, service="eapply", outbox=orm.outbox, inbox=orm.inbox)
    engine.dispose()


@pytest.fixture(autouse=True)
def empty_tables(uow):
    with uow.engine.begin() as conn:
        conn.execute(text("TRUNCATE applications, application_serials, closure_days, outbox, inbox"))
