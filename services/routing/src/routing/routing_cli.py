"""``civicase routing …``: operator commands of the routing service.

Sub-commands:
  load-taxonomy   upsert the packaged taxonomy into the directory tables (idempotent; the service also
                  does this at every start)
  retrain         train a new routing model version on the corpus plus the corrections, measure it on the
                  held-out split and promote it only if it is not worse (PET-5)
  report          routing accuracy per agency and sub-category over time, and per model version (PET-5)

All talk to the routing database (``--database-url``, else DATABASE_URL, else the local civicase_routing).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable

from sqlalchemy.orm import Session

from civicase_platform import settings
from civicase_platform.db import make_engine


def _load_taxonomy(args: argparse.Namespace) -> int:
    from routing.adapters.directory_loader import load_directory

    url = args.database_url or settings.database_url("routing")
    engine = make_engine(url, pool_size=1, max_overflow=0)
    try:
        with Session(engine) as session, session.begin():
            counts = load_directory(session)
    except Exception as exc:  # an operator command: say what failed and how to fix it, no traceback
        print(f"civicase routing load-taxonomy: could not load the taxonomy ({type(exc).__name__}: "
              f"{str(exc).splitlines()[0][:300]}); is the database up and migrated "
              "(alembic -c services/routing/alembic.ini upgrade head)?", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(f"directory loaded: {counts.agencies} agencies, {counts.categories} categories, "
          f"{counts.subcategories} sub-categories")
    return 0


def _failed(command: str, exc: Exception) -> int:
    print(f"civicase routing {command}: {type(exc).__name__}: {str(exc).splitlines()[0][:300]}; is the database "
          "up and migrated (alembic -c services/routing/alembic.ini upgrade head)?", file=sys.stderr)
    return 1


def _with_uow(args: argparse.Namespace, command: str, work: Callable) -> int:
    from civicase_platform.db import UnitOfWorkFactory
    from routing.adapters import orm

    engine = make_engine(args.database_url or settings.database_url("routing"), pool_size=1, max_overflow=0)
    try:
        return int(work(UnitOfWorkFactory(engine, service="routing", outbox=orm.outbox, inbox=orm.inbox)))
    except Exception as exc:  # an operator command: say what failed, no traceback
        if exc.__class__.__module__.startswith(("sqlalchemy", "psycopg")):
            return _failed(command, exc)
        raise
    finally:
        engine.dispose()


def _figures(metrics: dict | None) -> str:
    if metrics is None:
        return "—"
    return (f"agency top-1 {metrics['agency_top1']:.4f}  sub-category top-1 {metrics['subcategory_top1']:.4f}  "
            f"top-3 {metrics['subcategory_top3']:.4f}  (n={metrics['n']})")


def _retrain(args: argparse.Namespace) -> int:
    from routing import handlers

    def work(uow) -> int:
        started = time.perf_counter()
        with uow() as tx:
            result = handlers.retrain(tx, min_gain=args.min_gain)
            tx.commit()
        print(f"trained on {result.corpus_examples} corpus + {result.correction_examples} correction examples "
              f"in {time.perf_counter() - started:.1f} s; held-out split (corpus test.jsonl):")
        print(f"  new version {result.version}: {_figures(result.metrics)}")
        label = f"promoted version {result.previous_version}" if result.previous_version else "no promoted version"
        print(f"  {label}: {_figures(result.previous_metrics)}")
        verdict = "PROMOTED" if result.decision.promote else "NOT promoted (kept for the record)"
        print(f"version {result.version} {verdict}: {result.decision.reason}")
        return 0

    return _with_uow(args, "retrain", work)


def _report_json(report: dict, default_threshold: float) -> dict:
    def rows(counts):
        return [{"period_start": c.period_start.isoformat(), "key": c.key, "cases": c.cases,
                 "auto_assigned": c.auto_assigned, "auto_correct": c.auto_correct, "corrected": c.corrected,
                 "first_try_correct_rate": round(c.first_try_correct_rate, 4), "queued": c.queued,
                 "queued_top1_correct": c.queued_top1_correct} for c in counts]

    return {
        "since": report["since"], "bucket": report["bucket"],
        "overall": rows(report["overall"]), "by_agency": rows(report["by_agency"]),
        "by_subcategory": rows(report["by_subcategory"]),
        "model_versions": [
            {"version": v.version, "created_at": v.created_at.isoformat(), "training_set": v.training_set,
             "promoted": v.promoted, **{k: v.metrics.get(k) for k in ("agency_top1", "subcategory_top1",
                                                                      "subcategory_top3", "n")}}
            for v in report["model_versions"]
        ],
        "default_threshold": default_threshold,
        "agency_thresholds": [{"agency_code": t.agency_code, "threshold": t.threshold, "set_by": t.set_by,
                               "set_at": t.set_at.isoformat()} for t in report["agency_thresholds"]],
    }


def _print_report(data: dict) -> None:
    print(f"routing accuracy since {data['since']} per {data['bucket']} (first try = auto-assigned and never "
          "moved elsewhere)")
    for title, key in (("all cases (agency)", "overall"), ("per agency", "by_agency"),
                       ("per sub-category", "by_subcategory")):
        print(f"\n{title}:")
        print(f"  {'period':<11} {'key':<20} {'cases':>6} {'auto':>6} {'right':>6} {'rate':>6} {'queued':>7} "
              f"{'top-1 ok':>8}")
        for r in data[key]:
            print(f"  {r['period_start']:<11} {r['key'] or '(waiting)':<20} {r['cases']:>6} {r['auto_assigned']:>6} "
                  f"{r['auto_correct']:>6} {r['first_try_correct_rate']:>6.3f} {r['queued']:>7} "
                  f"{r['queued_top1_correct']:>8}")
    print("\nmodel versions (held-out split):")
    for v in data["model_versions"]:
        mark = "*" if v["promoted"] else " "
        print(f" {mark}v{v['version']:<4} {v['created_at'][:19]}  agency {v['agency_top1']:.4f}  sub-category "
              f"{v['subcategory_top1']:.4f}  top-3 {v['subcategory_top3']:.4f}  {v['training_set']}")
    thresholds = ", ".join(f"{t['agency_code']} {t['threshold']:.2f}" for t in data["agency_thresholds"]) or "none"
    print(f"\nauto-assign threshold: {data['default_threshold']:.2f} by default; per agency: {thresholds}")


def _report(args: argparse.Namespace) -> int:
    from civicase_platform.errors import InvalidInput
    from routing import handlers
    from routing.domain.assignment import DEFAULT_AUTO_ASSIGN_THRESHOLD

    def work(uow) -> int:
        try:
            with uow() as tx:
                report = handlers.routing_report(tx, since=args.since or "", bucket=args.bucket or "")
        except InvalidInput as exc:
            print(f"civicase routing report: {exc}", file=sys.stderr)
            return 2
        threshold = float(settings.get("ROUTING_AUTO_ASSIGN_THRESHOLD", str(DEFAULT_AUTO_ASSIGN_THRESHOLD)))
        data = _report_json(report, threshold)
        if args.json:
            print(json.dumps(data, ensure_ascii=False))
        else:
            _print_report(data)
        return 0

    return _with_uow(args, "report", work)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="civicase routing", description="Routing service operations.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    load = commands.add_parser("load-taxonomy", help="upsert the packaged taxonomy into the directory tables")
    load.add_argument("--database-url", help="default: DATABASE_URL, else the local civicase_routing")
    load.set_defaults(run=_load_taxonomy)
    retrain = commands.add_parser("retrain", help="train, measure and maybe promote a new model version (PET-5)")
    retrain.add_argument("--min-gain", type=float, default=0.0,
                         help="held-out sub-category top-1 the new version must gain over the promoted one "
                              "(default 0: not worse)")
    retrain.add_argument("--database-url", help="default: DATABASE_URL, else the local civicase_routing")
    retrain.set_defaults(run=_retrain)
    report = commands.add_parser("report", help="routing accuracy over time and per model version (PET-5)")
    report.add_argument("--since", help="YYYY-MM-DD (Asia/Taipei); default 12 weeks ago")
    report.add_argument("--bucket", choices=["day", "week", "month"], default="week")
    report.add_argument("--json", action="store_true", help="one JSON object instead of tables")
    report.add_argument("--database-url", help="default: DATABASE_URL, else the local civicase_routing")
    report.set_defaults(run=_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    return int(args.run(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
