"""Transactional outbox, its relay, and the consumers' inbox.

Why: a service must never change its state without its event reaching the bus, nor publish an event
for a change that rolled back. So the event is written as a row in the service's own database in the
*same transaction* as the state change (``record_event``). A relay later publishes unsent rows to
RabbitMQ with publisher confirms and ``mandatory=True`` and marks a row sent only after the broker
confirmed it; if the broker is down the rows simply wait. The AMQP ``message_id`` is the event id, so
a row published twice (relay crashed between confirm and commit) is recognised downstream.

Consumers record each event id they processed in the inbox *in the same transaction as its effect*
(``claim_event``): a redelivered event finds its id there and changes nothing.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

import pika
import structlog
from pika.exceptions import AMQPError, NackError, UnroutableError
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from civicase_platform.events import CloudEvent
from civicase_platform.logging import AMQP_HEADER, current_correlation_id

log = structlog.get_logger(__name__)

JsonType = JSON().with_variant(JSONB(), "postgresql")


def define_tables(metadata: MetaData) -> tuple[Table, Table]:
    """Add the ``outbox`` and ``inbox`` tables to a service's metadata (its migrations create them)."""
    outbox = Table(
        "outbox",
        metadata,
        Column("seq", BigInteger, primary_key=True, autoincrement=True),
        Column("event_id", String(64), nullable=False, unique=True),
        Column("exchange", String(100), nullable=False),
        Column("routing_key", String(100), nullable=False),
        Column("subject", String(100), nullable=False, default=""),
        Column("envelope", JsonType, nullable=False),
        Column("correlation_id", String(64)),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("sent_at", DateTime(timezone=True)),
        Column("attempts", Integer, nullable=False, default=0, server_default="0"),
        Column("unroutable", Boolean, nullable=False, default=False, server_default="false"),
        Column("last_error", Text),
    )
    inbox = Table(
        "inbox",
        metadata,
        Column("consumer", String(200), primary_key=True),
        Column("event_id", String(64), primary_key=True),
        Column("event_type", String(100), nullable=False),
        Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )
    return outbox, inbox


def record_event(session: Session, outbox: Table, service: str, event: CloudEvent) -> None:
    """Write ``event`` into the outbox inside the caller's transaction (published after commit)."""
    session.execute(
        outbox.insert().values(
            event_id=event.id,
            exchange=f"{service}.events",
            routing_key=event.type,
            subject=event.subject,
            envelope=event.to_dict(),
            correlation_id=current_correlation_id(),
        )
    )
    session.info["outbox_dirty"] = True


def claim_event(session: Session, inbox: Table, consumer: str, event: CloudEvent) -> bool:
    """True if ``consumer`` has not processed ``event`` yet; records it in the caller's transaction.

    Two workers racing on a redelivered event both insert; the primary key makes the second one wait
    for the first transaction and then see the row (ON CONFLICT DO NOTHING returns nothing), so exactly
    one applies the effect.
    """
    result = session.execute(
        pg_insert(inbox)
        .values(consumer=consumer, event_id=event.id, event_type=event.type)
        .on_conflict_do_nothing()
        .returning(inbox.c.event_id)
    )
    return result.first() is not None


class OutboxRelay:
    """Publishes unsent outbox rows to RabbitMQ; safe to run in several processes at once.

    Rows are taken with ``FOR UPDATE SKIP LOCKED`` so two relays never publish the same row at the same
    time. A row is marked sent only after the broker confirmed it. A message the broker returns as
    unroutable (no queue bound) is marked ``unroutable`` and kept for replay rather than retried in a
    hot loop: it means no subscriber has declared its queue yet.
    """

    def __init__(self, engine: Engine, outbox: Table, amqp_uri: str, *, batch_size: int = 200):
        self.engine = engine
        self.outbox = outbox
        self.amqp_uri = amqp_uri
        self.batch_size = batch_size
        self._connection: pika.BlockingConnection | None = None
        self._channel = None
        self._declared: set[str] = set()
        self._lock = threading.Lock()

    # -- broker connection -------------------------------------------------------------------------
    def _channel_or_connect(self):
        if self._channel is not None and self._channel.is_open:
            return self._channel
        self.close()
        params = pika.URLParameters(self.amqp_uri)
        params.connection_attempts = 1
        params.socket_timeout = 5
        params.blocked_connection_timeout = 10
        self._connection = pika.BlockingConnection(params)
        self._channel = self._connection.channel()
        self._channel.confirm_delivery()
        self._declared.clear()
        return self._channel

    def close(self) -> None:
        try:
            if self._connection is not None and self._connection.is_open:
                self._connection.close()
        except AMQPError:
            pass
        self._connection = None
        self._channel = None

    def _declare(self, channel, exchange: str) -> None:
        # Same attributes as nameko's get_event_exchange, so either side may declare it first.
        if exchange not in self._declared:
            channel.exchange_declare(exchange=exchange, exchange_type="topic", durable=True)
            self._declared.add(exchange)

    # -- publishing ---------------------------------------------------------------------------------
    def flush(self) -> int:
        """Publish every unsent row; return how many the broker confirmed."""
        with self._lock:
            total = 0
            while True:
                sent, more = self._flush_batch()
                total += sent
                if not more:
                    return total

    def _flush_batch(self) -> tuple[int, bool]:
        ob = self.outbox
        with Session(self.engine) as session, session.begin():
            rows = session.execute(
                select(ob.c.seq, ob.c.event_id, ob.c.exchange, ob.c.routing_key, ob.c.envelope,
                       ob.c.correlation_id)
                .where(ob.c.sent_at.is_(None), ob.c.unroutable.is_(False))
                .order_by(ob.c.seq)
                .limit(self.batch_size)
                .with_for_update(skip_locked=True)
            ).all()
            if not rows:
                return 0, False
            try:
                channel = self._channel_or_connect()
            except (AMQPError, OSError) as exc:
                log.warning("outbox_broker_unreachable", error=str(exc), pending=len(rows))
                self.close()
                return 0, False
            sent_ids: list[int] = []
            unroutable_ids: list[int] = []
            failure: str | None = None
            for row in rows:
                try:
                    self._declare(channel, row.exchange)
                    channel.basic_publish(
                        exchange=row.exchange,
                        routing_key=row.routing_key,
                        body=json.dumps(row.envelope, ensure_ascii=False).encode("utf-8"),
                        properties=pika.BasicProperties(
                            content_type="application/json",
                            content_encoding="utf-8",
                            delivery_mode=2,
                            message_id=row.event_id,
                            type=row.routing_key,
                            headers={AMQP_HEADER: row.correlation_id or ""},
                        ),
                        mandatory=True,
                    )
                    sent_ids.append(row.seq)
                except UnroutableError:
                    unroutable_ids.append(row.seq)
                    log.warning("outbox_event_unroutable", event_id=row.event_id, routing_key=row.routing_key)
                except (NackError, AMQPError, OSError) as exc:
                    failure = f"{type(exc).__name__}: {exc}"
                    self.close()
                    break
            now = datetime.now(UTC)
            if sent_ids:
                session.execute(
                    update(ob).where(ob.c.seq.in_(sent_ids)).values(sent_at=now, attempts=ob.c.attempts + 1)
                )
            if unroutable_ids:
                session.execute(
                    update(ob)
                    .where(ob.c.seq.in_(unroutable_ids))
                    .values(unroutable=True, attempts=ob.c.attempts + 1, last_error="unroutable")
                )
            if failure:
                log.warning("outbox_publish_failed", error=failure)
                return len(sent_ids), False
            return len(sent_ids), len(rows) == self.batch_size

    def replay_unroutable(self, *, max_attempts: int | None = None) -> int:
        """Put unroutable rows back in line (a subscriber may have declared its queue since).

        With ``max_attempts`` only rows tried fewer times are replayed: the relay does this by itself
        every ``REPLAY_EVERY`` seconds, so a service started before its subscribers loses nothing, while
        an event nobody subscribes to stops being retried and waits for an operator's replay.
        """
        ob = self.outbox
        condition = [ob.c.unroutable.is_(True), ob.c.sent_at.is_(None)]
        if max_attempts is not None:
            condition.append(ob.c.attempts < max_attempts)
        with Session(self.engine) as session, session.begin():
            result = session.execute(update(ob).where(*condition).values(unroutable=False))
            return result.rowcount or 0

    def pending(self) -> int:
        with Session(self.engine) as session:
            return session.execute(
                select(func.count()).select_from(self.outbox).where(self.outbox.c.sent_at.is_(None))
            ).scalar_one()


REPLAY_EVERY = 15.0
REPLAY_MAX_ATTEMPTS = 20


def run_relay_loop(
    relay: OutboxRelay, wake: Callable[[float], bool], should_stop: Callable[[], bool], *, idle: float = 1.0
) -> None:
    """Flush whenever woken (after a commit that wrote events) or every ``idle`` seconds."""
    backoff = idle
    last_replay = time.monotonic()
    while not should_stop():
        try:
            if time.monotonic() - last_replay >= REPLAY_EVERY:
                relay.replay_unroutable(max_attempts=REPLAY_MAX_ATTEMPTS)
                last_replay = time.monotonic()
            relay.flush()
            backoff = idle
        except Exception as exc:  # the loop must survive a database restart too
            log.warning("outbox_relay_error", error=f"{type(exc).__name__}: {exc}")
            backoff = min(backoff * 2, 10.0)
        wake(backoff)
