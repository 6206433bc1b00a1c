"""Staff endpoints of early warning (WARN-1..3) and time-limit control (PET-4, PET-14.3), calling the alerts
service over gRPC. The caller is identified by the ``X-Staff-Subject`` header (required: 401 without it)
until OIDC sign-in replaces it; the subject is passed to alerts, which records it and checks roles."""

from __future__ import annotations

from importlib import resources
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from google.protobuf import json_format
from pydantic import BaseModel, Field

from civicase.alerts.v1 import alerts_api_pb2
from gateway.clients import call_options
from gateway.staff import Staff
from gateway.views import taipei_iso

router = APIRouter(tags=["staff: early warning and time-limit control"])
_PAGE = resources.files("gateway").joinpath("static/alerts.html")


@router.get("/staff/alerts", response_class=HTMLResponse, include_in_schema=False)
async def alerts_page() -> HTMLResponse:
    """The dashboard page (WARN-2): weekly counts with mean and threshold as a chart, current warnings,
    drill-down to a week's cases, and the time-limit board. It calls the JSON endpoints below."""
    return HTMLResponse(_PAGE.read_text(encoding="utf-8"))



def _alerts(request: Request):
    return request.app.state.clients.alerts



def _json(message) -> dict:
    """The JSON mapping of a reply, with every timestamp shown in Asia/Taipei (+08:00)."""
    data = json_format.MessageToDict(message, preserving_proto_field_name=True,
                                     always_print_fields_with_no_presence=True)
    _localise(message, data)
    return data


def _localise(message, data: dict) -> None:
    for field in message.DESCRIPTOR.fields:
        if field.message_type is None:
            continue
        value = getattr(message, field.name)
        if field.message_type.full_name == "google.protobuf.Timestamp" and not field.is_repeated:
            data[field.name] = taipei_iso(value) if message.HasField(field.name) else None
        elif field.is_repeated and field.name in data:
            for item, item_data in zip(value, data[field.name], strict=True):
                _localise(item, item_data)


# -- early warning ------------------------------------------------------------------------------------------

@router.get("/api/v1/staff/alerts/dashboard", summary="Weekly counts per sub-category with mean and threshold "
            "(WARN-2); week = its Monday, default the latest complete week")
async def dashboard(request: Request, staff: Staff, week: str = ""):
    reply = await _alerts(request).GetDashboard(alerts_api_pb2.GetDashboardRequest(week=week),
                                                **call_options(request, staff))
    return _json(reply)


@router.get("/api/v1/staff/alerts/weeks/{week}/subcategories/{code}/cases",
            summary="Drill-down: the case numbers of one sub-category and week (WARN-2)")
async def week_cases(week: str, code: str, request: Request, staff: Staff):
    reply = await _alerts(request).ListWeekCases(
        alerts_api_pb2.ListWeekCasesRequest(subcategory_code=code, week=week), **call_options(request, staff))
    return _json(reply)


@router.get("/api/v1/staff/alerts/warnings", summary="Warnings raised, newest week first (WARN-1)")
async def list_warnings(request: Request, staff: Staff, agency: str = "",
                        week: str = ""):
    reply = await _alerts(request).ListWarnings(alerts_api_pb2.ListWarningsRequest(agency_code=agency, week=week),
                                                **call_options(request, staff))
    return _json(reply)


class EvaluateIn(BaseModel):
    week: str = Field("", description="Monday YYYY-MM-DD of a complete week; empty = the latest complete week")


@router.post("/api/v1/staff/alerts/evaluations", summary="Evaluate a complete week again (WARN-1); "
             "a sub-category warns at most once per week")
async def evaluate(body: EvaluateIn, request: Request, staff: Staff):
    reply = await _alerts(request).EvaluateWeek(
        alerts_api_pb2.EvaluateWeekRequest(week=body.week, staff_subject=staff),
        **call_options(request, staff, timeout=30.0))
    return _json(reply)


class EscalateIn(BaseModel):
    reason: str = Field(..., min_length=1, description="What makes the situation seriously abnormal")


@router.post("/api/v1/staff/alerts/warnings/{warning_id}/city-report",
             summary="Report a seriously abnormal warning to city level at once (WARN-3.3)")
async def escalate(warning_id: int, body: EscalateIn, request: Request, staff: Staff):
    reply = await _alerts(request).EscalateWarning(alerts_api_pb2.EscalateWarningRequest(
        warning_id=warning_id, reason=body.reason, staff_subject=staff), **call_options(request, staff))
    return _json(reply)


@router.get("/api/v1/staff/alerts/forms", summary="Early-warning analysis forms (WARN-3.1), soonest due first")
async def list_forms(request: Request, staff: Staff, agency: str = "", state: str = ""):
    reply = await _alerts(request).ListAnalysisForms(
        alerts_api_pb2.ListAnalysisFormsRequest(agency_code=agency, state=state), **call_options(request, staff))
    return _json(reply)


@router.get("/api/v1/staff/alerts/forms/{form_id}", summary="One analysis form (WARN-3.1, WARN-3.2)")
async def get_form(form_id: int, request: Request, staff: Staff):
    reply = await _alerts(request).GetAnalysisForm(alerts_api_pb2.GetAnalysisFormRequest(form_id=form_id),
                                                   **call_options(request, staff))
    return _json(reply)


class FormIn(BaseModel):
    analysis: str = Field(..., description="What caused the rise in cases")
    measures: str = Field(..., description="What the agency does about it")
    faq_update_needed: bool = Field(False, description="FAQ entries to add (WARN-3.4)")


@router.post("/api/v1/staff/alerts/forms/{form_id}/submission", summary="The agency submits the form (WARN-3.1)")
async def submit_form(form_id: int, body: FormIn, request: Request, staff: Staff):
    reply = await _alerts(request).SubmitAnalysisForm(alerts_api_pb2.SubmitAnalysisFormRequest(
        form_id=form_id, analysis=body.analysis, measures=body.measures,
        faq_update_needed=body.faq_update_needed, staff_subject=staff), **call_options(request, staff))
    return _json(reply)


class ReviewIn(BaseModel):
    approve: bool
    comment: str = ""


@router.post("/api/v1/staff/alerts/forms/{form_id}/review",
             summary="RDEC-line staff approve (file) or return the form (WARN-3.1)")
async def review_form(form_id: int, body: ReviewIn, request: Request, staff: Staff):
    reply = await _alerts(request).ReviewAnalysisForm(alerts_api_pb2.ReviewAnalysisFormRequest(
        form_id=form_id, approve=body.approve, comment=body.comment, staff_subject=staff),
        **call_options(request, staff))
    return _json(reply)


# -- authorised staff (WARN-2) --------------------------------------------------------------------------------

@router.get("/api/v1/staff/alerts/agencies/{agency}/staff", summary="An agency's authorised staff (WARN-2)")
async def list_staff(agency: str, request: Request, staff: Staff):
    reply = await _alerts(request).ListAuthorisedStaff(
        alerts_api_pb2.ListAuthorisedStaffRequest(agency_code=agency), **call_options(request, staff))
    return _json(reply)


class StaffIn(BaseModel):
    subject: str
    name: str = ""
    email: str
    role: str = Field(..., description="rdec_staff | rdec_officer | agency_head")
    reason: str = ""


@router.post("/api/v1/staff/alerts/agencies/{agency}/staff", status_code=201,
             summary="Add or change an authorised staff member; the change is recorded (WARN-2)")
async def add_staff(agency: str, body: StaffIn, request: Request, staff: Staff):
    reply = await _alerts(request).AddAuthorisedStaff(alerts_api_pb2.AddAuthorisedStaffRequest(
        agency_code=agency, subject=body.subject, name=body.name, email=body.email, role=body.role,
        staff_subject=staff, reason=body.reason), **call_options(request, staff))
    return _json(reply)


@router.delete("/api/v1/staff/alerts/agencies/{agency}/staff/{member}",
               summary="Remove an authorised staff member; the change is recorded (WARN-2)")
async def remove_staff(agency: str, member: str, request: Request, staff: Staff,
                       reason: str = ""):
    reply = await _alerts(request).RemoveAuthorisedStaff(alerts_api_pb2.RemoveAuthorisedStaffRequest(
        agency_code=agency, subject=member, staff_subject=staff, reason=reason), **call_options(request, staff))
    return _json(reply)


@router.get("/api/v1/staff/alerts/agencies/{agency}/staff-changes",
            summary="Every change of an agency's authorised staff: who, when, why (WARN-2)")
async def staff_changes(agency: str, request: Request, staff: Staff):
    reply = await _alerts(request).ListStaffChanges(
        alerts_api_pb2.ListStaffChangesRequest(agency_code=agency), **call_options(request, staff))
    return _json(reply)


# -- time-limit control (PET-4, PET-14.3) ---------------------------------------------------------------------

@router.get("/api/v1/staff/deadlines/board", summary="Overdue, due today and due within N working days, "
            "per agency (PET-14.3)")
async def deadline_board(request: Request, staff: Staff, agency: str = "",
                         within_working_days: Annotated[int, Query(ge=0, le=30)] = 3):
    reply = await _alerts(request).GetDeadlineBoard(alerts_api_pb2.GetDeadlineBoardRequest(
        agency_code=agency, within_working_days=within_working_days), **call_options(request, staff))
    return _json(reply)


@router.get("/api/v1/staff/deadlines", summary="Announced deadlines, soonest due first (PET-14.3)")
async def list_deadlines(request: Request, staff: Staff, agency: str = "",
                         subject: str = "", open_only: bool = False):
    reply = await _alerts(request).ListDeadlines(alerts_api_pb2.ListDeadlinesRequest(
        agency_code=agency, subject=subject, open_only=open_only), **call_options(request, staff))
    return _json(reply)
