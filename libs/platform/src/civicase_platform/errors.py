"""Domain errors a caller can act on, and the one table mapping them to gRPC and HTTP status."""

from __future__ import annotations

from grpc import StatusCode


class DomainError(Exception):
    """Base of errors whose message is shown to the person who caused them."""


class InvalidInput(DomainError):
    """The request is malformed or breaks a rule; nothing was stored."""


class NotFound(DomainError):
    """No such thing (or the caller may not know whether it exists)."""


class Conflict(DomainError):
    """The request conflicts with the current state (e.g. already replied)."""


class AlreadyExists(Conflict):
    """The thing to create exists already (e.g. a closure day declared twice); nothing was changed."""


class PermissionDenied(DomainError):
    """The caller may not do this."""


ERROR_TABLE: list[tuple[type[DomainError], StatusCode, int]] = [
    (InvalidInput, StatusCode.INVALID_ARGUMENT, 422),
    (NotFound, StatusCode.NOT_FOUND, 404),
    (AlreadyExists, StatusCode.ALREADY_EXISTS, 409),  # before Conflict, its base
    (Conflict, StatusCode.FAILED_PRECONDITION, 409),
    (PermissionDenied, StatusCode.PERMISSION_DENIED, 403),
]

GRPC_TO_HTTP: dict[StatusCode, int] = {
    StatusCode.INVALID_ARGUMENT: 422,
    StatusCode.NOT_FOUND: 404,
    StatusCode.FAILED_PRECONDITION: 409,
    StatusCode.ALREADY_EXISTS: 409,
    StatusCode.PERMISSION_DENIED: 403,
    StatusCode.UNAUTHENTICATED: 401,
    StatusCode.RESOURCE_EXHAUSTED: 429,
    StatusCode.UNAVAILABLE: 503,
    StatusCode.DEADLINE_EXCEEDED: 504,
}


def grpc_status_for(exc: DomainError) -> StatusCode:
    for cls, code, _http in ERROR_TABLE:
        if isinstance(exc, cls):
            return code
    return StatusCode.UNKNOWN


def http_status_for_grpc(code: StatusCode) -> int:
    return GRPC_TO_HTTP.get(code, 502)
