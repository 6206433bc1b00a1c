"""The petition text routing classifies (PET-5), asked from intake: events carry no text by design.

The text is never logged. A failed call raises, so the ``case_registered`` consumer retries and finally
dead-letters the event: a case is never routed without its text, and never lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from civicase.intake.v1 import intake_api_pb2

CALL_TIMEOUT = 5.0


@dataclass(frozen=True)
class PetitionContent:
    text: str          # subject and content, the way the model reads them
    subcategory: str   # the citizen's choice, a hint


def fetch_petition(intake: Any, case_number: str, timeout: float = CALL_TIMEOUT) -> PetitionContent:
    """``intake`` is the nameko-grpc client of ``IntakeService`` (``ServiceClient``)."""
    reply = intake.GetCaseContent(intake_api_pb2.GetCaseRequest(case_number=case_number), timeout=timeout)
    text = "\n".join(part for part in (reply.subject.strip(), reply.content.strip()) if part)
    return PetitionContent(text=text, subcategory=reply.subcategory)
