"""psycopg must cooperate with eventlet, or one slow query stalls a whole nameko service (ARCHITECTURE pitfalls)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import eventlet
    eventlet.monkey_patch()
    import json, sys, time
    from nameko.containers import ServiceContainer
    from nameko.rpc import rpc
    from nameko.testing.services import entrypoint_hook
    from sqlalchemy import MetaData, text
    from civicase_platform.nameko_support import Database
    from civicase_platform.outbox import define_tables
    from nameko import config

    outbox, inbox = define_tables(MetaData())

    class SleepyService:
        name = "sleepy"
        uow = Database(outbox, inbox, relay=False)

        @rpc
        def sleep(self):
            with self.uow() as tx:
                tx.session.execute(text("SELECT pg_sleep(1)"))

    with config.patch({"DATABASE_URL": sys.argv[1], "AMQP_URI": "memory://"}):
        container = ServiceContainer(SleepyService)
        container.start()
        started = time.monotonic()
        with entrypoint_hook(container, "sleep") as sleep:
            threads = [eventlet.spawn(sleep) for _ in range(5)]
            for t in threads:
                t.wait()
        elapsed = time.monotonic() - started
        container.stop()
    print(json.dumps({"elapsed": elapsed}))
    """
)


def test_five_concurrent_one_second_queries_in_one_service_take_under_two_seconds(database_url):
    """Five workers each run pg_sleep(1) through the Database dependency: they must overlap."""
    result = subprocess.run([sys.executable, "-c", SCRIPT, database_url], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    elapsed = json.loads(result.stdout.strip().splitlines()[-1])["elapsed"]
    assert elapsed < 2.0, f"queries did not overlap: {elapsed:.2f}s for 5 x 1s"
