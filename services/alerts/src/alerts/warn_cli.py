"""``civicase warn --jsonl``: evaluate the early-warning rule (WARN-1) for one sub-category per input line.

Input line: ``{"id": …, "now": "<ISO 8601 instant>", "cases": ["<ISO 8601 receipt instant>", …],
"baseline_weeks": 52}`` (``baseline_weeks`` optional). The evaluated week is the latest week complete at
``now``. Output line: ``{"id": …, "week": "YYYY-MM-DD", "count": …, "baseline_weeks": …, "mean": …,
"sd": …, "threshold": …, "warn": …}``; a bad line gets ``{"id": …, "error": "…"}`` and the run goes on.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import Any

from alerts.domain.early_warning import (
    DEFAULT_BASELINE_WEEKS,
    evaluate_week,
    latest_complete_week,
)
from civicase_platform.jsonl import LineError, run_jsonl
from civicase_platform.timestamps import parse_iso_datetime

USAGE = (
    "usage: civicase warn --jsonl\n"
    "  reads one JSON object per line on stdin:\n"
    '    {"id": "w1", "now": "2025-03-10T09:00:00+08:00", "cases": ["2025-03-03T10:00:00Z", ...],'
    ' "baseline_weeks": 52}\n'
    "  writes one result per line on stdout (same order): week, count, baseline_weeks, mean, sd,"
    " threshold, warn\n"
)


def _json_type(value: Any) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list"}
    names[dict] = "an object"
    return "null" if value is None else names.get(type(value), type(value).__name__)


def parse_instant(text: Any, where: str) -> datetime:
    """An ISO 8601 instant with a UTC offset ('Z' or 'z' accepted); anything else is a ``LineError``."""
    if not isinstance(text, str):
        raise LineError(f"{where} must be an ISO 8601 instant string, got {_json_type(text)}")
    try:
        instant = parse_iso_datetime(text)
    except ValueError:
        raise LineError(
            f"{where} {text!r} is not an ISO 8601 instant (expected e.g. 2025-03-10T09:00:00+08:00)"
        ) from None
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise LineError(f"{where} {text!r} has no UTC offset; add one, e.g. +08:00 or Z")
    return instant


def _parse_receipts(cases: list[Any]) -> list[datetime]:
    """All receipt instants; the fast bulk parse, falling back to a per-item pass to name the bad one."""
    try:
        if all(type(text) is str for text in cases):
            receipts = list(map(datetime.fromisoformat, cases))
            if all(receipt.tzinfo is not None for receipt in receipts):
                return receipts
    except ValueError:
        pass
    return [parse_instant(text, f"cases[{index}]") for index, text in enumerate(cases)]


def _baseline_weeks_of(obj: dict[str, Any]) -> int:
    value = obj.get("baseline_weeks")
    if value is None:
        return DEFAULT_BASELINE_WEEKS
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise LineError(f"baseline_weeks must be a positive whole number (e.g. 52), got {json.dumps(value)}")
    return value


def handle_line(obj: dict[str, Any]) -> dict[str, Any]:
    """Evaluate one input object; returns the output fields after ``id``."""
    if "now" not in obj:
        raise LineError('missing field "now" (the ISO 8601 instant at which to evaluate)')
    if "cases" not in obj:
        raise LineError('missing field "cases" (a list of ISO 8601 receipt instants; [] for none)')
    baseline_weeks = _baseline_weeks_of(obj)
    now = parse_instant(obj["now"], "now")
    cases = obj["cases"]
    if not isinstance(cases, list):
        raise LineError(f'"cases" must be a list of ISO 8601 instant strings, got {_json_type(cases)}')
    receipts = _parse_receipts(cases)
    try:
        week = latest_complete_week(now)
    except OverflowError:
        raise LineError(
            f"now {obj['now']!r} has no complete Taipei week before it within years 1-9999"
        ) from None
    # Cases received at or after ``now`` fall after the evaluated week, so evaluate_week ignores them and
    # they cannot move the first-case week before it: filtering them out first changes nothing, costs time
    # (mixed-offset comparisons), and is only needed when such a far-future instant cannot be placed at all.
    try:
        return evaluate_week(receipts, week, baseline_weeks).as_output()
    except OverflowError:
        pass
    known = [receipt for receipt in receipts if receipt < now]
    try:
        return evaluate_week(known, week, baseline_weeks).as_output()
    except OverflowError:
        raise LineError("a case's receipt instant falls outside years 1-9999 in Asia/Taipei") from None


def main(argv: list[str]) -> int:
    if list(argv) != ["--jsonl"]:
        sys.stderr.write(USAGE)
        return 2
    return run_jsonl(handle_line)
