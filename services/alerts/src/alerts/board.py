"""Time-limit control (稽催, PET-4, PET-14.3): the board of open deadlines per agency, and the reminder and
overdue-escalation mails. Use cases over a unit of work; the bucket and timing rules are in
``alerts.domain.control``.

The board takes every deadline any service announced (``deadline_set``), whatever its rule ID string —
reply's PET-7.4 family, eapply's APP-11, alerts' own WARN-3.1 and any rule added later.

**Each notice once.** A reminder (to the agency's authorised staff, from the working day before the due
date) and an overdue escalation (to the agency's RDEC officer) are recorded in ``deadline_notices`` keyed by
(rule, subject, kind, due) with ``INSERT … ON CONFLICT DO NOTHING RETURNING``, in the same transaction as
the mail outbox row. Two alerts instances running the timer at once: the second insert waits for the
first transaction and then inserts nothing, so it sends nothing. A deadline re-opened with a new due
instant gets its own notices. A notice with nobody to receive it (no authorised staff registered yet) is
not recorded, so it goes out once someone is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import structlog
from sqlalchemy import and_, exists, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from alerts import mail, staff
from alerts.adapters.orm import deadline_notices, deadlines
from alerts.domain.control import (
    DUE_TODAY,
    ESCALATION,
    OVERDUE,
    REMINDER,
    ROLE_RDEC_OFFICER,
    UPCOMING,
    bucket,
    escalation_due,
    horizon,
    reminder_due,
    taipei_date,
)
from alerts.domain.early_warning import TAIPEI
from civicase_platform.calendar import OfficeCalendar
from civicase_platform.db import UnitOfWork
from civicase_platform.errors import InvalidInput

log = structlog.get_logger(__name__)

DEFAULT_WITHIN_WORKING_DAYS = 3
MAX_WITHIN_WORKING_DAYS = 30
# A reminder starts at most this long before the due instant (the working day before it, across the
# longest run of days off, e.g. the Lunar New Year holidays).
REMINDER_LOOKAHEAD = timedelta(days=20)
BOARD_LIMIT = 1000


@dataclass(frozen=True)
class Board:
    as_of: datetime
    horizon_date: date
    overdue: list
    due_today: list
    upcoming: list


def deadline_board(tx: UnitOfWork, *, agency_code: str, within_working_days: int, now: datetime,
                   calendar: OfficeCalendar) -> Board:
    """Open deadlines of an agency (or all) that are overdue, due today, or due within the next
    ``within_working_days`` working days (exact to the Taipei working day)."""
    within = within_working_days or DEFAULT_WITHIN_WORKING_DAYS
    if not 0 < within <= MAX_WITHIN_WORKING_DAYS:
        raise InvalidInput(f"within_working_days: give 1 to {MAX_WITHIN_WORKING_DAYS} (got {within_working_days})")
    last_day = horizon(taipei_date(now), within, calendar)
    end = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), tzinfo=TAIPEI)
    stmt = (select(deadlines)
            .where(deadlines.c.met_at.is_(None), deadlines.c.due.is_not(None), deadlines.c.due < end)
            .order_by(deadlines.c.due, deadlines.c.rule, deadlines.c.subject).limit(BOARD_LIMIT))
    if agency_code:
        stmt = stmt.where(deadlines.c.agency_code == staff.agency_code_of(agency_code))
    columns: dict[str, list] = {OVERDUE: [], DUE_TODAY: [], UPCOMING: []}
    for row in tx.session.execute(stmt):
        which = bucket(row.due, now, last_day)
        if which is not None:
            columns[which].append(row)
    return Board(now, last_day, columns[OVERDUE], columns[DUE_TODAY], columns[UPCOMING])


def _without_notice(kind: str):
    return ~exists().where(and_(
        deadline_notices.c.rule == deadlines.c.rule, deadline_notices.c.subject == deadlines.c.subject,
        deadline_notices.c.kind == kind, deadline_notices.c.due == deadlines.c.due,
    ))


def _claim(tx: UnitOfWork, row, kind: str) -> bool:
    return tx.session.execute(
        pg_insert(deadline_notices).values(rule=row.rule, subject=row.subject, kind=kind, due=row.due)
        .on_conflict_do_nothing().returning(deadline_notices.c.rule)
    ).first() is not None


def _mark_mail(tx: UnitOfWork, row, kind: str, mail_id: int | None) -> None:
    tx.session.execute(deadline_notices.update().where(
        deadline_notices.c.rule == row.rule, deadline_notices.c.subject == row.subject,
        deadline_notices.c.kind == kind, deadline_notices.c.due == row.due,
    ).values(mail_id=mail_id))


@dataclass(frozen=True)
class NoticeResult:
    reminders: int
    escalations: int


def _notify(tx: UnitOfWork, row, kind: str, *, roles, mail_kind: str, subject: str, closing: str) -> bool:
    """Queue one notice mail about ``row`` to its agency's staff in ``roles``, once per (rule, subject, kind, due).
    ``subject`` is a template with the fields {rule}, {subject} and {due}."""
    recipients = staff.emails(tx, [row.agency_code], roles=roles)
    if not recipients:
        log.warning(f"{mail_kind}_without_recipients", rule=row.rule, agency=row.agency_code)
        return False
    if not _claim(tx, row, kind):
        return False
    due_local = row.due.astimezone(TAIPEI)
    mail_id = mail.enqueue(
        tx, dedupe_key=f"deadline:{kind}:{row.rule}:{row.subject}:{row.due.isoformat()}",
        kind=mail_kind, recipients=recipients,
        subject=subject.format(rule=row.rule, subject=row.subject, due=f"{due_local:%Y-%m-%d %H:%M}"),
        body=(f"規則 rule: {row.rule}\n案件 subject: {row.subject}\n機關 agency: {row.agency_code}\n"
              f"期限 due: {due_local.isoformat()}\n{closing}\n"),
    )
    _mark_mail(tx, row, kind, mail_id)
    return True


def send_deadline_notices(tx: UnitOfWork, *, now: datetime, calendar: OfficeCalendar) -> NoticeResult:
    """Queue the day-before reminders and the overdue escalations not sent yet (PET-4, PET-14.3)."""
    reminders = escalations = 0
    upcoming = tx.session.execute(
        select(deadlines).where(deadlines.c.met_at.is_(None), deadlines.c.due > now,
                                deadlines.c.due <= now + REMINDER_LOOKAHEAD, _without_notice(REMINDER))
        .order_by(deadlines.c.due)
    ).all()
    for row in upcoming:
        if reminder_due(row.due, now, calendar) and _notify(
            tx, row, REMINDER, roles=staff.WATCHER_ROLES, mail_kind="deadline_reminder",
            subject="[稽催提醒] {rule} {subject} 將於 {due} 到期", closing="請於期限前辦理 (PET-14.3)。",
        ):
            reminders += 1
    overdue = tx.session.execute(
        select(deadlines).where(deadlines.c.met_at.is_(None), deadlines.c.due < now, _without_notice(ESCALATION))
        .order_by(deadlines.c.due)
    ).all()
    for row in overdue:
        if escalation_due(row.due, now) and _notify(
            tx, row, ESCALATION, roles=[ROLE_RDEC_OFFICER], mail_kind="deadline_overdue",
            subject="[逾期稽催] {rule} {subject} 已逾期（期限 {due}）",
            closing="本案已逾期，請研考人員督促辦理 (PET-4, PET-14.3)。",
        ):
            escalations += 1
    if reminders or escalations:
        log.info("deadline_notices_queued", reminders=reminders, escalations=escalations)
    return NoticeResult(reminders, escalations)

