"""The routing classifier's Python API (PET-5 automatic routing): shape of predictions, hints, errors,
agency derivation, the fast single-petition path and the model cache."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest

from routing.domain.classifier import Classifier, Prediction, evaluate, train
from routing.domain.corpus import load_corpus
from routing.domain.keyword_baseline import KeywordClassifier
from routing.domain.model_store import load_or_train_cached
from routing.domain.taxonomy import UnknownSubcategoryError, load_taxonomy


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    training, _ = load_corpus()
    return train(training)


@pytest.fixture(scope="module")
def held_out():
    return load_corpus()[1]


def assert_well_formed(prediction: Prediction) -> None:
    taxonomy = load_taxonomy()
    assert len(prediction.alternatives) >= 3
    scores = [prediction.confidence, *(a.score for a in prediction.alternatives)]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert sum(scores) <= 1.0 + 1e-9
    ranked = prediction.ranked_subcategories()
    assert len(set(ranked)) == len(ranked), "alternatives must exclude the top choice and each other"
    assert prediction.agency == taxonomy.agency_of(prediction.subcategory)
    for alternative in prediction.alternatives:
        assert alternative.agency == taxonomy.agency_of(alternative.subcategory)


class TestClassifyOnePetition:
    """PET-5: one petition → sub-category, its default agency, calibrated confidence, ranked alternatives."""

    def test_prediction_has_top_choice_and_at_least_three_alternatives_sorted_by_score(self, classifier):
        prediction = classifier.classify("忠孝東路四段的紅綠燈壞了，一直閃黃燈，很危險")
        assert_well_formed(prediction)
        assert prediction.subcategory == "TRAFFIC_SIGNAL"
        assert prediction.agency == "TEO"

    def test_agency_is_the_default_agency_of_the_predicted_subcategory(self, classifier, held_out):
        taxonomy = load_taxonomy()
        for prediction in classifier.classify_many([e.text for e in held_out[:80]]):
            assert prediction.agency == taxonomy.subcategories[prediction.subcategory].agency

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("路燈不亮", "STREET_LIGHT"),
            ("狗大便", "DOG_WASTE"),
            ("欠薪", "LABOR_DISPUTE"),
            ("台北通登不進去", "CITY_APPS"),
        ],
    )
    def test_very_short_text_is_classified(self, classifier, text, expected):
        prediction = classifier.classify(text)
        assert_well_formed(prediction)
        assert prediction.subcategory == expected

    def test_english_text_is_classified(self, classifier):
        prediction = classifier.classify(
            "The street light outside my building on Heping East Road has been broken for a week."
        )
        assert_well_formed(prediction)
        assert prediction.subcategory == "STREET_LIGHT"

    def test_tai_and_tai_variants_give_the_same_prediction(self, classifier):
        a = classifier.classify("台北市信義區路燈壞了")
        b = classifier.classify("臺北市信義區路燈壞了")
        assert a == b

    def test_very_long_multi_paragraph_text_is_classified(self, classifier):
        text = (
            "市長您好：\n\n我住在大安區已經二十年了，最近巷子裡的狀況越來越糟。"
            * 3
            + "\n\n最主要的是我家門口的路面有一個很大的坑洞，機車經過都會彈起來，上週我媽媽騎車就在那裡摔倒。"
            "\n\n希望工務單位盡快派人修補路面，謝謝。"
        )
        prediction = classifier.classify(text)
        assert_well_formed(prediction)
        assert prediction.subcategory == "ROAD_SURFACE"

    @pytest.mark.parametrize("bad", ["", "   \n", None, 42])
    def test_missing_or_empty_text_is_an_error(self, classifier, bad):
        with pytest.raises(ValueError, match="text"):
            classifier.classify(bad)

    def test_single_fast_path_gives_the_same_probabilities_as_the_batch_path(self, classifier, held_out):
        texts = [e.text for e in held_out[:60]]
        batch = classifier.probabilities(texts)
        single = np.vstack([classifier.probabilities([t]) for t in texts])
        np.testing.assert_allclose(single, batch, atol=1e-6)


class TestCitizenHint:
    """PET-5: the sub-category the citizen chose is a prior, not the truth."""

    def test_hint_raises_the_hinted_subcategory_and_decides_close_calls(self, classifier):
        text = "水溝一直有臭味，積水不退"
        plain = classifier.classify(text)
        runner_up = plain.alternatives[0]
        hinted = classifier.classify(text, hint=runner_up.subcategory)
        hinted_score = dict(
            [(hinted.subcategory, hinted.confidence), *((a.subcategory, a.score) for a in hinted.alternatives)]
        )
        assert hinted_score[runner_up.subcategory] > runner_up.score
        if runner_up.score * classifier.hint_weight > plain.confidence:
            assert hinted.subcategory == runner_up.subcategory

    def test_strong_text_evidence_overrules_a_wrong_hint(self, classifier):
        prediction = classifier.classify("我家巷口的路燈壞了一個禮拜，晚上整條巷子黑漆漆的", hint="TAX")
        assert prediction.subcategory == "STREET_LIGHT"

    def test_hint_code_is_case_and_space_insensitive_and_empty_means_none(self, classifier):
        text = "水溝蓋破了"
        assert classifier.classify(text, hint=" sewer ") == classifier.classify(text, hint="SEWER")
        assert classifier.classify(text, hint="") == classifier.classify(text)

    @pytest.mark.parametrize("hint", ["NOT_A_CODE", "TEO", 7])
    def test_unknown_hint_code_is_an_error(self, classifier, hint):
        with pytest.raises(UnknownSubcategoryError, match="unknown sub-category"):
            classifier.classify("路燈不亮", hint=hint)


class TestTrainAndEvaluate:
    """PET-5 accuracy: train on labelled pairs, evaluate with the metrics the IT department reports."""

    def test_evaluate_reports_accuracies_per_subcategory_and_confused_pairs(self, classifier, held_out):
        metrics = evaluate(classifier, held_out)
        for key in ("agency_top1", "subcategory_top1", "subcategory_top3", "expected_calibration_error"):
            assert 0.0 <= metrics[key] <= 1.0
        assert metrics["subcategory_top1"] <= metrics["subcategory_top3"]
        assert metrics["subcategory_top1"] <= metrics["agency_top1"]
        assert set(metrics["per_subcategory"]) == set(load_taxonomy().subcategories)
        assert all(pair["true"] != pair["predicted"] for pair in metrics["most_confused"])

    def test_training_rejects_labels_outside_the_taxonomy(self):
        with pytest.raises(UnknownSubcategoryError):
            train([("路燈不亮", "STREET_LAMP")], calibrate=False)

    def test_trained_model_beats_the_keyword_baseline(self, classifier, held_out):
        ours = evaluate(classifier, held_out)["subcategory_top1"]
        baseline = evaluate(KeywordClassifier(), held_out)["subcategory_top1"]
        assert ours > baseline + 0.15

    def test_classifier_survives_pickling_with_identical_predictions(self, classifier):
        restored = pickle.loads(pickle.dumps(classifier))
        text = "樓上鄰居半夜唱卡拉OK"
        assert restored.classify(text) == classifier.classify(text)


class TestModelCache:
    """The production model is trained on first use and cached (no committed pickle)."""

    def test_first_use_trains_and_caches_then_later_uses_load_the_file(self, tmp_path: Path):
        first = load_or_train_cached(tmp_path)
        files = sorted(p.name for p in tmp_path.iterdir())
        models = [name for name in files if name.endswith(".pkl")]
        assert len(models) == 1
        assert not [name for name in files if name.endswith(".tmp")], "temporary file left behind"
        second = load_or_train_cached(tmp_path)
        assert second is not first
        assert second.classify("路燈不亮") == first.classify("路燈不亮")
        assert first.info["examples"] == sum(len(split) for split in load_corpus())

    def test_unreadable_cache_file_is_replaced_by_a_retrained_model(self, tmp_path: Path):
        load_or_train_cached(tmp_path)
        (model_file,) = tmp_path.glob("*.pkl")
        model_file.write_bytes(b"not a pickle")
        classifier = load_or_train_cached(tmp_path)
        assert classifier.classify("路燈不亮").subcategory == "STREET_LIGHT"
        assert model_file.read_bytes() != b"not a pickle"
