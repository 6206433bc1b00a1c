"""Outgoing e-mail of alerts (WARN-2 warning mail, WARN-3.2/3.3 escalations, PET-14.3 reminders): the mail
outbox and its relay.

Why an outbox: the decision to send a mail (a warning raised, a deadline about to pass) is written as a
``mail_outbox`` row *in the same transaction* as the decision itself, so a rolled-back decision sends
nothing and a committed one cannot be forgotten. ``dedupe_key`` is unique: deciding the same notice twice
(a re-run, a second alerts instance) inserts nothing the second time.

Why at-least-once with a stable Message-ID: the relay takes one unsent row under ``FOR UPDATE SKIP
LOCKED`` (several relays never hold the same row), hands it to the SMTP server, and marks it sent in the
same transaction only after the server answered 250. If the process dies between the 250 and the commit,
the row is still unsent and is sent again — with the same ``Message-ID: <alerts-mail-<id>@<domain>>``,
derived from the row id, so mail servers and clients that de-duplicate by Message-ID show it once. A mail
is therefore never lost and never shown twice; a row the server refuses keeps its error and is retried
with back-off (attempts are counted).
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

import structlog
from sqlalchemy import select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from alerts.adapters.orm import mail_outbox
from civicase_platform.db import UnitOfWork, UnitOfWorkFactory

log = structlog.get_logger(__name__)

#: A row that failed waits this long times its attempts before the next try (at most an hour).
RETRY_BACKOFF = timedelta(seconds=30)


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    timeout: float = 10.0

    @property
    def domain(self) -> str:
        return self.sender.rsplit("@", 1)[-1] or "civicase.local"


def enqueue(tx: UnitOfWork, *, dedupe_key: str, kind: str, recipients: list[str], subject: str,
            body: str) -> int | None:
    """Add a mail to the outbox in the caller's transaction; None if this ``dedupe_key`` exists already
    (or nobody is to receive it)."""
    recipients = sorted({r.strip() for r in recipients if r and r.strip()})
    if not recipients:
        log.warning("mail_without_recipients", kind=kind, dedupe_key=dedupe_key)
        return None
    stmt = (
        pg_insert(mail_outbox)
        .values(dedupe_key=dedupe_key, kind=kind, recipients=recipients, subject=subject, body=body)
        .on_conflict_do_nothing(index_elements=[mail_outbox.c.dedupe_key])
        .returning(mail_outbox.c.id)
    )
    return tx.session.execute(stmt).scalar_one_or_none()


def message_id(mail_id: int, settings: SmtpSettings) -> str:
    return f"<alerts-mail-{mail_id}@{settings.domain}>"


def build_message(row, settings: SmtpSettings) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = settings.sender
    msg["To"] = ", ".join(row.recipients)
    msg["Subject"] = row.subject
    msg["Message-ID"] = message_id(row.id, settings)
    msg["Date"] = format_datetime(row.created_at.astimezone(UTC))
    msg["X-Civicase-Kind"] = row.kind
    msg.set_content(row.body)
    return msg


def send_pending(uow: UnitOfWorkFactory, settings: SmtpSettings, *, now: datetime | None = None,
                 limit: int = 100) -> int:
    """Send unsent mail, one row per transaction; returns how many the SMTP server accepted.

    Stops at the first connection failure (the server is down: the rest waits for the next run).
    """
    sent = 0
    smtp: smtplib.SMTP | None = None
    try:
        for _ in range(limit):
            with uow() as tx:
                current = now or datetime.now(UTC)
                row = tx.session.execute(
                    select(mail_outbox)
                    .where(mail_outbox.c.sent_at.is_(None))
                    .where(text("(attempts = 0 OR created_at + make_interval(secs => :backoff * attempts) "
                                "<= :now)").bindparams(backoff=RETRY_BACKOFF.total_seconds(), now=current))
                    .order_by(mail_outbox.c.id)
                    .limit(1)
                    .with_for_update(skip_locked=True)
                ).first()
                if row is None:
                    return sent
                try:
                    if smtp is None:
                        smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
                    smtp.send_message(build_message(row, settings))
                except smtplib.SMTPRecipientsRefused as exc:
                    _failed(tx, row.id, f"recipients refused: {sorted(exc.recipients)}")
                    continue
                except (smtplib.SMTPException, OSError) as exc:
                    _failed(tx, row.id, f"{type(exc).__name__}: {exc}")
                    log.warning("mail_smtp_unavailable", error=f"{type(exc).__name__}: {exc}")
                    return sent
                # The server accepted it: only now is the row sent (a crash before this commit resends
                # it with the same Message-ID).
                tx.session.execute(
                    update(mail_outbox).where(mail_outbox.c.id == row.id)
                    .values(sent_at=datetime.now(UTC), attempts=mail_outbox.c.attempts + 1, last_error=None)
                )
                tx.commit()
                sent += 1
                log.info("mail_sent", mail_id=row.id, kind=row.kind, recipients=len(row.recipients))
        return sent
    finally:
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass


def _failed(tx: UnitOfWork, mail_id: int, error: str) -> None:
    tx.session.execute(
        update(mail_outbox).where(mail_outbox.c.id == mail_id)
        .values(attempts=mail_outbox.c.attempts + 1, last_error=error[:1000])
    )
    tx.commit()


def pending_count(tx: UnitOfWork) -> int:
    return len(tx.session.execute(select(mail_outbox.c.id).where(mail_outbox.c.sent_at.is_(None))).all())
