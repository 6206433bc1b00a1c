"""Settings from the environment, with defaults, failing fast on missing required keys.

Every process (nameko service, gateway, CLI, test) reads its infrastructure addresses here, so there
is one place that knows the names and defaults of the environment variables.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


class MissingSettingError(RuntimeError):
    """A required setting is absent: the process must not start half-configured."""


DEFAULTS: dict[str, str] = {
    "AMQP_URI": "amqp://guest:guest@localhost:5672/",
    "REDIS_URL": "redis://localhost:6379/0",
    "PGHOST": "localhost",
    "PGPORT": "5432",
    "PGUSER": "postgres",
    "LOG_FORMAT": "json",
    "LOG_LEVEL": "INFO",
}

# gRPC ports of the services on one machine (deploy/ and docker-compose.yml use the same numbers).
GRPC_PORTS: dict[str, int] = {
    "intake": 50051,
    "routing": 50052,
    "reply": 50053,
    "survey": 50054,
    "alerts": 50055,
    "eapply": 50056,
}


def get(key: str, default: str | None = None, env: Mapping[str, str] | None = None) -> str | None:
    env = os.environ if env is None else env
    value = env.get(key)
    if value not in (None, ""):
        return value
    if default is not None:
        return default
    return DEFAULTS.get(key)


def require(keys: Iterable[str], env: Mapping[str, str] | None = None) -> dict[str, str]:
    """Return the values of ``keys``; raise one error that names every missing key."""
    values = {key: get(key, env=env) for key in keys}
    missing = sorted(k for k, v in values.items() if v is None)
    if missing:
        raise MissingSettingError(
            "missing required setting(s): " + ", ".join(missing) + " — set them in the environment"
        )
    return {k: v for k, v in values.items() if v is not None}


def test_db_suffix(env: Mapping[str, str] | None = None) -> str:
    """CIVICASE_TEST_DB_SUFFIX: lets two checkouts run their tests at once on one PostgreSQL
    (``civicase_<svc>_test<suffix>``). Lower-case letters, digits and ``_`` only."""
    suffix = get("CIVICASE_TEST_DB_SUFFIX", default="", env=env) or ""
    if not all(c.isdigit() or c == "_" or "a" <= c <= "z" for c in suffix):
        raise ValueError(f"CIVICASE_TEST_DB_SUFFIX={suffix!r}: use lower-case letters, digits and _ only")
    return suffix


def database_url(service: str, env: Mapping[str, str] | None = None, *, test: bool = False) -> str:
    """DATABASE_URL if set, else the local database ``civicase_<service>[_test]`` on PGHOST."""
    explicit = get("DATABASE_URL", env=env)
    if explicit and not test:
        return explicit
    host = get("PGHOST", env=env)
    port = get("PGPORT", env=env)
    user = get("PGUSER", env=env)
    password = get("PGPASSWORD", env=env) or ""
    auth = f"{user}:{password}" if password else f"{user}"
    name = f"civicase_{service}_test{test_db_suffix(env)}" if test else f"civicase_{service}"
    return f"postgresql+psycopg://{auth}@{host}:{port}/{name}"


def grpc_target(service: str, env: Mapping[str, str] | None = None) -> str:
    """Where a client reaches ``service``'s gRPC server (``<SVC>_GRPC`` overrides)."""
    return get(f"{service.upper()}_GRPC", env=env) or f"localhost:{GRPC_PORTS[service]}"


@dataclass(frozen=True)
class Infra:
    amqp_uri: str
    redis_url: str

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Infra:
        values = require(["AMQP_URI", "REDIS_URL"], env=env)
        return cls(amqp_uri=values["AMQP_URI"], redis_url=values["REDIS_URL"])
