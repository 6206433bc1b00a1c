"""Case numbers, case passwords and web-petition validation (PET-6.2, REQUIREMENTS 'Case number')."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from civicase_platform.errors import InvalidInput
from intake.domain.cases import (
    PASSWORD_ALPHABET,
    case_number,
    hash_password,
    new_password,
    registration_date,
    validate_web_petition,
    verify_password,
)


class TestCaseNumber:
    def test_case_number_is_agency_date_and_five_digit_serial(self):
        assert case_number("000", date(2026, 2, 13), 12) == "000-20260213-00012"

    def test_registration_date_is_the_taipei_date(self):
        """16:30 UTC on the 13th is 00:30 on the 14th in Taipei."""
        assert registration_date(datetime(2026, 2, 13, 16, 30, tzinfo=UTC)) == date(2026, 2, 14)
        assert registration_date(datetime(2026, 2, 13, 15, 59, 59, tzinfo=UTC)) == date(2026, 2, 13)

    def test_serial_beyond_five_digits_is_refused(self):
        with pytest.raises(InvalidInput):
            case_number("000", date(2026, 2, 13), 100_000)


class TestCasePassword:
    def test_password_has_six_unambiguous_characters(self):
        for _ in range(200):
            password = new_password()
            assert len(password) == 6 and set(password) <= set(PASSWORD_ALPHABET)
        assert not set("0O1IL") & set(PASSWORD_ALPHABET)

    def test_password_is_stored_as_salted_hash_and_verifies(self):
        stored = hash_password("K7M2QX")
        assert "K7M2QX" not in stored and stored.startswith("scrypt$")
        assert hash_password("K7M2QX") != stored  # salted
        assert verify_password("K7M2QX", stored)
        assert verify_password(" k7m2qx ", stored)  # typed in lower case or with spaces
        assert not verify_password("K7M2QY", stored)
        assert not verify_password("K7M2QX", "garbage")


class TestWebPetitionValidation:
    def test_valid_petition_is_normalised(self):
        p = validate_web_petition(content="  路燈不亮  ", subcategory="street_light", email="a@b.tw")
        assert p.content == "路燈不亮" and p.subcategory == "STREET_LIGHT" and p.language == "zh-TW"

    def test_every_problem_is_named_at_once(self):
        with pytest.raises(InvalidInput) as err:
            validate_web_petition(content=" ", email="nope", phone="call me", subcategory="路燈")
        message = str(err.value)
        for field in ("content", "email", "phone", "subcategory"):
            assert re.search(rf"\b{field}:", message), field

    def test_anonymous_petition_carries_no_name(self):
        with pytest.raises(InvalidInput, match="anonymous"):
            validate_web_petition(content="x", anonymous=True, name="王小明")

    def test_overlong_content_is_refused(self):
        with pytest.raises(InvalidInput, match="at most 10000"):
            validate_web_petition(content="字" * 10_001)
