"""The alerts nameko service: entrypoints only — event handlers feeding the weekly volume read model and
the deadlines board, and the dashboard's gRPC queries (WARN-1 data, WARN-2)."""

from __future__ import annotations

from datetime import UTC, datetime

from nameko.events import event_handler
from nameko_grpc.entrypoint import Grpc

from alerts import handlers
from alerts.adapters import orm
from alerts.volume import week_query
from civicase.alerts.v1 import alerts_api_pb2, alerts_api_pb2_grpc
from civicase_platform import grpc_support
from civicase_platform.grpc_support import to_timestamp
from civicase_platform.logging import configure_logging
from civicase_platform.nameko_support import CorrelationId, Database, consumes, grpc_errors

configure_logging("alerts")
grpc = Grpc.implementing(alerts_api_pb2_grpc.AlertsServiceStub)


class AlertsService(grpc_support.HealthCheck):
    name = "alerts"

    uow = Database(orm.outbox, orm.inbox)
    correlation = CorrelationId()

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
        return alerts_api_pb2.ListDeadlinesResponse(deadlines=[
            alerts_api_pb2.Deadline(
                rule=r.rule, subject=r.subject, source=r.source, agency_code=r.agency_code,
                due=to_timestamp(r.due), opened_at=to_timestamp(r.opened_at), met_at=to_timestamp(r.met_at),
            )
            for r in rows
        ])
