"""Automatic routing (自動分案, PET-5): petition text → sub-category, its default agency, and alternatives.

The model predicts the sub-category; the agency is the sub-category's default agency from the taxonomy, so
agency accuracy is the share of petitions whose predicted sub-category belongs to the right agency.

Model (chosen by measurement, see ``bench/routing.py`` and ``routing/data/README.md``): character 1–3-gram
TF-IDF (``char_wb``, sublinear tf) over normalised text (臺/台, full/half width and case folded) and a
one-vs-rest linear SVM (LinearSVC, C=1). Its margins are turned into probabilities by a softmax with one
temperature fitted on out-of-fold margins of the training set (4 folds), so ``confidence`` means "how often
the top choice is right" and the alternatives' scores are comparable. Against the candidates (logistic
regression: same accuracy but ~40× slower to train; CalibratedClassifierCV(LinearSVC): lower accuracy and
worse calibration; complement naive Bayes: lower accuracy; char 1–4-grams: no gain) it was the best.

The citizen's sub-category hint is a prior, not the truth: the hinted class's probability is multiplied by
``hint_weight`` (fitted on simulated right and wrong hints) and renormalised, so a hint decides close calls
but strong text evidence overrules it.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from scipy.optimize import minimize_scalar
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.naive_bayes import ComplementNB
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from routing.domain.taxonomy import Taxonomy, UnknownSubcategoryError, load_taxonomy
from routing.domain.text import normalize

MODEL_VERSION = "charwb13-linearsvc-temp-v3"
DEFAULT_ALTERNATIVES = 4
DEFAULT_HINT_WEIGHT = 3.0
# A hint may overturn the text's choice only if the text gives the hinted class at least a quarter of the
# top choice's probability: citizens often choose wrongly, so strong text evidence must win.
HINT_WEIGHTS = (1.0, 1.5, 2.0, 3.0, 4.0)


@dataclass(frozen=True)
class Alternative:
    subcategory: str
    agency: str
    score: float


@dataclass(frozen=True)
class Prediction:
    """The top choice with its calibrated probability, then the next best choices, scores descending."""

    subcategory: str
    agency: str
    confidence: float
    alternatives: tuple[Alternative, ...] = field(default_factory=tuple)

    def ranked_subcategories(self) -> list[str]:
        return [self.subcategory, *(a.subcategory for a in self.alternatives)]


class RoutingModel(Protocol):
    """Anything that classifies petitions in batches: the trained classifier or the keyword baseline."""

    def classify_many(self, texts: Sequence[str], hints: Sequence[str | None] | None = None) -> list[Prediction]: ...


def validate_text(text: object) -> str:
    """The petition text, or a ``ValueError`` a caller can act on."""
    if not isinstance(text, str):
        raise ValueError("field 'text' must be a string with the petition text")
    if not text.strip():
        raise ValueError("field 'text' is empty: give the petition text")
    return text


def validate_hint(hint: object, taxonomy: Taxonomy) -> str | None:
    """A known sub-category code or ``None``; unknown codes raise ``UnknownSubcategoryError``."""
    if hint is None:
        return None
    if not isinstance(hint, str):
        raise UnknownSubcategoryError(hint)
    code = hint.strip().upper()
    if not code:
        return None
    if code not in taxonomy.subcategories:
        raise UnknownSubcategoryError(hint)
    return code


def make_pipeline(kind: str = "svm", c: float = 1.0) -> Pipeline:
    """The candidate text models compared in the benchmark; ``"svm"`` is the one in production.

    ``svm``: char_wb 1–3-grams + LinearSVC (temperature-calibrated in ``train``); ``svm_char``: plain
    char 1–3-grams; ``svm14``: char_wb 1–4-grams; ``svm_cal``: LinearSVC in CalibratedClassifierCV
    (sigmoid); ``lr``: multinomial logistic regression; ``nb``: complement naive Bayes.
    """
    analyzer, ngrams = "char_wb", (1, 3)
    if kind == "svm_char":
        analyzer = "char"
    elif kind == "svm14":
        ngrams = (1, 4)
    vectorizer = TfidfVectorizer(analyzer=analyzer, ngram_range=ngrams, sublinear_tf=True, dtype=np.float32)
    model: Any
    if kind in ("svm", "svm_char", "svm14"):
        model = LinearSVC(C=c, random_state=0)
    elif kind == "svm_cal":
        model = CalibratedClassifierCV(LinearSVC(C=c, random_state=0), cv=3, method="sigmoid")
    elif kind == "lr":
        model = LogisticRegression(C=c, max_iter=2000)
    elif kind == "nb":
        model = ComplementNB(alpha=c)
    else:
        raise ValueError(f"unknown model kind {kind!r}")
    return Pipeline([("tfidf", vectorizer), ("model", model)])


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def _raw_scores(pipeline: Pipeline, texts: Sequence[str]) -> np.ndarray:
    model = pipeline.named_steps["model"]
    if hasattr(model, "decision_function"):
        return np.asarray(pipeline.decision_function(texts), dtype=np.float64)
    return np.log(np.clip(pipeline.predict_proba(texts), 1e-12, None))


def fit_temperature(scores: np.ndarray, labels: np.ndarray) -> float:
    """The temperature T that minimises the log loss of ``softmax(scores / T)`` on held-out scores."""

    def nll(log_t: float) -> float:
        proba = _softmax(scores / np.exp(log_t))
        return float(-np.mean(np.log(np.clip(proba[np.arange(len(labels)), labels], 1e-12, None))))

    result = minimize_scalar(nll, bounds=(-5.0, 5.0), method="bounded")
    return float(np.exp(result.x))


def apply_hints(proba: np.ndarray, hint_columns: Sequence[int | None], weight: float) -> np.ndarray:
    """Multiply each row's hinted class by ``weight`` and renormalise (rows without a hint unchanged)."""
    adjusted = proba.copy()
    for row, column in enumerate(hint_columns):
        if column is not None:
            adjusted[row, column] *= weight
            adjusted[row] /= adjusted[row].sum()
    return adjusted


def fit_hint_weight(proba: np.ndarray, labels: np.ndarray, siblings: np.ndarray, hint_accuracy: float = 0.6) -> float:
    """The hint weight that maximises accuracy when citizens' hints are right ``hint_accuracy`` of the time.

    ``proba`` are out-of-fold probabilities; ``siblings[i, j]`` says classes i and j share a top-level
    category. A wrong hint is simulated as the most plausible wrong sibling (a citizen who found the right
    category but picked the wrong sub-category), or the most plausible wrong class when a category has a
    single sub-category — hard errors, so the weight is not tuned on easy, random ones.
    """
    rows = np.arange(len(labels))
    plausible = proba.copy()
    plausible[rows, labels] = -1.0
    has_sibling = siblings[labels].sum(axis=1) > 1
    sibling_scores = np.where(siblings[labels], plausible, -1.0)
    wrong_hints = np.where(has_sibling, sibling_scores.argmax(axis=1), plausible.argmax(axis=1))
    best_weight, best_accuracy = 1.0, -1.0
    for weight in HINT_WEIGHTS:
        right = apply_hints(proba, list(labels), weight).argmax(axis=1) == labels
        wrong = apply_hints(proba, list(wrong_hints), weight).argmax(axis=1) == labels
        accuracy = hint_accuracy * right.mean() + (1 - hint_accuracy) * wrong.mean()
        if accuracy > best_accuracy + 1e-9:
            best_weight, best_accuracy = weight, accuracy
    return best_weight


class Classifier:
    """A trained routing model: ``classify`` one petition, ``classify_many`` a batch."""

    def __init__(
        self,
        pipeline: Pipeline,
        taxonomy: Taxonomy,
        temperature: float | None = 1.0,
        hint_weight: float = DEFAULT_HINT_WEIGHT,
        info: dict[str, Any] | None = None,
    ) -> None:
        self.pipeline = pipeline
        self.taxonomy = taxonomy
        self.temperature = temperature
        self.hint_weight = hint_weight
        self.info = info or {}
        self.classes: list[str] = [str(c) for c in pipeline.classes_]
        self._column = {code: i for i, code in enumerate(self.classes)}
        self._agencies = [taxonomy.agency_of(code) for code in self.classes]
        self._prepare_fast_path()

    def _prepare_fast_path(self) -> None:
        """Single petitions skip scikit-learn's per-call overhead: the same TF-IDF arithmetic (sublinear
        tf × idf, l2 norm) over the same analyzer, then a gather of the linear model's weight rows."""
        vectorizer = self.pipeline.named_steps["tfidf"]
        model = self.pipeline.named_steps["model"]
        self._fast = hasattr(model, "coef_") and self.temperature is not None and vectorizer.sublinear_tf
        if self._fast:
            self._analyze = vectorizer.build_analyzer()
            self._vocabulary: dict[str, int] = vectorizer.vocabulary_
            self._idf = vectorizer.idf_.astype(np.float64)
            self._weights = np.ascontiguousarray(model.coef_.T, dtype=np.float64)
            self._intercept = np.asarray(model.intercept_, dtype=np.float64)

    def __getstate__(self) -> dict[str, Any]:
        keep = ("pipeline", "taxonomy", "temperature", "hint_weight", "info")
        return {name: self.__dict__[name] for name in keep}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)  # type: ignore[misc]

    def _scores_one(self, normalized: str) -> np.ndarray:
        counts = Counter(self._analyze(normalized))
        columns = [self._vocabulary.get(gram, -1) for gram in counts]
        known = [(col, n) for col, n in zip(columns, counts.values(), strict=True) if col >= 0]
        if not known:
            return self._intercept.copy()
        index = np.fromiter((col for col, _ in known), dtype=np.int64, count=len(known))
        tf = 1.0 + np.log(np.fromiter((n for _, n in known), dtype=np.float64, count=len(known)))
        values = tf * self._idf[index]
        values /= np.sqrt(values @ values)
        return values @ self._weights[index] + self._intercept

    @classmethod
    def load_or_train(cls, cache_dir: str | None = None) -> Classifier:
        """The production model: from the on-disk cache, or trained on the packaged corpus and cached."""
        from routing.domain.model_store import load_or_train_cached

        return load_or_train_cached(cache_dir)

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated class probabilities, one row per text, columns in ``self.classes`` order."""
        normalized = [normalize(t) for t in texts]
        if self._fast and len(normalized) == 1:
            return _softmax(self._scores_one(normalized[0])[np.newaxis, :] / self.temperature)
        if self.temperature is None:
            return np.asarray(self.pipeline.predict_proba(normalized), dtype=np.float64)
        return _softmax(_raw_scores(self.pipeline, normalized) / self.temperature)

    def classify(self, text: str, hint: str | None = None, alternatives: int = DEFAULT_ALTERNATIVES) -> Prediction:
        """The routing of one petition; ``hint`` is the sub-category the citizen chose, if any."""
        return self.classify_many([text], [hint], alternatives)[0]

    def classify_many(
        self,
        texts: Sequence[str],
        hints: Sequence[str | None] | None = None,
        alternatives: int = DEFAULT_ALTERNATIVES,
    ) -> list[Prediction]:
        """Routings of many petitions at once (one vectorisation, one matrix product)."""
        texts = [validate_text(t) for t in texts]
        hint_codes = [validate_hint(h, self.taxonomy) for h in (hints or [None] * len(texts))]
        if len(hint_codes) != len(texts):
            raise ValueError("give one hint (or None) per text")
        if not texts:
            return []
        proba = self.probabilities(texts)
        if any(hint_codes):
            proba = apply_hints(proba, [self._column.get(h) if h else None for h in hint_codes], self.hint_weight)
        return [self._prediction(row, alternatives) for row in proba]

    def _prediction(self, row: np.ndarray, alternatives: int) -> Prediction:
        order = np.argsort(-row, kind="stable")[: alternatives + 1]
        top = int(order[0])
        return Prediction(
            subcategory=self.classes[top],
            agency=self._agencies[top],
            confidence=float(row[top]),
            alternatives=tuple(
                Alternative(self.classes[int(i)], self._agencies[int(i)], float(row[int(i)])) for i in order[1:]
            ),
        )


def train(
    examples: Iterable[Sequence[Any]],
    taxonomy: Taxonomy | None = None,
    kind: str = "svm",
    c: float = 1.0,
    calibrate: bool = True,
    folds: int = 4,
) -> Classifier:
    """A classifier fitted on ``(text, subcategory)`` pairs (``Example`` rows work as they are).

    With ``calibrate`` the temperature and the hint weight are fitted on out-of-fold scores (``folds``
    extra fits), which costs a few seconds and makes ``confidence`` trustworthy.
    """
    taxonomy = taxonomy or load_taxonomy()
    pairs = [(normalize(ex[0]), ex[1]) for ex in examples]
    for _, code in pairs:
        taxonomy.subcategory(code)
    texts = [t for t, _ in pairs]
    labels = [code for _, code in pairs]
    started = time.perf_counter()
    pipeline = make_pipeline(kind, c)
    temperature: float | None = None if kind in ("nb", "svm_cal") else 1.0
    hint_weight = DEFAULT_HINT_WEIGHT
    if calibrate and min(Counter(labels).values()) >= folds:
        cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=7)
        classes = sorted(set(labels))
        y = np.array([classes.index(code) for code in labels])
        if temperature is not None:
            oof = np.asarray(
                cross_val_predict(pipeline, texts, labels, cv=cv, method="decision_function"), dtype=np.float64
            )
            temperature = fit_temperature(oof, y)
            oof_proba = _softmax(oof / temperature)
        else:
            oof_proba = np.asarray(cross_val_predict(pipeline, texts, labels, cv=cv, method="predict_proba"))
        category = np.array([taxonomy.subcategory(code).category for code in classes])
        hint_weight = fit_hint_weight(oof_proba, y, category[:, None] == category[None, :])
    pipeline.fit(texts, labels)
    info = {
        "model_version": MODEL_VERSION,
        "kind": kind,
        "c": c,
        "examples": len(pairs),
        "temperature": temperature,
        "hint_weight": hint_weight,
        "training_seconds": round(time.perf_counter() - started, 2),
    }
    return Classifier(pipeline, taxonomy, temperature, hint_weight, info)


def evaluate(model: RoutingModel, examples: Sequence[Sequence[Any]], use_hints: bool = False) -> dict[str, Any]:
    """Accuracy figures on labelled examples: agency top-1, sub-category top-1 and top-3, per
    sub-category and per agency accuracy, calibration error, and the most confused (true, predicted) pairs."""
    taxonomy = load_taxonomy()
    texts = [ex[0] for ex in examples]
    truths = [ex[1] for ex in examples]
    hints = [ex[3] if use_hints and len(ex) > 3 else None for ex in examples]
    predictions = model.classify_many(texts, hints)
    top1 = top3 = agency_hits = 0
    per_sub: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_agency: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    confused: Counter[tuple[str, str]] = Counter()
    confidences, correct = [], []
    for truth, prediction in zip(truths, predictions, strict=True):
        hit = prediction.subcategory == truth
        top1 += hit
        top3 += truth in prediction.ranked_subcategories()[:3]
        agency_hit = prediction.agency == taxonomy.agency_of(truth)
        agency_hits += agency_hit
        per_agency[taxonomy.agency_of(truth)][0] += agency_hit
        per_agency[taxonomy.agency_of(truth)][1] += 1
        per_sub[truth][0] += hit
        per_sub[truth][1] += 1
        confidences.append(prediction.confidence)
        correct.append(hit)
        if not hit:
            confused[(truth, prediction.subcategory)] += 1
    n = max(len(examples), 1)
    return {
        "n": len(examples),
        "agency_top1": agency_hits / n,
        "subcategory_top1": top1 / n,
        "subcategory_top3": top3 / n,
        "expected_calibration_error": expected_calibration_error(confidences, correct),
        "per_subcategory": {code: hits / total for code, (hits, total) in sorted(per_sub.items())},
        "per_agency": {code: hits / total for code, (hits, total) in sorted(per_agency.items())},
        "most_confused": [{"true": t, "predicted": p, "count": count} for (t, p), count in confused.most_common(10)],
    }


def expected_calibration_error(confidences: Sequence[float], correct: Sequence[bool], bins: int = 10) -> float:
    """Mean |accuracy − confidence| over equal-width confidence bins, weighted by bin size."""
    if not confidences:
        return 0.0
    conf = np.asarray(confidences)
    hit = np.asarray(correct, dtype=float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    total = 0.0
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        in_bin = (conf > low) & (conf <= high)
        if in_bin.any():
            total += in_bin.sum() * abs(hit[in_bin].mean() - conf[in_bin].mean())
    return float(total / len(conf))
