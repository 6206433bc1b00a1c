"""``civicase classify --jsonl``: automatic routing (PET-5) of petitions, one JSON object per line.

In:  ``{"id": "r1", "text": "路燈不亮", "subcategory": "STREET_LIGHT"?}`` (``subcategory`` is the citizen's
     optional hint; an unknown code is an error for that line).
Out: ``{"id": "r1", "agency": "PPLO", "subcategory": "STREET_LIGHT", "confidence": 0.93,
     "alternatives": [{"agency", "subcategory", "score"}, …]}`` — at least 3 alternatives after the top
     choice, scores descending; ``confidence`` is the calibrated probability of the top choice.
A bad line yields ``{"id": …, "error": "…"}`` and the run goes on; output keeps input order.

The model is loaded once per process. Lines are read in blocks (one line at a time from a terminal) and
each block is classified in one batch, then written in order.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from itertools import islice
from typing import IO, Any

from civicase_platform.jsonl import process_lines
from routing.domain.classifier import Classifier, Prediction, validate_hint, validate_text

USAGE = "usage: civicase classify --jsonl  < petitions.jsonl  > routings.jsonl\n"
BLOCK_LINES = 256


def _prediction_fields(prediction: Prediction) -> dict[str, Any]:
    return {
        "agency": prediction.agency,
        "subcategory": prediction.subcategory,
        "confidence": round(prediction.confidence, 4),
        "alternatives": [
            {"agency": a.agency, "subcategory": a.subcategory, "score": round(a.score, 4)}
            for a in prediction.alternatives
        ],
    }


def _request(obj: dict[str, Any], classifier: Classifier) -> tuple[str, str | None]:
    if "text" not in obj:
        raise ValueError("missing field 'text': give the petition text")
    return validate_text(obj["text"]), validate_hint(obj.get("subcategory"), classifier.taxonomy)


def _batch_results(block: list[str], classifier: Classifier) -> dict[tuple[str, str | None], Prediction]:
    """Predictions for every valid line of a block, computed in one batch, keyed by (text, hint)."""
    requests: list[tuple[str, str | None]] = []
    for raw in block:
        try:
            obj = json.loads(raw)
            if isinstance(obj, dict):
                requests.append(_request(obj, classifier))
        except ValueError:
            continue  # reported line by line below
    unique = list(dict.fromkeys(requests))
    predictions = classifier.classify_many([t for t, _ in unique], [h for _, h in unique])
    return dict(zip(unique, predictions, strict=True))


def _blocks(stream: IO[str]) -> Iterator[list[str]]:
    size = 1 if stream.isatty() else BLOCK_LINES
    lines = iter(stream.readline, "")
    while block := list(islice(lines, size)):
        yield block


def classify_stream(stream: IO[str], out: IO[str], classifier: Classifier) -> None:
    """Route every line of ``stream`` to ``out`` (the --jsonl contract above)."""
    for block in _blocks(stream):
        ready = _batch_results(block, classifier)

        def handle(obj: dict[str, Any], ready: dict[tuple[str, str | None], Prediction] = ready) -> dict:
            key = _request(obj, classifier)
            prediction = ready.get(key) or classifier.classify(*key)
            return _prediction_fields(prediction)

        for result in process_lines(block, handle):
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()


def main(argv: list[str]) -> int:
    """Entry point of ``civicase classify``; exit 2 with usage unless ``--jsonl`` is given."""
    if argv != ["--jsonl"]:
        sys.stderr.write(USAGE)
        return 2
    classifier = Classifier.load_or_train()
    classify_stream(sys.stdin, sys.stdout, classifier)
    return 0
