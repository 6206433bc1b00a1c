"""Integration tests of learning from corrections (PET-5) on the real test database: re-assignment with a
reason (PET-9.5), corrections recorded from manual dispatch (PET-6.1) and re-assignment events, model
versions stored and promoted only when not worse, the promoted model reloaded, and the accuracy report
computed from assignment rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from civicase_platform.errors import Conflict, InvalidInput, NotFound
from civicase_platform.events import CloudEvent, parse_event
from routing import handlers
from routing.adapters import model_registry, orm
from routing.adapters.intake_content import PetitionContent
from routing.domain.classifier import train
from routing.domain.corpus import load_split

pytestmark = pytest.mark.integration

CONFIDENT, UNSURE = "STREET_LIGHT 0.9", "ROAD_SURFACE 0.3"
REASON = "joint on-site inspection: the lamp post belongs to the MRT construction site"


def outbox(uow) -> list[CloudEvent]:
    with uow() as tx:
        rows = tx.session.execute(select(orm.outbox.c.envelope).order_by(orm.outbox.c.seq)).scalars().all()
    return [parse_event(envelope) for envelope in rows]


def correction_rows(uow):
    with uow() as tx:
        return tx.session.execute(select(orm.corrections).order_by(orm.corrections.c.id)).all()


def record_corrections(uow, intake):
    """What routing's own consumers do with the correction events in its outbox."""
    for event in outbox(uow):
        if event.type in ("case_dispatched", "case_reassigned"):
            with uow() as tx:
                handlers.record_correction(tx, event, content_of=intake)
                tx.commit()


def reassign(uow, number, **fields):
    fields = {"subcategory_code": "MRT_CONSTRUCTION", "agency_code": "", "actor": "staff-12", "reason": REASON,
              **fields}
    with uow() as tx:
        row = handlers.reassign_case(tx, number, **fields)
        tx.commit()
    return row


class TestReassignCase:
    def test_a_reassignment_moves_the_case_and_announces_it_twice_pet_9_5(self, uow, register):
        register("000-20260105-00001", text=CONFIDENT)
        row = reassign(uow, "000-20260105-00001")
        assert (row.agency_code, row.subcategory_code, row.manual, row.reassigned_by, row.reassign_reason) == (
            "DORTS", "MRT_CONSTRUCTION", True, "staff-12", REASON)
        assert row.reassigned_at is not None and row.reassignments == 1
        assert (row.auto_assigned, row.predicted_agency_code) == (True, "PPLO")  # what the model did is kept
        types = [e.type for e in outbox(uow)]
        assert types == ["case_assigned", "case_assigned", "case_reassigned"]
        again, moved = outbox(uow)[1].data, outbox(uow)[2].data
        assert (again["agency_code"], again["manual"], again["reassigned"]) == ("DORTS", True, True)
        assert (moved["previous_agency_code"], moved["previous_subcategory_code"]) == ("PPLO", "STREET_LIGHT")
        assert (moved["agency_code"], moved["reason"], moved["source"], moved["model_version"]) == (
            "DORTS", REASON, "reassignment", 1)
        assert moved["previous_auto_assigned"] is True

    def test_a_queued_case_is_dispatched_not_reassigned(self, uow, register):
        register("000-20260105-00002", text=UNSURE)
        with pytest.raises(Conflict, match="dispatch it instead"):
            reassign(uow, "000-20260105-00002")

    def test_without_a_reason_nothing_changes_pet_9_5(self, uow, register):
        register("000-20260105-00003", text=CONFIDENT)
        with pytest.raises(InvalidInput, match="reason is required"):
            reassign(uow, "000-20260105-00003", reason=" ")
        assert len(outbox(uow)) == 1

    def test_an_unknown_case_is_not_found(self, uow):
        with pytest.raises(NotFound):
            reassign(uow, "000-20260105-09999")


class TestCorrections:
    def test_a_manual_dispatch_is_recorded_with_the_text_the_right_label_and_the_models_pet_6_1(
            self, uow, register, intake):
        intake.texts["000-20260105-00011"] = PetitionContent("ROAD_SURFACE 0.3", "")
        register("000-20260105-00011", intake=intake, version=4)
        with uow() as tx:
            handlers.dispatch_case(tx, "000-20260105-00011", subcategory_code="SIDEWALK", agency_code="",
                                   dispatched_by="reception-07")
            tx.commit()
        dispatched = outbox(uow)[-1]
        assert (dispatched.data["suggested_subcategory_code"], dispatched.data["model_version"]) == (
            "ROAD_SURFACE", 4)
        record_corrections(uow, intake)
        record_corrections(uow, intake)  # a redelivered event adds nothing
        [row] = correction_rows(uow)
        assert (row.case_number, row.source, row.text, row.subcategory_code, row.agency_code) == (
            "000-20260105-00011", "dispatch", "ROAD_SURFACE 0.3", "SIDEWALK", "NCEO")
        assert (row.wrong_subcategory_code, row.wrong_agency_code, row.model_version, row.actor) == (
            "ROAD_SURFACE", "NCEO", 4, "reception-07")

    def test_a_reassignment_is_recorded_with_the_previous_labels_as_wrong_pet_9_5(self, uow, register, intake):
        intake.texts["000-20260105-00012"] = PetitionContent(CONFIDENT, "STREET_LIGHT")
        register("000-20260105-00012", intake=intake)
        reassign(uow, "000-20260105-00012")
        record_corrections(uow, intake)
        [row] = correction_rows(uow)
        assert (row.source, row.subcategory_code, row.agency_code, row.wrong_subcategory_code,
                row.wrong_agency_code, row.actor) == (
            "reassignment", "MRT_CONSTRUCTION", "DORTS", "STREET_LIGHT", "PPLO", "staff-12")

    def test_a_settled_jurisdiction_dispute_uses_the_same_path_pet_9_4(self, uow, register, intake):
        intake.texts["000-20260105-00013"] = PetitionContent(CONFIDENT, "")
        register("000-20260105-00013", intake=intake)
        reassign(uow, "000-20260105-00013", source="jurisdiction_dispute", actor="rdec-chief-secretary",
                 reason="PET-9.4 ruling: the competent authority of the business")
        record_corrections(uow, intake)
        assert [r.source for r in correction_rows(uow)] == ["jurisdiction_dispute"]

    def test_when_intake_fails_no_correction_is_recorded_and_the_consumer_will_retry(self, uow, register, intake):
        register("000-20260105-00014", text=CONFIDENT)
        reassign(uow, "000-20260105-00014")
        with pytest.raises(ConnectionError):
            record_corrections(uow, intake)
        assert correction_rows(uow) == []


def small_bad_model(examples):
    """A model trained on one example in fifteen without calibration: clearly worse on the held-out split."""
    return train(list(examples)[::15], calibrate=False)


class TestModelVersions:
    def test_the_first_start_registers_one_promoted_version_with_held_out_metrics_pet_5(self, uow, real_model):
        with uow() as tx:
            first = model_registry.ensure_initial_version(tx.session, lambda: real_model)
            again = model_registry.ensure_initial_version(tx.session, lambda: pytest.fail("trained twice"))
            tx.commit()
        assert first == again == 1
        with uow() as tx:
            [v] = handlers.list_model_versions(tx)
        assert (v.version, v.promoted, v.corrections) == (1, True, 0)
        assert v.training_set.startswith("corpus train.jsonl") and v.metrics["n"] == len(load_split("test"))
        assert v.metrics["agency_top1"] >= 0.90 and v.metrics["subcategory_top3"] >= 0.97

    def test_retrain_adds_the_corrections_and_keeps_a_worse_model_unpromoted_pet_5(
            self, uow, real_model, register, intake):
        with uow() as tx:
            model_registry.ensure_initial_version(tx.session, lambda: real_model)
            tx.commit()
        register("000-20260105-00021", intake=intake, text=UNSURE)
        with uow() as tx:
            handlers.dispatch_case(tx, "000-20260105-00021", subcategory_code="TRAFFIC_SIGNAL", agency_code="",
                                   dispatched_by="reception-01")
            tx.commit()
        intake.texts["000-20260105-00021"] = PetitionContent("路口紅綠燈秒數太短，請調整。", "")
        record_corrections(uow, intake)
        seen: list = []

        def trainer(examples):
            seen.extend(examples)
            return small_bad_model(examples)

        with uow() as tx:
            result = handlers.retrain(tx, trainer=trainer)
            tx.commit()
        assert seen[-1].text == "路口紅綠燈秒數太短，請調整。" and seen[-1].subcategory == "TRAFFIC_SIGNAL"
        assert (result.version, result.previous_version, result.correction_examples) == (2, 1, 1)
        assert not result.decision.promote
        assert result.metrics["subcategory_top1"] < result.previous_metrics["subcategory_top1"]
        with uow() as tx:
            versions = {v.version: v for v in handlers.list_model_versions(tx)}
            assert model_registry.promoted_version(tx.session) == 1
        assert versions[2].corrections == 1 and "1 corrections" in versions[2].training_set
        assert "promotion" in versions[2].metrics

    def test_a_retrained_model_that_is_not_worse_is_promoted_and_workers_load_it_pet_5(self, uow, real_model):
        with uow() as tx:
            model_registry.ensure_initial_version(tx.session, lambda: small_bad_model(load_split("train")))
            tx.commit()
        cache = model_registry.ModelCache(uow.engine, check_seconds=0)
        assert cache.current()[0] == 1
        with uow() as tx:
            result = handlers.retrain(tx, trainer=lambda examples: real_model)
            tx.commit()
        assert result.decision.promote and result.version == 2
        assert cache.current()[0] == 2
        with uow() as tx:
            assert [v.promoted for v in handlers.list_model_versions(tx)] == [True, False]

    def test_the_retrain_command_prints_both_figures_and_the_decision(self, uow, real_model, capsys, monkeypatch):
        from routing import routing_cli

        with uow() as tx:
            model_registry.ensure_initial_version(tx.session, lambda: real_model)
            tx.commit()
        monkeypatch.setattr(handlers, "train", small_bad_model)
        url = uow.engine.url.render_as_string(hide_password=False)
        assert routing_cli.main(["retrain", "--database-url", url]) == 0
        out = capsys.readouterr().out
        assert "new version 2:" in out and "promoted version 1:" in out and "NOT promoted" in out


class TestRoutingReport:
    WEEK = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)  # Monday 10:00 in Taipei

    def add(self, uow, number, *, predicted, final, auto, days=0, status="ASSIGNMENT_STATUS_ASSIGNED"):
        agency_of = {"STREET_LIGHT": "PPLO", "PARK": "PPLO", "ROAD_SURFACE": "NCEO", None: None}
        with uow() as tx:
            tx.session.execute(orm.assignments.insert().values(
                case_number=number, received_at=self.WEEK + timedelta(days=days), status=status,
                subcategory_code=final, agency_code=agency_of[final], model_version=1, confidence=0.5,
                predicted_subcategory_code=predicted, predicted_agency_code=agency_of[predicted],
                auto_assigned=auto, suggestions=[],
            ))
            tx.commit()

    def test_first_try_correct_rates_per_agency_and_subcategory_per_week_pet_5(self, uow):
        self.add(uow, "c1", predicted="STREET_LIGHT", final="STREET_LIGHT", auto=True)
        self.add(uow, "c2", predicted="STREET_LIGHT", final="PARK", auto=True)        # same agency, other sub
        self.add(uow, "c3", predicted="STREET_LIGHT", final="ROAD_SURFACE", auto=True)  # re-assigned away
        self.add(uow, "c4", predicted="ROAD_SURFACE", final="ROAD_SURFACE", auto=False)  # queued, top-1 right
        self.add(uow, "c5", predicted="ROAD_SURFACE", final=None, auto=False,
                 status="ASSIGNMENT_STATUS_PENDING_DISPATCH")
        self.add(uow, "c6", predicted="STREET_LIGHT", final="STREET_LIGHT", auto=True, days=7)  # next week
        with uow() as tx:
            report = handlers.routing_report(tx, since="2026-01-01", now=self.WEEK)
        overall = {(r.period_start.isoformat(), r.key): r for r in report["overall"]}
        first = overall[("2026-01-05", "")]
        assert (first.cases, first.auto_assigned, first.auto_correct, first.queued, first.queued_top1_correct) == (
            5, 3, 2, 2, 1)
        assert first.first_try_correct_rate == pytest.approx(2 / 3)
        assert overall[("2026-01-12", "")].first_try_correct_rate == 1.0
        agency = {(r.period_start.isoformat(), r.key): r for r in report["by_agency"]}
        assert (agency[("2026-01-05", "PPLO")].auto_assigned, agency[("2026-01-05", "PPLO")].auto_correct) == (2, 2)
        nceo = agency[("2026-01-05", "NCEO")]
        assert (nceo.auto_assigned, nceo.auto_correct, nceo.queued, nceo.queued_top1_correct) == (1, 0, 1, 1)
        assert agency[("2026-01-05", "")].queued == 1  # still waiting: no truth yet
        sub = {(r.period_start.isoformat(), r.key): r for r in report["by_subcategory"]}
        assert (sub[("2026-01-05", "PARK")].auto_assigned, sub[("2026-01-05", "PARK")].auto_correct) == (1, 0)
        assert sub[("2026-01-05", "STREET_LIGHT")].first_try_correct_rate == 1.0

    def test_the_report_command_prints_json(self, uow, capsys):
        import json

        from routing import routing_cli

        self.add(uow, "c1", predicted="STREET_LIGHT", final="STREET_LIGHT", auto=True)
        url = uow.engine.url.render_as_string(hide_password=False)
        assert routing_cli.main(["report", "--since", "2026-01-01", "--json", "--database-url", url]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["overall"][0]["first_try_correct_rate"] == 1.0 and data["by_agency"][0]["key"] == "PPLO"
        assert routing_cli.main(["report", "--since", "2026-01-01", "--database-url", url]) == 0
        assert "per agency" in capsys.readouterr().out
        assert routing_cli.main(["report", "--since", "yesterday", "--database-url", url]) == 2
