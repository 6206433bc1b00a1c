"""Masked copies over HTTP (PET-7.3, PET-12): the public published reply, and the clerks' review.

Public: ``GET /api/v1/petitions/{case_number}/published-reply`` — masked text only, 404 until a copy
is published. Staff: ``/api/v1/staff/masking/...`` — the queue, a case's copies, span edits and
approval. The staff subject comes from the ``X-Staff-Subject`` header (required, 401 without it)
until OIDC sign-in lands; then the verified token's ``sub`` claim replaces the header.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field

from civicase.reply.v1 import reply_api_pb2
from gateway.clients import call_options
from gateway.staff import Staff
from gateway.views import Problem, taipei_iso

router = APIRouter()
CopyId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The masked copy's id")]

SPAN_TYPES = ("PERSON", "TW_ID", "RESIDENT_CERT", "PHONE", "EMAIL", "ADDRESS", "PLATE", "BANK_ACCOUNT", "CARD",
              "BIRTH_DATE", "PASSPORT")


def _error(status: int, message: str, problems: list | None = None) -> Exception:
    from gateway.app import ApiError  # the app's one error type (imported late: app includes this router)

    return ApiError(status, message, problems)



def _reply(request: Request):
    return request.app.state.clients.reply




class SpanIO(BaseModel):
    start: int = Field(..., ge=0, description="First masked character (code-point index)")
    end: int = Field(..., gt=0, description="One past the last masked character")
    type: str = Field(..., description="One of " + ", ".join(SPAN_TYPES), examples=["PERSON"])


class MaskedCopyOut(BaseModel):
    id: int
    case_number: str
    kind: str = Field(..., description="reply | case_content")
    agency_code: str
    masked_text: str
    spans: list[SpanIO]
    state: str = Field(..., description="pending_review | published")
    due: str | None = Field(None, description="PET-7.3: 17:30 of the next working day after the reply")
    overdue: bool
    replied_at: str | None = None
    reviewed_by: str = ""
    reviewed_at: str | None = None
    published_at: str | None = None


class PublishedText(BaseModel):
    masked_text: str
    replied_at: str | None = None
    published_at: str | None = None


class PublishedReplyOut(BaseModel):
    case_number: str
    replies: list[PublishedText] = Field(..., description="Published masked replies, oldest first")
    case_content: PublishedText | None = Field(None, description="The petition as published, masked")


class SpanEditIn(BaseModel):
    add: list[SpanIO] = Field(default_factory=list)
    remove: list[SpanIO] = Field(default_factory=list)
    reason: str = Field("", max_length=500)


def _copy_out(c) -> MaskedCopyOut:
    return MaskedCopyOut(
        id=c.id, case_number=c.case_number, kind=c.kind, agency_code=c.agency_code, masked_text=c.masked_text,
        spans=[SpanIO(start=s.start, end=s.end, type=s.type) for s in c.spans], state=c.state,
        due=taipei_iso(c.due), overdue=c.overdue, replied_at=taipei_iso(c.replied_at), reviewed_by=c.reviewed_by,
        reviewed_at=taipei_iso(c.reviewed_at), published_at=taipei_iso(c.published_at),
    )


def _published(c) -> PublishedText:
    return PublishedText(masked_text=c.masked_text, replied_at=taipei_iso(c.replied_at),
                         published_at=taipei_iso(c.published_at))


@router.get("/api/v1/petitions/{case_number}/published-reply", response_model=PublishedReplyOut,
            tags=["petitions"], responses={404: {"model": Problem}},
            summary="The published reply, personal data masked with ○ (PET-7.3, PET-12)")
async def published_reply(case_number: str, request: Request):
    copies = (await _reply(request).GetMaskedCopies(
        reply_api_pb2.GetMaskedCopiesRequest(case_number=case_number, published_only=True),
        **call_options(request))).copies
    replies = [_published(c) for c in copies if c.kind == "reply"]
    if not replies:
        raise _error(404, f"no published reply for case {case_number}; a reply is published once masked, "
                          "at the latest by the end of the next working day after it was given")
    contents = [c for c in copies if c.kind == "case_content"]
    return PublishedReplyOut(case_number=case_number, replies=replies,
                             case_content=_published(contents[-1]) if contents else None)


@router.get("/api/v1/staff/masking/queue", response_model=list[MaskedCopyOut], tags=["staff: masking"],
            responses={401: {"model": Problem}}, summary="Masked copies awaiting review, soonest due first")
async def masking_queue(request: Request, staff: Staff,
                        agency_code: Annotated[str, Query(max_length=20)] = "", overdue_only: bool = False):
    reply = await _reply(request).ListMaskingQueue(
        reply_api_pb2.ListMaskingQueueRequest(agency_code=agency_code, overdue_only=overdue_only),
        **call_options(request, staff))
    return [_copy_out(c) for c in reply.copies]


@router.get("/api/v1/staff/masking/cases/{case_number}/copies", response_model=list[MaskedCopyOut],
            tags=["staff: masking"], responses={401: {"model": Problem}, 404: {"model": Problem}},
            summary="Every masked copy of a case, with spans and state")
async def case_copies(case_number: str, request: Request,
                      staff: Staff):
    reply = await _reply(request).GetMaskedCopies(
        reply_api_pb2.GetMaskedCopiesRequest(case_number=case_number), **call_options(request, staff))
    return [_copy_out(c) for c in reply.copies]


@router.patch("/api/v1/staff/masking/copies/{copy_id}/spans", response_model=MaskedCopyOut,
              tags=["staff: masking"],
              responses={401: {"model": Problem}, 404: {"model": Problem}, 409: {"model": Problem},
                         422: {"model": Problem}},
              summary="Add and remove masked spans of an unpublished copy (audited)")
async def update_spans(copy_id: CopyId, body: SpanEditIn, request: Request,
                       staff: Staff):
    actor = staff
    reply = await _reply(request).UpdateMaskSpans(
        reply_api_pb2.UpdateMaskSpansRequest(
            copy_id=copy_id, actor=actor, reason=body.reason,
            add=[reply_api_pb2.MaskSpan(start=s.start, end=s.end, type=s.type) for s in body.add],
            remove=[reply_api_pb2.MaskSpan(start=s.start, end=s.end, type=s.type) for s in body.remove]),
        **call_options(request, staff))
    return _copy_out(reply)


@router.post("/api/v1/staff/masking/copies/{copy_id}/approve", response_model=MaskedCopyOut,
             tags=["staff: masking"],
             responses={401: {"model": Problem}, 404: {"model": Problem}, 409: {"model": Problem}},
             summary="Approve a masked copy: it is published at once")
async def approve(copy_id: CopyId, request: Request, staff: Staff):
    actor = staff
    reply = await _reply(request).ApproveMaskedCopy(
        reply_api_pb2.ApproveMaskedCopyRequest(copy_id=copy_id, actor=actor), **call_options(request, staff))
    return _copy_out(reply)
