"""The transactional outbox, its relay and the inbox on real PostgreSQL and RabbitMQ."""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table, func, select

from civicase.intake.v1 import events_pb2
from civicase_platform.db import UnitOfWorkFactory
from civicase_platform.outbox import OutboxRelay
from civicase_platform.testing import EventListener

UNREACHABLE_BROKER = "amqp://guest:guest@127.0.0.1:1/"


def _registered(number: str) -> events_pb2.CaseRegistered:
    return events_pb2.CaseRegistered(case_number=number, agency_number="000")


class TestOutbox:
    def test_event_written_while_broker_unreachable_is_published_once_it_is_back(self, tables, amqp_uri):
        """ARCHITECTURE 'Nothing lost': the row waits in the outbox until the broker confirms it."""
        engine, _metadata, outbox, inbox = tables
        uow = UnitOfWorkFactory(engine, service="intake", outbox=outbox, inbox=inbox)
        listener = EventListener(amqp_uri, "intake", "case_registered")
        with uow() as tx:
            event = tx.publish("case_registered", "000-20260213-00001", _registered("000-20260213-00001"))
            tx.commit()

        down = OutboxRelay(engine, outbox, UNREACHABLE_BROKER)
        assert down.flush() == 0
        assert down.pending() == 1

        up = OutboxRelay(engine, outbox, amqp_uri)
        assert up.flush() == 1
        assert up.pending() == 0
        assert up.flush() == 0  # nothing is published twice
        received = listener.receive(2, timeout=3)
        listener.close()
        up.close()
        assert len(received) == 1
        props, body = received[0]
        assert props.message_id == event.id
        assert body["id"] == event.id and body["type"] == "case_registered"
        assert body["data"]["case_number"] == "000-20260213-00001"

    def test_rolled_back_transaction_publishes_nothing(self, tables, amqp_uri):
        engine, _metadata, outbox, inbox = tables
        uow = UnitOfWorkFactory(engine, service="intake", outbox=outbox, inbox=inbox)
        with uow() as tx:
            tx.publish("case_registered", "000-20260213-00002", _registered("000-20260213-00002"))
            # no commit: leaving the block rolls back the state change and its event together
        relay = OutboxRelay(engine, outbox, amqp_uri)
        assert relay.pending() == 0
        assert relay.flush() == 0
        relay.close()

    def test_event_without_subscriber_is_kept_as_unroutable_for_replay(self, tables, amqp_uri):
        engine, _metadata, outbox, inbox = tables
        uow = UnitOfWorkFactory(engine, service="intake", outbox=outbox, inbox=inbox)
        with uow() as tx:
            tx.publish("case_registered", "000-20260213-00003", _registered("000-20260213-00003"))
            tx.commit()
        relay = OutboxRelay(engine, outbox, amqp_uri)
        assert relay.flush() == 0          # returned by the broker: nobody bound yet (mandatory=True)
        assert relay.pending() == 1
        listener = EventListener(amqp_uri, "intake", "case_registered")
        assert relay.replay_unroutable() == 1
        assert relay.flush() == 1
        assert len(listener.receive(1, timeout=3)) == 1
        listener.close()
        relay.close()


class TestInbox:
    def test_redelivered_event_has_one_effect(self, tables):
        """A consumer records the event id with its effect; the second delivery changes nothing."""
        engine, metadata, outbox, inbox = tables
        effects = Table("effects", metadata, Column("id", Integer, primary_key=True),
                        Column("case_number", String(20)))
        effects.create(engine)
        uow = UnitOfWorkFactory(engine, service="routing", outbox=outbox, inbox=inbox)
        with uow() as tx:
            event = tx.publish("case_registered", "000-20260213-00004", _registered("000-20260213-00004"))
            tx.commit()

        def consume() -> None:
            with uow() as tx:
                if tx.claim("routing.handle_case_registered", event):
                    tx.session.execute(effects.insert().values(case_number=event.subject))
                tx.commit()

        consume()
        consume()
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(effects)).scalar_one() == 1
        effects.drop(engine)

    def test_same_event_is_processed_once_per_consumer(self, tables):
        engine, _metadata, outbox, inbox = tables
        uow = UnitOfWorkFactory(engine, service="routing", outbox=outbox, inbox=inbox)
        with uow() as tx:
            event = tx.publish("case_registered", "000-20260213-00005", _registered("000-20260213-00005"))
            assert tx.claim("alerts.handle", event) is True
            assert tx.claim("reply.handle", event) is True
            assert tx.claim("alerts.handle", event) is False
            tx.commit()


def test_metadata_is_unused_guard():
    """The outbox table definition is shared: a service's metadata gets both tables."""
    from civicase_platform.outbox import define_tables

    metadata = MetaData()
    outbox, inbox = define_tables(metadata)
    assert set(metadata.tables) == {"outbox", "inbox"}
    assert outbox.c.event_id.unique and inbox.primary_key.columns.keys() == ["consumer", "event_id"]
