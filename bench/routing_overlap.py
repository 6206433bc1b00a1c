"""Near-duplicate check of the routing corpus: no training petition may be a close copy of a held-out or blind one.

Two texts are "too close" when the Jaccard similarity of their character 5-gram sets (after the classifier's
normalisation) exceeds the threshold (0.6). Prints every such (training id, other id, similarity) and exits
non-zero if there is any, so it can guard additions to ``train.jsonl``. Texts themselves are not printed.

Run: ``.venv/bin/python bench/routing_overlap.py [--threshold 0.6]``
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

# Keep this directory off the path so `routing` is the package, not bench/routing.py.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from routing.domain.corpus import Example, load_split  # noqa: E402
from routing.domain.text import normalize  # noqa: E402


def shingles(text: str, n: int = 5) -> frozenset[str]:
    text = "".join(normalize(text).split())
    if len(text) <= n:
        return frozenset([text])
    return frozenset(text[i : i + n] for i in range(len(text) - n + 1))


def near_duplicates(left: list[Example], right: list[Example], threshold: float) -> list[tuple[str, str, float]]:
    """Pairs (left id, right id, Jaccard) above ``threshold``; only pairs sharing a 5-gram are compared."""
    right_sets = [shingles(e.text) for e in right]
    index: dict[str, list[int]] = defaultdict(list)
    for j, grams in enumerate(right_sets):
        for gram in grams:
            index[gram].append(j)
    found = []
    for example in left:
        grams = shingles(example.text)
        candidates = {j for gram in grams for j in index.get(gram, ())}
        for j in candidates:
            other = right_sets[j]
            similarity = len(grams & other) / len(grams | other)
            if similarity > threshold:
                found.append((example.id, right[j].id, similarity))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=0.6)
    args = parser.parse_args()
    training = load_split("train")
    others = [*load_split("test"), *load_split("blind")]
    found = near_duplicates(training, others, args.threshold)
    print(f"{len(training)} training vs {len(others)} held-out + blind petitions:", end=" ")
    print(f"{len(found)} pairs above {args.threshold}")
    for left, right, similarity in sorted(found, key=lambda f: -f[2]):
        print(f"  {left:<32} {right:<32} {similarity:.2f}")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
