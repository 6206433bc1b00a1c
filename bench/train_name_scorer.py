"""Train the uncued-name scorer of the masking engine (PET-12) and write its weights to the package data.

    .venv/bin/python bench/train_name_scorer.py --cv        # cross-validation only (prints figures)
    .venv/bin/python bench/train_name_scorer.py --write     # train on all tuning parts, write the model

Examples are the candidate windows of :func:`reply.domain.masking.name_scorer.candidates` in the labelled
tuning parts (dev, dev2, held-out, fresh, dev3; since round 5 blind, blind2, t1, t2; since round 6 t3 — never
blind3, blind4a or blind4b): a window is positive when it equals a labelled PERSON span exactly. Features come
from :func:`reply.domain.masking.name_scorer.features`; the model is an L2 logistic regression (scikit-learn, a
dev/bench dependency only). The threshold is chosen on out-of-fold engine output (leave one part out, and 5
folds of the pooled texts): the engine's overall span F1 with the scorer, summed over the folds, at the best
threshold whose overall span precision is not below the
engine's without it by more than 0.003 (three false detections per thousand spans). C=30 and the
feature set were chosen the same way. The written file holds the bias, the non-negligible weights and
the threshold.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import sys
from pathlib import Path
from typing import Any

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from reply.domain.masking import name_scorer
from reply.domain.masking.text_view import normalise

HERE = Path(__file__).resolve().parent
MODEL_PATH = (
    HERE.parent / "services" / "reply" / "src" / "reply" / "domain" / "masking" / "data" / "name_scorer.json"
)
# round 7: + t4, t5; round 8: + t6, t7
TUNING_PARTS = (
    "dev", "dev2", "held-out", "fresh", "dev3", "blind", "blind2", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9",
)
# Petitions of the routing classifier's corpus contain no personal names (checked: the cue rules find none
# but three false hits): every candidate window in them is a negative example — the realistic background
# the labelled sets are too small to give. Used as a part of its own in cross-validation.
ROUTING_CORPUS = HERE.parent / "services" / "routing" / "src" / "routing" / "data" / "corpus"
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.92, 0.94, 0.95, 0.96, 0.97, 0.98)


def _evaluation() -> Any:
    spec = importlib.util.spec_from_file_location("masking_eval", HERE / "masking_eval.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def routing_negatives() -> list[dict[str, Any]]:
    records = []
    for name in ("train.jsonl", "test.jsonl"):
        for line in (ROUTING_CORPUS / name).read_text("utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                records.append({"id": record["id"], "text": record["text"], "spans": []})
    return records


def examples(records: list[dict[str, Any]]) -> tuple[list[dict[str, int]], list[int]]:
    rows: list[dict[str, int]] = []
    labels: list[int] = []
    for record in records:
        view = normalise(record["text"])
        gold = {(s, e) for s, e, t in record["spans"] if t == "PERSON"}
        for start, s_len, g_len in name_scorer.candidates(view):
            rows.append(dict.fromkeys(name_scorer.features(view, start, s_len, g_len), 1))
            labels.append(int((start, start + s_len + g_len) in gold))
    return rows, labels


def train(records: list[dict[str, Any]], c: float) -> name_scorer.NameModel:
    rows, labels = examples(records)
    vectoriser = DictVectorizer()
    matrix = vectoriser.fit_transform(rows)
    classifier = LogisticRegression(C=c, max_iter=2000)
    classifier.fit(matrix, labels)
    weights = {
        name: round(float(w), 3)
        for name, w in zip(vectoriser.get_feature_names_out(), classifier.coef_[0], strict=True)
        if abs(w) >= 0.01
    }
    return name_scorer.NameModel(bias=round(float(classifier.intercept_[0]), 3), weights=weights, threshold=0.5)


def engine_score(evaluation: Any, records: list[dict[str, Any]], model: name_scorer.NameModel | None) -> Any:
    original = name_scorer.model
    off = name_scorer.NameModel(bias=-50.0, weights={}, threshold=1.0)
    name_scorer.model = lambda: model or off  # type: ignore[assignment]
    try:
        return evaluation.evaluate(records, evaluation.predict_ours)[0]
    finally:
        name_scorer.model = original  # type: ignore[assignment]


def folds(parts: dict[str, list[dict[str, Any]]]) -> list[tuple[str, list[dict], list[dict]]]:
    out = []
    for held in parts:
        train_records = [r for p, rs in parts.items() if p != held for r in rs]
        out.append((f"leave out {held}", train_records, parts[held]))
    pooled = [r for p, rs in parts.items() if p != "routing" for r in rs]
    random.Random(12).shuffle(pooled)
    for k in range(5):
        test = pooled[k::5]
        test_ids = {r["id"] for r in test}
        rest = [r for r in pooled if r["id"] not in test_ids] + parts.get("routing", [])
        out.append((f"pooled fold {k}", rest, test))
    return out


def cross_validate(evaluation: Any, parts: dict[str, list[dict[str, Any]]], c: float) -> float:
    totals: dict[float | None, list[int]] = {}

    def add(key: float | None, score: Any, negatives_only: bool) -> None:
        tp, fp, fn = sum(score.tp.values()), sum(score.fp.values()), sum(score.fn.values())
        if negatives_only:  # unlabelled routing texts: only a PERSON detection is known to be wrong
            tp, fp, fn = 0, score.fp["PERSON"], 0
        ptp, pfp, pfn = score.tp["PERSON"], score.fp["PERSON"], score.fn["PERSON"]
        acc = totals.setdefault(key, [0] * 6)
        for i, v in enumerate((tp, fp, fn, ptp, pfp, pfn)):
            acc[i] += v

    for name, train_records, test_records in folds(parts):
        negatives_only = name == "leave out routing"
        base = engine_score(evaluation, test_records, None)
        add(None, base, negatives_only)
        model = train(train_records, c)
        line = [name, f"base F1 {base.overall()[2]:.3f} PERSON R {base.per_type('PERSON')[1]:.3f}"]
        for threshold in THRESHOLDS:
            tuned = name_scorer.NameModel(model.bias, model.weights, threshold)
            score = engine_score(evaluation, test_records, tuned)
            add(threshold, score, negatives_only)
            if threshold in (0.8, 0.95):
                line.append(
                    f"t{threshold}: F1 {score.overall()[2]:.3f} P/R PERSON "
                    f"{score.per_type('PERSON')[0]:.3f}/{score.per_type('PERSON')[1]:.3f}"
                )
        print(" | ".join(line))
    print(f"\nC={c}: pooled over all folds (each text appears twice: its part left out, and its pooled fold)")
    best, best_f1 = 0.5, -1.0
    base_precision = None
    for key, (tp, fp, fn, ptp, pfp, pfn) in totals.items():
        p, r = tp / (tp + fp), tp / (tp + fn)
        f1 = 2 * p * r / (p + r)
        pp, pr = ptp / (ptp + pfp), ptp / (ptp + pfn)
        label = "no scorer" if key is None else f"t={key}"
        print(f"  {label:<10} span P {p:.3f} R {r:.3f} F1 {f1:.3f} | PERSON P {pp:.3f} R {pr:.3f}")
        if key is None:
            base_precision = p
        elif base_precision is not None and p >= base_precision - 0.003 and f1 > best_f1:
            best, best_f1 = key, f1
    print(f"  chosen threshold {best} (out-of-fold span F1 {best_f1:.3f})")
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="cross-validate and print the figures")
    parser.add_argument("--write", action="store_true", help="train on all tuning parts and write the model")
    parser.add_argument("--c", type=float, default=30.0, help="inverse L2 strength")
    parser.add_argument("--threshold", type=float, help="threshold to write (default: chosen by --cv)")
    parser.add_argument("--no-routing", action="store_true", help="leave out the routing-corpus negatives")
    args = parser.parse_args(argv)
    evaluation = _evaluation()
    parts = {part: evaluation.load(evaluation.PARTS[part]) for part in TUNING_PARTS}
    if not args.no_routing:
        parts["routing"] = routing_negatives()
    threshold = args.threshold
    if args.cv or threshold is None:
        threshold = cross_validate(evaluation, parts, args.c)
    if args.write:
        model = train([r for rs in parts.values() for r in rs], args.c)
        payload = {
            "comment": "PET-12 uncued-name scorer; written by bench/train_name_scorer.py on dev, dev2, "
            "held-out, fresh and dev3 (never blind)",
            "bias": model.bias,
            "threshold": threshold,
            "weights": dict(sorted(model.weights.items())),
        }
        MODEL_PATH.write_text(json.dumps(payload, ensure_ascii=False, indent=0) + "\n", "utf-8")
        print(f"{len(model.weights)} weights, threshold {threshold} → {MODEL_PATH.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
