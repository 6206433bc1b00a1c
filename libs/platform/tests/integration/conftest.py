"""Integration tier of civicase_platform: real PostgreSQL and RabbitMQ, no mocks.

Rules: each test gets empty tables in the ``civicase_platform_test`` database (created if missing) and,
where it talks AMQP, a fresh vhost that is deleted afterwards.
"""

from __future__ import annotations

import pytest
from sqlalchemy import MetaData, text

from civicase_platform import settings
from civicase_platform.db import make_engine
from civicase_platform.outbox import define_tables
from civicase_platform.testing import rabbit_vhost

DB_NAME = "civicase_platform_test" + settings.test_db_suffix()


def _ensure_database() -> str:
    admin = make_engine(settings.database_url("x").rsplit("/", 1)[0] + "/postgres", pool_size=1)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": DB_NAME}).first()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{DB_NAME}"'))
    admin.dispose()
    return settings.database_url("x").rsplit("/", 1)[0] + "/" + DB_NAME


@pytest.fixture(scope="session")
def database_url() -> str:
    return _ensure_database()


@pytest.fixture
def tables(database_url):
    metadata = MetaData()
    outbox, inbox = define_tables(metadata)
    engine = make_engine(database_url, pool_size=2)
    metadata.drop_all(engine)
    metadata.create_all(engine)
    yield engine, metadata, outbox, inbox
    metadata.drop_all(engine)
    engine.dispose()


@pytest.fixture
def amqp_uri():
    with rabbit_vhost("civicase_platform_test") as uri:
        yield uri
