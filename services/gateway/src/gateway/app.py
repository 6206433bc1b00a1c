"""The HTTP gateway: FastAPI for people and web clients, calling the services over gRPC (grpc.aio).

It owns no database and no rules: it validates the shape of requests, translates them into gRPC
calls, and maps gRPC status to HTTP status through the one table in ``civicase_platform.errors``.
Case look-ups by number + password are throttled in Redis.
"""

from __future__ import annotations

import time
from contextlib import asynccontextmanager
from typing import Annotated

import grpc
import redis.asyncio as aioredis
from fastapi import FastAPI, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from civicase.eapply.v1 import eapply_api_pb2
from civicase.intake.v1 import intake_api_pb2
from civicase.reply.v1 import reply_api_pb2
from civicase.routing.v1 import routing_api_pb2
from civicase.survey.v1 import survey_api_pb2
from civicase_platform import settings
from civicase_platform.errors import http_status_for_grpc
from civicase_platform.logging import (
    HTTP_HEADER,
    bind_correlation_id,
    configure_logging,
    get_logger,
)
from gateway import routes_alerts, routes_closures, routes_routing
from gateway.clients import CALL_TIMEOUT, SERVICES, Clients, call_metadata, call_options
from gateway.staff import Staff
from gateway.throttle import LookupThrottle, Throttled
from gateway.views import (
    ApplicationIn,
    ApplicationOut,
    CodeName,
    DecisionIn,
    PetitionFiled,
    PetitionIn,
    PetitionStatus,
    Problem,
    ReplyOut,
    ServiceOut,
    SurveyIn,
    SurveyOut,
    taipei_iso,
)

configure_logging("gateway")
log = get_logger(__name__)

WRONG_CASE = "no case with this case number and password"
CATALOGUE_TTL = 300.0


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.clients = Clients.connect()
    app.state.redis = aioredis.from_url(settings.get("REDIS_URL"), socket_timeout=2)
    # REDIS_KEY_PREFIX keeps two systems sharing one Redis (two test runs, staging beside demo) apart.
    app.state.throttle = LookupThrottle(app.state.redis, prefix=settings.get("REDIS_KEY_PREFIX", "civicase"))
    app.state.subcategories = (0.0, {})
    yield
    await app.state.clients.close()
    await app.state.redis.aclose()


app = FastAPI(
    title="civicase — Taipei City petitions and online applications",
    version="1.0.0",
    description="Citizens file petitions (陳情) and online applications (網路申辦); "
    "agencies reply; everyone follows the case. Times are ISO 8601 in Asia/Taipei (+08:00).",
    lifespan=lifespan,
)


app.include_router(routes_alerts.router)


class ApiError(Exception):
    def __init__(self, status: int, message: str, problems: list | None = None):
        self.status, self.message, self.problems = status, message, problems or []


@app.exception_handler(ApiError)
async def _api_error(request: Request, exc: ApiError):
    return JSONResponse(status_code=exc.status, content={"error": exc.message, "problems": exc.problems})


@app.exception_handler(StarletteHTTPException)
async def _http_error(request: Request, exc: StarletteHTTPException):
    """Errors raised by routers (401 without staff identity, unknown paths) in the same shape as the rest."""
    return JSONResponse(status_code=exc.status_code, content={"error": str(exc.detail), "problems": []},
                        headers=getattr(exc, "headers", None))


@app.exception_handler(Throttled)
async def _throttled(request: Request, exc: Throttled):
    return JSONResponse(status_code=exc.status_code, content={"error": exc.detail, "problems": []},
                        headers=exc.headers)


@app.exception_handler(grpc.aio.AioRpcError)
async def _grpc_error(request: Request, exc: grpc.aio.AioRpcError):
    status = http_status_for_grpc(exc.code())
    message = exc.details() or exc.code().name.lower()
    if exc.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
        message = "a civicase service is not answering right now; nothing was lost — try again in a minute"
    elif exc.code() in (grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN):
        message = "internal error; the team has been told"
    log.warning("grpc_call_failed", code=exc.code().name, http_status=status)
    return JSONResponse(status_code=status, content={"error": message, "problems": []})


@app.exception_handler(RequestValidationError)
async def _validation_error(request: Request, exc: RequestValidationError):
    problems = [
        {"field": ".".join(str(p) for p in err["loc"] if p != "body"), "message": err["msg"]}
        for err in exc.errors()
    ]
    summary = "; ".join(f"{p['field'] or 'body'}: {p['message']}" for p in problems)
    return JSONResponse(status_code=422, content={"error": f"invalid request — {summary}", "problems": problems})


app.include_router(routes_routing.router)
app.include_router(routes_closures.router)


@app.middleware("http")
async def correlation_id(request: Request, call_next):
    cid = bind_correlation_id(request.headers.get(HTTP_HEADER))
    started = time.perf_counter()
    response = await call_next(request)
    response.headers[HTTP_HEADER] = cid
    log.info("http_request", method=request.method, path=request.url.path, status=response.status_code,
             ms=round((time.perf_counter() - started) * 1000, 1))
    return response



def _clients(request: Request) -> Clients:
    return request.app.state.clients


async def _subcategories(request: Request) -> dict[str, routing_api_pb2.Subcategory]:
    """The sub-category list from routing, cached for a few minutes."""
    fetched_at, cached = request.app.state.subcategories
    if cached and time.monotonic() - fetched_at < CATALOGUE_TTL:
        return cached
    reply = await _clients(request).routing.ListSubcategories(
        routing_api_pb2.ListSubcategoriesRequest(), timeout=CALL_TIMEOUT, metadata=call_metadata(request)
    )
    cached = {s.code: s for s in reply.subcategories}
    request.app.state.subcategories = (time.monotonic(), cached)
    return cached


# -- health ------------------------------------------------------------------------------------------
@app.get("/healthz", tags=["operations"], summary="State of every dependency")
async def healthz(request: Request):
    clients = _clients(request)
    states = {service: await clients.health(service) for service in SERVICES}
    try:
        states["redis"] = "serving" if await request.app.state.redis.ping() else "unavailable"
    except Exception as exc:  # any failure to reach Redis is reported, not raised
        states["redis"] = f"unavailable ({type(exc).__name__})"
    healthy = all(state == "serving" for state in states.values())
    return JSONResponse(status_code=200 if healthy else 503,
                        content={"status": "ok" if healthy else "degraded", "dependencies": states})


# -- petitions ---------------------------------------------------------------------------------------
@app.get("/api/v1/subcategories", tags=["petitions"], summary="Sub-categories a citizen may choose")
async def list_subcategories(request: Request):
    subs = await _subcategories(request)
    return [
        {"code": s.code, "name": s.name, "category": s.category_name, "agency_code": s.default_agency_code,
         "verified_identity_required": s.verified_identity_required}
        for s in subs.values()
    ]


@app.post("/api/v1/petitions", status_code=201, response_model=PetitionFiled, tags=["petitions"],
          responses={422: {"model": Problem}}, summary="File a petition (anonymous allowed)")
async def file_petition(body: PetitionIn, request: Request):
    code = body.subcategory.strip().upper()
    if code:
        subs = await _subcategories(request)
        if code not in subs:
            raise ApiError(422, f"subcategory: unknown code {code!r}; choose one from GET /api/v1/subcategories "
                                "or leave it empty", [{"field": "subcategory", "message": "unknown code"}])
        if subs[code].verified_identity_required:
            # PET-6.3: such categories accept only petitions filed through the city's verified sign-on.
            raise ApiError(403, f"petitions about '{subs[code].name}' must be filed after signing in with "
                                "TaipeiPass, a citizen digital certificate or an NHI card (PET-6.3)")
    reply = await _clients(request).intake.FilePetition(
        intake_api_pb2.FilePetitionRequest(
            content=body.content, subcategory=code, subject=body.subject, name=body.name, email=body.email,
            phone=body.phone, anonymous=body.anonymous, language=body.language,
        ),
        timeout=CALL_TIMEOUT, metadata=call_metadata(request),
    )
    return PetitionFiled(case_number=reply.case_number, password=reply.password,
                         received_at=taipei_iso(reply.received_at))


async def _verified_case(request: Request, case_number: str, password: str | None):
    await request.app.state.throttle.check(request.client.host if request.client else "unknown", case_number)
    if not password:
        raise ApiError(404, WRONG_CASE)
    try:
        return await _clients(request).intake.VerifyCase(
            intake_api_pb2.VerifyCaseRequest(case_number=case_number, password=password),
            timeout=CALL_TIMEOUT, metadata=call_metadata(request),
        )
    except grpc.aio.AioRpcError as exc:
        if exc.code() == grpc.StatusCode.NOT_FOUND:
            await request.app.state.throttle.failed(request.client.host if request.client else "unknown",
                                                    case_number)
            raise ApiError(404, WRONG_CASE) from exc
        raise


async def _optional(call):
    try:
        return await call
    except grpc.aio.AioRpcError as exc:
        if exc.code() == grpc.StatusCode.NOT_FOUND:
            return None
        raise


@app.get("/api/v1/petitions/{case_number}", response_model=PetitionStatus, tags=["petitions"],
         responses={404: {"model": Problem}, 429: {"model": Problem}},
         summary="Look a case up with its password (header X-Case-Password)")
async def get_petition(case_number: str, request: Request,
                       x_case_password: Annotated[str | None, Header()] = None):
    case = await _verified_case(request, case_number, x_case_password)
    clients, md = _clients(request), call_metadata(request)
    assignment = await _optional(clients.routing.GetAssignment(
        routing_api_pb2.GetAssignmentRequest(case_number=case_number), timeout=CALL_TIMEOUT, metadata=md))
    reply_status = await _optional(clients.reply.GetCaseReplyStatus(
        reply_api_pb2.GetCaseReplyStatusRequest(case_number=case_number), timeout=CALL_TIMEOUT, metadata=md))
    status = "registered"
    agency = subcategory = None
    if assignment is not None:
        if assignment.status == routing_api_pb2.ASSIGNMENT_STATUS_ASSIGNED:
            status = "assigned"
            agency = CodeName(code=assignment.agency_code, name=assignment.agency_name)
            subcategory = CodeName(code=assignment.subcategory_code, name=assignment.subcategory_name)
        else:
            status = "awaiting_dispatch"
    replies: list[ReplyOut] = []
    reply_due = rule = None
    if reply_status is not None:
        if reply_status.state == "closed":
            status = "closed"
        elif reply_status.state == "level_b_in_progress":
            status = "level_b_in_progress"
        if reply_status.state != "closed":
            reply_due = taipei_iso(reply_status.reply_due)
            rule = reply_status.deadline_rule or None
        replies = [
            ReplyOut(content=r.content, level=reply_api_pb2.Level.Name(r.level).removeprefix("LEVEL_"),
                     replied_at=taipei_iso(r.replied_at))
            for r in reply_status.replies
        ]
    return PetitionStatus(case_number=case.case_number, status=status, received_at=taipei_iso(case.received_at),
                          agency=agency, subcategory=subcategory, reply_due=reply_due, deadline_rule=rule,
                          replies=replies)


@app.post("/api/v1/petitions/{case_number}/survey", response_model=SurveyOut, tags=["petitions"],
          responses={404: {"model": Problem}, 409: {"model": Problem}},
          summary="Answer the satisfaction survey (header X-Case-Password)")
async def answer_survey(case_number: str, body: SurveyIn, request: Request,
                        x_case_password: Annotated[str | None, Header()] = None):
    await _verified_case(request, case_number, x_case_password)
    survey = await _clients(request).survey.AnswerSurvey(
        survey_api_pb2.AnswerSurveyRequest(
            case_number=case_number,
            satisfaction=survey_api_pb2.Satisfaction.Value("SATISFACTION_" + body.satisfaction.upper()),
            comment=body.comment,
        ),
        timeout=CALL_TIMEOUT, metadata=call_metadata(request),
    )
    return SurveyOut(
        case_number=survey.case_number, state=survey.state,
        satisfaction=(survey_api_pb2.Satisfaction.Name(survey.satisfaction).removeprefix("SATISFACTION_").lower()
                      if survey.satisfaction else None),
        answered_at=taipei_iso(survey.answered_at),
    )


# -- online applications -----------------------------------------------------------------------------
_SERVICE_TYPES = {1: "fully_online", 2: "partly_online", 3: "appointment"}


@app.get("/api/v1/services", response_model=list[ServiceOut], tags=["applications"],
         summary="The service catalogue (time-limit table, APP-7)")
async def list_services(request: Request):
    reply = await _clients(request).eapply.ListServices(
        eapply_api_pb2.ListServicesRequest(), timeout=CALL_TIMEOUT, metadata=call_metadata(request))
    return [
        ServiceOut(
            code=s.code, name=s.name, agency_code=s.agency_code, type=_SERVICE_TYPES.get(s.type, "unspecified"),
            processing_days=s.processing_days, day_unit=s.day_unit, documents=list(s.documents), fee=s.fee,
            online_fee=s.online_fee, e_signature_accepted=s.e_signature_accepted, payment_first=s.payment_first,
        )
        for s in reply.services
    ]


def _application_out(a) -> ApplicationOut:
    return ApplicationOut(
        application_number=a.application_number, service_code=a.service_code, service_name=a.service_name,
        agency_code=a.agency_code, state=a.state, received_at=taipei_iso(a.received_at), due=taipei_iso(a.due),
        fee=a.fee, decided_at=taipei_iso(a.decided_at), decision_reason=a.decision_reason,
    )


@app.post("/api/v1/applications", status_code=201, response_model=ApplicationOut, tags=["applications"],
          responses={422: {"model": Problem}}, summary="Submit an online application")
async def submit_application(body: ApplicationIn, request: Request):
    reply = await _clients(request).eapply.SubmitApplication(
        eapply_api_pb2.SubmitApplicationRequest(
            service_code=body.service_code, applicant_name=body.applicant_name, email=body.email,
            phone=body.phone, form=body.form, documents=body.documents, appointment_at=body.appointment_at,
        ),
        timeout=CALL_TIMEOUT, metadata=call_metadata(request),
    )
    return _application_out(reply)


@app.get("/api/v1/applications/{number}", response_model=ApplicationOut, tags=["applications"],
         responses={404: {"model": Problem}},
         summary="Follow an application (header X-Applicant-Contact: the e-mail or phone given)")
async def get_application(number: str, request: Request,
                          x_applicant_contact: Annotated[str | None, Header()] = None):
    reply = await _clients(request).eapply.GetApplication(
        eapply_api_pb2.GetApplicationRequest(application_number=number, email=x_applicant_contact or ""),
        timeout=CALL_TIMEOUT, metadata=call_metadata(request),
    )
    return _application_out(reply)


@app.post("/api/v1/staff/applications/{number}/decision", response_model=ApplicationOut,
          tags=["staff: applications"], responses={401: {"model": Problem}, 404: {"model": Problem},
                                                   409: {"model": Problem}, 422: {"model": Problem}},
          summary="Approve (APP-10.3.3) or reject with a reason (APP-10.3.2) an application being processed")
async def decide_application(number: str, body: DecisionIn, request: Request, staff: Staff):
    reply = await _clients(request).eapply.DecideApplication(
        eapply_api_pb2.DecideApplicationRequest(application_number=number, outcome=body.outcome,
                                                reason=body.reason, decided_by=staff),
        **call_options(request, staff),
    )
    return _application_out(reply)


from gateway.routes_masking import router as masking_router  # noqa: E402  (routes use ApiError above)

app.include_router(masking_router)
