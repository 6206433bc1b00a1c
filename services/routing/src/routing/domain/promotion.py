"""When a retrained routing model replaces the promoted one (PET-5): only if it is not worse.

Both models are measured on the same fixed held-out split (``corpus/test.jsonl``) in the same run; the
candidate is promoted when its sub-category top-1 reaches the promoted model's plus ``min_gain``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

METRIC = "subcategory_top1"
# Accuracies are ratios of the same n; this only absorbs float noise, never a real difference.
_EPSILON = 1e-9


@dataclass(frozen=True)
class PromotionDecision:
    promote: bool
    reason: str


def decide_promotion(candidate: Mapping[str, Any], promoted: Mapping[str, Any] | None,
                     min_gain: float = 0.0) -> PromotionDecision:
    """Promote ``candidate`` if nothing is promoted, or if its held-out sub-category top-1 is at least the
    promoted model's + ``min_gain`` (``min_gain`` 0: "not worse")."""
    new = float(candidate[METRIC])
    if promoted is None:
        return PromotionDecision(True, f"no promoted model yet; {METRIC} {new:.4f}")
    old = float(promoted[METRIC])
    needed = old + min_gain
    if new + _EPSILON >= needed:
        return PromotionDecision(True, f"{METRIC} {new:.4f} ≥ promoted {old:.4f} + min gain {min_gain:.4f}")
    return PromotionDecision(False, f"{METRIC} {new:.4f} < promoted {old:.4f} + min gain {min_gain:.4f}")
