"""nameko building blocks shared by the services: the database/outbox dependency, correlation ids,
idempotent event consumption with a dead-letter queue, and the gRPC error mapping.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
import weakref
from collections.abc import Callable
from functools import wraps
from typing import Any

os.environ.setdefault("PSYCOPG_WAIT_FUNC", "wait_select")

import pika  # noqa: E402
import structlog  # noqa: E402
from grpc import StatusCode  # noqa: E402
from nameko import config  # noqa: E402
from nameko.extensions import DependencyProvider  # noqa: E402
from nameko_grpc import connection as _grpc_connection  # noqa: E402
from nameko_grpc.channel import ClientChannel, ClientConnectionPool  # noqa: E402
from nameko_grpc.dependency_provider import GrpcProxy  # noqa: E402
from nameko_grpc.errors import GrpcError  # noqa: E402
from sqlalchemy import Table  # noqa: E402

from civicase_platform import settings  # noqa: E402
from civicase_platform.db import UnitOfWork, UnitOfWorkFactory, make_engine  # noqa: E402
from civicase_platform.errors import DomainError, grpc_status_for  # noqa: E402
from civicase_platform.events import CloudEvent, InvalidEventError, parse_event  # noqa: E402
from civicase_platform.logging import (  # noqa: E402
    CONTEXT_DATA_KEY,
    GRPC_METADATA_KEY,
    bind_correlation_id,
)
from civicase_platform.outbox import OutboxRelay, run_relay_loop  # noqa: E402
from civicase_platform.sealing import Sealer  # noqa: E402

log = structlog.get_logger(__name__)

# nameko-grpc's connection loop waits up to SELECT_TIMEOUT (10 ms) in select() before it sends what
# workers produced, which puts a 10 ms floor under every call; 1 ms keeps idle CPU negligible while
# cutting that floor (measured with bench/e2e_petitions.py).
_grpc_connection.SELECT_TIMEOUT = float(os.environ.get("NAMEKO_GRPC_SELECT_TIMEOUT", "0.001"))

DEAD_LETTER_QUEUE = "civicase.dead-letter"


class Database(DependencyProvider):
    """Injects a unit-of-work factory and runs the service's outbox relay in a managed thread."""

    def __init__(self, outbox: Table, inbox: Table, *, relay: bool = True):
        self.outbox_table = outbox
        self.inbox_table = inbox
        self.run_relay = relay
        self._wake = threading.Event()
        self._stopping = False

    def setup(self) -> None:
        service = self.container.service_name
        url = config.get("DATABASE_URL") or settings.database_url(service)
        self.engine = make_engine(url, pool_size=int(config.get("DB_POOL_SIZE", 10)))
        self.amqp_uri = config.get("AMQP_URI") or settings.get("AMQP_URI")
        self.factory = UnitOfWorkFactory(
            self.engine, service=service, outbox=self.outbox_table, inbox=self.inbox_table,
            on_events_committed=self._wake.set,
        )
        self.relay = OutboxRelay(self.engine, self.outbox_table, self.amqp_uri)

    def start(self) -> None:
        if self.run_relay:
            self.container.spawn_managed_thread(self._relay_loop, identifier="outbox_relay")

    def _relay_loop(self) -> None:
        def wake(timeout: float) -> bool:
            woke = self._wake.wait(timeout)
            self._wake.clear()
            return woke

        run_relay_loop(self.relay, wake, lambda: self._stopping)

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        self.relay.close()
        self.engine.dispose()

    def kill(self) -> None:
        self.stop()

    def get_dependency(self, worker_ctx) -> UnitOfWorkFactory:
        return self.factory


class CorrelationId(DependencyProvider):
    """Binds the caller's correlation id (gRPC metadata or event header) for the worker's logs."""

    def worker_setup(self, worker_ctx) -> None:
        data = worker_ctx.context_data
        cid = data.get(GRPC_METADATA_KEY) or data.get(CONTEXT_DATA_KEY)
        if isinstance(cid, list):
            cid = cid[0]
        bind_correlation_id(cid)
        structlog.contextvars.bind_contextvars(entrypoint=worker_ctx.entrypoint.method_name)

    def get_dependency(self, worker_ctx) -> str | None:
        return worker_ctx.context_data.get(GRPC_METADATA_KEY)


class FieldSealer(DependencyProvider):
    """The key ring for personal data at rest (``FIELD_ENCRYPTION_KEYS``), read when the container starts:
    a service that stores personal data refuses to start without valid keys rather than store plaintext."""

    def setup(self) -> None:
        self.sealer = Sealer.from_env()

    def get_dependency(self, worker_ctx) -> Sealer:
        return self.sealer


class _ResilientConnectionPool(ClientConnectionPool):
    """nameko-grpc's client pool connects synchronously at start — so a service could not start while
    the peer is down — and a failed reconnect raises in a managed thread, which kills the whole
    container when the peer restarts. This pool (re)connects in the background with a growing pause
    and fails a call with UNAVAILABLE when no connection comes up within ``wait`` seconds, so the
    caller's own retry (event consumer, timer) decides what to do."""

    RETRY_MIN, RETRY_MAX = 0.2, 5.0

    def __init__(self, targets, ssl, spawn_thread, *, wait: float = 2.0):
        super().__init__(targets, ssl, spawn_thread)
        self.wait = wait

    def connect(self, target) -> None:
        def keep_connected() -> None:
            pause = self.RETRY_MIN
            while self.run:
                try:
                    sock = socket.create_connection((target.hostname, target.port or 50051), timeout=5)
                except OSError as exc:
                    log.warning("grpc_peer_unreachable", target=target.netloc, error=type(exc).__name__)
                    time.sleep(pause)
                    pause = min(pause * 2, self.RETRY_MAX)
                    continue
                if self.ssl:
                    sock = self.ssl.client_context().wrap_socket(
                        sock=sock, server_hostname=target.hostname, suppress_ragged_eofs=True)
                sock.settimeout(60)
                connection = _grpc_connection.ClientConnectionManager(sock)
                self.connections.put(weakref.ref(connection))
                pause = self.RETRY_MIN
                connection.run_forever()  # returns when the peer goes away; then reconnect

        self.spawn_thread(target=keep_connected, name=f"grpc client connection [{target.netloc}]")

    def get(self):
        deadline = time.monotonic() + self.wait
        while True:
            for _ in range(self.connections.qsize()):
                ref = self.connections.get_nowait()
                conn = ref()
                if conn is not None and conn.alive:
                    self.connections.put(ref)
                    return conn
            if time.monotonic() >= deadline:
                raise GrpcError(code=StatusCode.UNAVAILABLE,
                                message=f"no connection to {', '.join(self.targets)}")
            time.sleep(0.05)


class ServiceClient(GrpcProxy):
    """gRPC client of another civicase service, for use inside nameko: nameko-grpc's client is
    eventlet-friendly (grpcio's C-core client would block the hub). The address is
    ``settings.grpc_target(service)`` (``<SVC>_GRPC``), read when the container starts; the worker's
    context data (correlation id) travels as metadata. The service starts and keeps running while the
    peer is down: calls then fail with UNAVAILABLE and the connection is re-established in the
    background (see ``_ResilientConnectionPool``). Usage::

        intake = ServiceClient("intake", intake_api_pb2_grpc.IntakeServiceStub)
        ...
        content = self.intake.GetCaseContent(request, timeout=5)   # raises nameko_grpc GrpcError
    """

    def __init__(self, service: str, stub: type, **kwargs: Any) -> None:
        self.target_service = service
        super().__init__("//" + settings.grpc_target(service), stub, **kwargs)

    def setup(self) -> None:
        self.target = "//" + settings.grpc_target(self.target_service)
        super().setup()

    def start(self) -> None:
        self.channel = ClientChannel(self.target, self.ssl, self.spawn_thread)
        self.channel.conn_pool = _ResilientConnectionPool([self.target], self.ssl, self.spawn_thread)
        self.channel.start()


def grpc_errors(fn: Callable) -> Callable:
    """Translate domain errors into a gRPC status with the message a person can act on."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except DomainError as exc:
            raise GrpcError(code=grpc_status_for(exc), message=str(exc)) from exc
        except GrpcError:
            raise
        except Exception as exc:
            log.exception("unexpected_error", error_type=type(exc).__name__)
            raise GrpcError(code=StatusCode.INTERNAL, message="internal error; the team has been told") \
                from exc

    return wrapper


def dead_letter(body: Any, consumer: str, error: str, amqp_uri: str | None = None) -> None:
    """Park a message that could not be processed where operators can inspect and replay it."""
    params = pika.URLParameters(amqp_uri or config.get("AMQP_URI") or settings.get("AMQP_URI"))
    connection = pika.BlockingConnection(params)
    try:
        channel = connection.channel()
        channel.queue_declare(DEAD_LETTER_QUEUE, durable=True)
        channel.basic_publish(
            exchange="",
            routing_key=DEAD_LETTER_QUEUE,
            body=json.dumps(body, ensure_ascii=False, default=str).encode("utf-8"),
            properties=pika.BasicProperties(
                content_type="application/json", delivery_mode=2,
                headers={"x-consumer": consumer, "x-error": error[:1000]},
            ),
        )
    finally:
        connection.close()


def consumes(consumer: str, *, attempts: int = 3) -> Callable:
    """Make a nameko event handler idempotent and poison-safe.

    The wrapped method is called as ``method(self, tx, event)`` inside a unit of work from ``self.uow``
    only the first time this ``consumer`` sees the event id; the inbox row and the effect commit
    together. A failure is retried ``attempts`` times, then the message goes to the dead-letter queue
    (and is acknowledged) so one poison message cannot block the queue.
    """

    def decorator(fn: Callable[[Any, UnitOfWork, CloudEvent], None]) -> Callable:
        @wraps(fn)
        def wrapper(self, body):
            try:
                event = parse_event(body)
            except InvalidEventError as exc:
                log.error("event_invalid", consumer=consumer, error=str(exc))
                dead_letter(body, consumer, str(exc))
                return
            last_error = ""
            for attempt in range(1, attempts + 1):
                try:
                    with self.uow() as tx:
                        if not tx.claim(consumer, event):
                            log.info("event_duplicate_ignored", event_id=event.id, event_type=event.type)
                            return
                        fn(self, tx, event)
                        tx.commit()
                    return
                except Exception as exc:  # retried, then dead-lettered: never silently dropped
                    last_error = f"{type(exc).__name__}: {exc}"
                    log.warning("event_handler_failed", event_id=event.id, attempt=attempt, error=last_error)
                    time.sleep(0.2 * attempt)
            dead_letter(body, consumer, last_error)
            log.error("event_dead_lettered", event_id=event.id, consumer=consumer)

        return wrapper

    return decorator
