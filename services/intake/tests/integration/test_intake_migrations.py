"""Migration 0002 seals petitioner contact that earlier versions stored in plain text (encrypted at rest,
ARCHITECTURE; PET-7.5 protects it) — and refuses to run without the key rather than lose or expose it."""

from __future__ import annotations

import os
import subprocess

from sqlalchemy import text

from civicase_platform.db import make_engine
from civicase_platform.sealing import Sealer, new_key_entry
from civicase_platform.testing import REPO_ROOT, VENV_BIN, reset_database
from intake import handlers


def _alembic(url: str, *args: str, keys: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "FIELD_ENCRYPTION_KEYS"}
    if keys:
        env["FIELD_ENCRYPTION_KEYS"] = keys
    return subprocess.run([str(VENV_BIN / "alembic"), "-c", str(REPO_ROOT / "services/intake/alembic.ini"),
                           "-x", f"url={url}", *args], env=env, capture_output=True, text=True)


def test_plaintext_contact_is_sealed_by_the_upgrade_and_restored_by_the_downgrade():
    url = reset_database("intake")
    keys = new_key_entry("m1")
    assert _alembic(url, "downgrade", "0001", keys=None).returncode == 0
    engine = make_engine(url, pool_size=1)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO cases (case_number, agency_number, channel, content, petitioner_name, petitioner_email, "
            "petitioner_phone, password_hash, received_at) VALUES ('000-20260105-00001', '000', 'CHANNEL_WEB', "
            "'路燈不亮', '王小明', 'ming@example.com', '0912345678', 'h', now())"))

    refused = _alembic(url, "upgrade", "head", keys=None)
    assert refused.returncode != 0 and "FIELD_ENCRYPTION_KEYS" in refused.stderr

    assert _alembic(url, "upgrade", "head", keys=keys).returncode == 0
    with engine.connect() as conn:
        sealed = conn.execute(text("SELECT petitioner_sealed FROM cases")).scalar_one()
        columns = {r[0] for r in conn.execute(text(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'cases'"))}
    assert "王小明" not in sealed and not {"petitioner_name", "petitioner_phone"} & columns
    assert handlers.open_contact(Sealer.from_setting(keys), "000-20260105-00001", sealed) == handlers.Contact(
        "王小明", "ming@example.com", "0912345678")

    assert _alembic(url, "downgrade", "0001", keys=keys).returncode == 0
    with engine.connect() as conn:
        restored = conn.execute(text("SELECT petitioner_name, petitioner_phone FROM cases")).one()
        assert restored == ("王小明", "0912345678")
    engine.dispose()
    reset_database("intake")
