"""Loads the packaged taxonomy (``routing/data/taxonomy.yaml``) into the directory tables.

Idempotent upsert: running it again (every service start, ``civicase routing load-taxonomy``) changes
only what the file changed. Nothing is deleted — assignments keep pointing at codes that a newer file
no longer lists.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from routing.adapters.orm import agencies, categories, subcategories
from routing.domain.taxonomy import Taxonomy, load_taxonomy

# Several instances starting at once would otherwise upsert the same rows concurrently; a transaction-
# scoped advisory lock makes them take turns (the later ones then change nothing).
_LOAD_LOCK_KEY = 0x524F555445  # "ROUTE"


@dataclass(frozen=True)
class DirectoryCounts:
    agencies: int
    categories: int
    subcategories: int


def _upsert(session: Session, table, key: str, rows: list[dict]) -> None:
    if not rows:
        return
    stmt = pg_insert(table).values(rows)
    changing = [c for c in rows[0] if c != key]
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=[table.c[key]],
            set_={**{c: stmt.excluded[c] for c in changing}, "updated_at": func.now()},
            # Touch a row only when something in it changed, so a reload is a no-op on disk.
            where=or_(*[table.c[c].is_distinct_from(stmt.excluded[c]) for c in changing]),
        )
    )


def load_directory(session: Session, taxonomy: Taxonomy | None = None) -> DirectoryCounts:
    """Upsert ``taxonomy`` (default: the packaged one) inside the caller's transaction."""
    taxonomy = taxonomy or load_taxonomy()
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOAD_LOCK_KEY})
    _upsert(session, agencies, "code", [
        {"code": a.code, "number": a.number, "name": a.name, "name_en": a.en, "parent_code": a.parent}
        for a in taxonomy.agencies.values()
    ])
    category_names: dict[str, str] = {}
    for sub in taxonomy.subcategories.values():
        category_names.setdefault(sub.category, sub.category_name)
    _upsert(session, categories, "code", [{"code": c, "name": n} for c, n in category_names.items()])
    _upsert(session, subcategories, "code", [
        {"code": s.code, "name": s.name, "category": s.category, "default_agency_code": s.agency,
         "verified_identity_required": s.verified_identity}
        for s in taxonomy.subcategories.values()
    ])
    return count_directory(session)


def count_directory(session: Session) -> DirectoryCounts:
    def count(table) -> int:
        return session.execute(select(func.count()).select_from(table)).scalar_one()

    return DirectoryCounts(count(agencies), count(categories), count(subcategories))
