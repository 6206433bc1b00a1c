"""Unit tests of learning from corrections (PET-5): how dispatches (PET-6.1) and re-assignments (PET-9.5,
and settled disputes, PET-9.4) become labelled examples, the promotion rule "not worse", and the report
window of the accuracy report."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from civicase_platform.errors import InvalidInput
from routing.domain.accuracy import AccuracyCounts, report_window
from routing.domain.corrections import CorrectionSource, from_dispatch, from_reassignment, training_examples
from routing.domain.promotion import decide_promotion


class TestCorrectionLabelling:
    def test_a_dispatch_labels_the_receptionists_choice_right_and_the_models_top_suggestion_wrong_pet_6_1(self):
        c = from_dispatch(case_number="000-20260102-00001", subcategory_code="AIR_ODOR", agency_code="DEP",
                          dispatched_by="reception-01", suggested_subcategory_code="FOOD_SAFETY",
                          suggested_agency_code="DOH", model_version=3)
        assert (c.source, c.subcategory_code, c.agency_code) == (CorrectionSource.DISPATCH, "AIR_ODOR", "DEP")
        assert (c.wrong_subcategory_code, c.wrong_agency_code, c.model_version) == ("FOOD_SAFETY", "DOH", 3)
        assert c.model_was_wrong

    def test_a_dispatch_that_agrees_with_the_model_is_a_confirmed_example_not_an_error(self):
        c = from_dispatch(case_number="n", subcategory_code="AIR_ODOR", agency_code="DEP", dispatched_by="r",
                          suggested_subcategory_code="AIR_ODOR", suggested_agency_code="DEP", model_version=3)
        assert not c.model_was_wrong

    def test_a_dispatch_without_a_model_has_no_model_version(self):
        c = from_dispatch(case_number="n", subcategory_code="AIR_ODOR", agency_code="DEP", dispatched_by="r",
                          suggested_subcategory_code="", suggested_agency_code="", model_version=0)
        assert c.model_version is None

    def test_a_reassignment_labels_the_new_assignment_right_and_the_previous_one_wrong_pet_9_5(self):
        c = from_reassignment(case_number="n", source="reassignment", subcategory_code="ROAD_EXCAVATION",
                              agency_code="NCEO", previous_subcategory_code="ROAD_SURFACE",
                              previous_agency_code="NCEO", reassigned_by="staff-1", model_version=2)
        assert c.source is CorrectionSource.REASSIGNMENT
        assert (c.wrong_subcategory_code, c.subcategory_code, c.actor) == ("ROAD_SURFACE", "ROAD_EXCAVATION", "staff-1")
        assert c.model_was_wrong

    def test_a_settled_jurisdiction_dispute_keeps_its_source_pet_9_4(self):
        c = from_reassignment(case_number="n", source="jurisdiction_dispute", subcategory_code="SEWER",
                              agency_code="SEWER_OFFICE", previous_subcategory_code="DRAINAGE",
                              previous_agency_code="HEO", reassigned_by="rdec", model_version=1)
        assert c.source is CorrectionSource.JURISDICTION_DISPUTE

    @pytest.mark.parametrize("source", ["", "dispatch", "something else"])
    def test_an_unknown_or_empty_source_of_a_reassignment_counts_as_a_reassignment(self, source):
        c = from_reassignment(case_number="n", source=source, subcategory_code="A", agency_code="B",
                              previous_subcategory_code="C", previous_agency_code="D", reassigned_by="x",
                              model_version=0)
        assert c.source is CorrectionSource.REASSIGNMENT

    def test_one_example_per_case_the_latest_label_wins_and_empty_texts_are_skipped(self):
        examples = training_examples([("n1", "路面坑洞", "ROAD_SURFACE"), ("n2", " ", "PARK"),
                                      ("n1", "路面坑洞", "ROAD_EXCAVATION")])
        assert [(e.text, e.subcategory) for e in examples] == [("路面坑洞", "ROAD_EXCAVATION")]


class TestPromotionRule:
    """PET-5: a retrained version replaces the promoted one only if it is not worse on the held-out split."""

    def test_the_first_version_is_always_promoted(self):
        assert decide_promotion({"subcategory_top1": 0.5}, None).promote

    def test_equal_is_not_worse_and_is_promoted(self):
        decision = decide_promotion({"subcategory_top1": 0.923}, {"subcategory_top1": 0.923})
        assert decision.promote and "0.9230" in decision.reason

    def test_worse_by_one_petition_is_not_promoted(self):
        assert not decide_promotion({"subcategory_top1": 467 / 507}, {"subcategory_top1": 468 / 507}).promote

    def test_a_minimum_gain_must_be_reached(self):
        assert not decide_promotion({"subcategory_top1": 0.93}, {"subcategory_top1": 0.92}, min_gain=0.02).promote
        assert decide_promotion({"subcategory_top1": 0.94}, {"subcategory_top1": 0.92}, min_gain=0.02).promote


class TestReportWindow:
    NOW = datetime(2026, 3, 4, 2, 0, tzinfo=UTC)  # a Wednesday in Taipei

    def test_by_default_twelve_weeks_back_from_this_weeks_monday_per_week(self):
        day, bucket, since_at = report_window("", "", now=self.NOW)
        assert (day, bucket) == (date(2025, 12, 8), "week")
        assert since_at.utcoffset().total_seconds() == 8 * 3600

    def test_a_given_day_and_bucket_are_kept(self):
        assert report_window("2026-01-05", "month", now=self.NOW)[:2] == (date(2026, 1, 5), "month")

    @pytest.mark.parametrize(("since", "bucket", "message"), [("2026-13-01", "week", "YYYY-MM-DD"),
                                                              ("", "year", "bucket must be")])
    def test_bad_input_is_named(self, since, bucket, message):
        with pytest.raises(InvalidInput, match=message):
            report_window(since, bucket, now=self.NOW)

    def test_first_try_rate_is_right_over_auto_assigned_and_zero_without_any(self):
        counts = AccuracyCounts(date(2026, 1, 5), "PPLO", 5, 4, 3, 1, 1)
        assert (counts.first_try_correct_rate, counts.corrected) == (0.75, 1)
        assert AccuracyCounts(date(2026, 1, 5), "", 1, 0, 0, 1, 0).first_try_correct_rate == 0.0
