"""Conversions between timezone-aware datetimes and protobuf Timestamps (no eventlet/nameko import)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from google.protobuf.timestamp_pb2 import Timestamp


def to_timestamp(value: datetime | None) -> Timestamp | None:
    if value is None:
        return None
    ts = Timestamp()
    ts.FromDatetime(value.astimezone(UTC))
    return ts


def from_timestamp(ts: Timestamp) -> datetime | None:
    if ts is None or (ts.seconds == 0 and ts.nanos == 0):
        return None
    return ts.ToDatetime(tzinfo=UTC)


_LOWER_T = re.compile(r"(?<=\d)t(?=\d)")


def parse_iso_datetime(text: str) -> datetime:
    """``datetime.fromisoformat`` that also takes RFC 3339's lower-case ``t`` and ``z``
    (``2026-02-13t08:00:00z``) and surrounding blanks. Raises ValueError like it."""
    text = _LOWER_T.sub("T", text.strip())
    if text.endswith("z"):
        text = text[:-1] + "Z"
    return datetime.fromisoformat(text)
