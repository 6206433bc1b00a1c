"""Intake's use cases, as plain functions over a unit of work."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from civicase.intake.v1 import events_pb2, intake_api_pb2
from civicase_platform.db import UnitOfWork
from civicase_platform.errors import NotFound
from civicase_platform.grpc_support import to_timestamp
from civicase_platform.sealing import Sealer
from intake.adapters.orm import case_serials, cases
from intake.domain.cases import (
    CASE_NUMBER_RE,
    WEB_FORM_AGENCY_NUMBER,
    WebPetition,
    case_number,
    hash_password,
    new_password,
    registration_date,
    verify_password,
)


@dataclass(frozen=True)
class Registered:
    case_number: str
    password: str
    received_at: datetime


def next_serial(tx: UnitOfWork, agency_number: str, day) -> int:
    """Atomically take the next serial of ``agency_number`` on ``day`` (row lock until commit)."""
    stmt = (
        pg_insert(case_serials)
        .values(agency_number=agency_number, day=day, last_serial=1)
        .on_conflict_do_update(
            index_elements=[case_serials.c.agency_number, case_serials.c.day],
            set_={"last_serial": case_serials.c.last_serial + 1},
        )
        .returning(case_serials.c.last_serial)
    )
    return tx.session.execute(stmt).scalar_one()


@dataclass(frozen=True)
class Contact:
    name: str = ""
    email: str = ""
    phone: str = ""


def _contact_context(case_number: str) -> str:
    return f"intake.cases.petitioner:{case_number}"


def seal_contact(sealer: Sealer, case_number: str, contact: Contact) -> str:
    """The petitioner's contact sealed for the database ("" when there is none)."""
    if not (contact.name or contact.email or contact.phone):
        return ""
    plain = json.dumps({"name": contact.name, "email": contact.email, "phone": contact.phone}, ensure_ascii=False)
    return sealer.seal(plain, context=_contact_context(case_number))


def open_contact(sealer: Sealer, case_number: str, sealed: str) -> Contact:
    if not sealed:
        return Contact()
    data = json.loads(sealer.open(sealed, context=_contact_context(case_number)))
    return Contact(name=data.get("name", ""), email=data.get("email", ""), phone=data.get("phone", ""))


def register_web_petition(
    tx: UnitOfWork, petition: WebPetition, *, password_hash: str, password: str, sealer: Sealer,
    now: datetime | None = None,
) -> Registered:
    """PET-6.2: register a web petition, number it, and announce ``case_registered`` (same transaction)."""
    received_at = (now or datetime.now(UTC)).astimezone(UTC)
    day = registration_date(received_at)
    serial = next_serial(tx, WEB_FORM_AGENCY_NUMBER, day)
    number = case_number(WEB_FORM_AGENCY_NUMBER, day, serial)
    tx.session.execute(
        cases.insert().values(
            case_number=number,
            agency_number=WEB_FORM_AGENCY_NUMBER,
            channel="CHANNEL_WEB",
            subcategory=petition.subcategory,
            subject=petition.subject,
            content=petition.content,
            language=petition.language,
            anonymous=petition.anonymous,
            petitioner_sealed=seal_contact(sealer, number, Contact(petition.name, petition.email, petition.phone)),
            password_hash=password_hash,
            received_at=received_at,
        )
    )
    tx.publish(
        "case_registered",
        number,
        events_pb2.CaseRegistered(
            case_number=number,
            agency_number=WEB_FORM_AGENCY_NUMBER,
            channel=intake_api_pb2.CHANNEL_WEB,
            subcategory=petition.subcategory,
            received_at=to_timestamp(received_at),
            anonymous=petition.anonymous,
            has_email=bool(petition.email),
        ),
    )
    return Registered(number, password, received_at)


def prepare_password() -> tuple[str, str]:
    """A new password and its hash (the slow part, done before the transaction opens)."""
    password = new_password()
    return password, hash_password(password)


def _find(tx: UnitOfWork, number: str):
    if not CASE_NUMBER_RE.match(number or ""):
        return None
    return tx.session.execute(select(cases).where(cases.c.case_number == number)).first()


def get_case(tx: UnitOfWork, number: str):
    row = _find(tx, number)
    if row is None:
        raise NotFound(f"no case {number!r}")
    return row


_DUMMY_HASH = hash_password("AAAAAA")


def get_case_for_verification(tx: UnitOfWork, number: str):
    """The case row or None (the caller must still spend the hash time, see ``check_password``)."""
    return _find(tx, number)


def check_password(row, password: str, verify=verify_password) -> None:
    """Raise NotFound unless ``password`` matches, without saying whether the number or the password was
    wrong; an unknown number costs the same hash time, so timing does not tell either."""
    stored = row.password_hash if row is not None else _DUMMY_HASH
    matches = verify(password or "", stored)
    if row is None or not matches:
        raise NotFound("no case with this case number and password")
