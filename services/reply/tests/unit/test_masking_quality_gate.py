"""QUALITY GATE (PET-12): the masking engine's measured quality on the labelled sets must not drop.

The thresholds are what the engine reaches today, rounded down — not the goals. Round 2 of PET-12 (role
and kinship cues, 冠夫姓 / 阮氏 names, signatures, English closings, agency lines; driven by dev only) took
the BLIND set (never tuned on) from span F1 0.911 / PERSON recall 0.699 to 0.934 / 0.774. Round 3 (a
statistical scorer for names without a context cue, trained and cross-validated on dev, dev2, held-out
and fresh with routing-corpus petitions as negatives; a few cue-rule fixes) took blind to span P 0.980 /
F1 0.959 and PERSON P 0.964 / R 0.860, held-out to F1 0.992 / PERSON R 1.000 (held-out is a training
part of the scorer since round 3, so its figures are no longer an unseen-text estimate; the blind set
and the cross-validated figures of bench/train_name_scorer.py are). Goals not yet met on blind: overall
span F1 ≥ 0.97 and PERSON recall ≥ 0.95. Round 5 (session 3) turned blind and blind2 into tuning sets, added
two helper-written training sets (t1, t2: 952 texts, 940 names) and measured a third blind set (blind3, 408
texts written without the engine) once before (the session-2 engine: span F1 0.849, PERSON R 0.651) and once
after (0.920, PERSON P/R 0.977/0.814) — still short of the goals. Round 6 (session 4: given-name character
statistics, rarer surnames, Latin-script full names, names by role, households, more phone forms) was measured
on a fourth blind set in two halves written without the engine: blind4a (citizens' texts) span F1 0.911 → 0.918,
PERSON R 0.755 → 0.788; blind4b (the city's replies and records) 0.885 → 0.907, PERSON R 0.798 → 0.854 (the
session-3 engine → round 6; one run each). Round 7 (session 5: the city side's phones — letterhead, notice and
enquiry lines against officials' direct lines and extensions —, officials by surname and field title, record fields,
Japanese, Korean and dotted names, kin named by given name; two new training sets t4/t5) was measured on a fifth blind
set written before its rules: blind5a (citizens) span F1 0.938 → 0.942, PERSON R 0.857 → 0.874; blind5b (the city's
side) 0.894 → 0.918, PERSON R 0.823 → 0.850, PHONE P/R 0.753/0.880 → 0.893/0.904 (session-4 engine → round 7, one
run each). Goals still not met. Reads the evaluation files shipped in tests/data (the only file I/O of the masking
unit tests).
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
        assert ours.overall()[2] >= 0.99
        assert ours.characters()[2] >= 0.99
        assert ours.overall()[2] > baseline.overall()[2] + 0.5

    @pytest.mark.parametrize("span_type", ["TW_ID", "RESIDENT_CERT", "PHONE", "EMAIL", "CARD", "PLATE"])
    def test_held_out_recall_is_complete_for_structured_types(self, evaluation, span_type: str) -> None:
        ours, _ = score(evaluation, "held-out")
        assert ours.per_type(span_type)[1] == 1.0

    def test_held_out_person_and_national_id_recall_stay_at_todays_level(self, evaluation) -> None:
        ours, _ = score(evaluation, "held-out")
        assert ours.per_type("PERSON")[1] >= 0.99
        assert ours.per_type("TW_ID")[1] == 1.0

    def test_dev_overall_span_f1_meets_the_goal(self, evaluation) -> None:
        ours, _ = score(evaluation, "dev")
        assert ours.overall()[2] >= 0.99

    def test_dev2_names_without_cue_stay_found(self, evaluation) -> None:
        # dev2 (names with no context cue, look-alike words) is a training part of the scorer: a drop here
        # means a change broke what the scorer learnt, not an unseen-text figure.
        ours, _ = score(evaluation, "dev2")
        assert ours.overall()[2] >= 0.97
        assert ours.per_type("PERSON")[1] >= 0.95

    def test_pet12_dev3_short_rare_married_and_famous_names_stay_found(self, evaluation) -> None:
        # dev3 (PET-12 round 4: two-character names, rarer given-name characters, common-word names, public
        # figures, married names, look-alikes) is a training part of the scorer, like dev2.
        ours, _ = score(evaluation, "dev3")
        assert ours.per_type("PERSON")[0] >= 0.99
        assert ours.per_type("PERSON")[1] >= 0.90

    def test_blind_set_figures_stay_at_the_measured_level(self, evaluation) -> None:
        # A tuning set since round 5 (its errors were read): a drop means a change broke a fixed case.
        ours, baseline = score(evaluation, "blind")
        assert ours.overall()[2] >= 0.99
        assert ours.per_type("PERSON")[1] >= 0.98
        assert ours.per_type("PERSON")[0] >= 0.99
        assert ours.overall()[2] > baseline.overall()[2] + 0.5

    @pytest.mark.parametrize("part", ["t1", "t2"])
    def test_pet12_round5_training_sets_stay_at_the_measured_level(self, evaluation, part: str) -> None:
        """t1/t2 (helper-written, names in every position, minutes, foreign names): span F1 0.881/0.858 and
        PERSON R 0.755/0.712 before round 5 touched them; 0.95/0.94 and 0.90/0.90 after (tuned on)."""
        ours, _ = score(evaluation, part)
        assert ours.overall()[2] >= 0.93
        assert ours.per_type("PERSON")[1] >= 0.88
        assert ours.per_type("PERSON")[0] >= 0.98

    @pytest.mark.parametrize("part", ["blind", "blind2"])
    @pytest.mark.parametrize("span_type", ["TW_ID", "RESIDENT_CERT", "PHONE", "EMAIL", "CARD", "PLATE"])
    def test_blind_recall_is_complete_for_structured_types(self, evaluation, part: str, span_type: str) -> None:
        ours, _ = score(evaluation, part)
        assert ours.per_type(span_type)[1] == 1.0

    def test_second_blind_set_figures_stay_at_the_measured_level(self, evaluation) -> None:
        """blind2 (written without running or reading the engine): span P/R/F1 0.967/0.875/0.919 and PERSON
        P/R 0.967/0.813 after round 4 (0.966/0.855/0.907 and 0.965/0.776 before it). A tuning set since round 5."""
        ours, baseline = score(evaluation, "blind2")
        assert ours.overall()[2] >= 0.99
        assert ours.per_type("PERSON")[1] >= 0.98
        assert ours.per_type("PERSON")[0] >= 0.99
        assert ours.overall()[2] > baseline.overall()[2] + 0.5

    def test_third_blind_set_figures_stay_at_the_measured_level(self, evaluation) -> None:
        """blind3 (408 texts written without the engine; figures only, never tuned on): span P/R/F1
        0.977/0.869/0.920 and PERSON P/R 0.977/0.814 after round 5 (session-2 engine: 0.966/0.757/0.849 and
        0.967/0.651). Goals (F1 ≥ 0.97, PERSON R ≥ 0.95) not met."""
        ours, baseline = score(evaluation, "blind3")
        assert ours.overall()[2] >= 0.915
        assert ours.per_type("PERSON")[1] >= 0.80
        assert ours.per_type("PERSON")[0] >= 0.97
        assert ours.overall()[2] > baseline.overall()[2] + 0.5

    @pytest.mark.parametrize("span_type", ["TW_ID", "RESIDENT_CERT", "EMAIL", "CARD", "PLATE"])
    def test_third_blind_set_recall_is_complete_for_structured_types(self, evaluation, span_type: str) -> None:
        """PHONE on blind3 is 40 of 41 (0.976): the one miss is left unread, so that the set stays blind."""
        ours, _ = score(evaluation, "blind3")
        assert ours.per_type(span_type)[1] == 1.0

    def test_pet12_round6_training_set_stays_at_the_measured_level(self, evaluation) -> None:
        """t3 (helper-written long tail: rare surnames, names alone, foreign names, phones, birth dates): span
        F1 0.866 and PERSON P/R 0.946/0.702 before round 6 was fitted to it; 0.906 and 0.955/0.810 after."""
        ours, _ = score(evaluation, "t3")
        assert ours.overall()[2] >= 0.90
        assert ours.per_type("PERSON")[1] >= 0.80
        assert ours.per_type("PERSON")[0] >= 0.95

    @pytest.mark.parametrize(
        ("part", "f1", "person_recall", "person_precision"),
        [("blind4a", 0.925, 0.80, 0.96), ("blind4b", 0.935, 0.89, 0.965)],
    )
    def test_fourth_blind_set_figures_stay_at_the_measured_level(
        self, evaluation, part: str, f1: float, person_recall: float, person_precision: float
    ) -> None:
        """blind4a/blind4b (220 + 220 texts written without the engine; figures only, never tuned on): span
        P/R/F1 0.960/0.880/0.918 and 0.939/0.877/0.907, PERSON P/R 0.944/0.788 and 0.952/0.854 after round 6;
        0.970/0.889/0.928 and 0.970/0.912/0.940, PERSON 0.968/0.808 and 0.970/0.896 after round 7.
        Goals (F1 ≥ 0.97, PERSON R ≥ 0.95) not met."""
        ours, baseline = score(evaluation, part)
        assert ours.overall()[2] >= f1
        assert ours.per_type("PERSON")[1] >= person_recall
        assert ours.per_type("PERSON")[0] >= person_precision
        assert ours.overall()[2] > baseline.overall()[2] + 0.5

    @pytest.mark.parametrize("part", ["blind4a", "blind4b", "blind5a", "blind5b"])
    @pytest.mark.parametrize("span_type", ["TW_ID", "RESIDENT_CERT", "EMAIL", "PLATE"])
    def test_fourth_and_fifth_blind_sets_recall_is_complete_for_structured_types(
        self, evaluation, part: str, span_type: str
    ) -> None:
        """PHONE is 62/62 on blind4a but 56/64 on blind4b after round 6 (P 0.81: the city's side, where agency and
        direct lines meet), 60/64 (P 0.968) after round 7; CARD is 4/4 on both blind5 halves too. The misses are
        left unread so that the sets stay blind."""
        ours, _ = score(evaluation, part)
        assert ours.per_type(span_type)[1] == 1.0

    def test_pet12_round7_training_sets_stay_at_the_measured_level(self, evaluation) -> None:
        """t4 (the city's side: phones and hard names) and t5 (citizens' long tail of names), written without the
        engine: span F1 0.868 and 0.874 with the session-4 engine, 0.883 and 0.881 with round 7's first general
        rules (before any fitting to them), 0.952 and 0.888 after round 7 was fitted and the scorer retrained."""
        for part, f1, person_recall in (("t4", 0.95, 0.90), ("t5", 0.885, 0.75)):
            ours, _ = score(evaluation, part)
            assert ours.overall()[2] >= f1, part
            assert ours.per_type("PERSON")[1] >= person_recall, part

    @pytest.mark.parametrize(
        ("part", "f1", "person_recall", "person_precision", "phone_recall"),
        [("blind5a", 0.94, 0.87, 0.975, 0.98), ("blind5b", 0.915, 0.845, 0.95, 0.90)],
    )
    def test_fifth_blind_set_figures_stay_at_the_measured_level(
        self, evaluation, part: str, f1: float, person_recall: float, person_precision: float, phone_recall: float
    ) -> None:
        """blind5a/blind5b (220 + 220 texts written before round 7's rules, without the engine; figures only):
        span P/R/F1 0.978/0.908/0.942 and 0.950/0.889/0.918, PERSON P/R 0.981/0.874 and 0.953/0.850, PHONE R
        0.986 and 0.904 (P 0.893) after round 7. Goals (F1 ≥ 0.97, PERSON R ≥ 0.95, PHONE R 1.00) not met."""
        ours, baseline = score(evaluation, part)
        assert ours.overall()[2] >= f1
        assert ours.per_type("PERSON")[1] >= person_recall
        assert ours.per_type("PERSON")[0] >= person_precision
        assert ours.per_type("PHONE")[1] >= phone_recall
        assert ours.overall()[2] > baseline.overall()[2] + 0.5

    @pytest.mark.parametrize(
        ("part", "f1", "person_recall"),
        [("t6", 0.94, 0.855), ("t7", 0.95, 0.945), ("t8", 0.98, 0.925), ("t9", 0.86, 0.72)],
    )
    def test_pet12_round8_and_round9_training_sets_stay_at_the_measured_level(
        self, evaluation, part: str, f1: float, person_recall: float
    ) -> None:
        """Training sets written without the engine, measured before any fitting. Round 8: t6 (the long tail of
        names, birth dates, passports, accounts) and t7 (both sides, 309 phones) — span F1 0.891 and 0.937 with the
        session-5 engine, 0.907 and 0.952 with round 8's general rules before fitting, 0.942 and 0.953 after. Round
        9: t8 (addresses and phones in every form) and t9 (the long tail of names) — 0.930 and 0.834 with the
        session-6 engine, 0.959 and 0.841 with round 9's rules written before the sets existed (t8 ADDRESS R 0.860 →
        0.972, PHONE R 0.845 → 0.894), 0.984 and 0.865 after round 9 was fitted and the scorer retrained."""
        ours, _ = score(evaluation, part)
        assert ours.overall()[2] >= f1
        assert ours.per_type("PERSON")[1] >= person_recall

    @pytest.mark.parametrize(
        ("part", "f1", "person_recall", "person_precision", "phone_recall"),
        [
            ("blind6a", 0.97, 0.94, 0.96, 0.96), ("blind6b", 0.845, 0.79, 0.945, 0.80),
            ("blind7a", 0.96, 0.905, 0.955, 0.995), ("blind7b", 0.915, 0.79, 0.97, 0.90),
        ],
    )
    def test_sixth_and_seventh_blind_set_figures_stay_at_the_measured_level(
        self, evaluation, part: str, f1: float, person_recall: float, person_precision: float, phone_recall: float
    ) -> None:
        """Each an everyday mix (a) and a hard mix (b) of both sides, 220 + 220 texts written without the engine at
        the start of their round; figures only. blind6, session-5 engine: span F1 0.960 and 0.830, PERSON R 0.937
        and 0.751; round 8: span P/R/F1 0.972/0.970/0.971 and 0.916/0.794/0.850, PERSON P/R 0.963/0.946 and
        0.948/0.791, PHONE R 0.966 and 0.803. blind7, session-6 engine: span F1 0.956 and 0.816 (blind7b ADDRESS R
        0.256, PHONE R 0.802); round 9: span P/R/F1 0.979/0.952/0.965 and 0.973/0.871/0.919, PERSON P/R
        0.963/0.911 and 0.978/0.794, PHONE R 1.000 and 0.906, ADDRESS R 0.978 and 0.968. PERSON R ≥ 0.95 is met on
        none of them; PHONE R 1.00 on blind7a only; span F1 ≥ 0.97 on blind6a only."""
        ours, baseline = score(evaluation, part)
        assert ours.overall()[2] >= f1
        assert ours.per_type("PERSON")[1] >= person_recall
        assert ours.per_type("PERSON")[0] >= person_precision
        assert ours.per_type("PHONE")[1] >= phone_recall
        assert ours.overall()[2] > baseline.overall()[2] + 0.45

    @pytest.mark.parametrize(
        ("part", "span_type"),
        [
            *((part, span_type) for part in ("blind6a", "blind6b")
              for span_type in ("RESIDENT_CERT", "EMAIL", "PLATE", "CARD", "BIRTH_DATE", "PASSPORT")),
            *((part, span_type) for part in ("blind7a", "blind7b")
              for span_type in ("RESIDENT_CERT", "PLATE", "BANK_ACCOUNT", "CARD", "PASSPORT")),
        ],
    )
    def test_sixth_and_seventh_blind_set_recall_is_complete_for_these_types(
        self, evaluation, part: str, span_type: str
    ) -> None:
        """TW_ID is 11/11 on blind6a, 10/11 on blind6b, 16/16 on blind7a and 12/13 on blind7b; EMAIL and PHONE are
        complete on blind7a too. The misses are left unread so that the sets stay blind."""
        ours, _ = score(evaluation, part)
        assert ours.per_type(span_type)[1] == 1.0

    def test_precision_stays_at_todays_level_on_every_part(self, evaluation) -> None:
        for part, floor in (("dev", 0.995), ("held-out", 0.99), ("fresh", 0.995), ("dev2", 0.995), ("blind", 0.995),
                            ("blind2", 0.995), ("t1", 0.98), ("t2", 0.97), ("blind3", 0.97), ("t3", 0.955),
                            ("blind4a", 0.965), ("blind4b", 0.965), ("t4", 0.965), ("t5", 0.965),
                            ("blind5a", 0.975), ("blind5b", 0.945), ("t6", 0.98), ("t7", 0.96),
                            ("blind6a", 0.965), ("blind6b", 0.91), ("t8", 0.995), ("t9", 0.955),
                            ("blind7a", 0.975), ("blind7b", 0.97)):
            ours, _ = score(evaluation, part)
            assert ours.overall()[0] >= floor, part
