"""``civicase deadline --jsonl``: compute rule deadlines for a stream of events.

Contract (one JSON object per line on stdin, one per line on stdout, same order; blank lines skipped):

    in:  {"id": "d1", "rule": "PET-7.4", "from": "2026-02-13T16:00:00+08:00"}
    out: {"id": "d1", "due": "2026-03-03T17:30:00+08:00"}

* ``rule``: one of :data:`civicase_platform.calendar.RULES`.
* ``from``: an ISO 8601 date-time with a UTC offset ("Z", "+00:00", "+08:00" …; fractional seconds
  allowed and dropped before counting). A value without an offset is refused, not guessed.
* ``closures`` (optional): ["YYYY-MM-DD", …] administrator closure days for this line only.
* ``n`` and ``unit`` (APP-11 only, required there): an integer ≥ 1 and "working" or "calendar".
* ``due``: ISO 8601 in Asia/Taipei (+08:00), whole seconds.

A line that cannot be handled yields ``{"id": …, "error": "<what to fix>"}`` and the run goes on.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date, datetime
from typing import IO, Any

from civicase_platform.calendar import (
    APP11_UNITS,
    DEFAULT_CALENDAR,
    RULES,
    TAIPEI,
    OfficeCalendar,
    deadline,
)
from civicase_platform.jsonl import LineError, run_jsonl
from civicase_platform.timestamps import parse_iso_datetime

_EXAMPLE = "2026-02-13T16:00:00+08:00"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _show(value: Any) -> str:
    """A JSON value as the sender wrote it (true, null, "x"), cut short for an error message."""
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def parse_instant(value: Any) -> datetime:
    """``from`` as an aware datetime; every refusal says what to send instead."""
    if value is None:
        raise LineError(f"missing field 'from': give an ISO 8601 date-time with an offset, e.g. {_EXAMPLE}")
    if not isinstance(value, str):
        raise LineError(f"'from' must be a string such as {_EXAMPLE}, got {_show(value)}")
    try:
        instant = parse_iso_datetime(value)
    except ValueError as exc:
        reason = "" if str(exc).startswith("Invalid isoformat") else f" ({exc})"
        raise LineError(f"'from' is not an ISO 8601 date-time: {_show(value)}{reason}; e.g. {_EXAMPLE}") from None
    if instant.tzinfo is None:
        raise LineError(f"'from' has no UTC offset: {_show(value)}; add one (Z, +00:00 or +08:00), e.g. {_EXAMPLE}")
    return instant


def parse_closures(value: Any) -> OfficeCalendar:
    """``closures`` as the calendar to count with (the shared default one when there are none)."""
    if value is None:
        return DEFAULT_CALENDAR
    if not isinstance(value, list):
        raise LineError(f"'closures' must be a list of dates like [\"2026-07-28\"], got {_show(value)}")
    days: list[date] = []
    for item in value:
        if not isinstance(item, str) or not _ISO_DATE.fullmatch(item):
            raise LineError(f"each closure must be a date written YYYY-MM-DD, got {_show(item)}")
        try:
            days.append(date.fromisoformat(item))
        except ValueError:
            raise LineError(f"closure {_show(item)} is not a real calendar date") from None
    return OfficeCalendar(days) if days else DEFAULT_CALENDAR


def parse_app11(obj: dict[str, Any]) -> tuple[int, str]:
    """APP-11's ``n`` (integer ≥ 1, not a boolean or a float) and ``unit``."""
    n, unit = obj.get("n"), obj.get("unit")
    if n is None:
        raise LineError("APP-11 needs 'n', the service's time limit in days (an integer, 1 or more)")
    if isinstance(n, bool) or not isinstance(n, int):
        raise LineError(f"'n' must be an integer number of days (1 or more), got {_show(n)}")
    if n < 1:
        raise LineError(f"'n' must be 1 or more days, got {n}")
    if unit is None:
        raise LineError('APP-11 needs \'unit\': "working" or "calendar"')
    if unit not in APP11_UNITS:
        raise LineError(f'\'unit\' must be "working" or "calendar", got {_show(unit)}')
    return n, unit


def handle(obj: dict[str, Any]) -> dict[str, Any]:
    """One input object → ``{"due": …}``; raises :class:`LineError` (or ``ValueError``) with a fix."""
    rule = obj.get("rule")
    if rule is None:
        raise LineError(f"missing field 'rule'; one of: {', '.join(RULES)}")
    if not isinstance(rule, str) or rule not in RULES:
        raise LineError(f"unknown rule {_show(rule)}; one of: {', '.join(RULES)}")
    start = parse_instant(obj.get("from"))
    calendar = parse_closures(obj.get("closures"))
    n = unit = None
    if rule == "APP-11":
        n, unit = parse_app11(obj)
    elif obj.get("n") is not None or obj.get("unit") is not None:
        raise LineError(f"'n' and 'unit' apply only to APP-11; {rule} has a fixed time limit")
    try:
        due = deadline(rule, start, n=n, unit=unit, calendar=calendar)
    except (ValueError, TypeError):
        raise
    except Exception as exc:  # the contract: one bad line never stops the run
        raise LineError(f"could not compute the deadline: {type(exc).__name__}: {exc}") from exc
    return {"due": format_instant(due)}


def format_instant(instant: datetime) -> str:
    """ISO 8601 in Asia/Taipei, whole seconds: ``2026-03-03T17:30:00+08:00``."""
    return instant.astimezone(TAIPEI).isoformat(timespec="seconds")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="civicase deadline",
        description="Compute rule deadlines (Taipei working days, office hours). "
        "Reads one JSON object per line on stdin, writes one per line on stdout.",
        epilog=f'example line: {{"id": "d1", "rule": "PET-7.4", "from": "{_EXAMPLE}"}}; rules: {", ".join(RULES)}',
    )
    parser.add_argument("--jsonl", action="store_true", help="read and write JSON lines (required)")
    return parser


def main(argv: list[str] | None = None, stdin: IO[str] | None = None, stdout: IO[str] | None = None) -> int:
    """Entry point of ``civicase deadline``: 0 after a run (bad lines included), 2 on bad usage."""
    parser = _parser()
    try:
        args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:  # argparse exits on -h (0) and on unknown options (2)
        return int(exc.code or 0)
    if not args.jsonl:
        parser.print_usage(sys.stderr)
        print("civicase deadline: error: --jsonl is required", file=sys.stderr)
        return 2
    if stdin is None:
        stdin = sys.stdin
        _reconfigure(stdin, errors="replace")  # an undecodable byte spoils its line, not the run
    if stdout is None:
        stdout = sys.stdout
        _reconfigure(stdout, errors="backslashreplace")
    return run_jsonl(handle, stdin, stdout)


def _reconfigure(stream: IO[str], errors: str) -> None:
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(encoding="utf-8", errors=errors)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
