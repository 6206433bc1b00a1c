"""Cross-validation of the routing classifier on the TRAINING split only: where is it weak?

Prints the 4-fold out-of-fold sub-category top-1 and top-3, the per-sub-category accuracy (weakest first) and
the most confused pairs. Used to decide which sub-categories need more (and more varied) training
petitions. It never reads ``test.jsonl`` or ``blind.jsonl``.

Run: ``.venv/bin/python bench/routing_cv.py [--folds 4]``
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.model_selection import StratifiedKFold

# Keep this directory off the path so `routing` is the package, not bench/routing.py.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from routing.domain.classifier import train  # noqa: E402
from routing.domain.corpus import load_split  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--pairs", type=int, default=25, help="how many confused pairs to print")
    args = parser.parse_args()

    training = load_split("train")
    labels = [e.subcategory for e in training]
    top1: list[bool] = [False] * len(training)
    top3: list[bool] = [False] * len(training)
    confused: Counter[tuple[str, str]] = Counter()
    splitter = StratifiedKFold(n_splits=args.folds, shuffle=True, random_state=11)
    for fit_rows, val_rows in splitter.split(training, labels):
        model = train([training[i] for i in fit_rows], calibrate=False)
        predictions = model.classify_many([training[i].text for i in val_rows])
        for i, prediction in zip(val_rows, predictions, strict=True):
            truth = training[i].subcategory
            top1[i] = prediction.subcategory == truth
            top3[i] = truth in prediction.ranked_subcategories()[:3]
            if not top1[i]:
                confused[(truth, prediction.subcategory)] += 1

    print(f"training split: {len(training)} petitions, {args.folds}-fold cross-validation")
    print(f"sub-category top-1 {np.mean(top1):.3f}, top-3 {np.mean(top3):.3f}")
    per_sub: dict[str, list[bool]] = {}
    for example, hit in zip(training, top1, strict=True):
        per_sub.setdefault(example.subcategory, []).append(hit)
    print("\nper sub-category (weakest first): accuracy (n)")
    for code, hits in sorted(per_sub.items(), key=lambda kv: np.mean(kv[1])):
        print(f"  {code:<20} {np.mean(hits):.2f} ({len(hits)})")
    print(f"\n{args.pairs} most confused pairs (true → predicted: count)")
    for (truth, predicted), count in confused.most_common(args.pairs):
        print(f"  {truth:<20} → {predicted:<20} {count}")


if __name__ == "__main__":
    main()
