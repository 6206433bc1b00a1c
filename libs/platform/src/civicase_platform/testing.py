"""Test support on the real infrastructure: fresh migrated databases, isolated RabbitMQ vhosts, and
services run as real processes (``nameko run``) on them.

Nothing here mocks PostgreSQL, RabbitMQ or Redis: tests get their own database
(``civicase_<svc>_test``), their own vhost, and talk to the service over gRPC and AMQP like any client.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pika
from sqlalchemy import text

from civicase_platform import settings
from civicase_platform.db import make_engine
from civicase_platform.sealing import new_key_entry

REPO_ROOT = Path(__file__).resolve().parents[4]
VENV_BIN = Path(sys.executable).parent


def reset_database(service: str) -> str:
    """Empty ``civicase_<service>_test`` and migrate it to head; return its URL."""
    url = settings.database_url(service, test=True)
    engine = make_engine(url, pool_size=1, max_overflow=0)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    subprocess.run(
        [str(VENV_BIN / "alembic"), "-c", str(REPO_ROOT / "services" / service / "alembic.ini"),
         "-x", f"url={url}", "upgrade", "head"],
        check=True, capture_output=True, text=True,
    )
    return url


def _rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True, text=True)


@contextmanager
def rabbit_vhost(prefix: str = "civicase_test") -> Iterator[str]:
    """A fresh vhost for the duration of the block; yields its AMQP URI."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    _rabbitmqctl("add_vhost", name)
    _rabbitmqctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*")
    base = settings.get("AMQP_URI").rstrip("/")
    try:
        yield f"{base}/{quote(name, safe='')}"
    finally:
        _rabbitmqctl("delete_vhost", name)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_grpc(target: str, timeout: float = 30.0) -> None:
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            with grpc.insecure_channel(target) as channel:
                reply = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=1)
                if reply.status == health_pb2.HealthCheckResponse.SERVING:
                    return
        except grpc.RpcError as exc:
            last = str(exc.code())
        time.sleep(0.2)
    raise TimeoutError(f"gRPC server at {target} not serving after {timeout}s ({last})")


def stop_process(proc: subprocess.Popen | None) -> None:
    """Terminate a child process, killing it if it has not exited within 10 s."""
    if proc and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


# One key ring per test run: services that store personal data refuse to start without one.
TEST_FIELD_ENCRYPTION_KEYS = new_key_entry("test")


class ServiceProcess:
    """One service run with ``nameko run`` as its own process, like in production."""

    def __init__(self, service: str, *, amqp_uri: str, database_url: str, extra_env: dict | None = None,
                 port: int | None = None, log_path: Path | None = None):
        self.service = service
        self.port = port or free_port()
        self.target = f"localhost:{self.port}"
        self.env = {
            "FIELD_ENCRYPTION_KEYS": TEST_FIELD_ENCRYPTION_KEYS,  # the environment's own ring wins
            **os.environ,
            "AMQP_URI": amqp_uri,
            "DATABASE_URL": database_url,
            "GRPC_PORT": str(self.port),
            "PSYCOPG_WAIT_FUNC": "wait_select",
            "LOG_FORMAT": "json",
            **(extra_env or {}),
        }
        self.proc: subprocess.Popen | None = None
        self.log_path = log_path or Path(os.environ.get("TMPDIR", "/tmp")) / f"civicase-{service}-{self.port}.log"

    def command(self) -> list[str]:
        return [str(VENV_BIN / "nameko"), "run", "--config",
                str(REPO_ROOT / "services" / self.service / "config.yaml"), f"{self.service}.service"]

    def wait_ready(self) -> None:
        wait_for_grpc(self.target)

    def start(self, *, wait: bool = True) -> ServiceProcess:
        log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            self.command(), env=self.env, stdout=log, stderr=subprocess.STDOUT, cwd=str(REPO_ROOT),
            start_new_session=True,
        )
        if not wait:
            return self
        try:
            self.wait_ready()
        except TimeoutError as exc:
            self.stop()
            raise RuntimeError(f"{self.service} did not start; log:\n{self.log_path.read_text()[-3000:]}") \
                from exc
        return self

    def stop(self) -> None:
        stop_process(self.proc)

    def logs(self) -> str:
        return self.log_path.read_text()


class EventListener:
    """A plain AMQP subscriber, like another agency's system: binds a queue to ``<service>.events``."""

    def __init__(self, amqp_uri: str, service: str, event_types: list[str] | str = "#"):
        self.connection = pika.BlockingConnection(pika.URLParameters(amqp_uri))
        self.channel = self.connection.channel()
        exchange = f"{service}.events"
        self.channel.exchange_declare(exchange, exchange_type="topic", durable=True)
        self.queue = self.channel.queue_declare("", exclusive=True).method.queue
        for key in [event_types] if isinstance(event_types, str) else event_types:
            self.channel.queue_bind(self.queue, exchange, routing_key=key)

    def receive(self, count: int = 1, timeout: float = 15.0) -> list[tuple[pika.BasicProperties, dict]]:
        import json

        got: list[tuple[pika.BasicProperties, dict]] = []
        deadline = time.monotonic() + timeout
        while len(got) < count and time.monotonic() < deadline:
            method, props, body = self.channel.basic_get(self.queue, auto_ack=True)
            if method is None:
                self.connection.sleep(0.05)
                continue
            got.append((props, json.loads(body)))
        return got

    def close(self) -> None:
        if self.connection.is_open:
            self.connection.close()


class GatewayProcess(ServiceProcess):
    """The HTTP gateway (uvicorn) pointed at the given services' gRPC addresses."""

    def __init__(self, *, targets: dict[str, str], redis_url: str | None = None, port: int | None = None,
                 log_path: Path | None = None, workers: int = 1):
        env = {f"{svc.upper()}_GRPC": target for svc, target in targets.items()}
        env["REDIS_KEY_PREFIX"] = f"civicase_test_{uuid.uuid4().hex[:8]}"  # throttles of other runs stay apart
        if redis_url:
            env["REDIS_URL"] = redis_url
        super().__init__("gateway", amqp_uri=settings.get("AMQP_URI"), database_url="", extra_env=env,
                         port=port, log_path=log_path)
        self.workers = workers
        self.url = f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        return [str(VENV_BIN / "uvicorn"), "gateway.app:app", "--host", "0.0.0.0", "--port", str(self.port),
                "--workers", str(self.workers), "--no-access-log"]

    def wait_ready(self, timeout: float = 30.0) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/docs", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"gateway at {self.url} not answering after {timeout}s")


SYSTEM_SERVICES = ["intake", "routing", "reply", "survey", "alerts", "eapply"]


@contextmanager
def running_system(*, gateway_workers: int = 1, vhost_prefix: str = "civicase_system") -> Iterator[dict]:
    """Every service on a fresh test database and vhost, plus the gateway; stopped on exit.

    Yields ``{"gateway": url, "targets": {service: host:port}, "amqp_uri": uri, "procs": {...}}``.
    """
    with rabbit_vhost(vhost_prefix) as amqp_uri:
        # Ports first, so every service knows where the others are (<SVC>_GRPC: reply calls intake).
        ports = {s: free_port() for s in SYSTEM_SERVICES}
        peers = {f"{s.upper()}_GRPC": f"localhost:{port}" for s, port in ports.items()}
        procs = {
            s: ServiceProcess(s, amqp_uri=amqp_uri, database_url=reset_database(s), port=ports[s],
                              extra_env=peers).start(wait=False)
            for s in SYSTEM_SERVICES
        }
        gateway = None
        try:
            for proc in procs.values():
                proc.wait_ready()
            gateway = GatewayProcess(targets={s: p.target for s, p in procs.items()},
                                     workers=gateway_workers).start()
            yield {"gateway": gateway.url, "targets": {s: p.target for s, p in procs.items()},
                   "amqp_uri": amqp_uri, "procs": procs}
        finally:
            if gateway is not None:
                gateway.stop()
            for proc in procs.values():
                proc.stop()


class EventPublisher:
    """Publishes CloudEvents as a source service's outbox relay would (for feeding a service under test)."""

    def __init__(self, amqp_uri: str):
        self.connection = pika.BlockingConnection(pika.URLParameters(amqp_uri))
        self.channel = self.connection.channel()

    def publish(self, event, source: str | None = None) -> None:
        """``source`` is the publishing service's name; by default it is read from ``event.source``."""
        import json

        exchange = f"{source or event.source.rsplit('/', 1)[-1]}.events"
        self.channel.exchange_declare(exchange, exchange_type="topic", durable=True)
        self.channel.basic_publish(
            exchange, event.type, json.dumps(event.to_dict(), ensure_ascii=False).encode("utf-8"),
            properties=pika.BasicProperties(content_type="application/json", message_id=event.id,
                                            delivery_mode=2),
        )

    def close(self) -> None:
        if self.connection.is_open:
            self.connection.close()


class SmtpSink:
    """The local SMTP sink (``scripts/smtp_sink.py``) as a process; ``messages()`` parses what it received.

    Each delivery is one file, duplicates included, so tests can assert "exactly once per Message-ID".
    """

    def __init__(self, directory: Path, port: int | None = None):
        self.directory = Path(directory)
        self.port = port or free_port()
        self.host = "127.0.0.1"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 15.0) -> SmtpSink:
        self.proc = subprocess.Popen(
            [sys.executable, str(REPO_ROOT / "scripts" / "smtp_sink.py"), "--host", self.host,
             "--port", str(self.port), "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((self.host, self.port), timeout=1) as sock:
                    if sock.recv(3) == b"220":
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise TimeoutError(f"SMTP sink on port {self.port} did not start in {timeout}s")

    def env(self) -> dict[str, str]:
        """The environment a service needs to send its mail here."""
        return {"SMTP_HOST": self.host, "SMTP_PORT": str(self.port)}

    def messages(self) -> list:
        """Every message received so far, oldest first (``email.message.EmailMessage``)."""
        from email import policy
        from email.parser import BytesParser

        parser = BytesParser(policy=policy.default)
        return [parser.parsebytes(p.read_bytes()) for p in sorted(self.directory.glob("*.eml"))]

    def clear(self) -> None:
        for path in self.directory.glob("*.eml"):
            path.unlink()

    def stop(self) -> None:
        stop_process(self.proc)


def eventually(probe, timeout: float = 10.0, interval: float = 0.1):
    """Call ``probe`` until it returns a truthy value without a gRPC error; return it (or fail)."""
    import grpc

    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while True:
        try:
            value = probe()
        except grpc.RpcError as exc:
            value, last = None, exc
        if value or time.monotonic() > deadline:
            assert value, f"condition not reached in time (last error: {last})"
            return value
        time.sleep(interval)
