"""Spans of personal data: the types, the merge rule that makes them disjoint, and applying them.

Merge rule (documented priority): when detections overlap or touch, every character keeps the
type of the highest-priority detection covering it (order of :data:`PRIORITY`, first wins); the
characters masked are always the union of all detections. Consecutive characters of the same
type form one span. Result: spans never overlap and are sorted by start.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from typing import NamedTuple

MASK_CHAR = "○"  # U+25CB WHITE CIRCLE, as the city's masking SOP writes it


class SpanType(StrEnum):
    """Kinds of personal data the engine masks (PET-12)."""

    PERSON = "PERSON"
    TW_ID = "TW_ID"
    RESIDENT_CERT = "RESIDENT_CERT"
    PHONE = "PHONE"
    EMAIL = "EMAIL"
    ADDRESS = "ADDRESS"
    PLATE = "PLATE"
    BANK_ACCOUNT = "BANK_ACCOUNT"
    CARD = "CARD"
    BIRTH_DATE = "BIRTH_DATE"
    PASSPORT = "PASSPORT"


# Validated or highly specific patterns first; context-dependent, fuzzier detectors last.
PRIORITY: tuple[SpanType, ...] = (
    SpanType.TW_ID,
    SpanType.RESIDENT_CERT,
    SpanType.CARD,
    SpanType.EMAIL,
    SpanType.PHONE,
    SpanType.PASSPORT,
    SpanType.BANK_ACCOUNT,
    SpanType.PLATE,
    SpanType.BIRTH_DATE,
    SpanType.ADDRESS,
    SpanType.PERSON,
)
_RANK = {span_type: rank for rank, span_type in enumerate(PRIORITY)}


class Span(NamedTuple):
    """Characters ``text[start:end]`` (Python indices, end exclusive) are personal data of ``type``."""

    start: int
    end: int
    type: SpanType


_UNPAINTED = 0xFF
_RUNS = re.compile(rb"([\x00-" + bytes([len(PRIORITY) - 1]) + rb"])\1*")


def merge_spans(text_length: int, spans: Iterable[Span]) -> list[Span]:
    """Disjoint, sorted spans covering the union of ``spans``, typed by :data:`PRIORITY`."""
    ordered = sorted(spans, key=lambda s: _RANK[s.type], reverse=True)
    if not ordered:
        return []
    ranks = bytearray([_UNPAINTED]) * text_length
    for start, end, span_type in ordered:  # lowest priority first, so higher ones paint over it
        start, end = max(0, start), min(text_length, end)
        if start < end:
            ranks[start:end] = bytes([_RANK[span_type]]) * (end - start)
    return [Span(m.start(), m.end(), PRIORITY[m.group()[0]]) for m in _RUNS.finditer(ranks)]


def apply_spans(text: str, spans: Iterable[Span | tuple[int, int, str]]) -> str:
    """``text`` with every character inside a span replaced by ○ (one per character).

    For a clerk who edited the spans: out-of-range parts are ignored, overlaps are harmless.
    """
    chars = list(text)
    for start, end, _type in spans:
        for index in range(max(0, start), min(len(chars), end)):
            chars[index] = MASK_CHAR
    return "".join(chars)
