"""Benchmark: file N petitions through the gateway with concurrency C and follow them until assigned.

Prints petitions/s until assigned (first filing to last ``case_assigned`` seen on the bus), p50/p99
filing latency, and how many were lost (filed but never assigned within the timeout). Routing classifies
each petition with its model after asking intake for the text (one gRPC call per case, PET-5); the texts
below are ones the model places confidently, so every case should be auto-assigned.

    .venv/bin/python bench/e2e_petitions.py --start -n 2000 -c 32        # own system on test databases
    .venv/bin/python bench/e2e_petitions.py --gateway http://localhost:8000 -n 500   # a running `make run`
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import threading
import time
from contextlib import nullcontext

import httpx
import pika

from civicase_platform import settings
from civicase_platform.testing import running_system

TEXTS = [
    ("路口號誌秒數太短，行人來不及過馬路。", "TRAFFIC_SIGNAL"),
    ("巷口路燈不亮，晚上很危險。", "STREET_LIGHT"),
    ("人行道磚塊鬆動，老人家容易跌倒。", "SIDEWALK"),
    ("工地一大早就在施工，噪音很大。", "NOISE_BUSINESS"),
    ("公園溜滑梯壞掉了。", "PARK"),
]


class AssignedCounter:
    """Counts case_assigned events for our case numbers, on a plain AMQP queue."""

    def __init__(self, amqp_uri: str):
        self.seen: dict[str, float] = {}
        self._conn = pika.BlockingConnection(pika.URLParameters(amqp_uri))
        ch = self._conn.channel()
        ch.exchange_declare("routing.events", exchange_type="topic", durable=True)
        self.queue = ch.queue_declare("", exclusive=True).method.queue
        ch.queue_bind(self.queue, "routing.events", routing_key="case_assigned")
        self._ch = ch
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        for method, _props, body in self._ch.consume(self.queue, auto_ack=True, inactivity_timeout=0.2):
            if self._stop:
                break
            if method is None:
                continue
            self.seen.setdefault(json.loads(body)["subject"], time.perf_counter())

    def close(self) -> None:
        self._stop = True
        self._thread.join(5)


async def file_all(gateway: str, n: int, concurrency: int) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    numbers: list[str] = []
    errors = 0
    statuses: dict[str, int] = {}
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(n):
        queue.put_nowait(i)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=gateway, timeout=30, limits=limits) as client:

        async def worker() -> None:
            nonlocal errors
            while True:
                try:
                    i = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                text, sub = TEXTS[i % len(TEXTS)]
                started = time.perf_counter()
                r = await client.post("/api/v1/petitions", json={"content": f"{text}（#{i}）", "subcategory": sub})
                latencies.append(time.perf_counter() - started)
                if r.status_code == 201:
                    numbers.append(r.json()["case_number"])
                else:
                    errors += 1
                    key = f"{r.status_code} {r.text[:120]}"
                    statuses[key] = statuses.get(key, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
    if errors:
        print(f"filing errors: {errors}")
        for key, count in sorted(statuses.items(), key=lambda kv: -kv[1]):
            print(f"  {count} × {key}")
    return latencies, numbers, started


def run(gateway: str, amqp_uri: str, n: int, concurrency: int, timeout: float) -> dict:
    counter = AssignedCounter(amqp_uri)
    latencies, numbers, started = asyncio.run(file_all(gateway, n, concurrency))
    filed_done = time.perf_counter()
    wanted = set(numbers)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not wanted <= counter.seen.keys():
        time.sleep(0.1)
    counter.close()
    assigned = [counter.seen[c] for c in wanted if c in counter.seen]
    last = max(assigned) if assigned else filed_done
    latencies.sort()
    result = {
        "filed": len(numbers),
        "assigned": len(assigned),
        "lost": len(wanted - counter.seen.keys()),
        "filing_per_s": round(len(numbers) / (filed_done - started), 1),
        "assigned_per_s": round(len(assigned) / (last - started), 1) if assigned else 0.0,
        "filing_p50_ms": round(statistics.median(latencies) * 1000, 1),
        "filing_p99_ms": round(latencies[int(0.99 * (len(latencies) - 1))] * 1000, 1),
    }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="petitions to file")
    parser.add_argument("-c", type=int, default=32, help="concurrent HTTP clients")
    parser.add_argument("--start", action="store_true", help="start an own system on the test databases")
    parser.add_argument("--gateway-workers", type=int, default=2)
    parser.add_argument("--gateway", default="http://localhost:8000")
    parser.add_argument("--amqp", default=settings.get("AMQP_URI"))
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for assignments")
    args = parser.parse_args()
    context = running_system(gateway_workers=args.gateway_workers, vhost_prefix="civicase_bench") if args.start \
        else nullcontext({"gateway": args.gateway, "amqp_uri": args.amqp})
    with context as system:
        result = run(system["gateway"], system["amqp_uri"], args.n, args.c, args.timeout)
    print(json.dumps({"n": args.n, "concurrency": args.c, **result}))
    for key, value in result.items():
        print(f"{key:>16}: {value}")


if __name__ == "__main__":
    main()
