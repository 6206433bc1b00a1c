#!/usr/bin/env python3
"""Wait until an endpoint answers, or check it once: the health check of the containers.

    wait-for.py [--timeout SECONDS | --once] tcp  HOST:PORT
    wait-for.py [--timeout SECONDS | --once] grpc HOST:PORT     # standard grpc.health.v1 Check == SERVING
    wait-for.py [--timeout SECONDS | --once] http URL           # any 2xx answer

Exit status 0 when the endpoint answered, 1 (with a message naming it) when it did not in time.
The images copy this file to /usr/local/bin/civicase-wait-for and use `--once` as their
HEALTHCHECK. tcp and http need only the standard library; grpc needs grpcio and
grpcio-health-checking (present in every service image).
"""

from __future__ import annotations

import argparse
import socket
import sys
import time
import urllib.request


def tcp_ok(target: str) -> bool:
    host, _, port = target.rpartition(":")
    try:
        with socket.create_connection((host, int(port)), timeout=2):
            return True
    except OSError:
        return False


def grpc_ok(target: str) -> bool:
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    with grpc.insecure_channel(target) as channel:
        try:
            reply = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=3)
        except grpc.RpcError:
            return False
        return reply.status == health_pb2.HealthCheckResponse.SERVING


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=3) as response:  # noqa: S310 - operator-given URL
            return 200 <= response.status < 300
    except OSError:
        return False


CHECKS = {"tcp": tcp_ok, "grpc": grpc_ok, "http": http_ok}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Wait until an endpoint answers.")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--timeout", type=float, default=60.0, help="seconds to keep trying (default 60)")
    group.add_argument("--once", action="store_true", help="check once (container health checks)")
    parser.add_argument("kind", choices=sorted(CHECKS))
    parser.add_argument("target", help="HOST:PORT, or a URL for http")
    args = parser.parse_args(argv)

    check = CHECKS[args.kind]
    deadline = time.monotonic() + (0 if args.once else args.timeout)
    while True:
        if check(args.target):
            return 0
        if time.monotonic() >= deadline:
            waited = "" if args.once else f" within {args.timeout:g}s"
            print(f"wait-for: {args.kind} {args.target} did not answer{waited}", file=sys.stderr)
            return 1
        time.sleep(1)


if __name__ == "__main__":
    sys.exit(main())
