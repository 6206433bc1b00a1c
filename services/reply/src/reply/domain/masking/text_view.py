"""A same-length normalised view of the text, so patterns are written once for half-width ASCII.

Full-width letters, digits and punctuation (Ａ１２３－＠) become their ASCII forms, the ideographic
space and other odd spaces a plain space, and the various dashes "-". Each character maps to exactly
one character, so an index in the view is the same index in the original text.
"""

from __future__ import annotations

import re

_TABLE: dict[int, str] = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
_TABLE.update({ord(c): " " for c in "\u3000\u00a0\u2002\u2003\u2009\u200a\u202f"})
_TABLE.update({ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\u30fc"})
_TABLE.update({ord("\u2027"): "‧", ord("\u00b7"): "‧", ord("\u30fb"): "‧", ord("\u2022"): "‧"})
_TABLE.update({ord("\u3007"): "○", ord("\u25ef"): "○"})


_NEEDS_CHANGE = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_TABLE)) + "]")


def _replacement(match: re.Match[str]) -> str:
    return _TABLE[ord(match.group())]


def normalise(text: str) -> str:
    """The view used by every detector (same length as ``text``)."""
    return _NEEDS_CHANGE.sub(_replacement, text)


_DIGIT_TABLE = str.maketrans("〇零一二三四五六七八九台", "00123456789臺")


def canonical_for_matching(text: str) -> str:
    """A further same-length view for comparing known addresses: 台→臺, single Chinese numerals → digits."""
    return normalise(text).translate(_DIGIT_TABLE)
