"""Integration tier of routing: the use cases in ``routing.handlers`` and the taxonomy loader on the real
test database ``civicase_routing_test`` (emptied and migrated to head once per module by
``reset_database``; the directory loaded once, assignments, inbox and outbox emptied before each test).
No broker and no service process: events are built in memory and handed to the handlers inside a real
unit of work. Intake's text comes from a fake of the port (``content_of``) and the model is either
``FixedModel`` (its prediction is written in the text, so decisions are exact) or the real first version
trained on the corpus's training split (cached on disk after the first run)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from civicase_platform.db import UnitOfWorkFactory, make_engine
from civicase_platform.testing import reset_database
from routing.adapters import orm
from routing.adapters.directory_loader import load_directory
from routing.adapters.intake_content import PetitionContent
from routing.domain.classifier import Alternative, Prediction
from routing.domain.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def uow():
    engine = make_engine(reset_database("routing"), pool_size=2)
    with Session(engine) as session, session.begin():
        load_directory(session)
    yield UnitOfWorkFactory(engine, service="routing", outbox=orm.outbox, inbox=orm.inbox)
    engine.dispose()


@pytest.fixture(autouse=True)
def empty_tables(uow):
    with uow.engine.begin() as conn:
        conn.execute(text("TRUNCATE assignments, inbox, outbox, corrections, agency_thresholds, model_versions "
                          "RESTART IDENTITY"))


class FixedModel:
    """A routing model whose prediction is the text itself: ``"STREET_LIGHT 0.9"`` → STREET_LIGHT (its
    default agency) with confidence 0.9, then three alternatives sharing the rest."""

    def __init__(self):
        self.taxonomy = load_taxonomy()

    def classify(self, text: str, hint: str | None = None) -> Prediction:
        code, confidence = text.split()
        others = [c for c in ("PARK", "SIDEWALK", "LITTER", "DRAINAGE") if c != code][:3]
        rest = (1 - float(confidence)) / 3
        return Prediction(code, self.taxonomy.agency_of(code), float(confidence),
                          tuple(Alternative(c, self.taxonomy.agency_of(c), rest) for c in others))


class FakeIntake:
    """The petition texts intake would give, by case number; a missing case is intake failing."""

    def __init__(self):
        self.texts: dict[str, PetitionContent] = {}
        self.asked: list[str] = []

    def __call__(self, case_number: str) -> PetitionContent:
        self.asked.append(case_number)
        if case_number not in self.texts:
            raise ConnectionError("intake is not answering")
        return self.texts[case_number]


@pytest.fixture
def intake():
    return FakeIntake()


@pytest.fixture(scope="session")
def real_model():
    from routing.domain.model_store import load_or_train_cached

    return load_or_train_cached(split="train")


@pytest.fixture(scope="session")
def fixed_model():
    return FixedModel()


@pytest.fixture
def register(uow, fixed_model):
    """File a case_registered for ``number`` whose text (from the fake intake) is ``text``; returns the decision."""
    from datetime import UTC, datetime

    from civicase.intake.v1 import events_pb2 as intake_events_pb2
    from civicase_platform.events import new_event
    from civicase_platform.grpc_support import to_timestamp
    from routing import handlers

    def register(number: str, subcategory: str = "", received_at: datetime | None = None, *,
                 text: str = "STREET_LIGHT 0.9", intake: FakeIntake | None = None, version: int = 1):
        intake = intake or FakeIntake()
        intake.texts.setdefault(number, PetitionContent(text, subcategory))
        event = new_event("intake", "case_registered", number, intake_events_pb2.CaseRegistered(
            case_number=number, agency_number="000", subcategory=subcategory,
            received_at=to_timestamp(received_at or datetime(2026, 1, 2, 1, 0, tzinfo=UTC))))
        with uow() as tx:
            decision = handlers.handle_case_registered(tx, event, content_of=intake, model=(version, fixed_model))
            tx.commit()
        return decision

    return register
