"""The on-disk cache of the trained routing model (no pickled model is ever committed).

The first use trains the production model on the packaged corpus (a few seconds) and writes it to
``<cache dir>/routing-model-<key>.pkl``; later processes just load it. The key hashes the corpus, the
taxonomy, the model version and the scikit-learn version, so a changed corpus or library retrains.

Cache directory: ``$CIVICASE_VAR_DIR/routing`` if set, else ``services/routing/var`` in a source checkout,
else ``~/.cache/civicase/routing``.

Concurrency: a first call in several processes at once must not read a half-written file or train N times.
Training happens under an exclusive ``flock`` on a lock file next to the model; the winner writes to a
temporary file in the same directory and ``os.replace``s it into place (atomic on POSIX), the others wait
for the lock, then find the finished file and load it.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import sklearn

from routing.domain.corpus import corpus_fingerprint, load_corpus
from routing.domain.taxonomy import taxonomy_text

if TYPE_CHECKING:
    from routing.domain.classifier import Classifier

_SERVICE_ROOT = Path(__file__).resolve().parents[3]


def default_cache_dir() -> Path:
    """Where the trained model is cached (see the module docstring for the order of choices)."""
    var_dir = os.environ.get("CIVICASE_VAR_DIR")
    if var_dir:
        return Path(var_dir) / "routing"
    if (_SERVICE_ROOT / "pyproject.toml").is_file() and os.access(_SERVICE_ROOT, os.W_OK):
        return _SERVICE_ROOT / "var"
    return Path.home() / ".cache" / "civicase" / "routing"


def model_key(split: str = "all") -> str:
    """The cache key: corpus, taxonomy, model version, scikit-learn version (and the split trained on)."""
    from routing.domain.classifier import MODEL_VERSION

    digest = hashlib.sha256()
    parts = (corpus_fingerprint(), taxonomy_text(), MODEL_VERSION, sklearn.__version__)
    for part in parts if split == "all" else (*parts, split):
        digest.update(part.encode("utf-8"))
    return digest.hexdigest()[:16]


def train_production_model() -> Classifier:
    """The production model: fitted on every labelled example (train and held-out test splits).

    The held-out figures come from a model fitted on the training split only (``bench/routing.py`` and the
    quality-gate test); once the model is chosen, the final fit uses all labelled data.
    """
    from routing.domain.classifier import train

    training, held_out = load_corpus()
    return train([*training, *held_out])


def train_on_training_split() -> Classifier:
    """The first model version of a live system (PET-5): fitted on the training split only, so that the
    held-out split stays unseen and every later version can be compared with it there."""
    from routing.domain.classifier import train

    training, _ = load_corpus()
    return train(training)


def load_or_train_cached(cache_dir: str | os.PathLike[str] | None = None, split: str = "all") -> Classifier:
    """The cached model for ``split`` (``"all"``: the production model of ``civicase classify``;
    ``"train"``: the training split only), training and caching it first if there is none for this key."""
    if split not in ("all", "train"):
        raise ValueError(f"split must be 'all' or 'train', not {split!r}")
    directory = Path(cache_dir) if cache_dir else default_cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    name = "routing-model" if split == "all" else "routing-model-train"
    path = directory / f"{name}-{model_key(split)}.pkl"
    loaded = _load(path)
    if loaded is not None:
        return loaded
    with open(directory / "routing-model.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            loaded = _load(path)
            if loaded is not None:
                return loaded
            classifier = train_production_model() if split == "all" else train_on_training_split()
            fd, temp_name = tempfile.mkstemp(dir=directory, prefix=".routing-model-", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as out:
                    pickle.dump(classifier, out, protocol=pickle.HIGHEST_PROTOCOL)
                os.chmod(temp_name, 0o644)  # mkstemp makes it private; other service users may read it
                os.replace(temp_name, path)
            except BaseException:
                Path(temp_name).unlink(missing_ok=True)
                raise
            return classifier
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _load(path: Path) -> Classifier | None:
    """The model in ``path``, or ``None`` if it is missing or unreadable (then it is retrained)."""
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)  # noqa: S301 - our own cache file, written by this module
    except FileNotFoundError:
        return None
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
