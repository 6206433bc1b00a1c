"""The masking engine: run every detector, merge the spans, replace their characters with ○ (PET-12)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from reply.domain.masking.address import find_addresses
from reply.domain.masking.known import Known, find_known
from reply.domain.masking.person import extensions_after_names, find_person_names
from reply.domain.masking.spans import Span, apply_spans, merge_spans
from reply.domain.masking.structured import (
    AgencyLine,
    find_agency_lines,
    find_bank_accounts,
    find_birth_dates,
    find_cards,
    find_emails,
    find_ids,
    find_passports,
    find_phones,
    find_plates,
)
from reply.domain.masking.text_view import normalise

_DETECTORS = (
    find_ids,
    find_cards,
    find_emails,
    find_phones,
    find_passports,
    find_bank_accounts,
    find_plates,
    find_birth_dates,
    find_addresses,
    find_person_names,
)
# Case numbers (AAA-YYYYMMDD-NNNNN) and document numbers (…字第1150012345號) are not personal data:
# a detection that overlaps one is dropped (values the caller gave as known are still masked).
# After the first pass only these can find more: their patterns accept ○ (王○明, ○○路○段○○號) or
# start from context that masking may have changed. The structured detectors match digits, letters
# and @, which ○ never forms, so re-running them on the masked text cannot add anything.
_MASK_SENSITIVE = (find_addresses, find_person_names)
#: Context (characters each side) a mask-sensitive detector needs around a newly masked span. A later
#: pass can only find something new next to what the previous pass masked, so it first looks there.
_RECHECK_CONTEXT = 60
_PROTECTED = re.compile(r"(?<!\d)\d{3}-\d{8}-\d{5}(?!\d)|字第\s?[0-9A-Za-z\-]+\s?號")
_MAX_PASSES = 4


@dataclass(frozen=True)
class MaskResult:
    """The masked text (same length as the input) and the disjoint spans that were masked."""

    masked: str
    spans: list[Span] = field(default_factory=list)


def _detect(text: str, known: Known, detectors: tuple[Callable[[str], list[Span]], ...]) -> list[Span]:
    view = normalise(text)
    protected = [(m.start(), m.end()) for m in _PROTECTED.finditer(view)]
    found: list[Span] = []
    for detector in detectors:
        for span in detector(view):
            if span.end <= span.start:
                continue
            if any(span.start < p_end and p_start < span.end for p_start, p_end in protected):
                continue
            found.append(span)
    if detectors is _DETECTORS:
        found.extend(find_known(text, known))
    return found


def _may_find_more(masked: str, spans: list[Span], added: list[Span], known: Known) -> bool:
    """Whether another pass over the whole of ``masked`` could mask more: run the mask-sensitive detectors
    only on windows around the spans the last pass ``added``; anything they find outside ``spans`` means
    yes. Most texts end here, sparing a second full pass (a third of the engine's time) that finds nothing.
    A window may see a detection the whole text would not (its edges cut context off): that only costs
    the full pass, which decides."""
    covered = bytearray(len(masked))
    for span in spans:
        covered[span.start : span.end] = b"\x01" * (span.end - span.start)
    windows: list[list[int]] = []
    for span in sorted(added):
        start, end = max(0, span.start - _RECHECK_CONTEXT), min(len(masked), span.end + _RECHECK_CONTEXT)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    for start, end in windows:
        for span in _detect(masked[start:end], known, _MASK_SENSITIVE):
            if 0 in covered[start + span.start : start + span.end]:
                return True
    return False


def _mask_lines_of_masked_units(text_length: int, spans: list[Span], lines: list[AgencyLine]) -> list[Span]:
    """``spans`` plus the agency lines whose unit name a span covers: that "unit" (…志科, 王大明處) was a
    person's name or place, so the line is the person's (PET-12; see :class:`structured.AgencyLine`)."""
    if not lines or not spans:
        return spans
    covered = [line.phone for line in lines if any(s.start < line.end and line.start < s.end for s in spans)]
    return merge_spans(text_length, [*spans, *covered]) if covered else spans


def mask_text(text: str, known: Known | Mapping[str, Any] | None = None) -> MaskResult:
    """Mask the personal data in ``text``; ``known`` values are masked wherever they appear.

    Idempotent: detection is repeated on the masked text until nothing new is found, so masking the
    result again changes nothing.
    """
    known_values = Known.from_value(known)
    view = normalise(text)
    agency_lines = find_agency_lines(view)
    spans: list[Span] = []
    masked = text
    for attempt in range(_MAX_PASSES):
        detectors = _DETECTORS if attempt == 0 else _MASK_SENSITIVE
        merged = merge_spans(len(text), [*spans, *_detect(masked, known_values, detectors)])
        merged = _mask_lines_of_masked_units(len(text), merged, agency_lines)
        remasked = apply_spans(text, merged)
        added = [s for s in merged if s not in spans]
        spans = merged
        if remasked == masked or not _may_find_more(remasked, spans, added, known_values):
            masked = remasked
            break
        masked = remasked
    extensions = extensions_after_names(view, spans)
    if extensions:
        spans = merge_spans(len(text), [*spans, *extensions])
        masked = apply_spans(text, spans)
    return MaskResult(masked=masked, spans=spans)
