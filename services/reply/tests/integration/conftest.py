"""Integration tier of the reply service: handlers on the real PostgreSQL test database.

Rules: the database ``civicase_reply_test`` is emptied and migrated to head once per session
(``reset_database``); every test starts from empty tables; handlers run inside a real unit of work
and nothing is mocked. Events are checked in the outbox, where the transaction wrote them.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from civicase_platform.db import UnitOfWorkFactory, make_engine
from civicase_platform.testing import reset_database
from reply.adapters import orm


@pytest.fixture(scope="session")
def reply_engine():
    engine = make_engine(reset_database("reply"), pool_size=2)
    yield engine
    engine.dispose()


@pytest.fixture
def uow(reply_engine) -> UnitOfWorkFactory:
    with reply_engine.begin() as conn:
        conn.execute(text("TRUNCATE masking_audit, masked_copies, replies, deadlines, cases, closure_days, outbox, "
                          "inbox RESTART IDENTITY CASCADE"))
    return UnitOfWorkFactory(reply_engine, service="reply", outbox=orm.outbox, inbox=orm.inbox)


@pytest.fixture
def outbox_events(reply_engine):
    """The envelopes written to the outbox so far, oldest first."""

    def read() -> list[dict]:
        with reply_engine.connect() as conn:
            return [row.envelope for row in conn.execute(select(orm.outbox).order_by(orm.outbox.c.seq))]

    return read
