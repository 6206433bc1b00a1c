"""Benchmark of the weekly early-warning evaluation (WARN-1) from the database: 2 million synthetic cases in
51 sub-categories over 104 weeks are bulk-loaded with COPY into the alerts bench database
(``civicase_alerts_bench``, migrated to head), then one week is evaluated — the SQL aggregate and the exact
decision per sub-category, with the warnings' events, forms and mail — and the time printed. Goal: < 2 s.

    .venv/bin/python bench/warnings.py [--cases 2000000] [--keep]   # --keep reuses loaded data
    (bench/warnings.py, the name the issue asks for, runs this file.)
"""

from __future__ import annotations

import os
import sys

# Run through bench/warnings.py, named like the standard library's ``warnings``: keep this folder off
# sys.path so that name never shadows the standard module for the imports below.
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    sys.path.pop(0)

import argparse  # noqa: E402
import io  # noqa: E402
import random  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from datetime import UTC, date, datetime, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

from sqlalchemy import text  # noqa: E402

from alerts.adapters import orm  # noqa: E402
from alerts.domain.early_warning import TAIPEI  # noqa: E402
from alerts.warnings import evaluate_week, week_statistics  # noqa: E402
from civicase_platform import settings  # noqa: E402
from civicase_platform.calendar import OfficeCalendar  # noqa: E402
from civicase_platform.db import UnitOfWorkFactory, make_engine  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DB = "civicase_alerts_bench"
WEEK = date(2026, 3, 2)  # the evaluated week; the data covers the 103 weeks before it and WEEK itself
WEEKS = 104
SUBCATEGORIES = 51


def database_url() -> str:
    base = settings.database_url("alerts").rsplit("/", 1)[0]
    admin = make_engine(base + "/postgres", pool_size=1)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": DB}).first():
            conn.execute(text(f'CREATE DATABASE "{DB}"'))
    admin.dispose()
    url = f"{base}/{DB}"
    subprocess.run([sys.executable, "-m", "alembic", "-c", str(ROOT / "services/alerts/alembic.ini"),
                    "-x", f"url={url}", "upgrade", "head"], check=True, capture_output=True)
    return url


def load(engine, cases: int) -> float:
    """COPY ``cases`` rows into week_cases; a few sub-categories surge in WEEK so that warnings are raised."""
    rng = random.Random(6)
    first_week = WEEK - timedelta(weeks=WEEKS - 1)
    weights = [rng.uniform(0.2, 3.0) for _ in range(SUBCATEGORIES)]
    codes = [f"SUB_{i:02d}" for i in range(SUBCATEGORIES)]
    started = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE week_cases, warnings, analysis_forms, evaluated_weeks, mail_outbox, outbox, "
                          "deadlines CASCADE"))
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        batch = 250_000
        for start in range(0, cases, batch):
            buffer = io.StringIO()
            for n in range(start, min(cases, start + batch)):
                sub = rng.choices(range(SUBCATEGORIES), weights)[0]
                week = first_week + timedelta(weeks=rng.randrange(WEEKS))
                if sub < 3 and rng.random() < 0.02:
                    week = WEEK  # the surge
                received = datetime(week.year, week.month, week.day, tzinfo=TAIPEI) + timedelta(
                    seconds=rng.randrange(7 * 86400))
                stamp = received.astimezone(UTC).isoformat()
                buffer.write(f"B-{n:08d}\t{codes[sub]}\tAG{sub % 17:02d}\t{stamp}\t{week.isoformat()}\t{stamp}\n")
            buffer.seek(0)
            with cursor.copy("COPY week_cases (case_number, subcategory_code, agency_code, received_at, week, "
                             "assigned_at) FROM STDIN") as copy:
                while chunk := buffer.read(1 << 20):
                    copy.write(chunk)
        raw.commit()
    finally:
        raw.close()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE week_cases"))  # index-only scans need the visibility map
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2_000_000)
    parser.add_argument("--keep", action="store_true", help="reuse the data already loaded")
    args = parser.parse_args()
    engine = make_engine(database_url(), pool_size=2)
    with engine.connect() as conn:
        loaded = conn.execute(text("SELECT count(*) FROM week_cases")).scalar_one()
    if not (args.keep and loaded == args.cases):
        seconds = load(engine, args.cases)
        print(f"loaded {args.cases:,} cases in {SUBCATEGORIES} sub-categories with COPY in {seconds:.1f} s")
    uow = UnitOfWorkFactory(engine, service="alerts", outbox=orm.outbox, inbox=orm.inbox)
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE warnings, analysis_forms, evaluated_weeks, mail_outbox, outbox, deadlines "
                          "CASCADE"))
    with uow() as tx:  # warm the cache once, as a running service would be
        week_statistics(tx, WEEK)
    timings = []
    for _ in range(3):
        with engine.begin() as conn:
            conn.execute(text("TRUNCATE warnings, analysis_forms, evaluated_weeks, mail_outbox, outbox, deadlines "
                              "CASCADE"))
        started = time.perf_counter()
        with uow() as tx:
            result = evaluate_week(tx, WEEK, now=datetime(2026, 3, 9, 9, tzinfo=TAIPEI), calendar=OfficeCalendar(),
                                   evaluated_by="bench")
            tx.commit()
        timings.append(time.perf_counter() - started)
    best, worst = min(timings), max(timings)
    print(f"evaluated week {WEEK} over {args.cases:,} cases: {result.subcategories_evaluated} sub-categories, "
          f"{len(result.new_warning_ids)} warnings; best {best * 1000:.0f} ms, worst {worst * 1000:.0f} ms "
          f"(goal < 2000 ms) — {'OK' if worst < 2 else 'TOO SLOW'}")
    engine.dispose()
    return 0 if worst < 2 else 1


if __name__ == "__main__":
    sys.exit(main())
