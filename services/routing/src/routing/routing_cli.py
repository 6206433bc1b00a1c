"""``civicase routing …``: operator commands of the routing service.

Sub-commands:
  load-taxonomy   upsert the packaged taxonomy into the directory tables (idempotent; the service also
                  does this at every start)

Room is left for ``retrain`` and ``report`` (routing accuracy, PET-5).
"""

from __future__ import annotations

import argparse
import sys

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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="civicase routing", description="Routing service operations.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    load = commands.add_parser("load-taxonomy", help="upsert the packaged taxonomy into the directory tables")
    load.add_argument("--database-url", help="default: DATABASE_URL, else the local civicase_routing")
    load.set_defaults(run=_load_taxonomy)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    return int(args.run(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
