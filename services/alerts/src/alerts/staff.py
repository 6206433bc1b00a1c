"""Authorised staff per agency (WARN-2) — who watches the dashboard and receives warning mail, deadline
reminders and escalations — and the agency hierarchy read model (WARN-3.2). Use cases over a unit of work.

Every change of authorised staff is recorded in ``authorised_staff_changes`` (who changed what, when and
why) in the same transaction as the change: WARN-2 has changes requested from the city RDEC, so the trail
is what an audit checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from alerts.adapters.orm import agencies, authorised_staff, authorised_staff_changes
from alerts.domain.control import ROLES, WATCHER_ROLES
from civicase_platform.db import UnitOfWork
from civicase_platform.errors import InvalidInput, PermissionDenied

AGENCY_RE = re.compile(r"^[A-Z][A-Z0-9_]{1,19}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def agency_code_of(text: str, *, required: bool = True) -> str:
    code = (text or "").strip().upper()
    if not code and not required:
        return ""
    if not AGENCY_RE.match(code):
        raise InvalidInput(f"agency_code: {text!r} is not an agency code (like PWD)")
    return code


def require_subject(subject: str) -> str:
    subject = (subject or "").strip()
    if not subject:
        raise PermissionDenied("sign in first: the acting staff member's subject is missing")
    return subject


@dataclass(frozen=True)
class StaffChangeRequest:
    agency_code: str
    subject: str
    name: str
    email: str
    role: str
    changed_by: str
    reason: str = ""


def add_staff(tx: UnitOfWork, request: StaffChangeRequest, *, now: datetime | None = None):
    """Add (or change the e-mail/role of) one authorised staff member; records the change."""
    now = now or datetime.now(UTC)
    changed_by = require_subject(request.changed_by)
    problems = []
    try:
        agency = agency_code_of(request.agency_code)
    except InvalidInput as exc:
        problems.append(str(exc))
        agency = ""
    subject = (request.subject or "").strip()
    if not subject:
        problems.append("subject: give the staff member's sign-in subject")
    email = (request.email or "").strip()
    if not EMAIL_RE.match(email):
        problems.append(f"email: {request.email!r} is not an e-mail address")
    role = (request.role or "").strip().lower()
    if role not in ROLES:
        problems.append(f"role: {request.role!r} is not one of {', '.join(ROLES)}")
    if problems:
        raise InvalidInput("; ".join(problems))
    existed = tx.session.execute(
        select(authorised_staff.c.subject).where(authorised_staff.c.agency_code == agency,
                                                 authorised_staff.c.subject == subject).with_for_update()
    ).first() is not None
    stmt = pg_insert(authorised_staff).values(
        agency_code=agency, subject=subject, name=(request.name or "").strip(), email=email, role=role,
        added_by=changed_by, added_at=now,
    )
    tx.session.execute(stmt.on_conflict_do_update(
        index_elements=[authorised_staff.c.agency_code, authorised_staff.c.subject],
        set_={"name": stmt.excluded.name, "email": stmt.excluded.email, "role": stmt.excluded.role},
    ))
    _record(tx, agency, subject, "update" if existed else "add", role, email, changed_by, now, request.reason)
    return tx.session.execute(
        select(authorised_staff).where(authorised_staff.c.agency_code == agency,
                                       authorised_staff.c.subject == subject)
    ).one()


def remove_staff(tx: UnitOfWork, agency_code: str, subject: str, changed_by: str, reason: str = "", *,
                 now: datetime | None = None) -> bool:
    now = now or datetime.now(UTC)
    changed_by = require_subject(changed_by)
    agency = agency_code_of(agency_code)
    removed = tx.session.execute(
        delete(authorised_staff)
        .where(authorised_staff.c.agency_code == agency, authorised_staff.c.subject == (subject or "").strip())
        .returning(authorised_staff.c.role, authorised_staff.c.email)
    ).first()
    if removed is None:
        return False
    _record(tx, agency, subject.strip(), "remove", removed.role, removed.email, changed_by, now, reason)
    return True


def _record(tx: UnitOfWork, agency: str, subject: str, action: str, role: str, email: str, changed_by: str,
            now: datetime, reason: str) -> None:
    tx.session.execute(authorised_staff_changes.insert().values(
        agency_code=agency, subject=subject, action=action, role=role, email=email, changed_by=changed_by,
        changed_at=now, reason=(reason or "").strip(),
    ))


def list_staff(tx: UnitOfWork, agency_code: str = "") -> list:
    stmt = select(authorised_staff).order_by(authorised_staff.c.agency_code, authorised_staff.c.role,
                                             authorised_staff.c.subject)
    if agency_code:
        stmt = stmt.where(authorised_staff.c.agency_code == agency_code_of(agency_code))
    return list(tx.session.execute(stmt))


def list_changes(tx: UnitOfWork, agency_code: str = "", limit: int = 500) -> list:
    stmt = select(authorised_staff_changes).order_by(authorised_staff_changes.c.id.desc()).limit(limit)
    if agency_code:
        stmt = stmt.where(authorised_staff_changes.c.agency_code == agency_code_of(agency_code))
    return list(tx.session.execute(stmt))


def emails(tx: UnitOfWork, agency_codes: Iterable[str], roles: Iterable[str] = WATCHER_ROLES) -> list[str]:
    """E-mail addresses of the given agencies' staff in the given roles (sorted, unique)."""
    codes = [c for c in agency_codes if c]
    if not codes:
        return []
    rows = tx.session.execute(
        select(authorised_staff.c.email).distinct()
        .where(authorised_staff.c.agency_code.in_(codes), authorised_staff.c.role.in_(list(roles)))
        .order_by(authorised_staff.c.email)
    )
    return list(rows.scalars())


def is_authorised(tx: UnitOfWork, agency_code: str, subject: str, roles: Iterable[str] = WATCHER_ROLES) -> bool:
    return tx.session.execute(
        select(authorised_staff.c.subject).where(
            authorised_staff.c.agency_code == agency_code, authorised_staff.c.subject == subject,
            authorised_staff.c.role.in_(list(roles)),
        )
    ).first() is not None


# -- agency hierarchy read model ------------------------------------------------------------------------

def sync_agencies(tx: UnitOfWork, rows: Iterable[tuple[str, str, str]], *, now: datetime | None = None) -> int:
    """Upsert routing's agency directory as (code, name, parent_code); returns how many rows were given."""
    now = now or datetime.now(UTC)
    values = [{"code": c, "name": n or "", "parent_code": p or "", "synced_at": now} for c, n, p in rows if c]
    if not values:
        return 0
    stmt = pg_insert(agencies).values(values)
    tx.session.execute(stmt.on_conflict_do_update(
        index_elements=[agencies.c.code],
        set_={"name": stmt.excluded.name, "parent_code": stmt.excluded.parent_code,
              "synced_at": stmt.excluded.synced_at},
    ))
    return len(values)


def parents_of(tx: UnitOfWork, codes: Iterable[str]) -> dict[str, str]:
    codes = list(codes)
    if not codes:
        return {}
    rows = tx.session.execute(select(agencies.c.code, agencies.c.parent_code).where(agencies.c.code.in_(codes)))
    return {code: parent for code, parent in rows}


def last_agency_sync(tx: UnitOfWork) -> datetime | None:
    return tx.session.execute(select(func.max(agencies.c.synced_at))).scalar_one_or_none()
