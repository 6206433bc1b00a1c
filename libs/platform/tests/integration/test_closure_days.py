"""Calendar (closures) on real PostgreSQL: a service's copy of the closure days — recorded once however
often the event comes, and counted by the (briefly cached) calendar; district closures kept, not applied."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import MetaData

from civicase_platform.closures import Closure, ClosureCalendar, define_closure_table, record_closure
from civicase_platform.db import UnitOfWorkFactory, make_engine
from civicase_platform.outbox import define_tables


@pytest.fixture
def setup(database_url):
    metadata = MetaData()
    table = define_closure_table(metadata, "closure_days_platform_test")
    outbox, inbox = define_tables(metadata)
    engine = make_engine(database_url, pool_size=2)
    metadata.drop_all(engine)
    metadata.create_all(engine)
    yield UnitOfWorkFactory(engine, service="test", outbox=outbox, inbox=inbox), table
    metadata.drop_all(engine)
    engine.dispose()


def closure(day: date, scope: str = "city") -> Closure:
    return Closure(day=day, scope=scope, reason="颱風停班", declared_by="admin", declared_at=datetime.now(UTC))


def test_a_closure_is_recorded_once_and_the_cached_calendar_sees_it_at_once(setup):
    """Calendar (closures): record_closure is idempotent; recording clears the cache in this process."""
    uow, table = setup
    calendar = ClosureCalendar(table, seconds=3600)
    with uow() as tx:
        assert calendar(tx).closures == frozenset()
        assert record_closure(tx, table, closure(date(2026, 7, 22))) is True
        assert record_closure(tx, table, closure(date(2026, 7, 22))) is False
        assert record_closure(tx, table, closure(date(2026, 7, 23), "中正區")) is True
        tx.commit()
    with uow() as tx:
        cal = calendar(tx)
    assert cal.closures == frozenset({date(2026, 7, 22)})  # the district closure is kept, not applied
    assert not cal.is_working_day(date(2026, 7, 22)) and cal.is_working_day(date(2026, 7, 23))


def test_the_calendar_is_reused_within_its_time_and_read_again_after(setup):
    """Calendar (closures): a closure recorded by another instance is seen once the cache time is over."""
    uow, table = setup
    cached, fresh = ClosureCalendar(table, seconds=3600), ClosureCalendar(table, seconds=0)
    with uow() as tx:
        assert cached(tx).closures == frozenset()
        # as another instance would: a row appears without this process's record_closure
        tx.session.execute(table.insert().values(day=date(2026, 7, 22), scope="city", reason="", declared_by="x",
                                                 declared_at=datetime.now(UTC)))
        assert cached(tx).closures == frozenset()
        assert fresh(tx).closures == frozenset({date(2026, 7, 22)})


def test_a_calendar_read_while_the_closure_was_uncommitted_is_not_kept(setup):
    """Calendar (closures): a worker that reads the closures between another's insert and its commit caches a
    calendar without the day; the commit clears it, so the next read counts with the closure."""
    uow, table = setup
    calendar = ClosureCalendar(table, seconds=3600)
    with uow() as declaring:
        record_closure(declaring, table, closure(date(2026, 7, 22)))
        with uow() as other:
            assert calendar(other).closures == frozenset()  # not committed yet: cached without it
        declaring.commit()
    with uow() as tx:
        assert calendar(tx).closures == frozenset({date(2026, 7, 22)})
