"""Values the caller already knows belong to the petitioner (name, phone, e-mail, address).

They are masked wherever they appear, whatever the spacing or formatting: phone digits with any
separators (and +886 for the leading 0), a name with spaces between its characters, an address with
臺/台, full-width digits, Chinese or Arabic single-digit numerals and spaces.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reply.domain.masking.spans import Span, SpanType
from reply.domain.masking.text_view import canonical_for_matching, normalise

_KNOWN_FIELDS = ("name", "phone", "email", "address")
_SEPARATORS = r"[\s\-.()（）/]*"


@dataclass(frozen=True)
class Known:
    """Known personal data of the petitioner; any field may be None."""

    name: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None

    @classmethod
    def from_value(cls, value: Known | Mapping[str, Any] | None) -> Known:
        """Accept a Known, a mapping with any subset of the fields (None/absent ignored), or None."""
        if value is None:
            return cls()
        if isinstance(value, Known):
            return value
        if not isinstance(value, Mapping):
            raise TypeError("'known' must be an object with optional name, phone, email, address")
        fields: dict[str, str | None] = {}
        for field in _KNOWN_FIELDS:
            raw = value.get(field)
            if raw is None:
                fields[field] = None
            elif isinstance(raw, str | int) and not isinstance(raw, bool):
                fields[field] = str(raw).strip() or None
            else:
                raise TypeError(f"'known.{field}' must be a string or null")
        return cls(**fields)


def _spaced(chars: str) -> str:
    return r"\s*".join(re.escape(ch) for ch in chars)


def _phone_pattern(phone: str) -> str | None:
    digits = "".join(ch for ch in normalise(phone) if ch.isdigit())
    if len(digits) < 6:
        return None
    if digits.startswith("886"):
        digits = "0" + digits[3:]
    body = _SEPARATORS.join(digits[1:]) if digits.startswith("0") else _SEPARATORS.join(digits)
    if digits.startswith("0"):
        prefix = rf"(?:\+?\s*886{_SEPARATORS}(?:\(0\))?{_SEPARATORS}|(?:\((?=0\d{{1,3}}\)))?0)"  # "(" only of "(02)"
        return rf"(?<!\d){prefix}{_SEPARATORS}{body}(?!\d)"
    return rf"(?<!\d){body}(?!\d)"


def _address_variants(address: str) -> list[str]:
    """The address and shorter forms without postcode / city / district, longest first."""
    compact = re.sub(r"\s+", "", canonical_for_matching(address))
    variants = [compact]
    stripped = re.sub(r"^\d{3,6}", "", compact)
    for pattern in (r"^[\u4e00-\u9fff]{2}[市縣]", r"^[\u4e00-\u9fff]{1,3}[區鄉鎮市]"):
        stripped = re.sub(pattern, "", stripped, count=1)
        variants.append(stripped)
    return sorted({v for v in variants if len(v) >= 4}, key=len, reverse=True)


# Intake often records the caller as surname + title (闕小姐, 陳先生): the person is the surname, wherever it is
# written with a title of address; the surname alone is no name (陳 of 陳情).
_KNOWN_TITLE = re.compile(r"(?<=[\u4e00-\u9fff])(?:先生|小姐|女士|太太|老師|阿姨|伯伯|同學)$")
_TITLE_OF_ADDRESS = r"(?=\s*(?:先生|小姐|女士|太太|老師|阿姨|伯伯|同學|阿嬤|阿公|媽媽|爸爸|夫人|君))"


def _name_pattern(name: str) -> str:
    title = _KNOWN_TITLE.search(name)
    if title is None:
        return _spaced(name)
    base = name[: title.start()]
    return _spaced(base) + _TITLE_OF_ADDRESS if len(base) == 1 else _spaced(base)


def find_known(text: str, known: Known) -> list[Span]:
    spans: list[Span] = []
    view = normalise(text)
    if known.name:
        name = re.sub(r"\s+", "", normalise(known.name))
        if len(name) >= 2 or not name.isascii():
            pattern = _name_pattern(name) if not name.isascii() else ""
            flags = re.IGNORECASE if name.isascii() else 0
            if name.isascii():
                pattern = r"\s+".join(re.escape(p) for p in normalise(known.name).split())
                # Letter boundaries, not \b: "John Smith4111" holds the name as much as "John Smith○○○○"
                # does once the card number is masked (idempotence).
                pattern = rf"(?<![A-Za-z]){pattern}(?![A-Za-z])"
            spans += [Span(m.start(), m.end(), SpanType.PERSON) for m in re.finditer(pattern, view, flags)]
    if known.phone:
        pattern = _phone_pattern(known.phone)
        if pattern:
            spans += [Span(m.start(), m.end(), SpanType.PHONE) for m in re.finditer(pattern, view)]
    if known.email:
        email = normalise(known.email).strip()
        pattern = r"\s*@\s*".join(re.escape(part) for part in email.split("@"))
        spans += [Span(m.start(), m.end(), SpanType.EMAIL) for m in re.finditer(pattern, view, re.IGNORECASE)]
    if known.address:
        canonical = canonical_for_matching(text)
        for variant in _address_variants(known.address):
            for m in re.finditer(_spaced(variant), canonical):
                spans.append(Span(m.start(), m.end(), SpanType.ADDRESS))
    return spans
