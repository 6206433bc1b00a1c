"""A local SMTP server that accepts every message and keeps it as a file: the mail server of the local
run (``scripts/run_all.py`` starts it) and of the tests (``civicase_platform.testing.SmtpSink``).

    .venv/bin/python scripts/smtp_sink.py --port 1025 --dir .run/mail

Each accepted message is written as ``<dir>/<n>-<unix ns>.eml`` (the raw message as received, with the
envelope sender and recipients in ``X-Sink-Mail-From`` / ``X-Sink-Rcpt-To`` headers). Every delivery is
kept, duplicates included, so a test can count deliveries per Message-ID. The file is complete (written
to a temporary name and renamed) before the SMTP server answers 250, so whatever the sender counts as
accepted is on disk. The line ``smtp sink listening on HOST:PORT`` is printed once it accepts connections.
"""

from __future__ import annotations

import argparse
import itertools
import os
import signal
import sys
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller


class FileStore:
    def __init__(self, directory: Path):
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self._serial = itertools.count(len(list(self.directory.glob("*.eml"))) + 1)
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        with self._lock:
            n = next(self._serial)
        head = (f"X-Sink-Mail-From: {envelope.mail_from}\r\n"
                f"X-Sink-Rcpt-To: {', '.join(envelope.rcpt_tos)}\r\n").encode()
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8")
        name = f"{n:06d}-{time.time_ns()}.eml"
        tmp = self.directory / f".{name}.tmp"
        tmp.write_bytes(head + content)
        os.replace(tmp, self.directory / name)
        return "250 Message accepted for delivery"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("SMTP_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("SMTP_PORT", "1025")))
    parser.add_argument("--dir", default=os.environ.get("SMTP_SINK_DIR", ".run/mail"))
    args = parser.parse_args()
    controller = Controller(FileStore(Path(args.dir)), hostname=args.host, port=args.port)
    controller.start()
    print(f"smtp sink listening on {args.host}:{args.port}, storing into {args.dir}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
