"""QUALITY GATE (PET-12): the masking engine's measured quality on the labelled held-out set must not drop.

The thresholds are what the engine reaches today on the held-out part (written before any tuning and
never tuned on), rounded down — not the goals. Goals not yet met on held-out: overall span F1 ≥ 0.97
(now ≈0.957), PERSON recall ≥ 0.95 (now ≈0.87), TW_ID recall 1.00 (a letter typed inside the digits is
missed). Reads the evaluation files shipped in tests/data (the only file I/O of the masking unit tests).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[4] / "bench" / "masking_eval.py"


@pytest.fixture(scope="module")
def evaluation():
    spec = importlib.util.spec_from_file_location("masking_eval", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score(evaluation, part: str):
    records = evaluation.load(evaluation.PARTS[part])
    ours, _ = evaluation.evaluate(records, evaluation.predict_ours)
    baseline, _ = evaluation.evaluate(records, evaluation.predict_baseline)
    return ours, baseline


class TestMaskingQualityGate:
    """PET-12 quality gate on the held-out set (and a looser check on dev)."""

    def test_held_out_overall_span_and_character_f1_stay_at_todays_level(self, evaluation) -> None:
        ours, baseline = score(evaluation, "held-out")
        assert ours.overall()[2] >= 0.95
        assert ours.characters()[2] >= 0.98
        assert ours.overall()[2] > baseline.overall()[2] + 0.5

    @pytest.mark.parametrize("span_type", ["RESIDENT_CERT", "PHONE", "EMAIL", "CARD", "PLATE"])
    def test_held_out_recall_is_complete_for_structured_types(self, evaluation, span_type: str) -> None:
        ours, _ = score(evaluation, "held-out")
        assert ours.per_type(span_type)[1] == 1.0

    def test_held_out_person_and_national_id_recall_stay_at_todays_level(self, evaluation) -> None:
        ours, _ = score(evaluation, "held-out")
        assert ours.per_type("PERSON")[1] >= 0.86
        assert ours.per_type("TW_ID")[1] >= 0.8

    def test_dev_overall_span_f1_meets_the_goal(self, evaluation) -> None:
        ours, _ = score(evaluation, "dev")
        assert ours.overall()[2] >= 0.97
