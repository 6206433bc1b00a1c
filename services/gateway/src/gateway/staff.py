"""Who the staff caller is, for every staff endpoint (``/api/v1/staff/...``).

Until the city's OIDC sign-in lands (ARCHITECTURE "People and access": the gateway verifies the token and
passes the caller's claims), the subject comes from the ``X-Staff-Subject`` header. Every staff route
depends on ``Staff``, so switching to verified token claims happens here and nowhere else.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, HTTPException

STAFF_HEADER = "X-Staff-Subject"
STAFF_METADATA_KEY = "x-staff-subject"  # gRPC metadata the services may read
MAX_SUBJECT = 100


def staff_subject(
    x_staff_subject: Annotated[str | None, Header(description="The signed-in staff member (OIDC subject)")] = None,
) -> str:
    subject = (x_staff_subject or "").strip()
    if not subject:
        raise HTTPException(status_code=401, detail=f"sign in as staff: send the {STAFF_HEADER} header (until "
                                                    "OIDC sign-in replaces it with the token's subject)")
    if len(subject) > MAX_SUBJECT:
        raise HTTPException(status_code=422,
                            detail=f"{STAFF_HEADER} has {len(subject)} characters; at most {MAX_SUBJECT}")
    return subject


Staff = Annotated[str, Depends(staff_subject)]
