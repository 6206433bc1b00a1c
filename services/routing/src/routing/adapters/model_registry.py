"""Routing model versions in routing's database (PET-5): stored with their held-out metrics, one promoted.

Why the database: several routing instances must route with the same model, and a retrain run on any
machine must reach all of them. A version row holds the zlib-compressed pickle of the ``Classifier``
(about 11 MB); only this service and its CLI write the table, so unpickling it trusts no outsider.

``ModelCache`` loads the promoted version once per process and, at most every ``check_seconds``, asks
which version is promoted (one indexed query); a newly promoted version is loaded by the next case.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
import time
import zlib
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import sklearn
import structlog
from sqlalchemy import func, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from routing.adapters.orm import model_versions
from routing.domain.assignment import DEFAULT_AUTO_ASSIGN_THRESHOLD
from routing.domain.classifier import MODEL_VERSION, Classifier, RoutingModel, evaluate
from routing.domain.corpus import Example, load_split

log = structlog.get_logger(__name__)

MODEL_FORMAT = f"{MODEL_VERSION}/pickle-zlib/sklearn-{sklearn.__version__}"
# Two instances starting on an empty table, or two retrain runs, take turns (transaction-scoped lock).
_REGISTRY_LOCK_KEY = 0x524F555446  # "ROUTF"
# Held-out metrics kept in the row and shown in reports (per-class maps and confusions stay in the JSON).
SUMMARY_METRICS = ("agency_top1", "subcategory_top1", "subcategory_top3", "n", "expected_calibration_error")


def serialize(classifier: Classifier) -> bytes:
    return zlib.compress(pickle.dumps(classifier, protocol=pickle.HIGHEST_PROTOCOL), 6)


def deserialize(blob: bytes) -> Classifier:
    return pickle.loads(zlib.decompress(blob))  # noqa: S301 - written by this service only (see module doc)


def held_out_metrics(model: RoutingModel, held_out: Sequence[Example] | None = None) -> dict[str, Any]:
    """The model's figures on the fixed held-out split (``corpus/test.jsonl``), JSON-ready."""
    return evaluate(model, held_out if held_out is not None else load_split("test"))


def lock_registry(session: Session) -> None:
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _REGISTRY_LOCK_KEY})


def promoted_version(session: Session) -> int | None:
    return session.execute(
        select(model_versions.c.version).where(model_versions.c.promoted)
    ).scalar_one_or_none()


def load_version(session: Session, version: int) -> Classifier:
    blob = session.execute(
        select(model_versions.c.model).where(model_versions.c.version == version)
    ).scalar_one()
    return deserialize(blob)


def promoted_metrics(session: Session) -> tuple[int, dict[str, Any]] | None:
    row = session.execute(
        select(model_versions.c.version, model_versions.c.metrics).where(model_versions.c.promoted)
    ).first()
    return (row.version, row.metrics) if row else None


def store_version(session: Session, classifier: Classifier, *, training_set: str, training_examples: int,
                  corrections: int, metrics: dict[str, Any], promote: bool,
                  now: datetime | None = None) -> int:
    """Insert a new version (and promote it: the previous one is demoted in the same transaction, so
    there is never a moment with none or two promoted)."""
    now = now or datetime.now(UTC)
    blob = serialize(classifier)
    if promote:
        session.execute(update(model_versions).where(model_versions.c.promoted).values(promoted=False))
    version = session.execute(
        model_versions.insert().values(
            training_set=training_set, training_examples=training_examples, corrections=corrections,
            metrics=metrics, promoted=promote, promoted_at=now if promote else None, model=blob,
            model_sha256=hashlib.sha256(blob).hexdigest(), model_format=MODEL_FORMAT, created_at=now,
        ).returning(model_versions.c.version)
    ).scalar_one()
    log.info("model_version_stored", version=version, promoted=promote, model_bytes=len(blob),
             subcategory_top1=round(metrics["subcategory_top1"], 4))
    return version


def ensure_initial_version(session: Session, train_first: Callable[[], Classifier]) -> int:
    """First start of a live system: if no version is promoted, train the first one (``train_first``:
    the training split, from the on-disk cache when there is one), measure it on the held-out split and
    register it promoted. Returns the promoted version."""
    lock_registry(session)
    current = promoted_version(session)
    if current is not None:
        return current
    started = time.perf_counter()
    classifier = train_first()
    metrics = held_out_metrics(classifier)
    count = session.execute(select(func.count()).select_from(model_versions)).scalar_one()
    version = store_version(
        session, classifier, training_set=f"corpus train.jsonl ({classifier.info.get('examples', '?')})",
        training_examples=int(classifier.info.get("examples", 0)), corrections=0, metrics=metrics, promote=True,
    )
    log.info("model_version_bootstrapped", version=version, earlier_versions=count,
             seconds=round(time.perf_counter() - started, 1))
    return version


def list_versions(session: Session):
    """Every version without its model bytes, newest first."""
    columns = [c for c in model_versions.c if c.name != "model"]
    return session.execute(select(*columns).order_by(model_versions.c.version.desc())).all()


class ModelCache:
    """The promoted model of this process, reloaded when another version is promoted."""

    def __init__(self, engine: Engine, *, check_seconds: float = 30.0,
                 default_threshold: float = DEFAULT_AUTO_ASSIGN_THRESHOLD):
        self.engine = engine
        self.check_seconds = check_seconds
        self.default_threshold = default_threshold
        self._lock = threading.Lock()
        self._version: int | None = None
        self._classifier: Classifier | None = None
        self._checked_at = float("-inf")

    def current(self) -> tuple[int, Classifier]:
        """``(version, classifier)`` of the promoted model, at most ``check_seconds`` old."""
        with self._lock:
            if time.monotonic() - self._checked_at >= self.check_seconds or self._classifier is None:
                with Session(self.engine) as session:
                    promoted = promoted_version(session)
                    if promoted is None:
                        raise RuntimeError("no routing model version is promoted; run `civicase routing retrain`")
                    if promoted != self._version:
                        self._classifier = load_version(session, promoted)
                        log.info("model_version_loaded", version=promoted, previous=self._version)
                        self._version = promoted
                self._checked_at = time.monotonic()
            assert self._classifier is not None and self._version is not None
            return self._version, self._classifier
