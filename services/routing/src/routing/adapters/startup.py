"""nameko dependencies prepared at start: the agency directory brought up to date with the packaged
taxonomy, and the promoted routing model (PET-5).

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
from civicase_platform.errors import InvalidInput
from routing.adapters.directory_loader import DirectoryCounts, load_directory
from routing.adapters.model_registry import ModelCache, ensure_initial_version
from routing.domain.assignment import DEFAULT_AUTO_ASSIGN_THRESHOLD, validate_threshold
from routing.domain.model_store import load_or_train_cached, train_on_training_split

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


def _first_model():
    """The first model version: from the on-disk cache when one can be kept (a read-only container has
    none; then it is simply trained, a few seconds, once per system)."""
    try:
        return load_or_train_cached(split="train")
    except OSError as exc:
        log.warning("model_cache_unavailable", error=str(exc)[:200])
        return train_on_training_split()


class RoutingModelAtStart(DependencyProvider):
    """The promoted routing model (PET-5), ready before any entrypoint starts.

    On the first start of a system (no version in the database) the first version is trained on the
    training split (or taken from the on-disk cache) and registered promoted; instances starting at the
    same time take turns on an advisory lock, so it is trained once. Workers get a ``ModelCache`` that
    notices a newly promoted version within ``ROUTING_MODEL_CHECK_SECONDS`` (default 30), and carries the
    global auto-assign threshold ``ROUTING_AUTO_ASSIGN_THRESHOLD`` (checked here, so a bad value stops the
    start with the reason instead of routing every case wrongly).
    """

    cache: ModelCache | None = None

    def setup(self) -> None:
        url = config.get("DATABASE_URL") or settings.database_url(self.container.service_name)
        self.engine = make_engine(url, pool_size=1, max_overflow=1)
        with Session(self.engine) as session, session.begin():
            version = ensure_initial_version(session, _first_model)
        raw = config.get("ROUTING_AUTO_ASSIGN_THRESHOLD") or DEFAULT_AUTO_ASSIGN_THRESHOLD
        try:
            threshold = validate_threshold(float(raw))
        except (TypeError, ValueError, InvalidInput) as exc:
            raise RuntimeError(f"ROUTING_AUTO_ASSIGN_THRESHOLD={raw!r}: give a number in (0, 1]") from exc
        self.cache = ModelCache(self.engine, check_seconds=float(config.get("ROUTING_MODEL_CHECK_SECONDS") or 30),
                                default_threshold=threshold)
        self.cache.current()
        log.info("routing_model_ready", version=version, default_threshold=threshold)

    def stop(self) -> None:
        self.engine.dispose()

    def kill(self) -> None:
        self.stop()

    def get_dependency(self, worker_ctx) -> ModelCache | None:
        return self.cache
