"""Start the whole civicase system on this machine (the last step of ``make run``).

Every service runs as its own ``nameko run`` process on its fixed gRPC port, the gateway as uvicorn on
port 8000; logs go to ``.run/<service>.log``. Demo data is loaded once through the public API (the
numbers and passwords of the demo petitions are kept in ``.run/demo.json``; a second run finds them
and loads nothing). Ctrl-C stops everything this script started.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

import httpx

from civicase_platform import settings
from civicase_platform.testing import GatewayProcess, ServiceProcess, SmtpSink

ROOT = Path(__file__).resolve().parents[1]
RUN_DIR = ROOT / ".run"
SERVICES = ["intake", "routing", "reply", "survey", "alerts", "eapply"]
GATEWAY_PORT = int(os.environ.get("GATEWAY_PORT", "8000"))

DEMO_PETITIONS = [
    {"content": "信義路五段與松智路口的行人號誌一直沒有轉綠，行人只能闖紅燈，非常危險，請盡快派人檢修。",
     "subcategory": "TRAFFIC_SIGNAL", "email": "citizen.demo@example.com", "subject": "[示範] 行人號誌故障"},
    {"content": "本巷路燈已經不亮一週了，晚上回家很暗，請派員修理。", "subcategory": "STREET_LIGHT",
     "anonymous": True, "subject": "[示範] 路燈不亮"},
    # No sub-category chosen: the routing model places it from the text alone (PET-5).
    {"content": "樓下餐廳每天深夜排油煙，味道很重，已經影響居住品質。", "subcategory": "",
     "phone": "0912-345-678", "subject": "[示範] 餐廳油煙（未選類別，由模型分案）"},
    # Text the model cannot place confidently: it waits in the receptionists' queue with the model's
    # suggestions (PET-6.1; GET /api/v1/staff/routing/queue with header X-Staff-Subject).
    {"content": "上次反映的事情到現在都沒有處理，請儘速改善。", "subcategory": "", "anonymous": True,
     "subject": "[示範] 內容不明（待人工分文）"},
    {"content": "The bus stop sign on Zhongxiao E. Rd. Sec. 4 is missing; tourists keep asking where route 207 stops.",
     "subcategory": "BUS_SERVICE", "language": "en", "email": "visitor.demo@example.com",
     "subject": "[demo] Bus stop sign missing"},
]


def load_demo(gateway: str) -> None:
    demo_file = RUN_DIR / "demo.json"
    if demo_file.exists():
        known = json.loads(demo_file.read_text())
        if known:
            first = known[0]
            r = httpx.get(f"{gateway}/api/v1/petitions/{first['case_number']}",
                          headers={"X-Case-Password": first["password"]}, timeout=10)
            if r.status_code == 200:
                print(f"demo data already loaded ({len(known)} petitions, see {demo_file})")
                return
    filed = []
    for petition in DEMO_PETITIONS:
        r = httpx.post(f"{gateway}/api/v1/petitions", json=petition, timeout=10)
        r.raise_for_status()
        filed.append({**r.json(), "subject": petition["subject"]})
    demo_file.write_text(json.dumps(filed, ensure_ascii=False, indent=2))
    print(f"loaded {len(filed)} demo petitions; their case numbers and passwords are in {demo_file}")


def main() -> int:
    RUN_DIR.mkdir(exist_ok=True)
    keys_file = RUN_DIR / "field-encryption-keys"
    if not os.environ.get("FIELD_ENCRYPTION_KEYS"):
        if not keys_file.exists():
            print(f"no FIELD_ENCRYPTION_KEYS and no {keys_file}: start with `make run`, which creates it",
                  file=sys.stderr)
            return 2
        os.environ["FIELD_ENCRYPTION_KEYS"] = keys_file.read_text().strip()
    amqp_uri = settings.get("AMQP_URI")
    processes: list[ServiceProcess] = []

    def stop_all(*_args) -> None:
        for proc in reversed(processes):
            proc.stop()

    # Ctrl-C must stop everything even when started from a shell that ignores SIGINT in the background.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *a: (stop_all(), sys.exit(0)))
    # The local mail server (aiosmtpd): alerts' warning mail and reminders land in .run/mail/*.eml.
    smtp_port = int(os.environ.get("SMTP_PORT", "1025"))
    sink = SmtpSink(RUN_DIR / "mail", port=smtp_port)
    try:
        sink.start()
        os.environ.setdefault("SMTP_HOST", sink.host)
        os.environ["SMTP_PORT"] = str(smtp_port)
        for service in SERVICES:
            proc = ServiceProcess(service, amqp_uri=amqp_uri, database_url=settings.database_url(service),
                                  port=settings.GRPC_PORTS[service], log_path=RUN_DIR / f"{service}.log")
            processes.append(proc.start(wait=False))
        for proc in processes:
            proc.wait_ready()
        gateway = GatewayProcess(targets={s: f"localhost:{settings.GRPC_PORTS[s]}" for s in SERVICES},
                                 port=GATEWAY_PORT, log_path=RUN_DIR / "gateway.log")
        processes.append(gateway.start())
        load_demo(gateway.url)
        print(f"""
civicase is running.
  API and its documentation: http://localhost:{GATEWAY_PORT}/docs
  health of every dependency: http://localhost:{GATEWAY_PORT}/healthz
  services (gRPC): {', '.join(f'{s} :{settings.GRPC_PORTS[s]}' for s in SERVICES)}
  logs: {RUN_DIR}/<service>.log
  mail sent by alerts (local SMTP sink on port {smtp_port}): {RUN_DIR}/mail/*.eml
Press Ctrl-C to stop everything.""", flush=True)
        while all(p.proc and p.proc.poll() is None for p in processes):
            time.sleep(1)
        dead = [p.service for p in processes if p.proc and p.proc.poll() is not None]
        print(f"stopped: {', '.join(dead)} exited; see {RUN_DIR}/<service>.log", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nstopping civicase …")
        return 0
    finally:
        stop_all()
        sink.stop()


if __name__ == "__main__":
    sys.exit(main())
