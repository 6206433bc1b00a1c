"""Learning from corrections (PET-5): the labelled examples that manual dispatch (PET-6.1), re-assignment
(PET-9.5) and settled jurisdiction disputes (PET-9.4) give the routing model, and how they join the corpus.

A correction names the right labels (where a person put the case) and the labels it had before (the
model's top suggestion for a dispatched case, the previous assignment for a re-assigned one). A dispatch
that agrees with the model is kept too: it is a confirmed example, just not an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from routing.domain.corpus import Example


class CorrectionSource(StrEnum):
    DISPATCH = "dispatch"                          # PET-6.1
    REASSIGNMENT = "reassignment"                  # PET-9.5
    JURISDICTION_DISPUTE = "jurisdiction_dispute"  # PET-9.4 (a settled dispute re-assigns the case)


@dataclass(frozen=True)
class Correction:
    case_number: str
    source: CorrectionSource
    subcategory_code: str
    agency_code: str
    wrong_subcategory_code: str
    wrong_agency_code: str
    model_version: int | None
    actor: str

    @property
    def model_was_wrong(self) -> bool:
        return (self.wrong_subcategory_code, self.wrong_agency_code) != (self.subcategory_code, self.agency_code)


def from_dispatch(*, case_number: str, subcategory_code: str, agency_code: str, dispatched_by: str,
                  suggested_subcategory_code: str, suggested_agency_code: str,
                  model_version: int | None) -> Correction:
    """A receptionist's dispatch: right = what they chose, wrong = the model's top suggestion."""
    return Correction(case_number, CorrectionSource.DISPATCH, subcategory_code, agency_code,
                      suggested_subcategory_code, suggested_agency_code, model_version or None, dispatched_by)


def from_reassignment(*, case_number: str, source: str, subcategory_code: str, agency_code: str,
                      previous_subcategory_code: str, previous_agency_code: str, reassigned_by: str,
                      model_version: int | None) -> Correction:
    """A re-assignment or settled dispute: right = the new labels, wrong = the ones the case had."""
    kind = CorrectionSource(source) if source in set(CorrectionSource) else CorrectionSource.REASSIGNMENT
    if kind is CorrectionSource.DISPATCH:
        kind = CorrectionSource.REASSIGNMENT
    return Correction(case_number, kind, subcategory_code, agency_code, previous_subcategory_code,
                      previous_agency_code, model_version or None, reassigned_by)


def training_examples(rows: Iterable[tuple[str, str, str]]) -> list[Example]:
    """``(case_number, text, subcategory_code)`` rows, oldest first → one example per case, the latest
    label winning (a case dispatched, then re-assigned, teaches only where it finally belongs)."""
    latest: dict[str, Example] = {}
    for case_number, text, code in rows:
        if text.strip():
            latest[case_number] = Example(text, code, f"correction-{case_number}")
    return list(latest.values())
