"""Unit tests of routing's assignment rules: automatic routing by sub-category (PET-5), the manual
dispatch queue and what a receptionist's dispatch must contain (PET-6.1)."""

from __future__ import annotations

import pytest

from civicase_platform.errors import Conflict, InvalidInput
from routing.domain.assignment import (
    AssignmentStatus,
    AssignTo,
    QueueForDispatch,
    choose_assignment,
    ensure_dispatchable,
    queue_limit,
    validate_dispatch,
)

DIRECTORY = {"STREET_LIGHT": "PPLO", "ROAD_SURFACE": "NCEO", "ILLEGAL_PARKING": "TPD"}
AGENCIES = frozenset({"PPLO", "NCEO", "TPD", "PWD"})


class TestChooseAssignment:
    def test_a_known_subcategory_goes_to_its_default_agency_pet_5(self):
        assert choose_assignment("STREET_LIGHT", DIRECTORY) == AssignTo("STREET_LIGHT", "PPLO")

    def test_surrounding_blanks_around_a_known_code_are_ignored(self):
        assert choose_assignment(" ROAD_SURFACE ", DIRECTORY) == AssignTo("ROAD_SURFACE", "NCEO")

    @pytest.mark.parametrize("hint", ["", "   "])
    def test_no_subcategory_chosen_queues_for_manual_dispatch_pet_6_1(self, hint):
        assert choose_assignment(hint, DIRECTORY) == QueueForDispatch("no sub-category chosen")

    def test_an_unknown_subcategory_queues_and_names_it_pet_6_1(self):
        assert choose_assignment("MOON_LANDING", DIRECTORY) == QueueForDispatch(
            "unknown sub-category MOON_LANDING")

    def test_codes_are_case_sensitive_as_in_the_taxonomy(self):
        assert isinstance(choose_assignment("street_light", DIRECTORY), QueueForDispatch)

    def test_an_empty_directory_queues_everything(self):
        assert isinstance(choose_assignment("STREET_LIGHT", {}), QueueForDispatch)


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
