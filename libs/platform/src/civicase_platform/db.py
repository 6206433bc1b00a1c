"""Database access for services: engine creation and the unit of work.

A unit of work is one transaction: the use case changes state, records the events that state change
implies (outbox) and, for an event consumer, claims the incoming event id (inbox), then commits once.
"""

from __future__ import annotations

import os

# psycopg's compiled wait function blocks eventlet's hub, which would serialise every query of a
# nameko service; the pure-Python select-based one cooperates. psycopg reads this at import time,
# so it must be set before psycopg is first imported (we import it lazily through SQLAlchemy).
os.environ.setdefault("PSYCOPG_WAIT_FUNC", "wait_select")

from collections.abc import Callable  # noqa: E402

from google.protobuf.message import Message  # noqa: E402
from sqlalchemy import Table, create_engine  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

from civicase_platform.events import CloudEvent, new_event  # noqa: E402
from civicase_platform.outbox import claim_event, record_event  # noqa: E402


def make_engine(url: str, *, pool_size: int = 10, max_overflow: int = 20) -> Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return create_engine(url, pool_size=pool_size, max_overflow=max_overflow, pool_pre_ping=True,
                         pool_recycle=1800)


class UnitOfWork:
    """``with uow() as tx: …; tx.commit()`` — nothing is kept unless ``commit`` is called."""

    def __init__(
        self,
        session_factory: sessionmaker,
        *,
        service: str,
        outbox: Table,
        inbox: Table,
        on_events_committed: Callable[[], None] | None = None,
    ):
        self._session_factory = session_factory
        self.service = service
        self.outbox = outbox
        self.inbox = inbox
        self._on_events_committed = on_events_committed
        self.session: Session

    def __enter__(self) -> UnitOfWork:
        self.session = self._session_factory()
        self.session.begin()
        return self

    def __exit__(self, *exc_info) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        dirty = self.session.info.pop("outbox_dirty", False)
        self.session.commit()
        if dirty and self._on_events_committed is not None:
            self._on_events_committed()

    def rollback(self) -> None:
        self.session.info.pop("outbox_dirty", None)
        self.session.rollback()

    def publish(self, event_type: str, subject: str, message: Message) -> CloudEvent:
        """Record an event to be published once this transaction commits."""
        event = new_event(self.service, event_type, subject, message)
        record_event(self.session, self.outbox, self.service, event)
        return event

    def claim(self, consumer: str, event: CloudEvent) -> bool:
        """True the first time ``consumer`` sees ``event`` (recorded in this transaction)."""
        return claim_event(self.session, self.inbox, consumer, event)


class UnitOfWorkFactory:
    def __init__(self, engine: Engine, *, service: str, outbox: Table, inbox: Table,
                 on_events_committed: Callable[[], None] | None = None):
        self.engine = engine
        self._sessions = sessionmaker(engine, autobegin=False, expire_on_commit=False)
        self.service = service
        self.outbox = outbox
        self.inbox = inbox
        self.on_events_committed = on_events_committed

    def __call__(self) -> UnitOfWork:
        return UnitOfWork(self._sessions, service=self.service, outbox=self.outbox, inbox=self.inbox,
                          on_events_committed=self.on_events_committed)
