"""Derive how often each character occurs in given names (PET-12 round 6) from ngender's name statistics.

    pip install --target /tmp/wordlist-tools ngender==0.1.1 zhconv==1.4.3   # build-time only, not a dependency
    PYTHONPATH=/tmp/wordlist-tools .venv/bin/python bench/build_given_char_freq.py

Writes data/given_char_freq.txt of the masking package: each character of ngender's ``charfreq.csv`` (counts
of characters in the given names of a large corpus of names, in Simplified Chinese), converted to Taiwan usage
by zhconv, with its count (male + female; characters that convert to the same one are added up), most frequent
first, down to a count of 20. The name scorer turns the count into a graded feature, so a given name made of
name characters it never saw in training (允中, 麗雪, 紹宇) still looks like a name, and 的/說/路 do not.
The corpus is from the mainland: Taiwan's own favourites (宥, 筑, 妤, 瑄) are rarer there, which is why the
scorer keeps its own list of Taiwanese given-name characters beside this one.
ngender (MIT licence) © Observer Chen; zhconv (MIT) © Dingyuan Wang. The file says where it comes from.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import ngender  # type: ignore[import-not-found]
import zhconv  # type: ignore[import-not-found]

DATA = Path(__file__).resolve().parent.parent / "services" / "reply" / "src" / "reply" / "domain" / "masking" / "data"
MIN_COUNT = 20


def main() -> int:
    source = Path(ngender.__file__).parent / "charfreq.csv"
    counts: dict[str, int] = {}
    with source.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            char = zhconv.convert(row["char"], "zh-tw")
            if len(char) == 1 and "\u4e00" <= char <= "\u9fff":
                counts[char] = counts.get(char, 0) + int(row["male"]) + int(row["female"])
    ranked = sorted((c for c in counts if counts[c] >= MIN_COUNT), key=lambda c: (-counts[c], c))
    header = (
        "# Characters of given names with their counts, most frequent first (PET-12 round 6). Derived by\n"
        "# bench/build_given_char_freq.py from ngender 0.1.1's charfreq.csv (MIT licence, (c) Observer Chen),\n"
        "# converted to Taiwan usage with zhconv 1.4.3 (MIT, (c) Dingyuan Wang). One 'character count' per line.\n"
    )
    body = "".join(f"{c} {counts[c]}\n" for c in ranked)
    (DATA / "given_char_freq.txt").write_text(header + body, "utf-8")
    print(f"{len(ranked)} characters → data/given_char_freq.txt", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
