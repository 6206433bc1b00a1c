"""The service catalogue (time-limit table, APP-3, APP-7, APP-8): what each online service is, needs,
costs and how long it may take (APP-11). Pure: reads an already-parsed YAML mapping."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

SERVICE_TYPES = ("fully_online", "partly_online", "appointment")
DAY_UNITS = ("working", "calendar")
SERVICE_CODE_RE = re.compile(r"^[A-Z][A-Z0-9-]{2,59}$")


@dataclass(frozen=True)
class CatalogueService:
    code: str
    name: str
    agency_code: str
    agency_number: str  # 3 digits, starts the application number
    type: str  # one of SERVICE_TYPES (APP-8)
    processing_days: int
    day_unit: str  # one of DAY_UNITS (APP-11)
    documents: tuple[str, ...]  # required of the applicant
    fee: int  # NT$
    online_fee: int | None = None  # NT$, lower fee for online filing (APP-8); None = fee
    e_signature_accepted: bool = False  # APP-9.1
    payment_first: bool = False  # the clock starts after payment (APP-11)
    exempt_documents: tuple[str, ...] = field(default=())  # fetched by the agency (APP-9.2)
    name_en: str = ""
    description: str = ""

    @property
    def fee_online(self) -> int:
        """What an online applicant pays."""
        return self.fee if self.online_fee is None else self.online_fee

    @property
    def needs_documents_online(self) -> bool:
        """Fully and partly online services take the documents with the application; appointments
        bring them to the counter."""
        return self.type != "appointment"

    @property
    def waits_for_payment(self) -> bool:
        return self.payment_first and self.fee_online > 0


class CatalogueError(ValueError):
    """The catalogue file is wrong; the service refuses to start rather than serve it."""


def parse_catalogue(data: Any) -> list[CatalogueService]:
    """Check and read the catalogue mapping (``{"services": [...]}``); every problem at once."""
    if not isinstance(data, dict) or not isinstance(data.get("services"), list):
        raise CatalogueError("catalogue: expected a mapping with a list under 'services'")
    services: list[CatalogueService] = []
    problems: list[str] = []
    seen: set[str] = set()
    for i, entry in enumerate(data["services"]):
        where = f"services[{i}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: not a mapping")
            continue
        code = str(entry.get("code", ""))
        where = f"{where} ({code})"
        if not SERVICE_CODE_RE.match(code):
            problems.append(f"{where}: code must be upper-case letters, digits and dashes")
        if code in seen:
            problems.append(f"{where}: duplicate code")
        seen.add(code)
        if entry.get("type") not in SERVICE_TYPES:
            problems.append(f"{where}: type must be one of {', '.join(SERVICE_TYPES)}")
        if entry.get("day_unit") not in DAY_UNITS:
            problems.append(f"{where}: day_unit must be 'working' or 'calendar'")
        days = entry.get("processing_days")
        if not isinstance(days, int) or isinstance(days, bool) or days < 1:
            problems.append(f"{where}: processing_days must be a whole number ≥ 1")
        if not re.fullmatch(r"\d{3}", str(entry.get("agency_number", ""))):
            problems.append(f"{where}: agency_number must be 3 digits")
        fee, online_fee = entry.get("fee"), entry.get("online_fee")
        if not isinstance(fee, int) or fee < 0:
            problems.append(f"{where}: fee must be a whole number of NT$ ≥ 0")
        elif online_fee is not None and (not isinstance(online_fee, int) or not 0 <= online_fee <= fee):
            problems.append(f"{where}: online_fee must be between 0 and fee")
        documents = tuple(entry.get("documents") or ())
        exempt = tuple(entry.get("exempt_documents") or ())
        if set(documents) & set(exempt):
            problems.append(f"{where}: a document cannot be both required and exempt")
        if not entry.get("name") or not entry.get("agency_code"):
            problems.append(f"{where}: name and agency_code are required")
        if problems:
            continue
        services.append(CatalogueService(
            code=code, name=entry["name"], agency_code=entry["agency_code"],
            agency_number=str(entry["agency_number"]), type=entry["type"], processing_days=days,
            day_unit=entry["day_unit"], documents=documents, fee=fee, online_fee=online_fee,
            e_signature_accepted=bool(entry.get("e_signature_accepted", False)),
            payment_first=bool(entry.get("payment_first", False)), exempt_documents=exempt,
            name_en=str(entry.get("name_en", "")), description=str(entry.get("description", "")),
        ))
    if problems:
        raise CatalogueError("; ".join(problems))
    return services
