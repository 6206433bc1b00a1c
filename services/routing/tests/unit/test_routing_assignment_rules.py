"""Unit tests of routing's assignment rules: automatic routing by the model's confidence against the
agency's threshold (PET-5), the manual dispatch queue and what a receptionist's dispatch must contain
(PET-6.1), and what a re-assignment must contain (PET-9.5)."""

from __future__ import annotations

import pytest

from civicase_platform.errors import Conflict, InvalidInput
from routing.domain.assignment import (
    MIN_SUGGESTIONS,
    AssignmentStatus,
    AssignTo,
    QueueForDispatch,
    Suggestion,
    choose_assignment,
    ensure_dispatchable,
    ensure_reassignable,
    queue_limit,
    threshold_for,
    validate_dispatch,
    validate_reassignment,
    validate_threshold,
)
from routing.domain.classifier import Alternative, Prediction

DIRECTORY = {"STREET_LIGHT": "PPLO", "ROAD_SURFACE": "NCEO", "SIDEWALK": "NCEO", "ILLEGAL_PARKING": "TPD"}
AGENCIES = frozenset({"PPLO", "NCEO", "TPD", "PWD"})


def prediction(subcategory: str = "STREET_LIGHT", confidence: float = 0.9) -> Prediction:
    agency = DIRECTORY.get(subcategory, "XXX")
    others = [code for code in DIRECTORY if code != subcategory]
    return Prediction(subcategory, agency, confidence, tuple(
        Alternative(code, DIRECTORY[code], (1 - confidence) / len(others)) for code in others))


class TestChooseAssignment:
    """PET-5: the model decides when it is confident enough for the predicted agency; else PET-6.1."""

    def decide(self, p, thresholds=None, default=0.6):
        return choose_assignment(p, default_agency_of=DIRECTORY, agency_thresholds=thresholds or {},
                                 default_threshold=default)

    def test_a_confident_prediction_is_auto_assigned_to_the_predicted_agency_pet_5(self):
        decision = self.decide(prediction("STREET_LIGHT", 0.9))
        assert isinstance(decision, AssignTo)
        assert (decision.subcategory_code, decision.agency_code, decision.confidence) == ("STREET_LIGHT", "PPLO", 0.9)

    def test_confidence_exactly_at_the_threshold_is_enough(self):
        assert isinstance(self.decide(prediction(confidence=0.6)), AssignTo)

    def test_below_the_threshold_the_case_is_queued_with_at_least_three_suggestions_pet_6_1(self):
        decision = self.decide(prediction("ROAD_SURFACE", 0.59))
        assert isinstance(decision, QueueForDispatch)
        assert decision.reason == "routing model not confident enough: 0.59 < 0.60 needed for NCEO"
        assert len(decision.suggestions) >= MIN_SUGGESTIONS
        assert decision.suggestions[0] == Suggestion("ROAD_SURFACE", "NCEO", 0.59)
        assert [s.score for s in decision.suggestions] == sorted((s.score for s in decision.suggestions), reverse=True)

    def test_an_agencys_own_threshold_overrides_the_default_for_its_cases_only_pet_5(self):
        strict = {"PPLO": 0.95}
        assert isinstance(self.decide(prediction("STREET_LIGHT", 0.9), strict), QueueForDispatch)
        assert isinstance(self.decide(prediction("ROAD_SURFACE", 0.9), strict), AssignTo)
        lenient = {"NCEO": 0.3}
        assert isinstance(self.decide(prediction("ROAD_SURFACE", 0.4), lenient), AssignTo)

    def test_without_text_there_is_nothing_to_classify_and_the_case_is_queued(self):
        assert self.decide(None) == QueueForDispatch("no petition text to classify")

    def test_a_prediction_outside_the_directory_is_never_auto_assigned(self):
        decision = self.decide(Prediction("MOON_LANDING", "XXX", 0.99, ()))
        assert isinstance(decision, QueueForDispatch) and "not in the directory" in decision.reason

    def test_threshold_for_falls_back_to_the_default(self):
        assert threshold_for("PPLO", {"NCEO": 0.9}, 0.6) == 0.6
        assert threshold_for("NCEO", {"NCEO": 0.9}, 0.6) == 0.9

    @pytest.mark.parametrize("value", [0.0, -0.1, 1.01, float("nan"), "0.5"])
    def test_a_threshold_must_be_in_zero_to_one(self, value):
        with pytest.raises(InvalidInput, match="threshold must be"):
            validate_threshold(value)

    @pytest.mark.parametrize("value", [0.01, 0.6, 1.0, 1])
    def test_thresholds_in_range_are_kept(self, value):
        assert validate_threshold(value) == float(value)


class TestReassignment:
    """PET-9.5: direct re-assignment needs a target, the person and a specific reason."""

    def valid(self, **overrides):
        fields = dict(subcategory_code="ROAD_SURFACE", agency_code="", actor="staff-12",
                      reason="joint on-site inspection: the pothole is in a road dug up by the water company",
                      default_agency_of=DIRECTORY, agency_codes=AGENCIES)
        return validate_reassignment(**{**fields, **overrides})

    def test_a_complete_reassignment_defaults_to_the_subcategorys_agency(self):
        target = self.valid()
        assert (target.subcategory_code, target.agency_code, target.actor) == ("ROAD_SURFACE", "NCEO", "staff-12")

    def test_every_problem_is_listed_and_the_reason_is_required(self):
        with pytest.raises(InvalidInput) as info:
            self.valid(subcategory_code="NOPE", agency_code="NOPE", actor="", reason="  ")
        message = str(info.value)
        for expected in ("'NOPE' is not a known sub-category", "'NOPE' is not a known agency",
                         "actor is required", "reason is required"):
            assert expected in message

    def test_only_an_assigned_case_can_be_reassigned(self):
        with pytest.raises(Conflict, match="dispatch it instead"):
            ensure_reassignable("000-20260102-00001", AssignmentStatus.PENDING_DISPATCH.value, None, None,
                                self.valid())

    def test_reassigning_to_where_the_case_already_is_is_refused(self):
        with pytest.raises(Conflict, match="nothing to re-assign"):
            ensure_reassignable("000-20260102-00001", AssignmentStatus.ASSIGNED.value, "ROAD_SURFACE", "NCEO",
                                self.valid())

    def test_another_subcategory_of_the_same_agency_is_a_reassignment(self):
        ensure_reassignable("000-20260102-00001", AssignmentStatus.ASSIGNED.value, "SIDEWALK", "NCEO",
                            self.valid())


class TestValidateDispatch:
    def valid(self, **overrides):
        fields = dict(subcategory_code="STREET_LIGHT", agency_code="", dispatched_by="reception-01",
                      default_agency_of=DIRECTORY, agency_codes=AGENCIES)
        return validate_dispatch(**{**fields, **overrides})

    def test_without_an_agency_the_subcategorys_default_agency_takes_it(self):
        dispatch = self.valid()
        assert (dispatch.subcategory_code, dispatch.agency_code, dispatch.dispatched_by) == (
            "STREET_LIGHT", "PPLO", "reception-01")

    def test_a_named_existing_agency_overrides_the_default(self):
        assert self.valid(agency_code="PWD").agency_code == "PWD"

    def test_every_problem_is_listed_at_once(self):
        with pytest.raises(InvalidInput) as info:
            self.valid(subcategory_code="", agency_code="NOPE", dispatched_by=" ")
        message = str(info.value)
        assert "subcategory_code is required" in message
        assert "'NOPE' is not a known agency" in message
        assert "dispatched_by is required" in message

    def test_an_unknown_subcategory_is_invalid(self):
        with pytest.raises(InvalidInput, match="'MOON_LANDING' is not a known sub-category"):
            self.valid(subcategory_code="MOON_LANDING")


class TestEnsureDispatchable:
    def test_a_queued_case_can_be_dispatched(self):
        ensure_dispatchable("000-20260102-00001", AssignmentStatus.PENDING_DISPATCH.value, None)

    def test_an_assigned_case_cannot_be_dispatched_again(self):
        with pytest.raises(Conflict, match="already assigned to PPLO"):
            ensure_dispatchable("000-20260102-00001", AssignmentStatus.ASSIGNED.value, "PPLO")


class TestQueueLimit:
    @pytest.mark.parametrize(("requested", "expected"), [(0, 50), (1, 1), (500, 500), (501, 500), (10**6, 500)])
    def test_default_is_50_and_at_most_500(self, requested, expected):
        assert queue_limit(requested) == expected

    def test_a_negative_limit_is_invalid(self):
        with pytest.raises(InvalidInput, match="limit"):
            queue_limit(-1)
