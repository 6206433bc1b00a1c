"""``civicase mask --jsonl``: mask personal data (PET-7.3, PET-12) in a stream of texts.

Contract (one JSON object per line on stdin, one per line on stdout, same order; blank lines skipped):

    in:  {"id": "m1", "text": "承辦人：王小明 電話：0912-345-678"}
    out: {"id": "m1", "masked": "承辦人：○○○ 電話：○○○○○○○○○○○○",
          "spans": [[4, 7, "PERSON"], [11, 23, "PHONE"]]}

* ``text``: required string. ``known`` (optional): an object with any of ``name``, ``phone``,
  ``email``, ``address`` (string or null); those values are masked wherever they appear.
* ``spans``: ``[start, end, TYPE]`` with Python string indices, end exclusive, disjoint, sorted.
* A line that cannot be handled yields ``{"id": …, "error": "<what to fix>"}`` and the run goes on.

Without ``--jsonl`` the usage goes to stderr and the exit status is 2.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from civicase_platform.jsonl import LineError, run_jsonl
from reply.domain.masking import mask_text

USAGE = (
    "usage: civicase mask --jsonl  (JSON lines {id, text, known?} on stdin → {id, masked, spans} on stdout)"
)


def handle_line(obj: dict[str, Any]) -> dict[str, Any]:
    """Mask one input object; raise LineError with a message a person can act on."""
    if "text" not in obj:
        raise LineError("missing field 'text': give the text to mask as a string")
    text = obj["text"]
    if not isinstance(text, str):
        raise LineError(f"'text' must be a string, got {type(text).__name__}")
    known = obj.get("known")
    if known is not None and not isinstance(known, dict):
        raise LineError('\'known\' must be an object such as {"name": "王小明", "phone": null}')
    try:
        result = mask_text(text, known)
    except TypeError as exc:
        raise LineError(str(exc)) from None
    return {"masked": result.masked, "spans": [[s.start, s.end, str(s.type)] for s in result.spans]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="civicase mask", add_help=True, usage=USAGE)
    parser.add_argument("--jsonl", action="store_true")
    try:
        args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else 2
    if not args.jsonl:
        print(USAGE, file=sys.stderr)
        return 2
    return run_jsonl(handle_line)
