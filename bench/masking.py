"""Throughput of the masking engine (PET-12): MB of UTF-8 text per second on one core.

    .venv/bin/python bench/masking.py [--megabytes 2]

The corpus is the labelled evaluation texts (petitions and replies) concatenated into documents of
about 1–2 kB, repeated until the requested size; each document is masked with one ``mask_text`` call,
as the reply service does. Prints the figures only, never the texts.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from reply.domain.masking import mask_text

DATA_DIR = Path(__file__).resolve().parent.parent / "services" / "reply" / "tests" / "data"


def corpus(megabytes: float) -> list[str]:
    texts = []
    for path in sorted(DATA_DIR.glob("masking_eval*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text("utf-8").splitlines() if line.strip()]
    documents, current = [], ""
    index = 0
    total = 0
    while total < megabytes * 1_000_000:
        current += texts[index % len(texts)] + "\n"
        index += 1
        if len(current) > 600:
            documents.append(current)
            total += len(current.encode("utf-8"))
            current = ""
    return documents


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=2.0)
    args = parser.parse_args(argv)
    documents = corpus(args.megabytes)
    mask_text(documents[0])  # load the data files and compile the patterns outside the timing
    size_bytes = sum(len(d.encode("utf-8")) for d in documents)
    size_chars = sum(len(d) for d in documents)
    started, started_cpu = time.perf_counter(), time.process_time()
    masked_chars = 0
    for document in documents:
        masked_chars += sum(s.end - s.start for s in mask_text(document).spans)
    wall = time.perf_counter() - started
    elapsed = time.process_time() - started_cpu  # CPU time: the figure per core, whatever else runs
    print(
        f"documents: {len(documents)}, {size_bytes / 1e6:.2f} MB UTF-8 ({size_chars / 1e6:.2f} M characters)"
    )
    print(f"masked characters: {masked_chars}")
    print(f"CPU time: {elapsed:.2f} s (wall {wall:.2f} s), one process")
    rate_bytes, rate_chars = size_bytes / 1e6 / elapsed, size_chars / 1e6 / elapsed
    print(f"throughput per core: {rate_bytes:.2f} MB/s UTF-8 ({rate_chars:.2f} M chars/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
