"""The alerts nameko service: entrypoints only — event handlers feeding the weekly volume read model and
the deadlines board; timers that evaluate each ended week (WARN-1), send deadline reminders and
escalations (PET-14.3), relay the mail outbox and refresh the agency hierarchy; and the gRPC API of the
dashboard, warnings, analysis forms, authorised staff and the time-limit board (WARN-2, WARN-3, PET-4).

Every timer is safe with several alerts instances running: the work it does is claimed in the database
(advisory lock + unique keys, ``FOR UPDATE SKIP LOCKED``), never in process memory. Intervals come from
the configuration (``config.yaml``; environment overrides), read when nameko loads this module.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import structlog
from nameko import config
from nameko.events import event_handler
from nameko.timer import timer
from nameko_grpc.entrypoint import Grpc

from alerts import board, closures, handlers, mail, staff, warnings
from alerts.adapters import orm
from alerts.domain.closures import validate_declaration
from alerts.volume import week_query
from civicase.alerts.v1 import alerts_api_pb2, alerts_api_pb2_grpc
from civicase.routing.v1 import routing_api_pb2, routing_api_pb2_grpc
from civicase_platform import grpc_support
from civicase_platform.calendar import TAIPEI
from civicase_platform.errors import InvalidInput
from civicase_platform.grpc_support import to_timestamp
from civicase_platform.logging import configure_logging
from civicase_platform.nameko_support import CorrelationId, Database, ServiceClient, consumes, grpc_errors

configure_logging("alerts")
log = structlog.get_logger(__name__)
grpc = Grpc.implementing(alerts_api_pb2_grpc.AlertsServiceStub)


def _setting(key: str, default: float) -> float:
    value = config.get(key)
    return float(value) if value not in (None, "") else default


EVALUATION_INTERVAL = _setting("WARN_EVALUATION_INTERVAL", 300)
NOTICE_INTERVAL = _setting("DEADLINE_NOTICE_INTERVAL", 300)
MAIL_INTERVAL = _setting("MAIL_RELAY_INTERVAL", 5)
AGENCY_SYNC_INTERVAL = _setting("AGENCY_SYNC_INTERVAL", 600)
CLOSURE_RECHECK_INTERVAL = _setting("CLOSURE_RECHECK_SECONDS", 60)
# A failed or not-yet-done refresh is retried this often (routing may start after alerts).
AGENCY_SYNC_RETRY = min(_setting("AGENCY_SYNC_RETRY", 30), AGENCY_SYNC_INTERVAL)


def _smtp() -> mail.SmtpSettings:
    return mail.SmtpSettings(host=str(config.get("SMTP_HOST") or "localhost"),
                             port=int(_setting("SMTP_PORT", 1025)),
                             sender=str(config.get("MAIL_FROM") or "civicase-alerts@localhost.localdomain"))


def _week(text: str, what: str = "week") -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{what}: give the Monday of the week as YYYY-MM-DD (got {text!r})") from None
    if day.weekday() != 0:
        raise InvalidInput(f"{what}: {text} is a {day:%A}; weeks are named by their Monday")
    return day


def _warning_pb(r) -> alerts_api_pb2.Warning:
    return alerts_api_pb2.Warning(
        id=r.id, subcategory_code=r.subcategory_code, week=r.week.isoformat(), agency_code=r.agency_code,
        count=r.count, baseline_weeks=r.baseline_weeks, mean=r.mean, sd=r.sd, threshold=r.threshold,
        consecutive_weeks=r.consecutive_weeks, raised_at=to_timestamp(r.raised_at), form_id=r.form_id or 0,
        form_state=r.form_state or "", city_escalated_at=to_timestamp(r.city_escalated_at),
    )


def _form_pb(f, now: datetime) -> alerts_api_pb2.AnalysisForm:
    return alerts_api_pb2.AnalysisForm(
        id=f.id, warning_id=f.warning_id, agency_code=f.agency_code, subcategory_code=f.subcategory_code,
        week=f.week.isoformat(), state=f.state, due=to_timestamp(f.due),
        overdue=f.state != "filed" and f.due < now, route_to_head=f.route_to_head,
        superior_agency_code=f.superior_agency_code, analysis=f.analysis, measures=f.measures,
        faq_update_needed=f.faq_update_needed, submitted_by=f.submitted_by,
        submitted_at=to_timestamp(f.submitted_at), reviewed_by=f.reviewed_by,
        reviewed_at=to_timestamp(f.reviewed_at), review_comment=f.review_comment,
        filed_at=to_timestamp(f.filed_at), consecutive_weeks=f.consecutive_weeks,
    )


def _staff_pb(r) -> alerts_api_pb2.AuthorisedStaff:
    return alerts_api_pb2.AuthorisedStaff(agency_code=r.agency_code, subject=r.subject, name=r.name,
                                          email=r.email, role=r.role, added_by=r.added_by,
                                          added_at=to_timestamp(r.added_at))


def _closure_pb(c) -> alerts_api_pb2.Closure:
    return alerts_api_pb2.Closure(day=c.day.isoformat(), scope=c.scope, reason=c.reason, declared_by=c.declared_by,
                                  declared_at=to_timestamp(c.declared_at), applied=c.applies_citywide)


def _deadline_pb(r) -> alerts_api_pb2.Deadline:
    return alerts_api_pb2.Deadline(
        rule=r.rule, subject=r.subject, source=r.source, agency_code=r.agency_code,
        due=to_timestamp(r.due), opened_at=to_timestamp(r.opened_at), met_at=to_timestamp(r.met_at),
    )


class AlertsService(grpc_support.HealthCheck):
    name = "alerts"

    uow = Database(orm.outbox, orm.inbox)
    correlation = CorrelationId()
    routing = ServiceClient("routing", routing_api_pb2_grpc.RoutingServiceStub)  # ROUTING_GRPC

    # -- events in (nameko binds one queue per source service and event type) -----------------------

    @event_handler("routing", "case_assigned")
    @consumes("alerts.handle_case_assigned")
    def handle_case_assigned(self, tx, event):
        """Count the case in its receipt week under its current sub-category; re-assignment moves it."""
        handlers.record_case_assigned(tx, event)

    @event_handler("reply", "deadline_set")
    @consumes("alerts.handle_reply_deadline_set")
    def handle_reply_deadline_set(self, tx, event):
        handlers.record_deadline_set(tx, event, source="reply")

    @event_handler("reply", "deadline_met")
    @consumes("alerts.handle_reply_deadline_met")
    def handle_reply_deadline_met(self, tx, event):
        handlers.record_deadline_met(tx, event, source="reply")

    @event_handler("eapply", "deadline_set")
    @consumes("alerts.handle_eapply_deadline_set")
    def handle_eapply_deadline_set(self, tx, event):
        handlers.record_deadline_set(tx, event, source="eapply")

    @event_handler("eapply", "deadline_met")
    @consumes("alerts.handle_eapply_deadline_met")
    def handle_eapply_deadline_met(self, tx, event):
        handlers.record_deadline_met(tx, event, source="eapply")

    # -- gRPC ----------------------------------------------------------------------------------------

    @grpc
    @grpc_errors
    def GetWeeklyCounts(self, request, context):  # noqa: N802
        """Cases per sub-category received in one week (Monday YYYY-MM-DD; empty = this week in Taipei).

        INVALID_ARGUMENT for a week that is not a Monday; sub-categories without cases are absent.
        """
        query = week_query(request.subcategory_code, request.week, now=datetime.now(UTC))
        with self.uow() as tx:
            counts = handlers.weekly_counts(tx, query.week, query.subcategory_code)
        return alerts_api_pb2.GetWeeklyCountsResponse(counts=[
            alerts_api_pb2.WeeklyCount(subcategory_code=c.subcategory_code, week=c.week.isoformat(), count=c.count)
            for c in counts
        ])

    @grpc
    @grpc_errors
    def ListWeekCases(self, request, context):  # noqa: N802
        """Case numbers of one sub-category (required) received in one week, in order of receipt."""
        query = week_query(request.subcategory_code, request.week, now=datetime.now(UTC),
                           subcategory_required=True)
        with self.uow() as tx:
            numbers = handlers.week_case_numbers(tx, query.week, query.subcategory_code)
        return alerts_api_pb2.ListWeekCasesResponse(
            subcategory_code=query.subcategory_code, week=query.week.isoformat(), case_numbers=numbers,
        )

    @grpc
    @grpc_errors
    def ListDeadlines(self, request, context):  # noqa: N802
        """Announced deadlines, soonest due first (at most 500); filters: agency, subject, open only."""
        with self.uow() as tx:
            rows = handlers.list_deadlines(
                tx, agency_code=request.agency_code.strip().upper(), subject=request.subject.strip(),
                open_only=request.open_only, limit=request.limit,
            )
        return alerts_api_pb2.ListDeadlinesResponse(deadlines=[_deadline_pb(r) for r in rows])

    # -- timers (each safe with several instances: the work is claimed in the database) --------------

    @timer(interval=EVALUATION_INTERVAL)
    def evaluate_ended_week(self):
        """WARN-1: evaluate the latest week once it ended (plus WARN_EVALUATION_DELAY for late events)."""
        with self.uow() as tx:
            result = warnings.evaluate_due_week(
                tx, now=datetime.now(UTC), calendar=orm.closure_calendar(tx),
                delay=timedelta(seconds=_setting("WARN_EVALUATION_DELAY", 600)),
                baseline_weeks=int(_setting("WARN_BASELINE_WEEKS", 52)),
            )
            tx.commit()
        if result is not None:
            log.info("week_evaluated_by_timer", week=result.week.isoformat(), new_warnings=len(result.new_warning_ids))

    @timer(interval=NOTICE_INTERVAL)
    def send_deadline_notices(self):
        """PET-14.3: reminders the working day before, escalations to the RDEC officer when overdue."""
        with self.uow() as tx:
            board.send_deadline_notices(tx, now=datetime.now(UTC), calendar=orm.closure_calendar(tx))
            tx.commit()

    @timer(interval=CLOSURE_RECHECK_INTERVAL)
    def closure_recheck(self):
        """Calendar (closures): move WARN-3.1 form deadlines a recent closure missed (opened concurrently with
        it, or counted with a calendar cached before it). Idempotent; rows locked."""
        with self.uow() as tx:
            closures.recheck_recent_closures(tx)
            tx.commit()

    @timer(interval=MAIL_INTERVAL)
    def relay_mail(self):
        """Hand unsent mail to the SMTP server; marked sent only once the server accepted it."""
        mail.send_pending(self.uow, _smtp())

    @timer(interval=AGENCY_SYNC_RETRY, eager=True)
    def sync_agencies(self):
        """Refresh the agency hierarchy read model from routing (WARN-3.2) when the last refresh is older
        than AGENCY_SYNC_INTERVAL; a failure is retried at the next tick."""
        with self.uow() as tx:
            last = staff.last_agency_sync(tx)
        if last is not None and datetime.now(UTC) - last < timedelta(seconds=AGENCY_SYNC_INTERVAL):
            return
        try:
            reply = self.routing.ListAgencies(routing_api_pb2.ListAgenciesRequest(), timeout=5)
        except Exception as exc:  # routing down or slow: keep the last copy, try again later
            log.warning("agency_sync_failed", error=f"{type(exc).__name__}: {exc}")
            return
        rows = [(a.code, a.name, a.parent_code) for a in reply.agencies]
        with self.uow() as tx:
            count = staff.sync_agencies(tx, rows)
            tx.commit()
        log.info("agencies_synced", agencies=count)

    # -- early warning (WARN-1..3) ----------------------------------------------------------------------

    @grpc
    @grpc_errors
    def EvaluateWeek(self, request, context):  # noqa: N802
        """Evaluate a complete week (again); only warnings not raised before are raised (WARN-1).

        INVALID_ARGUMENT for a week that is not a Monday or has not ended yet.
        """
        now = datetime.now(UTC)
        week = _week(request.week) or warnings.latest_complete_week(now)
        by = (request.staff_subject or "").strip() or "grpc"
        with self.uow() as tx:
            result = warnings.evaluate_week(tx, week, now=now, calendar=orm.closure_calendar(tx),
                                            evaluated_by=f"request:{by}"[:100],
                                            baseline_weeks=int(_setting("WARN_BASELINE_WEEKS", 52)))
            tx.commit()
            rows = [warnings.get_warning(tx, i) for i in result.new_warning_ids]
        return alerts_api_pb2.EvaluateWeekResponse(
            week=result.week.isoformat(), subcategories_evaluated=result.subcategories_evaluated,
            new_warnings=[_warning_pb(r) for r in rows], already_raised=result.already_raised,
        )

    @grpc
    @grpc_errors
    def GetDashboard(self, request, context):  # noqa: N802
        """WARN-2: each sub-category's count of the week with its baseline mean, sd and threshold."""
        now = datetime.now(UTC)
        with self.uow() as tx:
            data = warnings.dashboard(tx, _week(request.week), now=now)
        return alerts_api_pb2.GetDashboardResponse(
            week=data.week.isoformat(), complete=data.complete,
            subcategories=[
                alerts_api_pb2.SubcategoryWeek(
                    subcategory_code=r.subcategory_code, count=r.evaluation.count,
                    baseline_weeks=r.evaluation.baseline_weeks, has_threshold=r.evaluation.has_baseline,
                    mean=r.evaluation.mean_float or 0.0, sd=r.evaluation.sd or 0.0,
                    threshold=r.evaluation.threshold or 0.0, exceeds=r.evaluation.warn,
                    warning_id=data.warning_ids.get(r.subcategory_code, 0),
                )
                for r in data.rows
            ],
            current_warnings=[_warning_pb(r) for r in data.current_warnings],
        )

    @grpc
    @grpc_errors
    def ListWarnings(self, request, context):  # noqa: N802
        limit = request.limit if 0 < request.limit <= 500 else 500
        with self.uow() as tx:
            rows = warnings.list_warnings(tx, agency_code=request.agency_code, week=_week(request.week),
                                          limit=limit)
        return alerts_api_pb2.ListWarningsResponse(warnings=[_warning_pb(r) for r in rows])

    @grpc
    @grpc_errors
    def EscalateWarning(self, request, context):  # noqa: N802
        """WARN-3.3: report to city level at once; FAILED_PRECONDITION if already reported."""
        with self.uow() as tx:
            row = warnings.escalate_to_city(tx, request.warning_id, reason=request.reason,
                                            staff_subject=request.staff_subject, now=datetime.now(UTC))
            tx.commit()
        return _warning_pb(row)

    @grpc
    @grpc_errors
    def GetAnalysisForm(self, request, context):  # noqa: N802
        with self.uow() as tx:
            form = warnings.get_form(tx, request.form_id)
        return _form_pb(form, datetime.now(UTC))

    @grpc
    @grpc_errors
    def ListAnalysisForms(self, request, context):  # noqa: N802
        with self.uow() as tx:
            forms = warnings.list_forms(tx, request.agency_code, request.state.strip().lower())
        now = datetime.now(UTC)
        return alerts_api_pb2.ListAnalysisFormsResponse(forms=[_form_pb(f, now) for f in forms])

    @grpc
    @grpc_errors
    def SubmitAnalysisForm(self, request, context):  # noqa: N802
        """WARN-3.1: the agency fills in the form; FAILED_PRECONDITION unless it is open."""
        now = datetime.now(UTC)
        with self.uow() as tx:
            form = warnings.submit_form(tx, request.form_id, analysis=request.analysis, measures=request.measures,
                                        faq_update_needed=request.faq_update_needed,
                                        staff_subject=request.staff_subject, now=now)
            tx.commit()
        return _form_pb(form, now)

    @grpc
    @grpc_errors
    def ReviewAnalysisForm(self, request, context):  # noqa: N802
        """WARN-3.1: RDEC-line review; approval files the form. PERMISSION_DENIED for other staff."""
        now = datetime.now(UTC)
        with self.uow() as tx:
            form = warnings.review_form(tx, request.form_id, approve=request.approve, comment=request.comment,
                                        staff_subject=request.staff_subject, now=now)
            tx.commit()
        return _form_pb(form, now)

    # -- authorised staff (WARN-2) ------------------------------------------------------------------------

    @grpc
    @grpc_errors
    def ListAuthorisedStaff(self, request, context):  # noqa: N802
        with self.uow() as tx:
            rows = staff.list_staff(tx, request.agency_code)
        return alerts_api_pb2.ListAuthorisedStaffResponse(staff=[_staff_pb(r) for r in rows])

    @grpc
    @grpc_errors
    def AddAuthorisedStaff(self, request, context):  # noqa: N802
        """Add or change one authorised staff member; the change is recorded with who and when."""
        with self.uow() as tx:
            row = staff.add_staff(tx, staff.StaffChangeRequest(
                agency_code=request.agency_code, subject=request.subject, name=request.name,
                email=request.email, role=request.role, changed_by=request.staff_subject, reason=request.reason,
            ))
            tx.commit()
        return _staff_pb(row)

    @grpc
    @grpc_errors
    def RemoveAuthorisedStaff(self, request, context):  # noqa: N802
        with self.uow() as tx:
            removed = staff.remove_staff(tx, request.agency_code, request.subject, request.staff_subject,
                                         request.reason)
            tx.commit()
        return alerts_api_pb2.RemoveAuthorisedStaffResponse(removed=removed)

    @grpc
    @grpc_errors
    def ListStaffChanges(self, request, context):  # noqa: N802
        with self.uow() as tx:
            rows = staff.list_changes(tx, request.agency_code)
        return alerts_api_pb2.ListStaffChangesResponse(changes=[
            alerts_api_pb2.StaffChange(agency_code=r.agency_code, subject=r.subject, action=r.action, role=r.role,
                                       email=r.email, changed_by=r.changed_by,
                                       changed_at=to_timestamp(r.changed_at), reason=r.reason)
            for r in rows
        ])

    # -- time-limit control board (PET-4, PET-14.3) ---------------------------------------------------------

    @grpc
    @grpc_errors
    def GetDeadlineBoard(self, request, context):  # noqa: N802
        """Open deadlines overdue, due today and due within N working days (default 3), by agency."""
        with self.uow() as tx:
            data = board.deadline_board(tx, agency_code=request.agency_code,
                                        within_working_days=request.within_working_days,
                                        now=datetime.now(UTC), calendar=orm.closure_calendar(tx))
        return alerts_api_pb2.DeadlineBoard(
            as_of=to_timestamp(data.as_of), horizon_date=data.horizon_date.isoformat(),
            overdue=[_deadline_pb(r) for r in data.overdue], due_today=[_deadline_pb(r) for r in data.due_today],
            upcoming=[_deadline_pb(r) for r in data.upcoming],
        )

    # -- closure days (Calendar (closures)) -----------------------------------------------------------------

    @grpc
    @grpc_errors
    def DeclareClosure(self, request, context):  # noqa: N802
        """Declare a closure day (typhoon 停班): stored, announced as closure_declared, alerts' own open
        WARN-3.1 deadlines moved. INVALID_ARGUMENT lists every problem (a day more than 7 days past);
        ALREADY_EXISTS if that day and scope is declared already."""
        now = datetime.now(UTC)
        declaration = validate_declaration(day=request.day, scope=request.scope, reason=request.reason,
                                           staff_subject=request.staff_subject, today=now.astimezone(TAIPEI).date())
        with self.uow() as tx:
            result = closures.declare_closure(tx, declaration, now=now)
            tx.commit()
        return _closure_pb(result.closure)

    @grpc
    @grpc_errors
    def ListClosures(self, request, context):  # noqa: N802
        """The declared closure days, newest first (from from_day on, if given)."""
        text = request.from_day.strip()
        try:
            from_day = date.fromisoformat(text) if text else None
        except ValueError:
            raise InvalidInput(f"from_day: give a date as YYYY-MM-DD (got {text!r})") from None
        with self.uow() as tx:
            rows = closures.list_closures(tx, from_day)
        return alerts_api_pb2.ListClosuresResponse(closures=[_closure_pb(c) for c in rows])
