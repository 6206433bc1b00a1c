"""The CloudEvents 1.0 envelope of every civicase event.

``data`` is the JSON mapping of a protobuf message from ``protos/`` (field names as in the .proto), so
one schema serves our code, the docs and other agencies' subscribers. ``type`` equals the AMQP routing
key (``case_registered``); ``dataschema`` names the protobuf message (``civicase.intake.v1.CaseRegistered``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from google.protobuf import json_format
from google.protobuf.message import Message

SPEC_VERSION = "1.0"
M = TypeVar("M", bound=Message)


class InvalidEventError(ValueError):
    """A message on the bus is not a CloudEvents envelope we can read."""


@dataclass(frozen=True)
class CloudEvent:
    id: str
    source: str
    type: str
    subject: str
    time: str
    data: dict[str, Any]
    dataschema: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "specversion": SPEC_VERSION,
            "id": self.id,
            "source": self.source,
            "type": self.type,
            "subject": self.subject,
            "time": self.time,
            "datacontenttype": "application/json",
            "dataschema": self.dataschema,
            "data": self.data,
        }

    def message(self, message_cls: type[M]) -> M:
        """The protobuf message in ``data``; unknown fields from newer producers are ignored."""
        return json_format.ParseDict(self.data, message_cls(), ignore_unknown_fields=True)


def source_of(service: str) -> str:
    return f"/civicase/{service}"


def new_event(
    service: str, event_type: str, subject: str, message: Message, *, occurred_at: datetime | None = None
) -> CloudEvent:
    occurred = (occurred_at or datetime.now(UTC)).astimezone(UTC)
    return CloudEvent(
        id=str(uuid.uuid4()),
        source=source_of(service),
        type=event_type,
        subject=subject,
        time=occurred.isoformat().replace("+00:00", "Z"),
        data=json_format.MessageToDict(message, preserving_proto_field_name=True),
        dataschema=message.DESCRIPTOR.full_name,
    )


def parse_event(body: Any) -> CloudEvent:
    """Read an envelope (already JSON-decoded, as nameko hands it to an event handler)."""
    if not isinstance(body, dict):
        raise InvalidEventError("event body is not a JSON object")
    missing = [k for k in ("specversion", "id", "source", "type") if k not in body]
    if missing:
        raise InvalidEventError(f"event lacks CloudEvents attribute(s): {', '.join(missing)}")
    if body["specversion"] != SPEC_VERSION:
        raise InvalidEventError(f"unsupported CloudEvents specversion {body['specversion']!r}")
    data = body.get("data") or {}
    if not isinstance(data, dict):
        raise InvalidEventError("event data is not a JSON object")
    return CloudEvent(
        id=str(body["id"]),
        source=str(body["source"]),
        type=str(body["type"]),
        subject=str(body.get("subject", "")),
        time=str(body.get("time", "")),
        data=data,
        dataschema=str(body.get("dataschema", "")),
    )
