"""Staff endpoints of closure days (typhoon 停班, "Calendar (closures)"), calling the alerts service, which
owns the list: ``POST /api/v1/staff/closures`` declares a day (201; 422 for a bad or too old day, 409 if that
day and scope is declared already) and ``GET /api/v1/staff/closures`` lists them. The caller is identified
by the ``X-Staff-Subject`` header (required: 401 without it) until OIDC sign-in replaces it. Open deadlines
whose counting window contains a declared city-wide day move one working day per closed day."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from civicase.alerts.v1 import alerts_api_pb2
from gateway.clients import call_options
from gateway.staff import Staff
from gateway.views import taipei_iso

router = APIRouter(tags=["staff: closure days"])


class ClosureIn(BaseModel):
    day: str = Field(..., description="The closed day, YYYY-MM-DD (Asia/Taipei); at most 7 days back",
                     examples=["2026-07-22"])
    scope: str = Field("city", max_length=40, description='"city" or one district\'s name (district closures '
                       "are recorded but do not change deadlines yet)")
    reason: str = Field("", max_length=500, examples=["颱風停班"])


class ClosureOut(BaseModel):
    day: str
    scope: str
    reason: str
    declared_by: str
    declared_at: str | None
    applied: bool = Field(..., description="True when the day changes the office calendar (scope city)")


def _closure(c: alerts_api_pb2.Closure) -> ClosureOut:
    return ClosureOut(day=c.day, scope=c.scope, reason=c.reason, declared_by=c.declared_by,
                      declared_at=taipei_iso(c.declared_at),
                      applied=c.applied)


@router.post("/api/v1/staff/closures", status_code=201, response_model=ClosureOut,
             summary="Declare a closure day (typhoon 停班); open deadlines counted across it move")
async def declare_closure(body: ClosureIn, request: Request, staff: Staff) -> ClosureOut:
    reply = await request.app.state.clients.alerts.DeclareClosure(alerts_api_pb2.DeclareClosureRequest(
        day=body.day, scope=body.scope, reason=body.reason, staff_subject=staff), **call_options(request, staff))
    return _closure(reply)


@router.get("/api/v1/staff/closures", response_model=list[ClosureOut],
            summary="Declared closure days, newest first (from_day: only from that day on)")
async def list_closures(request: Request, staff: Staff, from_day: str = "") -> list[ClosureOut]:
    reply = await request.app.state.clients.alerts.ListClosures(
        alerts_api_pb2.ListClosuresRequest(from_day=from_day), **call_options(request, staff))
    return [_closure(c) for c in reply.closures]
