"""Loading the demo catalogue (``eapply/data/catalogue.yaml``) into the database, idempotently.

Run at every start by the ``CatalogueLoader`` dependency: each service is upserted by code, and services no
longer in the file are marked inactive (never deleted: old applications still refer to them). Several
instances starting together just write the same rows.
"""

from __future__ import annotations

from importlib import resources

import yaml
from nameko import config
from nameko.extensions import DependencyProvider
from sqlalchemy import func, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection

from civicase_platform import settings
from civicase_platform.db import make_engine
from eapply.adapters.orm import catalogue_services
from eapply.domain.catalogue import CatalogueService, parse_catalogue


def bundled_catalogue() -> list[CatalogueService]:
    text = resources.files("eapply.data").joinpath("catalogue.yaml").read_text(encoding="utf-8")
    return parse_catalogue(yaml.safe_load(text))


def load_catalogue(conn: Connection, services: list[CatalogueService]) -> None:
    for s in services:
        values = dict(
            code=s.code, name=s.name, name_en=s.name_en, agency_code=s.agency_code,
            agency_number=s.agency_number, type=s.type, processing_days=s.processing_days,
            day_unit=s.day_unit, documents=list(s.documents), exempt_documents=list(s.exempt_documents),
            fee=s.fee, online_fee=s.online_fee, e_signature_accepted=s.e_signature_accepted,
            payment_first=s.payment_first, description=s.description, active=True,
        )
        stmt = pg_insert(catalogue_services).values(**values)
        conn.execute(stmt.on_conflict_do_update(
            index_elements=[catalogue_services.c.code],
            set_={**{k: stmt.excluded[k] for k in values if k != "code"}, "updated_at": func.now()},
        ))
    conn.execute(
        update(catalogue_services)
        .where(catalogue_services.c.code.not_in([s.code for s in services]), catalogue_services.c.active)
        .values(active=False, updated_at=func.now())
    )


class CatalogueLoader(DependencyProvider):
    """Writes the bundled catalogue into the database before any entrypoint runs (fails the start if the
    file is wrong or the database is unreachable)."""

    def setup(self) -> None:
        url = config.get("DATABASE_URL") or settings.database_url(self.container.service_name)
        engine = make_engine(url, pool_size=1, max_overflow=0)
        try:
            with engine.begin() as conn:
                load_catalogue(conn, bundled_catalogue())
        finally:
            engine.dispose()
