"""Early-warning use cases (預警通報): the weekly evaluation (WARN-1), the warning's event and mail to the
executing agency (WARN-2), the analysis form and its routing (WARN-3.1, WARN-3.2), the city-level report
(WARN-3.3) and the dashboard figures (WARN-2).

**Evaluation in the database.** One statement aggregates the read model: for every sub-category, its
first-case week (one index probe each, on ``(subcategory_code, week)``), the case count of the evaluated
week, and the sum and sum of squares of its weekly counts over the 52 weeks before (a ``GROUP BY`` over
an index-only range scan of ``(week, subcategory_code)``). Weeks without cases add 0 to both sums, so
they count as zero weeks for free, and weeks before the first case have no cases, so the full window's
sums equal the shortened baseline's. Python then decides each sub-category exactly from those integers
(``evaluate_aggregates``: rational arithmetic, no float at the boundary) — one row per sub-category,
never one per case.

**Once per sub-category and week.** ``warnings`` has a unique key on (sub-category, week) and rows are
inserted with ``ON CONFLICT DO NOTHING RETURNING``: only a row this call inserted produces the event, the
mail and the form, all in the same transaction. Evaluations of the same week also take a transaction-
scoped advisory lock, so two alerts instances (or the timer and an operator's re-run) take turns. The
timer claims the week in ``evaluated_weeks`` under that lock, so it evaluates each week once.

**Executing agency.** The agency most of that week's cases of the sub-category were assigned to (ties:
the alphabetically first code) — the agency that actually handled the surge, including manual dispatch
and re-assignment, from data alerts already holds; a sub-category's *default* agency can differ from
where its cases went, and asking routing would make the evaluation depend on routing being up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import structlog
from sqlalchemy import func, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from alerts import mail, staff
from alerts.adapters.orm import analysis_forms, deadlines, evaluated_weeks, warnings
from alerts.domain.control import (
    FORM_FILED,
    FORM_OPEN,
    FORM_SUBMITTED,
    ROLE_AGENCY_HEAD,
    WARN_3_1,
    WATCHER_ROLES,
    analysis_form_due,
    form_routing,
)
from alerts.domain.early_warning import (
    DEFAULT_BASELINE_WEEKS,
    TAIPEI,
    WeekEvaluation,
    evaluate_aggregates,
    latest_complete_week,
    week_start,
)
from civicase.alerts.v1 import events_pb2
from civicase.common.v1 import deadlines_pb2
from civicase_platform.calendar import OfficeCalendar
from civicase_platform.db import UnitOfWork
from civicase_platform.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from civicase_platform.grpc_support import to_timestamp

log = structlog.get_logger(__name__)

ONE_WEEK = timedelta(weeks=1)
CITY_RDEC_AGENCY = "RDEC"
# Advisory lock namespace for "evaluating week W" (the second key is the week's ordinal).
_EVALUATION_LOCK = 0x5741524E  # "WARN"

_WEEK_STATISTICS = text("""
WITH RECURSIVE subs AS (
    (SELECT subcategory_code FROM week_cases ORDER BY subcategory_code LIMIT 1)
    UNION ALL
    SELECT (SELECT w.subcategory_code FROM week_cases w
            WHERE w.subcategory_code > s.subcategory_code ORDER BY w.subcategory_code LIMIT 1)
    FROM subs s WHERE s.subcategory_code IS NOT NULL
),
firsts AS (
    SELECT s.subcategory_code,
           (SELECT min(w.week) FROM week_cases w WHERE w.subcategory_code = s.subcategory_code) AS first_week
    FROM subs s WHERE s.subcategory_code IS NOT NULL
),
per_week AS (
    SELECT subcategory_code, week, count(*) AS n
    FROM week_cases
    WHERE week >= :window_start AND week <= :week
    GROUP BY subcategory_code, week
)
SELECT f.subcategory_code, f.first_week,
       coalesce(sum(p.n) FILTER (WHERE p.week = :week), 0)::bigint AS count,
       coalesce(sum(p.n) FILTER (WHERE p.week < :week), 0)::bigint AS total,
       coalesce(sum(p.n * p.n) FILTER (WHERE p.week < :week), 0)::bigint AS total_sq
FROM firsts f LEFT JOIN per_week p ON p.subcategory_code = f.subcategory_code
WHERE f.first_week <= :week
GROUP BY f.subcategory_code, f.first_week
ORDER BY f.subcategory_code
""")


@dataclass(frozen=True)
class SubcategoryEvaluation:
    subcategory_code: str
    first_case_week: date
    baseline_total: int
    baseline_total_sq: int
    evaluation: WeekEvaluation


def week_statistics(tx: UnitOfWork, week: date, baseline_weeks: int = DEFAULT_BASELINE_WEEKS
                    ) -> list[SubcategoryEvaluation]:
    """WARN-1 for every sub-category that had a case on or before ``week`` (aggregated in SQL)."""
    if week.weekday() != 0:
        raise InvalidInput(f"week: {week} is not a Monday; weeks are named by their Monday")
    rows = tx.session.execute(_WEEK_STATISTICS, {"week": week, "window_start": week - baseline_weeks * ONE_WEEK})
    return [
        SubcategoryEvaluation(
            r.subcategory_code, r.first_week, int(r.total), int(r.total_sq),
            evaluate_aggregates(week, int(r.count), r.first_week, int(r.total), int(r.total_sq), baseline_weeks),
        )
        for r in rows
    ]


def week_end(week: date) -> datetime:
    """The instant the week named by Monday ``week`` ends (next Monday 00:00 Asia/Taipei)."""
    return datetime(week.year, week.month, week.day, tzinfo=TAIPEI) + ONE_WEEK


def executing_agencies(tx: UnitOfWork, week: date, codes: list[str]) -> dict[str, str]:
    """Per sub-category, the agency most of ``week``'s cases were assigned to (ties: first code)."""
    if not codes:
        return {}
    rows = tx.session.execute(text("""
        SELECT DISTINCT ON (subcategory_code) subcategory_code, agency_code
        FROM week_cases WHERE week = :week AND subcategory_code = ANY(:codes)
        GROUP BY subcategory_code, agency_code
        ORDER BY subcategory_code, count(*) DESC, agency_code
    """), {"week": week, "codes": codes})
    return {code: agency for code, agency in rows}


@dataclass(frozen=True)
class EvaluationResult:
    week: date
    subcategories_evaluated: int
    new_warning_ids: list[int]
    already_raised: int


def evaluate_week(tx: UnitOfWork, week: date, *, now: datetime, calendar: OfficeCalendar,
                  evaluated_by: str, baseline_weeks: int = DEFAULT_BASELINE_WEEKS) -> EvaluationResult:
    """Evaluate a complete week (WARN-1) and raise each new warning: ``alert_raised``, the analysis form
    with its WARN-3.1 deadline, and the mail to the agency's authorised staff (WARN-2, WARN-3.2).

    A warning already raised for a (sub-category, week) is never raised again. The caller commits.
    """
    if week.weekday() != 0:
        raise InvalidInput(f"week: {week} is not a Monday; weeks are named by their Monday")
    if now < week_end(week):
        raise InvalidInput(f"week: the week of {week} has not ended yet; only complete weeks are evaluated")
    tx.session.execute(text("SELECT pg_advisory_xact_lock(:ns, :key)"),
                       {"ns": _EVALUATION_LOCK, "key": week.toordinal()})
    results = week_statistics(tx, week, baseline_weeks)
    warned = [r for r in results if r.evaluation.warn]
    agencies = executing_agencies(tx, week, [r.subcategory_code for r in warned])
    previous = dict(tx.session.execute(
        select(warnings.c.subcategory_code, warnings.c.consecutive_weeks)
        .where(warnings.c.week == week - ONE_WEEK,
               warnings.c.subcategory_code.in_([r.subcategory_code for r in warned]))
    ).all()) if warned else {}
    parents = staff.parents_of(tx, set(agencies.values()))
    new_ids: list[int] = []
    for result in warned:
        ev = result.evaluation
        agency = agencies.get(result.subcategory_code, "")
        consecutive = previous.get(result.subcategory_code, 0) + 1
        warning_id = tx.session.execute(
            pg_insert(warnings).values(
                subcategory_code=result.subcategory_code, week=week, agency_code=agency, count=ev.count,
                baseline_weeks=ev.baseline_weeks, baseline_total=result.baseline_total,
                baseline_total_sq=result.baseline_total_sq, mean=ev.mean_float, sd=ev.sd,
                threshold=ev.threshold, consecutive_weeks=consecutive, raised_at=now,
            ).on_conflict_do_nothing(index_elements=[warnings.c.subcategory_code, warnings.c.week])
            .returning(warnings.c.id)
        ).scalar_one_or_none()
        if warning_id is None:
            continue
        new_ids.append(warning_id)
        _raise(tx, warning_id, result.subcategory_code, week, agency, ev, consecutive,
               parents.get(agency, ""), now, calendar)
    tx.session.execute(
        pg_insert(evaluated_weeks).values(week=week, evaluated_by=evaluated_by, warnings=len(new_ids),
                                          evaluated_at=now)
        .on_conflict_do_update(index_elements=[evaluated_weeks.c.week],
                               set_={"warnings": evaluated_weeks.c.warnings + len(new_ids)})
    )
    log.info("week_evaluated", week=week.isoformat(), subcategories=len(results), new_warnings=len(new_ids),
             evaluated_by=evaluated_by)
    return EvaluationResult(week, len(results), new_ids, len(warned) - len(new_ids))


def evaluate_due_week(tx: UnitOfWork, *, now: datetime, calendar: OfficeCalendar, delay: timedelta,
                      baseline_weeks: int = DEFAULT_BASELINE_WEEKS) -> EvaluationResult | None:
    """The timer's job: evaluate the latest complete week once ``delay`` has passed since it ended, unless
    it was evaluated already (by this or another alerts instance). None when there is nothing to do."""
    week = latest_complete_week(now)
    if now < week_end(week) + delay:
        return None
    tx.session.execute(text("SELECT pg_advisory_xact_lock(:ns, :key)"),
                       {"ns": _EVALUATION_LOCK, "key": week.toordinal()})
    done = tx.session.execute(select(evaluated_weeks.c.week).where(evaluated_weeks.c.week == week)).first()
    if done is not None:
        return None
    return evaluate_week(tx, week, now=now, calendar=calendar, evaluated_by="timer",
                         baseline_weeks=baseline_weeks)


def _raise(tx: UnitOfWork, warning_id: int, code: str, week: date, agency: str, ev: WeekEvaluation,
           consecutive: int, parent: str, now: datetime, calendar: OfficeCalendar) -> None:
    routing = form_routing(consecutive, parent)
    due = analysis_form_due(now, calendar)
    form_id = tx.session.execute(
        analysis_forms.insert().values(
            warning_id=warning_id, agency_code=agency, state=FORM_OPEN, due=due,
            route_to_head=routing.route_to_head, superior_agency_code=routing.superior_agency_code,
        ).returning(analysis_forms.c.id)
    ).scalar_one()
    _open_form_deadline(tx, form_id, agency, due, now)
    tx.publish("alert_raised", code, events_pb2.AlertRaised(
        subcategory_code=code, agency_code=agency, week=week.isoformat(), count=ev.count,
        mean=ev.mean_float or 0.0, sd=ev.sd or 0.0, threshold=ev.threshold or 0.0, warning_id=warning_id,
        baseline_weeks=ev.baseline_weeks, consecutive_weeks=consecutive, raised_at=to_timestamp(now),
        form_id=form_id, form_due=to_timestamp(due), route_to_head=routing.route_to_head,
        superior_agency_code=routing.superior_agency_code,
    ))
    recipients = staff.emails(tx, [agency])
    if routing.route_to_head:
        recipients += staff.emails(tx, [agency], roles=[ROLE_AGENCY_HEAD])
    if routing.superior_agency_code:
        recipients += staff.emails(tx, [routing.superior_agency_code], roles=[*WATCHER_ROLES, ROLE_AGENCY_HEAD])
    mail.enqueue(
        tx, dedupe_key=f"warning:{warning_id}", kind="warning", recipients=recipients,
        subject=_warning_subject(code, week, ev, consecutive),
        body=_warning_body(code, week, agency, ev, consecutive, form_id, due, routing.superior_agency_code),
    )
    log.info("alert_raised", warning_id=warning_id, subcategory=code, week=week.isoformat(), agency=agency,
             consecutive_weeks=consecutive)


def form_subject(form_id: int) -> str:
    """The deadline subject of an analysis form on the time-limit board."""
    return f"AF-{form_id}"


def _open_form_deadline(tx: UnitOfWork, form_id: int, agency: str, due: datetime, now: datetime) -> None:
    """WARN-3.1's deadline goes on alerts' own board and out as ``deadline_set`` for other subscribers."""
    subject = form_subject(form_id)
    tx.session.execute(pg_insert(deadlines).values(
        rule=WARN_3_1, subject=subject, source="alerts", agency_code=agency, due=due, opened_at=now, met_at=None,
    ).on_conflict_do_nothing())
    tx.publish("deadline_set", subject, deadlines_pb2.DeadlineSet(
        rule=WARN_3_1, subject=subject, agency_code=agency, due=to_timestamp(due), opened_at=to_timestamp(now),
    ))


def _roc(day: date) -> str:
    return f"民國{day.year - 1911}年{day.month}月{day.day}日"


def _warning_subject(code: str, week: date, ev: WeekEvaluation, consecutive: int) -> str:
    streak = f"（連續第{consecutive}週）" if consecutive >= 2 else ""
    return f"[預警通報] {code} 週案件量 {ev.count} 件超過警戒值{streak} — week of {week.isoformat()}"


def _warning_body(code: str, week: date, agency: str, ev: WeekEvaluation, consecutive: int, form_id: int,
                  due: datetime, superior: str) -> str:
    due_local = due.astimezone(TAIPEI)
    lines = [
        f"次類別 sub-category: {code}",
        f"週別 week: {week.isoformat()} – {(week + timedelta(days=6)).isoformat()} ({_roc(week)}起)",
        f"執行機關 executing agency: {agency}",
        f"本週案件量 count: {ev.count}",
        f"基準週數 baseline weeks: {ev.baseline_weeks}; 平均 mean: {ev.mean_float:.3f}; "
        f"標準差 sd: {ev.sd:.3f}; 警戒值 threshold (mean + 2 sd): {ev.threshold:.3f}",
        "",
        "請即通知業務人員（假日收信者於次一工作日通知）(WARN-2)。",
        f"預警分析表 analysis form AF-{form_id}: 請於 {_roc(due_local.date())} "
        f"{due_local:%H:%M} 前填報並經研考線審核後雲端通報 (WARN-3.1).",
    ]
    if consecutive >= 2:
        lines.append(f"本次類別已連續 {consecutive} 週預警：分析表陳報機關首長 (WARN-3.2)。")
    if superior:
        lines.append(f"本機關為二級機關：並陳報上級機關 {superior} (WARN-3.2)。")
    return "\n".join(lines) + "\n"


# -- the analysis form (WARN-3.1, 3.2) --------------------------------------------------------------------

_FORM_COLUMNS = [analysis_forms, warnings.c.subcategory_code, warnings.c.week, warnings.c.consecutive_weeks]


def get_form(tx: UnitOfWork, form_id: int, *, lock: bool = False):
    stmt = (select(*_FORM_COLUMNS).join(warnings, warnings.c.id == analysis_forms.c.warning_id)
            .where(analysis_forms.c.id == form_id))
    if lock:
        stmt = stmt.with_for_update(of=analysis_forms)
    row = tx.session.execute(stmt).first()
    if row is None:
        raise NotFound(f"no analysis form {form_id}")
    return row


def list_forms(tx: UnitOfWork, agency_code: str = "", state: str = "", limit: int = 500) -> list:
    stmt = (select(*_FORM_COLUMNS).join(warnings, warnings.c.id == analysis_forms.c.warning_id)
            .order_by(analysis_forms.c.due, analysis_forms.c.id).limit(limit))
    if agency_code:
        stmt = stmt.where(analysis_forms.c.agency_code == staff.agency_code_of(agency_code))
    if state:
        if state not in (FORM_OPEN, FORM_SUBMITTED, FORM_FILED):
            raise InvalidInput(f"state: {state!r} is not one of open, submitted, filed")
        stmt = stmt.where(analysis_forms.c.state == state)
    return list(tx.session.execute(stmt))


def submit_form(tx: UnitOfWork, form_id: int, *, analysis: str, measures: str, faq_update_needed: bool,
                staff_subject: str, now: datetime):
    """The agency fills in the form (WARN-3.1); it then waits for RDEC-line review. A returned form can be
    submitted again; a submitted or filed one cannot be changed."""
    subject = staff.require_subject(staff_subject)
    problems = []
    if not (analysis or "").strip():
        problems.append("analysis: say what caused the rise in cases")
    if not (measures or "").strip():
        problems.append("measures: say what the agency does about it")
    if problems:
        raise InvalidInput("; ".join(problems))
    form = get_form(tx, form_id, lock=True)
    if form.state != FORM_OPEN:
        raise Conflict(f"analysis form {form_id} is {form.state}; only an open form can be submitted")
    tx.session.execute(update(analysis_forms).where(analysis_forms.c.id == form_id).values(
        state=FORM_SUBMITTED, analysis=analysis.strip(), measures=measures.strip(),
        faq_update_needed=bool(faq_update_needed), submitted_by=subject, submitted_at=now,
    ))
    return get_form(tx, form_id)


def review_form(tx: UnitOfWork, form_id: int, *, approve: bool, comment: str, staff_subject: str,
                now: datetime):
    """RDEC-line staff (or the RDEC officer) of the form's agency review it: approval files it and meets
    the WARN-3.1 deadline (``deadline_met``, ``analysis_form_filed``); a return re-opens it."""
    subject = staff.require_subject(staff_subject)
    form = get_form(tx, form_id, lock=True)
    if not staff.is_authorised(tx, form.agency_code, subject):
        raise PermissionDenied(
            f"only the RDEC-line staff of {form.agency_code} review its analysis forms (WARN-3.1)")
    if form.state != FORM_SUBMITTED:
        raise Conflict(f"analysis form {form_id} is {form.state}; only a submitted form can be reviewed")
    if not approve and not (comment or "").strip():
        raise InvalidInput("comment: say what the agency must change when returning the form")
    values: dict = {"reviewed_by": subject, "reviewed_at": now, "review_comment": (comment or "").strip()}
    if approve:
        values.update(state=FORM_FILED, filed_at=now)
    else:
        values.update(state=FORM_OPEN)
    tx.session.execute(update(analysis_forms).where(analysis_forms.c.id == form_id).values(**values))
    if approve:
        deadline_subject = form_subject(form_id)
        tx.session.execute(update(deadlines).where(
            deadlines.c.rule == WARN_3_1, deadlines.c.subject == deadline_subject, deadlines.c.met_at.is_(None),
        ).values(met_at=now))
        tx.publish("deadline_met", deadline_subject, deadlines_pb2.DeadlineMet(
            rule=WARN_3_1, subject=deadline_subject, agency_code=form.agency_code, met_at=to_timestamp(now),
            due=to_timestamp(form.due),
        ))
        tx.publish("analysis_form_filed", form.subcategory_code, events_pb2.AnalysisFormFiled(
            form_id=form_id, warning_id=form.warning_id, agency_code=form.agency_code,
            subcategory_code=form.subcategory_code, week=form.week.isoformat(), reviewed_by=subject,
            filed_at=to_timestamp(now), faq_update_needed=form.faq_update_needed,
        ))
    return get_form(tx, form_id)


# -- warnings, city-level report (WARN-3.3) and the dashboard (WARN-2) --------------------------------------

_WARNING_COLUMNS = [warnings, analysis_forms.c.id.label("form_id"), analysis_forms.c.state.label("form_state"),
                    analysis_forms.c.city_escalated_at]


def get_warning(tx: UnitOfWork, warning_id: int, *, lock: bool = False):
    stmt = (select(*_WARNING_COLUMNS).outerjoin(analysis_forms, analysis_forms.c.warning_id == warnings.c.id)
            .where(warnings.c.id == warning_id))
    if lock:
        stmt = stmt.with_for_update(of=warnings)
    row = tx.session.execute(stmt).first()
    if row is None:
        raise NotFound(f"no warning {warning_id}")
    return row


def list_warnings(tx: UnitOfWork, *, agency_code: str = "", week: date | None = None, limit: int = 500) -> list:
    stmt = (select(*_WARNING_COLUMNS).outerjoin(analysis_forms, analysis_forms.c.warning_id == warnings.c.id)
            .order_by(warnings.c.week.desc(), warnings.c.subcategory_code).limit(limit))
    if agency_code:
        stmt = stmt.where(warnings.c.agency_code == staff.agency_code_of(agency_code))
    if week is not None:
        stmt = stmt.where(warnings.c.week == week)
    return list(tx.session.execute(stmt))


def escalate_to_city(tx: UnitOfWork, warning_id: int, *, reason: str, staff_subject: str, now: datetime):
    """WARN-3.3: report a seriously abnormal situation to city level at once — ``alert_escalated`` and a
    mail to the city RDEC's authorised staff. Reported once per warning."""
    subject = staff.require_subject(staff_subject)
    if not (reason or "").strip():
        raise InvalidInput("reason: say what makes the situation seriously abnormal")
    row = get_warning(tx, warning_id, lock=True)
    if row.city_escalated_at is not None:
        raise Conflict(f"warning {warning_id} was already reported to city level")
    tx.session.execute(update(analysis_forms).where(analysis_forms.c.warning_id == warning_id).values(
        city_escalated_by=subject, city_escalated_at=now, city_escalation_reason=reason.strip()))
    tx.publish("alert_escalated", row.subcategory_code, events_pb2.AlertEscalated(
        warning_id=warning_id, subcategory_code=row.subcategory_code, agency_code=row.agency_code,
        week=row.week.isoformat(), reason=reason.strip(), escalated_by=subject, escalated_at=to_timestamp(now),
    ))
    mail.enqueue(
        tx, dedupe_key=f"city:{warning_id}", kind="city_escalation",
        recipients=staff.emails(tx, [CITY_RDEC_AGENCY], roles=[*WATCHER_ROLES, ROLE_AGENCY_HEAD]),
        subject=f"[預警通報 市府層級] {row.subcategory_code} — {row.agency_code}, week of {row.week.isoformat()}",
        body=(f"次類別 {row.subcategory_code}，機關 {row.agency_code}，週別 {row.week.isoformat()}，"
              f"案件量 {row.count}（警戒值 {row.threshold:.3f}）。\n通報人 reported by: {subject}\n"
              f"事由 reason: {reason.strip()}\n(WARN-3.3)\n"),
    )
    return get_warning(tx, warning_id)


@dataclass(frozen=True)
class Dashboard:
    week: date
    complete: bool
    rows: list[SubcategoryEvaluation]
    warning_ids: dict[str, int]
    current_warnings: list


def dashboard(tx: UnitOfWork, week: date | None, *, now: datetime) -> Dashboard:
    """WARN-2: every sub-category's count of ``week`` (default: the latest complete week) against its
    threshold, the warnings of that week, and the warnings of the latest evaluated week."""
    week = week or latest_complete_week(now)
    rows = week_statistics(tx, week)
    ids = dict(tx.session.execute(
        select(warnings.c.subcategory_code, warnings.c.id).where(warnings.c.week == week)).all())
    latest = tx.session.execute(select(func.max(evaluated_weeks.c.week))).scalar_one_or_none()
    current = list_warnings(tx, week=latest) if latest else []
    return Dashboard(week, now >= week_end(week), rows, ids, current)


def current_week(now: datetime) -> date:
    return week_start(now.astimezone(UTC))
