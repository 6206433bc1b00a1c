"""Benchmark of automatic routing (PET-5): our classifier vs the keyword-rule baseline on the held-out split.

Prints, side by side: agency top-1, sub-category top-1 and top-3, accuracy with the citizens' hints,
calibration error, single-petition latency p50/p99, batch throughput, training time, and the 10 most
confused sub-category pairs; the quality goals (PET-5) met or not; the weakest agencies; and the
auto-assign threshold trade-off (share auto-assigned vs. error rate) from 4-fold cross-validation on the
TRAINING split, which is how the live default ``ROUTING_AUTO_ASSIGN_THRESHOLD`` was chosen.
``--compare`` also cross-validates the candidate models on the TRAINING split only (model selection never
looks at the held-out split).

Run: ``.venv/bin/python bench/routing.py [--compare]``
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.model_selection import StratifiedKFold

# This file is itself called routing.py: keep its directory off the path so `routing` is the package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from routing.domain.assignment import DEFAULT_AUTO_ASSIGN_THRESHOLD  # noqa: E402
from routing.domain.classifier import RoutingModel, evaluate, train  # noqa: E402
from routing.domain.corpus import Example, load_corpus  # noqa: E402
from routing.domain.keyword_baseline import KeywordClassifier  # noqa: E402

# PET-5 quality goals on the held-out split.
GOALS = {"agency top-1": 0.90, "sub-category top-1": 0.85, "sub-category top-3": 0.97}
LATENCY_GOAL_MS = 10.0
THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
CANDIDATES = [("svm", 0.5), ("svm", 1.0), ("svm", 2.0), ("svm_char", 1.0), ("svm14", 1.0), ("nb", 0.1)]


def latency_ms(model: RoutingModel, texts: Sequence[str], rounds: int = 3) -> tuple[float, float]:
    """p50 and p99 of one ``classify_many([text])`` call, in milliseconds."""
    for text in texts[:20]:
        model.classify_many([text])
    timings = []
    for _ in range(rounds):
        for text in texts:
            started = time.perf_counter()
            model.classify_many([text])
            timings.append(time.perf_counter() - started)
    p50, p99 = np.percentile(timings, [50, 99]) * 1000
    return float(p50), float(p99)


def throughput(model: RoutingModel, texts: Sequence[str], repeat: int = 5) -> float:
    """Petitions per second when classified in one batch."""
    batch = list(texts) * repeat
    started = time.perf_counter()
    model.classify_many(batch)
    return len(batch) / (time.perf_counter() - started)


def cross_validate(training: list[Example], kind: str, c: float, folds: int = 4) -> dict[str, float]:
    """Mean held-out-fold accuracy of a candidate on the training split (model selection)."""
    labels = [e.subcategory for e in training]
    results = []
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=11)
    started = time.perf_counter()
    for fit_rows, val_rows in splitter.split(training, labels):
        model = train([training[i] for i in fit_rows], kind=kind, c=c, calibrate=True, folds=3)
        results.append(evaluate(model, [training[i] for i in val_rows]))
    return {
        "subcategory_top1": float(np.mean([r["subcategory_top1"] for r in results])),
        "subcategory_top3": float(np.mean([r["subcategory_top3"] for r in results])),
        "ece": float(np.mean([r["expected_calibration_error"] for r in results])),
        "seconds_per_fit": (time.perf_counter() - started) / folds,
    }


def threshold_tradeoff(training: list[Example], folds: int = 4) -> list[tuple[float, float, float, float]]:
    """``(threshold, auto-assigned share, agency error, sub-category error among auto-assigned)`` from
    out-of-fold predictions on the training split, the citizens' hints used as in the live system."""
    from routing.domain.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    labels = [e.subcategory for e in training]
    confidence, agency_ok, sub_ok = [], [], []
    for fit_rows, val_rows in StratifiedKFold(n_splits=folds, shuffle=True, random_state=11).split(training, labels):
        model = train([training[i] for i in fit_rows], folds=3)
        rows = [training[i] for i in val_rows]
        for example, p in zip(rows, model.classify_many([e.text for e in rows], [e.hint for e in rows]), strict=True):
            confidence.append(p.confidence)
            agency_ok.append(p.agency == taxonomy.agency_of(example.subcategory))
            sub_ok.append(p.subcategory == example.subcategory)
    conf, agency, sub = np.array(confidence), np.array(agency_ok), np.array(sub_ok)
    result = []
    for t in THRESHOLDS:
        auto = conf >= t
        share = float(auto.mean())
        result.append((t, share, float(1 - agency[auto].mean()) if auto.any() else 0.0,
                       float(1 - sub[auto].mean()) if auto.any() else 0.0))
    return result


def row(label: str, values: Sequence[Any]) -> str:
    return f"{label:<34}" + "".join(f"{v:>18}" for v in values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", action="store_true", help="cross-validate candidate models on train")
    args = parser.parse_args()

    training, held_out = load_corpus()
    print(f"corpus: {len(training)} training, {len(held_out)} held-out petitions")

    if args.compare:
        print("\nmodel selection — 4-fold cross-validation on the training split only")
        print(row("candidate", ["sub top-1", "sub top-3", "ECE", "s per fit"]))
        for kind, c in CANDIDATES:
            cv = cross_validate(training, kind, c)
            print(
                row(
                    f"{kind} C={c}",
                    [
                        f"{cv['subcategory_top1']:.3f}",
                        f"{cv['subcategory_top3']:.3f}",
                        f"{cv['ece']:.3f}",
                        f"{cv['seconds_per_fit']:.1f}",
                    ],
                )
            )

    started = time.perf_counter()
    ours = train(training)
    training_seconds = time.perf_counter() - started
    started = time.perf_counter()
    baseline = KeywordClassifier()
    baseline_seconds = time.perf_counter() - started

    texts = [e.text for e in held_out]
    hinted = [e for e in held_out if e.hint]
    report: dict[str, dict[str, Any]] = {}
    for name, model, seconds in (("ours", ours, training_seconds), ("keyword baseline", baseline, baseline_seconds)):
        metrics = evaluate(model, held_out)
        p50, p99 = latency_ms(model, texts)
        report[name] = {
            "agency top-1": f"{metrics['agency_top1']:.3f}",
            "sub-category top-1": f"{metrics['subcategory_top1']:.3f}",
            "sub-category top-3": f"{metrics['subcategory_top3']:.3f}",
            f"sub top-1, hinted rows (n={len(hinted)})": f"{evaluate(model, hinted)['subcategory_top1']:.3f}",
            "  … same rows using the hints": f"{evaluate(model, hinted, use_hints=True)['subcategory_top1']:.3f}",
            "calibration error (ECE)": f"{metrics['expected_calibration_error']:.3f}",
            "latency p50 (ms, single)": f"{p50:.2f}",
            "latency p99 (ms, single)": f"{p99:.2f}",
            "throughput (petitions/s, batch)": f"{throughput(model, texts):.0f}",
            "training time (s)": f"{seconds:.2f}",
            "_metrics": metrics,
        }

    print(f"\nheld-out split (n={len(held_out)}), model trained on the training split only")
    print(row("", list(report)))
    for key in report["ours"]:
        if not key.startswith("_"):
            print(row(key, [report[name][key] for name in report]))
    print(f"\nours: temperature {ours.temperature:.4f}, hint weight {ours.hint_weight}")

    for name in report:
        print(f"\n10 most confused pairs — {name} (true → predicted: count)")
        for pair in report[name]["_metrics"]["most_confused"]:
            print(f"  {pair['true']:<20} → {pair['predicted']:<20} {pair['count']}")

    weakest = sorted(report["ours"]["_metrics"]["per_subcategory"].items(), key=lambda kv: kv[1])[:8]
    print("\nweakest sub-categories (ours): " + ", ".join(f"{code} {acc:.2f}" for code, acc in weakest))
    agencies = sorted(report["ours"]["_metrics"]["per_agency"].items(), key=lambda kv: kv[1])[:8]
    print("weakest agencies (ours): " + ", ".join(f"{code} {acc:.2f}" for code, acc in agencies))

    print("\nquality goals (PET-5, held-out):")
    for name, goal in GOALS.items():
        value = float(report["ours"][name])
        print(f"  {name:<20} {value:.3f} ≥ {goal:.2f}  {'met' if value >= goal else 'NOT MET'}")
    p99 = float(report["ours"]["latency p99 (ms, single)"])
    verdict = "met" if p99 < LATENCY_GOAL_MS else "NOT MET (is the machine busy?)"
    print(f"  {'latency p99':<20} {p99:.2f} ms < {LATENCY_GOAL_MS:.0f} ms  {verdict}")

    print("\nauto-assign threshold trade-off — 4-fold cross-validation on the TRAINING split (hints used);")
    print(f"the live default is {DEFAULT_AUTO_ASSIGN_THRESHOLD} (ROUTING_AUTO_ASSIGN_THRESHOLD; per-agency settings "
          "override it)")
    print(row("confidence ≥", ["auto-assigned", "agency wrong", "sub-cat. wrong", "to the queue"]))
    for t, share, agency_error, sub_error in threshold_tradeoff(training):
        mark = "  ← default" if abs(t - DEFAULT_AUTO_ASSIGN_THRESHOLD) < 1e-9 else ""
        print(row(f"{t:.1f}{mark}", [f"{share:.1%}", f"{agency_error:.1%}", f"{sub_error:.1%}", f"{1 - share:.1%}"]))


if __name__ == "__main__":
    main()
