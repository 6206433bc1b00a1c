"""structlog set-up, once per process, with a correlation id carried across process boundaries.

The correlation id travels as the HTTP header ``X-Correlation-Id``, the gRPC metadata key
``x-correlation-id`` and the AMQP header ``nameko.correlation_id`` (nameko copies ``nameko.*`` headers
into the worker's context data, so event handlers see it too). It lives in a context variable, which
is per greenlet under eventlet and per task under asyncio.
"""

from __future__ import annotations

import logging
import sys
import uuid
from contextvars import ContextVar

import structlog

from civicase_platform import settings

HTTP_HEADER = "X-Correlation-Id"
GRPC_METADATA_KEY = "x-correlation-id"
AMQP_HEADER = "nameko.correlation_id"
CONTEXT_DATA_KEY = "correlation_id"

correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)
_configured = False


def new_correlation_id() -> str:
    return uuid.uuid4().hex


def current_correlation_id() -> str:
    """The id of the work in progress; a fresh one if none was bound."""
    value = correlation_id.get()
    if value is None:
        value = new_correlation_id()
        correlation_id.set(value)
    return value


def bind_correlation_id(value: str | None) -> str:
    value = value or new_correlation_id()
    correlation_id.set(value)
    return value


def _add_correlation_id(_logger, _name, event_dict):
    cid = correlation_id.get()
    if cid is not None:
        event_dict.setdefault("correlation_id", cid)
    return event_dict


def configure_logging(service: str, *, json_output: bool | None = None, level: str | None = None) -> None:
    """Configure structlog and the stdlib root logger once per process."""
    global _configured
    if json_output is None:
        json_output = (settings.get("LOG_FORMAT") or "json") == "json"
    level_name = (level or settings.get("LOG_LEVEL") or "INFO").upper()
    renderer = structlog.processors.JSONRenderer(ensure_ascii=False) if json_output else (
        structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            _add_correlation_id,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.StackInfoRenderer(),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level_name)),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=True,
    )
    structlog.contextvars.bind_contextvars(service=service)
    if not _configured:
        logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(message)s")
    _configured = True


def get_logger(name: str | None = None):
    return structlog.get_logger(name)
