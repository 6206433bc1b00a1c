"""Text normalisation shared by the routing model and the keyword baseline.

Citizens write 台 or 臺, full-width or half-width letters and digits, upper or lower case English; these
variants carry no routing signal, so both training and prediction see one form.
"""

from __future__ import annotations

import re
import unicodedata

_VARIANTS = str.maketrans({"台": "臺", "着": "著", "裏": "裡", "麪": "麵", "綫": "線", "衞": "衛", "峯": "峰"})
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """One canonical form of a petition text: NFKC, 臺 for 台, lower case, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_VARIANTS).lower()
    return _SPACES.sub(" ", text).strip()
