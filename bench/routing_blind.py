"""Blind measure of automatic routing (PET-5 "and its accuracy"): the production model on ``blind.jsonl``.

``blind.jsonl`` was written after the model was chosen, in voices the training and held-out splits do not
use (fragments, rambling letters, LINE-style messages with emoji, typos and wrong homophones, Hokkien words,
questions, wrong agencies named). It is NEVER used for training, model selection or tuning: run this script
to report a figure, not to decide anything. See ``services/routing/src/routing/data/README.md``.

The model is fitted the production way (``Classifier.load_or_train()``: train + held-out splits, cached);
the keyword baseline is printed side by side. Only aggregate figures and confused sub-category pairs are
printed, never petition texts, so that nobody tunes on individual blind petitions.

Run: ``.venv/bin/python bench/routing_blind.py``
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

# Keep this directory off the path so `routing` is the package, not bench/routing.py.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from routing.domain.classifier import Classifier, RoutingModel, evaluate  # noqa: E402
from routing.domain.corpus import Example, load_corpus, load_split  # noqa: E402
from routing.domain.keyword_baseline import KeywordClassifier  # noqa: E402


def is_english(example: Example) -> bool:
    return sum(ch.isascii() for ch in example.text) > 0.8 * len(example.text)


SLICES: list[tuple[str, Callable[[Example], bool]]] = [
    ("short (< 20 chars)", lambda e: len(e.text) < 20),
    ("long (>= 80 chars)", lambda e: len(e.text) >= 80),
    ("English", is_english),
    ("questions (請問/?)", lambda e: "請問" in e.text or "?" in e.text or "？" in e.text),
]


def row(label: str, values: Sequence[Any]) -> str:
    return f"{label:<44}" + "".join(f"{v:>18}" for v in values)


def figures(model: RoutingModel, blind: list[Example]) -> dict[str, Any]:
    hinted = [e for e in blind if e.hint]
    right = [e for e in hinted if e.hint == e.subcategory]
    wrong = [e for e in hinted if e.hint != e.subcategory]
    plain = evaluate(model, blind)
    with_hints = evaluate(model, blind, use_hints=True)
    out: dict[str, Any] = {
        "agency top-1": plain["agency_top1"],
        "sub-category top-1": plain["subcategory_top1"],
        "sub-category top-3": plain["subcategory_top3"],
        "calibration error (ECE)": plain["expected_calibration_error"],
        "agency top-1, using hints": with_hints["agency_top1"],
        "sub top-1, using hints": with_hints["subcategory_top1"],
        "sub top-3, using hints": with_hints["subcategory_top3"],
        f"  right-hint rows (n={len(right)}), text only": evaluate(model, right)["subcategory_top1"],
        "    … same rows using the right hints": evaluate(model, right, use_hints=True)["subcategory_top1"],
        f"  wrong-hint rows (n={len(wrong)}), text only": evaluate(model, wrong)["subcategory_top1"],
        "    … same rows using the wrong hints": evaluate(model, wrong, use_hints=True)["subcategory_top1"],
        "_plain": plain,
    }
    for label, keep in SLICES:
        part = [e for e in blind if keep(e)]
        if part:
            out[f"sub top-1, {label} n={len(part)}"] = evaluate(model, part)["subcategory_top1"]
    return out


def main() -> None:
    training, held_out = load_corpus()
    blind = load_split("blind")
    known = {e.text for e in [*training, *held_out]}
    leaked = sum(e.text in known for e in blind)
    print(f"corpus: {len(training)} training + {len(held_out)} held-out (production fit); {len(blind)} blind")
    if leaked:
        print(f"WARNING: {leaked} blind texts also appear in the training corpus")
    per_sub = Counter(e.subcategory for e in blind)
    print(f"blind: {len(per_sub)} sub-categories, {min(per_sub.values())}–{max(per_sub.values())} petitions each")

    started = time.perf_counter()
    production = Classifier.load_or_train()
    seconds = time.perf_counter() - started
    print(f"production model: {production.info.get('model_version')} ({seconds:.1f} s to load or train)")
    models: dict[str, RoutingModel] = {"production model": production, "keyword baseline": KeywordClassifier()}
    report = {name: figures(model, blind) for name, model in models.items()}

    print(f"\nblind set (n={len(blind)}), never used for training or tuning")
    print(row("", list(report)))
    keys = [k for k in report["production model"] if not k.startswith("_")]
    for key in keys:
        print(row(key, [f"{report[name].get(key, float('nan')):.3f}" for name in report]))

    for name in report:
        print(f"\n10 most confused pairs — {name} (true → predicted: count)")
        for pair in report[name]["_plain"]["most_confused"]:
            print(f"  {pair['true']:<20} → {pair['predicted']:<20} {pair['count']}")


if __name__ == "__main__":
    main()
