"""One JSON object per line in, one per line out, same order: the shape of every ``--jsonl`` command.

A line that cannot be handled yields ``{"id": …, "error": "<message>"}`` and the run goes on.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from typing import IO, Any


class LineError(ValueError):
    """A problem with one input line, reported back on that line's output."""


def _reject_constant(name: str):
    raise LineError(f"not valid JSON: {name} is not a JSON value")


def process_lines(
    lines: Iterable[str], handle: Callable[[dict[str, Any]], dict[str, Any]]
) -> Iterable[dict[str, Any]]:
    """Yield one output object per non-blank input line; ``handle`` returns the fields after ``id``."""
    for raw in lines:
        if not raw.strip():
            continue
        record_id: Any = None
        try:
            obj = json.loads(raw, parse_constant=_reject_constant)
            if not isinstance(obj, dict):
                raise LineError("each line must be a JSON object")
            record_id = obj.get("id")
            result = handle(obj)
            yield {"id": record_id, **result}
        except json.JSONDecodeError as exc:
            yield {"id": record_id, "error": f"not valid JSON: {exc.msg} at column {exc.colno}"}
        except (LineError, ValueError, TypeError, KeyError) as exc:
            message = str(exc) if not isinstance(exc, KeyError) else f"missing field {exc.args[0]!r}"
            yield {"id": record_id, "error": message}


def run_jsonl(
    handle: Callable[[dict[str, Any]], dict[str, Any]],
    stdin: IO[str] | None = None,
    stdout: IO[str] | None = None,
) -> int:
    """Stream ``stdin`` through ``handle`` to ``stdout``, flushing each line (usable as a pipe)."""
    src = stdin or sys.stdin
    dst = stdout or sys.stdout
    for out in process_lines(src, handle):
        dst.write(json.dumps(out, ensure_ascii=False) + "\n")
        dst.flush()
    return 0
