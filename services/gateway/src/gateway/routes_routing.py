"""Receptionists' routing endpoints (PET-5, PET-6.1, PET-9.5) under ``/api/v1/staff/routing``: the manual
dispatch queue with the routing model's suggestions, dispatch, re-assignment with a reason, and the
routing accuracy report.

Staff are identified by the ``X-Staff-Subject`` header (required: 401 without it) until the OIDC sign-in
replaces it; the subject is what routing records as the receptionist or the person who re-assigned.
"""

from __future__ import annotations

import json
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from civicase.routing.v1 import routing_api_pb2
from gateway.clients import call_options
from gateway.staff import Staff
from gateway.views import taipei_iso

router = APIRouter(prefix="/api/v1/staff/routing", tags=["staff: routing"])



class SuggestionOut(BaseModel):
    agency_code: str
    subcategory_code: str
    score: float = Field(..., description="Calibrated probability")


class AssignmentOut(BaseModel):
    case_number: str
    status: Literal["assigned", "awaiting_dispatch"]
    agency_code: str | None
    agency_name: str | None
    subcategory_code: str | None
    subcategory_name: str | None
    subcategory_hint: str = Field("", description="The sub-category the citizen chose (a hint)")
    received_at: str | None
    assigned_at: str | None
    auto_assigned: bool = Field(..., description="Routed by the model without a person (PET-5)")
    model_version: int | None
    confidence: float | None
    suggestions: list[SuggestionOut] = Field(..., description="The model's choices, best first")
    queue_reason: str = ""
    dispatched_by: str = ""
    dispatched_at: str | None = None
    reassigned_by: str = ""
    reassign_reason: str = ""
    reassigned_at: str | None = None


def _assignment_out(a: routing_api_pb2.Assignment) -> AssignmentOut:
    assigned = a.status == routing_api_pb2.ASSIGNMENT_STATUS_ASSIGNED
    return AssignmentOut(
        case_number=a.case_number, status="assigned" if assigned else "awaiting_dispatch",
        agency_code=a.agency_code or None, agency_name=a.agency_name or None,
        subcategory_code=a.subcategory_code or None, subcategory_name=a.subcategory_name or None,
        subcategory_hint=a.subcategory_hint, received_at=taipei_iso(a.received_at),
        assigned_at=taipei_iso(a.assigned_at), auto_assigned=a.auto_assigned, model_version=a.model_version or None,
        confidence=round(a.confidence, 4) if a.model_version else None,
        suggestions=[SuggestionOut(agency_code=s.agency_code, subcategory_code=s.subcategory_code,
                                   score=round(s.score, 4)) for s in a.suggestions],
        queue_reason=a.queue_reason, dispatched_by=a.dispatched_by, dispatched_at=taipei_iso(a.dispatched_at),
        reassigned_by=a.reassigned_by, reassign_reason=a.reassign_reason, reassigned_at=taipei_iso(a.reassigned_at),
    )


class DispatchIn(BaseModel):
    subcategory_code: str = Field(..., description="The sub-category the case belongs to")
    agency_code: str = Field("", description="Empty: the sub-category's default agency")


class ReassignIn(DispatchIn):
    reason: str = Field(..., description="The specific reason for the re-assignment (PET-9.5)")


@router.get("/queue", response_model=list[AssignmentOut],
            summary="Cases waiting for manual dispatch, oldest first, with the model's suggestions (PET-6.1)")
async def dispatch_queue(request: Request, staff: Staff, limit: Annotated[int, Query(ge=0, le=500)] = 50):
    reply = await request.app.state.clients.routing.ListDispatchQueue(
        routing_api_pb2.ListDispatchQueueRequest(limit=limit), **call_options(request, staff))
    return [_assignment_out(a) for a in reply.cases]


@router.get("/cases/{case_number}", response_model=AssignmentOut, summary="Where a case is and why")
async def get_assignment(case_number: str, request: Request, staff: Staff):
    reply = await request.app.state.clients.routing.GetAssignment(
        routing_api_pb2.GetAssignmentRequest(case_number=case_number), **call_options(request, staff))
    return _assignment_out(reply)


@router.post("/cases/{case_number}/dispatch", response_model=AssignmentOut,
             summary="Dispatch a queued case (PET-6.1); recorded as a labelled example for the model (PET-5)")
async def dispatch(case_number: str, body: DispatchIn, request: Request, staff: Staff):
    reply = await request.app.state.clients.routing.DispatchCase(
        routing_api_pb2.DispatchCaseRequest(case_number=case_number, subcategory_code=body.subcategory_code,
                                            agency_code=body.agency_code, dispatched_by=staff),
        **call_options(request, staff))
    return _assignment_out(reply)


@router.post("/cases/{case_number}/reassign", response_model=AssignmentOut,
             summary="Re-assign an assigned case with a reason (PET-9.5); the model learns from it (PET-5)")
async def reassign(case_number: str, body: ReassignIn, request: Request, staff: Staff):
    reply = await request.app.state.clients.routing.ReassignCase(
        routing_api_pb2.ReassignCaseRequest(case_number=case_number, subcategory_code=body.subcategory_code,
                                            agency_code=body.agency_code, actor=staff, reason=body.reason),
        **call_options(request, staff))
    return _assignment_out(reply)


def _row(r: routing_api_pb2.AccuracyRow) -> dict:
    return {"period_start": r.period_start, "key": r.key, "cases": r.cases, "auto_assigned": r.auto_assigned,
            "auto_correct": r.auto_correct, "corrected": r.corrected,
            "first_try_correct_rate": round(r.first_try_correct_rate, 4), "queued": r.queued,
            "queued_top1_correct": r.queued_top1_correct}


@router.get("/report", summary="Routing accuracy per agency and sub-category over time, per model version (PET-5)")
async def report(request: Request, staff: Staff, since: str = "",
                 bucket: Literal["day", "week", "month"] = "week"):
    reply = await request.app.state.clients.routing.GetRoutingReport(
        routing_api_pb2.GetRoutingReportRequest(since=since, bucket=bucket), **call_options(request, staff))
    return {
        "since": reply.since, "bucket": reply.bucket,
        "overall": [_row(r) for r in reply.overall],
        "by_agency": [_row(r) for r in reply.by_agency],
        "by_subcategory": [_row(r) for r in reply.by_subcategory],
        "model_versions": [
            {"version": v.version, "created_at": taipei_iso(v.created_at), "training_set": v.training_set,
             "promoted": v.promoted, "agency_top1": v.agency_top1, "subcategory_top1": v.subcategory_top1,
             "subcategory_top3": v.subcategory_top3, "held_out_examples": v.held_out_examples,
             "most_confused": json.loads(v.metrics_json or "{}").get("most_confused", [])}
            for v in reply.model_versions
        ],
        "default_threshold": reply.default_threshold,
        "agency_thresholds": [{"agency_code": t.agency_code, "threshold": t.threshold, "set_by": t.set_by,
                               "set_at": taipei_iso(t.set_at)} for t in reply.agency_thresholds],
    }
