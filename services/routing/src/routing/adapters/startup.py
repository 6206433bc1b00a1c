"""nameko dependency that brings the agency directory up to date with the packaged taxonomy at start.

It runs in ``setup()``, before any entrypoint starts consuming, so the first ``case_registered`` already
sees every sub-category. A database that is unreachable or not migrated stops the service from
starting, with the reason in the log: better than routing every case to the manual queue.
"""

from __future__ import annotations

import structlog
from nameko import config
from nameko.extensions import DependencyProvider
from sqlalchemy.orm import Session

from civicase_platform import settings
from civicase_platform.db import make_engine
from routing.adapters.directory_loader import DirectoryCounts, load_directory

log = structlog.get_logger(__name__)


class DirectoryAtStart(DependencyProvider):
    """Upserts the taxonomy into the directory tables once per service start; injects the counts."""

    counts: DirectoryCounts | None = None

    def setup(self) -> None:
        url = config.get("DATABASE_URL") or settings.database_url(self.container.service_name)
        engine = make_engine(url, pool_size=1, max_overflow=0)
        try:
            with Session(engine) as session, session.begin():
                self.counts = load_directory(session)
        finally:
            engine.dispose()
        log.info("directory_loaded", agencies=self.counts.agencies, categories=self.counts.categories,
                 subcategories=self.counts.subcategories)

    def get_dependency(self, worker_ctx) -> DirectoryCounts | None:
        return self.counts
