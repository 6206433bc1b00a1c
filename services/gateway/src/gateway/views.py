"""Request and response bodies of the HTTP API (OpenAPI comes from these) and their mapping from protobuf."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from civicase_platform.timestamps import from_timestamp

TAIPEI = ZoneInfo("Asia/Taipei")


def taipei_iso(ts) -> str | None:
    """ISO 8601 with +08:00 and seconds precision, or None for an unset timestamp."""
    value: datetime | None = from_timestamp(ts)
    if value is None:
        return None
    return value.astimezone(TAIPEI).replace(microsecond=0).isoformat()


class PetitionIn(BaseModel):
    content: str = Field(..., description="What the petition is about", examples=["信義路五段7號前路燈不亮已三天"])
    subcategory: str = Field("", description="Sub-category code from GET /api/v1/subcategories; empty if unsure")
    subject: str = Field("", description="Optional short title")
    name: str = Field("", description="Petitioner's name (omit for an anonymous petition)")
    email: str = Field("", description="E-mail for the reply")
    phone: str = Field("", description="Phone for the reply")
    anonymous: bool = False
    language: Literal["zh-TW", "en"] = "zh-TW"


class PetitionFiled(BaseModel):
    case_number: str
    password: str = Field(..., description="Shown once: keep it to look the case up")
    received_at: str | None = None


class CodeName(BaseModel):
    code: str
    name: str


class ReplyOut(BaseModel):
    content: str
    level: str
    replied_at: str | None


class PetitionStatus(BaseModel):
    case_number: str
    status: Literal["registered", "awaiting_dispatch", "assigned", "level_b_in_progress", "closed"]
    received_at: str | None
    agency: CodeName | None = None
    subcategory: CodeName | None = None
    reply_due: str | None = None
    deadline_rule: str | None = None
    replies: list[ReplyOut] = []


SATISFACTION = Literal["very_satisfied", "satisfied", "neutral", "unsatisfied", "very_unsatisfied"]


class SurveyIn(BaseModel):
    satisfaction: SATISFACTION
    comment: str = Field("", max_length=2000)


class SurveyOut(BaseModel):
    case_number: str
    state: str
    satisfaction: str | None
    answered_at: str | None


class ServiceOut(BaseModel):
    code: str
    name: str
    agency_code: str
    type: Literal["fully_online", "partly_online", "appointment", "unspecified"]
    processing_days: int
    day_unit: str
    documents: list[str]
    fee: int
    online_fee: int
    e_signature_accepted: bool
    payment_first: bool


class ApplicationIn(BaseModel):
    service_code: str
    applicant_name: str
    email: str = ""
    phone: str = ""
    form: dict[str, str] = {}
    documents: list[str] = []
    appointment_at: str = Field("", description="ISO 8601 with offset, for appointment services")


class ApplicationOut(BaseModel):
    application_number: str
    service_code: str
    service_name: str
    agency_code: str
    state: str
    received_at: str | None
    due: str | None
    fee: int
    decided_at: str | None = Field(None, description="When the agency decided (APP-10.3.5)")
    decision_reason: str = Field("", description="A rejection's reason (APP-10.3.2)")


class DecisionIn(BaseModel):
    outcome: str = Field(..., description="approved | rejected")
    reason: str = Field("", description="Required for a rejection: what the applicant is told")


class Problem(BaseModel):
    error: str
    problems: list[dict] = []
