"""End-to-end tier: the whole system through the gateway, as a citizen and an agency would use it.

Rules: every service runs as its own real process (``nameko run``) on its own freshly migrated test
database and one fresh RabbitMQ vhost; the gateway runs under uvicorn against them and the real Redis.
Tests speak HTTP to the gateway, and gRPC only where the actor is an agency system with no HTTP API yet.
The system is started once per session (about 10 s).
"""

from __future__ import annotations

import pytest

from civicase_platform.testing import running_system


@pytest.fixture(scope="session")
def system():
    with running_system(vhost_prefix="civicase_e2e") as system:
        yield system


def pytest_collection_modifyitems(items):
    """Tests that declare closure days run last: a declared day cannot be withdrawn and moves every later
    deadline of the session's system, which other tests compute without closures."""
    items.sort(key=lambda item: item.get_closest_marker("declares_closures") is not None)
