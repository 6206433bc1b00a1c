"""The labelled routing corpus packaged with the service: a training split and a FIXED held-out test split.

``train.jsonl`` is used for fitting and model selection; ``test.jsonl`` was written separately (different
phrasing, different writers' habits) and is only ever used to report accuracy, never to tune.
Each line: ``{"id", "text", "subcategory", "hint_subcategory"?}``.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from typing import NamedTuple

CORPUS_FILES = ("train.jsonl", "test.jsonl")


class Example(NamedTuple):
    """One labelled petition; indexable as ``(text, subcategory)`` so it can go straight into ``train``."""

    text: str
    subcategory: str
    id: str = ""
    hint: str | None = None


def _corpus_text(name: str) -> str:
    return resources.files("routing.data.corpus").joinpath(name).read_text(encoding="utf-8")


def parse_examples(text: str, source: str = "<corpus>") -> list[Example]:
    """Examples from JSONL text; a malformed line is an error naming its line number."""
    examples: list[Example] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            examples.append(
                Example(row["text"], row["subcategory"], str(row.get("id", "")), row.get("hint_subcategory"))
            )
        except (json.JSONDecodeError, KeyError) as exc:
            raise ValueError(f"{source} line {number}: {exc}") from exc
    return examples


def load_split(name: str) -> list[Example]:
    """One packaged split, ``"train"`` or ``"test"``."""
    return parse_examples(_corpus_text(f"{name}.jsonl"), f"{name}.jsonl")


def load_corpus() -> tuple[list[Example], list[Example]]:
    """``(train, test)``: the training split and the fixed held-out test split."""
    return load_split("train"), load_split("test")


def corpus_fingerprint() -> str:
    """A hash of the packaged corpus files, so a cached model is retrained when the corpus changes."""
    digest = hashlib.sha256()
    for name in CORPUS_FILES:
        digest.update(name.encode())
        digest.update(_corpus_text(name).encode("utf-8"))
    return digest.hexdigest()
