"""Registering web petitions on the real database: numbering, storage and the outbox (PET-6.2)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from civicase_platform.db import UnitOfWorkFactory, make_engine
from civicase_platform.errors import NotFound
from civicase_platform.sealing import Sealer, new_key_entry
from civicase_platform.testing import reset_database
from intake import handlers
from intake.adapters import orm
from intake.domain.cases import validate_web_petition

SEALER = Sealer.from_setting(new_key_entry("t1"))


@pytest.fixture(scope="module")
def uow():
    engine = make_engine(reset_database("intake"))
    yield UnitOfWorkFactory(engine, service="intake", outbox=orm.outbox, inbox=orm.inbox)
    engine.dispose()


def _register(uow, when: datetime, **fields):
    petition = validate_web_petition(content=fields.pop("content", "路燈不亮"), **fields)
    password, hashed = handlers.prepare_password()
    with uow() as tx:
        registered = handlers.register_web_petition(tx, petition, password_hash=hashed, password=password,
                                                    sealer=SEALER, now=when)
        tx.commit()
    return registered


class TestRegisterWebPetition:
    def test_serials_count_per_taipei_day_and_restart_the_next_day(self, uow):
        first = _register(uow, datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
        second = _register(uow, datetime(2026, 3, 2, 15, 59, tzinfo=UTC))
        next_day = _register(uow, datetime(2026, 3, 2, 16, 1, tzinfo=UTC))  # 00:01 on 3 March in Taipei
        assert first.case_number == "000-20260302-00001"
        assert second.case_number == "000-20260302-00002"
        assert next_day.case_number == "000-20260303-00001"

    def test_case_and_its_event_are_stored_together_without_personal_data_in_the_event(self, uow):
        reg = _register(uow, datetime(2026, 3, 4, 2, 0, tzinfo=UTC), subcategory="STREET_LIGHT",
                        name="王小明", email="ming@example.com", phone="0912345678")
        with uow() as tx:
            row = tx.session.execute(select(orm.cases).where(orm.cases.c.case_number == reg.case_number)).one()
            event = tx.session.execute(
                select(orm.outbox.c.envelope).where(orm.outbox.c.subject == reg.case_number)).scalar_one()
        assert "王小明" not in row.petitioner_sealed and "0912345678" not in row.petitioner_sealed
        assert handlers.open_contact(SEALER, reg.case_number, row.petitioner_sealed) == handlers.Contact(
            "王小明", "ming@example.com", "0912345678")
        assert reg.password not in row.password_hash
        assert event["type"] == "case_registered" and event["data"]["subcategory"] == "STREET_LIGHT"
        assert event["data"]["has_email"] is True
        for secret in ("王小明", "ming@example.com", "0912345678", "路燈不亮", reg.password):
            assert secret not in str(event)

    def test_wrong_password_and_unknown_number_are_the_same_not_found(self, uow):
        reg = _register(uow, datetime(2026, 3, 5, 2, 0, tzinfo=UTC))
        with uow() as tx:
            row = handlers.get_case_for_verification(tx, reg.case_number)
            handlers.check_password(row, reg.password)  # the right one passes
            with pytest.raises(NotFound) as wrong:
                handlers.check_password(row, "AAAAAA")
            with pytest.raises(NotFound) as unknown:
                handlers.check_password(handlers.get_case_for_verification(tx, "000-19990101-00001"), reg.password)
            with pytest.raises(NotFound):
                handlers.check_password(handlers.get_case_for_verification(tx, "'; drop table cases"), "x")
        assert str(wrong.value) == str(unknown.value)
