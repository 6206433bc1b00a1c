"""What a web petition must contain, case numbers and case passwords (PET-6.2, REQUIREMENTS "Case number")."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from civicase_platform.errors import InvalidInput

TAIPEI = ZoneInfo("Asia/Taipei")
WEB_FORM_AGENCY_NUMBER = "000"
# No 0/O, 1/I/L: a citizen reading the password off a letter or a phone call cannot confuse them.
PASSWORD_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PASSWORD_LENGTH = 6
CASE_NUMBER_RE = re.compile(r"^\d{3}-\d{8}-\d{5}$")
SUBCATEGORY_RE = re.compile(r"^[A-Z][A-Z0-9_]{1,39}$")
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
PHONE_RE = re.compile(r"^\+?[0-9()\-\s#]{6,24}$")
MAX_CONTENT = 10_000


@dataclass(frozen=True)
class WebPetition:
    content: str
    subcategory: str
    name: str
    email: str
    phone: str
    anonymous: bool
    subject: str
    language: str


def validate_web_petition(
    *, content: str, subcategory: str = "", name: str = "", email: str = "", phone: str = "",
    anonymous: bool = False, subject: str = "", language: str = "",
) -> WebPetition:
    """Check a petition from the web form; raise InvalidInput naming every problem at once."""
    problems: list[str] = []
    content = (content or "").strip()
    if not content:
        problems.append("content: describe the matter of the petition (it is empty)")
    elif len(content) > MAX_CONTENT:
        problems.append(f"content: at most {MAX_CONTENT} characters (got {len(content)})")
    subcategory = (subcategory or "").strip().upper()
    if subcategory and not SUBCATEGORY_RE.match(subcategory):
        problems.append("subcategory: use a code from GET /api/v1/subcategories, or leave it empty")
    name, email, phone = (name or "").strip(), (email or "").strip(), (phone or "").strip()
    if len(name) > 100:
        problems.append("name: at most 100 characters")
    if email and not EMAIL_RE.match(email):
        problems.append("email: not an e-mail address (like someone@example.com)")
    if phone and not PHONE_RE.match(phone):
        problems.append("phone: digits with an optional +, spaces, dashes or parentheses")
    if anonymous and name:
        problems.append("name: an anonymous petition carries no name; remove it or file non-anonymously")
    subject = (subject or "").strip()
    if len(subject) > 200:
        problems.append("subject: at most 200 characters")
    language = (language or "zh-TW").strip()
    if language not in ("zh-TW", "en"):
        problems.append("language: 'zh-TW' or 'en'")
    if problems:
        raise InvalidInput("; ".join(problems))
    return WebPetition(content, subcategory, name, email, phone, anonymous, subject, language)


def case_number(agency_number: str, registered_on: date, serial: int) -> str:
    """``AAA-YYYYMMDD-NNNNN``: registering agency, Taipei date of registration, serial per agency per day."""
    if not re.fullmatch(r"\d{3}", agency_number):
        raise ValueError("agency number must be 3 digits")
    if not 1 <= serial <= 99_999:
        raise InvalidInput("the daily case serial of this agency is exhausted (99999 cases)")
    return f"{agency_number}-{registered_on:%Y%m%d}-{serial:05d}"


def registration_date(received_at: datetime) -> date:
    return received_at.astimezone(TAIPEI).date()


def new_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


# scrypt: memory-hard and in the standard library. N=2**12 (4 MiB, ~10 ms here) makes an offline guess of
# the 31**6 ≈ 8.9e8 passwords cost hours of CPU per case while filing stays fast enough for the web form; the
# parameters are stored with the hash, so they can be raised later without invalidating stored passwords.
# PASSWORD_HASH_N lets an operator raise the cost on faster hardware (a power of two, at least 2**12).
SCRYPT_N, SCRYPT_R, SCRYPT_P = int(os.environ.get("PASSWORD_HASH_N", 2**12)), 8, 1
if SCRYPT_N < 2**12 or SCRYPT_N & (SCRYPT_N - 1):
    raise RuntimeError("PASSWORD_HASH_N must be a power of two and at least 4096")


def hash_password(password: str, *, n: int = SCRYPT_N) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(
        password.strip().upper().encode(), salt=bytes.fromhex(salt_hex), n=int(n), r=int(r), p=int(p),
        dklen=len(digest_hex) // 2,
    )
    return hmac.compare_digest(candidate.hex(), digest_hex)
