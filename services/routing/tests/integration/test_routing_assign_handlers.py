"""Integration tests of routing's use cases on the real test database: loading the directory (PET-5),
assigning registered cases or queueing them (PET-5, PET-6.1), dispatching from the queue (PET-6.1)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from civicase.intake.v1 import events_pb2 as intake_events_pb2
from civicase_platform.errors import Conflict, InvalidInput, NotFound
from civicase_platform.events import new_event
from civicase_platform.grpc_support import to_timestamp
from routing import handlers
from routing.adapters import orm
from routing.adapters.directory_loader import count_directory, load_directory
from routing.adapters.intake_content import PetitionContent
from routing.domain.assignment import AssignTo, QueueForDispatch, Suggestion
from routing.domain.taxonomy import Taxonomy, taxonomy_text

pytestmark = pytest.mark.integration

RECEIVED = datetime(2026, 1, 2, 1, 0, tzinfo=UTC)


def registered(number: str, subcategory: str = "", received_at: datetime = RECEIVED):
    return new_event("intake", "case_registered", number, intake_events_pb2.CaseRegistered(
        case_number=number, agency_number="000", subcategory=subcategory, received_at=to_timestamp(received_at),
    ))


def outbox_events(uow) -> list[tuple[str, dict]]:
    with uow() as tx:
        rows = tx.session.execute(select(orm.outbox.c.routing_key, orm.outbox.c.envelope)
                                  .order_by(orm.outbox.c.seq)).all()
    return [(key, envelope["data"]) for key, envelope in rows]


CONFIDENT, UNSURE = "STREET_LIGHT 0.9", "ROAD_SURFACE 0.3"


class TestLoadDirectory:
    def test_loading_twice_gives_the_same_directory_pet_5(self, uow):
        raw = yaml.safe_load(taxonomy_text())
        expected_subcategories = sum(len(c["subcategories"]) for c in raw["categories"])
        for _ in range(2):
            with Session(uow.engine) as session, session.begin():
                counts = load_directory(session)
        assert (counts.agencies, counts.categories, counts.subcategories) == (
            len(raw["agencies"]), len(raw["categories"]), expected_subcategories)
        assert (counts.agencies, counts.subcategories) == (37, 51)  # the taxonomy as shipped

    def test_a_changed_taxonomy_updates_rows_in_place(self, uow):
        raw = yaml.safe_load(taxonomy_text())
        raw["agencies"][0] = {**raw["agencies"][0], "en": "Secretariat (renamed)"}
        with Session(uow.engine) as session, session.begin():
            before = count_directory(session)
            load_directory(session, Taxonomy.from_mapping(raw))
            renamed = session.execute(select(orm.agencies.c.name_en).where(
                orm.agencies.c.code == raw["agencies"][0]["code"])).scalar_one()
            assert count_directory(session) == before
            assert renamed == "Secretariat (renamed)"
            session.rollback()

    def test_units_keep_their_parent_agency_and_verified_identity_flags_pet_6_3(self, uow):
        with uow() as tx:
            agencies = {a.code: a for a in handlers.list_agencies(tx)}
            subs = {s.code: s for s in handlers.list_subcategories(tx)}
        assert agencies["PPLO"].parent_code == "PWD"
        assert agencies["PWD"].parent_code is None
        raw = yaml.safe_load(taxonomy_text())
        flagged = {s["code"] for c in raw["categories"] for s in c["subcategories"] if s.get("verified_identity")}
        assert {code for code, s in subs.items() if s.verified_identity_required} == flagged
        assert all(s.category_name for s in subs.values())


class TestHandleCaseRegistered:
    def test_a_confident_prediction_is_assigned_with_model_version_and_confidence_pet_5(
            self, uow, intake, register):
        decision = register("000-20260102-00001", "STREET_LIGHT", intake=intake, version=7)
        assert isinstance(decision, AssignTo) and (decision.agency_code, decision.confidence) == ("PPLO", 0.9)
        with uow() as tx:
            row = handlers.get_assignment(tx, "000-20260102-00001")
        assert (row.status, row.agency_code, row.agency_name, row.manual, row.assigned_by) == (
            "ASSIGNMENT_STATUS_ASSIGNED", "PPLO", "公園路燈工程管理處", False, "routing")
        assert (row.model_version, row.confidence, row.auto_assigned, row.predicted_agency_code) == (
            7, 0.9, True, "PPLO")
        assert len(row.suggestions) == 4 and row.suggestions[0]["subcategory_code"] == "STREET_LIGHT"
        assert row.received_at == RECEIVED
        [(key, data)] = outbox_events(uow)
        assert key == "case_assigned"
        assert (data["agency_code"], data["subcategory_code"], data["model_version"], data["confidence"]) == (
            "PPLO", "STREET_LIGHT", 7, 0.9)
        assert data.get("manual", False) is False

    def test_the_citizens_subcategory_is_a_hint_not_the_truth_pet_5(self, uow, register):
        # The citizen chose PARK; the text says street light, and the model's choice wins.
        register("000-20260102-00005", "PARK", text=CONFIDENT)
        with uow() as tx:
            row = handlers.get_assignment(tx, "000-20260102-00005")
        assert (row.subcategory_code, row.subcategory_hint) == ("STREET_LIGHT", "PARK")

    def test_an_unsure_prediction_is_queued_with_the_models_suggestions_pet_6_1(self, uow, register):
        decision = register("000-20260102-00002", text=UNSURE)
        assert isinstance(decision, QueueForDispatch)
        assert decision.suggestions[0] == Suggestion("ROAD_SURFACE", "NCEO", 0.3)
        with uow() as tx:
            row = handlers.get_assignment(tx, "000-20260102-00002")
        assert (row.status, row.agency_code, row.auto_assigned, row.confidence) == (
            "ASSIGNMENT_STATUS_PENDING_DISPATCH", None, False, 0.3)
        assert row.queue_reason == "routing model not confident enough: 0.30 < 0.60 needed for NCEO"
        [(key, data)] = outbox_events(uow)
        assert key == "case_queued_for_dispatch" and data["reason"] == row.queue_reason
        assert [s["subcategory_code"] for s in data["suggestions"]][:1] == ["ROAD_SURFACE"]
        assert len(data["suggestions"]) >= 3 and data["model_version"] == 1

    def test_the_global_default_threshold_is_a_setting(self, uow, intake, fixed_model):
        intake.texts["000-20260102-00006"] = PetitionContent(UNSURE, "")
        with uow() as tx:
            decision = handlers.handle_case_registered(tx, registered("000-20260102-00006"), content_of=intake,
                                                       model=(1, fixed_model), default_threshold=0.25)
        assert isinstance(decision, AssignTo)

    def test_the_same_case_registered_again_changes_nothing_and_does_not_ask_intake(self, uow, intake,
                                                                                    register):
        register("000-20260102-00004", "STREET_LIGHT", intake=intake)
        assert register("000-20260102-00004", "ROAD_SURFACE", intake=intake) is None
        assert intake.asked == ["000-20260102-00004"]
        with uow() as tx:
            assert handlers.get_assignment(tx, "000-20260102-00004").agency_code == "PPLO"
        assert len(outbox_events(uow)) == 1

    def test_when_intake_fails_the_handler_raises_and_nothing_is_stored(self, uow, intake, fixed_model):
        with uow() as tx, pytest.raises(ConnectionError):
            handlers.handle_case_registered(tx, registered("000-20260102-00007"), content_of=intake,
                                            model=(1, fixed_model))
        with uow() as tx, pytest.raises(NotFound):
            handlers.get_assignment(tx, "000-20260102-00007")
        assert outbox_events(uow) == []

    def test_an_event_without_a_case_number_is_rejected(self, uow, intake, fixed_model):
        event = new_event("intake", "case_registered", "", intake_events_pb2.CaseRegistered())
        with uow() as tx, pytest.raises(InvalidInput):
            handlers.handle_case_registered(tx, event, content_of=intake, model=(1, fixed_model))


class TestAgencyThreshold:
    def test_an_agencys_threshold_applies_to_its_cases_and_records_who_and_when_pet_5(self, uow, register):
        with uow() as tx:
            row = handlers.set_agency_threshold(tx, "PPLO", 0.95, "it-admin-3")
            tx.commit()
        assert (row.agency_code, row.threshold, row.set_by) == ("PPLO", 0.95, "it-admin-3") and row.set_at
        assert isinstance(register("000-20260102-00041", text=CONFIDENT), QueueForDispatch)
        with uow() as tx:
            handlers.set_agency_threshold(tx, "PPLO", 0.5, "it-admin-4")
            tx.commit()
        with uow() as tx:
            assert [(r.threshold, r.set_by) for r in handlers.list_agency_thresholds(tx)] == [(0.5, "it-admin-4")]
        assert isinstance(register("000-20260102-00042", text=CONFIDENT), AssignTo)

    def test_bad_settings_are_refused_with_every_problem(self, uow):
        with uow() as tx, pytest.raises(InvalidInput) as info:
            handlers.set_agency_threshold(tx, "NOPE", 1.5, "")
        for expected in ("'NOPE' is not a known agency", "threshold must be", "set_by is required"):
            assert expected in str(info.value)


class TestDispatchQueue:
    def test_the_queue_lists_only_waiting_cases_oldest_first_pet_6_1(self, uow, register):
        register("000-20260102-00012", "", RECEIVED + timedelta(minutes=2), text=UNSURE)
        register("000-20260102-00011", "", RECEIVED + timedelta(minutes=1), text=UNSURE)
        register("000-20260102-00013", "STREET_LIGHT")
        with uow() as tx:
            queue = handlers.list_dispatch_queue(tx)
            first = handlers.list_dispatch_queue(tx, 1)
        assert [r.case_number for r in queue] == ["000-20260102-00011", "000-20260102-00012"]
        assert [r.case_number for r in first] == ["000-20260102-00011"]


class TestDispatchCase:
    def dispatch(self, uow, number, **fields):
        fields = {"subcategory_code": "ROAD_SURFACE", "agency_code": "", "dispatched_by": "reception-07", **fields}
        with uow() as tx:
            row = handlers.dispatch_case(tx, number, **fields)
            tx.commit()
        return row

    def test_a_queued_case_goes_to_the_subcategorys_default_agency_and_records_who_and_when_pet_6_1(
            self, uow, register):
        register("000-20260102-00021", text=UNSURE)
        row = self.dispatch(uow, "000-20260102-00021")
        assert (row.status, row.agency_code, row.subcategory_code, row.manual, row.dispatched_by) == (
            "ASSIGNMENT_STATUS_ASSIGNED", "NCEO", "ROAD_SURFACE", True, "reception-07")
        assert row.dispatched_at is not None and row.dispatched_at == row.assigned_at
        keys = [key for key, _ in outbox_events(uow)]
        assert keys == ["case_queued_for_dispatch", "case_assigned", "case_dispatched"]
        _, assigned = outbox_events(uow)[1]
        _, dispatched = outbox_events(uow)[2]
        assert assigned["manual"] is True
        assert dispatched["previous_status"] == "ASSIGNMENT_STATUS_PENDING_DISPATCH"
        assert dispatched["dispatched_by"] == "reception-07"
        with uow() as tx:
            assert handlers.list_dispatch_queue(tx) == []

    def test_a_named_agency_overrides_the_default(self, uow, register):
        register("000-20260102-00022", "NOT_A_CODE", text=UNSURE)
        assert self.dispatch(uow, "000-20260102-00022", agency_code="PWD").agency_code == "PWD"

    def test_an_assigned_case_is_a_failed_precondition_and_nothing_changes(self, uow, register):
        register("000-20260102-00023", "STREET_LIGHT")
        with pytest.raises(Conflict, match="already assigned to PPLO"):
            self.dispatch(uow, "000-20260102-00023")
        assert len(outbox_events(uow)) == 1

    def test_an_unknown_case_is_not_found(self, uow):
        with pytest.raises(NotFound):
            self.dispatch(uow, "000-20260102-09999")

    def test_bad_input_is_rejected_before_anything_is_stored(self, uow, register):
        register("000-20260102-00024", text=UNSURE)
        with pytest.raises(InvalidInput, match="not a known sub-category"):
            self.dispatch(uow, "000-20260102-00024", subcategory_code="NOPE")
        with uow() as tx:
            assert handlers.get_assignment(tx, "000-20260102-00024").status == "ASSIGNMENT_STATUS_PENDING_DISPATCH"
            assert tx.session.execute(select(func.count()).select_from(orm.outbox)).scalar_one() == 1


class TestConcurrentDispatch:
    def test_two_receptionists_dispatching_one_case_at_once_one_wins_the_other_is_told_pet_6_1(
            self, uow, register):
        register("000-20260102-00031", text=UNSURE)
        outcome: dict[str, object] = {}

        def second_receptionist():
            try:
                with uow() as tx:
                    handlers.dispatch_case(tx, "000-20260102-00031", subcategory_code="STREET_LIGHT",
                                           agency_code="", dispatched_by="reception-02")
                    tx.commit()
                outcome["second"] = "dispatched"
            except Conflict as exc:
                outcome["second"] = exc

        with uow() as first:
            handlers.dispatch_case(first, "000-20260102-00031", subcategory_code="ROAD_SURFACE",
                                   agency_code="", dispatched_by="reception-01")
            # The second waits on the row lock until the first commits, then sees the case assigned.
            thread = threading.Thread(target=second_receptionist)
            thread.start()
            thread.join(0.5)
            assert thread.is_alive()
            first.commit()
        thread.join(10)
        assert isinstance(outcome["second"], Conflict)
        with uow() as tx:
            row = handlers.get_assignment(tx, "000-20260102-00031")
        assert (row.agency_code, row.dispatched_by) == ("NCEO", "reception-01")
        assert [key for key, _ in outbox_events(uow)].count("case_assigned") == 1


class TestLoadTaxonomyCommand:
    def test_civicase_routing_load_taxonomy_upserts_and_reports_counts(self, uow, capsys):
        from routing import routing_cli

        url = uow.engine.url.render_as_string(hide_password=False)
        assert routing_cli.main(["load-taxonomy", "--database-url", url]) == 0
        assert "37 agencies, 14 categories, 51 sub-categories" in capsys.readouterr().out

    def test_an_unreachable_database_is_a_clear_error(self, capsys):
        from routing import routing_cli

        url = "postgresql+psycopg://postgres@localhost:5432/civicase_routing_no_such_db"
        assert routing_cli.main(["load-taxonomy", "--database-url", url]) == 1
        assert "is the database up and migrated" in capsys.readouterr().err
