"""Unit tests of the masking engine's structured detectors (PET-12): IDs, phones, e-mail, cards, plates,
bank accounts, passports, dates of birth, and the hard negatives that must stay untouched."""

from __future__ import annotations

import pytest

from reply.domain.masking import MASK_CHAR, mask_text
from reply.domain.masking.checksums import luhn_valid, old_resident_cert_valid, tw_id_valid


def masked_parts(text: str, known: dict | None = None) -> list[tuple[str, str]]:
    """(original characters, TYPE) of every span, to compare against hand-written expectations."""
    result = mask_text(text, known)
    return [(text[s.start : s.end], str(s.type)) for s in result.spans]


class TestCheckDigits:
    """PET-12: validation where a check digit exists."""

    def test_national_id_check_digit_accepts_the_textbook_example(self) -> None:
        assert tw_id_valid("A123456789")

    def test_national_id_check_digit_rejects_a_changed_last_digit(self) -> None:
        assert not tw_id_valid("A123456788")

    def test_new_resident_certificate_uses_the_national_id_check(self) -> None:
        # A=10 → 1·1 + 0·9 + 8·8 + 1·1 + 4·1 = 70 ≡ 0 (mod 10)
        assert tw_id_valid("A800000014")

    def test_old_resident_certificate_counts_the_second_letter_mod_10(self) -> None:
        # A=10, C=12→2: 1+0+16+0+6+10+12+12+10+6+7 = 80 ≡ 0 (mod 10)
        assert old_resident_cert_valid("AC01234567")
        assert not old_resident_cert_valid("AC01234568")

    def test_luhn_accepts_a_test_card_and_rejects_a_typo(self) -> None:
        assert luhn_valid("4111111111111111")
        assert not luhn_valid("4111111111111112")


class TestIdentityNumbers:
    """PET-12: national ID and both resident certificate formats are masked, even mistyped."""

    def test_national_id_is_masked_as_tw_id(self) -> None:
        assert masked_parts("身分證字號A123456789") == [("A123456789", "TW_ID")]

    def test_mistyped_national_id_is_still_masked(self) -> None:
        assert masked_parts("身分證A123456788請查") == [("A123456788", "TW_ID")]

    def test_full_width_national_id_is_masked(self) -> None:
        assert masked_parts("身分證Ａ１２３４５６７８９。") == [("Ａ１２３４５６７８９", "TW_ID")]

    def test_new_and_old_resident_certificates_are_masked(self) -> None:
        assert masked_parts("新證A800000014，舊證AC01234567") == [
            ("A800000014", "RESIDENT_CERT"),
            ("AC01234567", "RESIDENT_CERT"),
        ]

    def test_a_longer_code_containing_an_id_shape_is_not_masked(self) -> None:
        assert masked_parts("型號XA1234567890") == []


class TestPhones:
    """PET-12: mobile and landline numbers with every usual formatting and extensions."""

    @pytest.mark.parametrize(
        "number",
        ["0912-345-678", "0912345678", "0912 345 678", "+886 912 345 678", "886-912-345-678",
         "+886-912345678", "０９１２－３４５－６７８"],
    )  # fmt: skip
    def test_mobile_formats_are_masked_whole(self, number: str) -> None:
        assert masked_parts(f"手機{number}謝謝") == [(number, "PHONE")]

    @pytest.mark.parametrize(
        "number",
        ["02-2345-6789", "(02)23456789", "02 2345 6789", "037-123456", "049-2345678", "0826-12345",
         "089-123456", "(02)2345-6789#123", "02-2345-6789分機123", "02-2345-6789 ext. 123",
         "02-23456789轉305"],
    )  # fmt: skip
    def test_landline_formats_and_extensions_are_masked_whole(self, number: str) -> None:
        assert masked_parts(f"電話：{number}，謝謝") == [(number, "PHONE")]

    @pytest.mark.parametrize(
        "text",
        ["請撥1999市民當家熱線", "廉政熱線（1999轉1743）", "1999分機1743", "緊急請撥110或119",
        "專線1925、1957",
         "免付費專線0800-092-000", "please dial 02-27208889 ext 1743"],
    )  # fmt: skip
    def test_public_hotlines_are_not_masked(self, text: str) -> None:
        assert masked_parts(text) == []

    def test_the_1999_switchboard_with_a_handlers_extension_is_masked(self) -> None:
        assert masked_parts("聯絡電話：02-2720-8889#7125") == [("02-2720-8889#7125", "PHONE")]


class TestEmailCardsPlates:
    """PET-12: e-mail, payment cards (Luhn), licence plates of cars and scooters."""

    def test_email_is_masked(self) -> None:
        assert masked_parts("請寄到 ming.lee@gmail.com 謝謝") == [("ming.lee@gmail.com", "EMAIL")]

    def test_spaced_and_dashed_card_numbers_with_valid_luhn_are_masked(self) -> None:
        assert masked_parts("卡號4111 1111 1111 1111") == [("4111 1111 1111 1111", "CARD")]
        assert masked_parts("扣款5555-5555-5555-4444兩次") == [("5555-5555-5555-4444", "CARD")]

    def test_digit_run_without_luhn_or_card_context_is_not_a_card(self) -> None:
        assert masked_parts("編號4111 1111 1111 1112") == []

    @pytest.mark.parametrize("plate", ["ABC-1234", "1234-AB", "AB-1234", "123-ABC", "MAA-1234", "EAA-1234"])
    def test_plate_formats_are_masked(self, plate: str) -> None:
        assert masked_parts(f"車牌{plate}違停") == [(plate, "PLATE")]

    def test_plate_without_dash_needs_vehicle_context(self) -> None:
        assert masked_parts("車號KLA 3021的砂石車") == [("KLA 3021", "PLATE")]
        assert masked_parts("依ISO9001認證") == []


class TestContextualNumbers:
    """PET-12: bank accounts, passports and dates of birth need their context."""

    def test_bank_account_after_cue_is_masked_but_amount_is_not(self) -> None:
        assert masked_parts("退款請匯入帳號：012-345-678901") == [("012-345-678901", "BANK_ACCOUNT")]
        assert masked_parts("匯款新臺幣30000元") == []

    def test_passport_number_after_cue_is_masked(self) -> None:
        assert masked_parts("護照號碼312345678") == [("312345678", "PASSPORT")]
        assert masked_parts("Passport: X1234567.") == [("X1234567", "PASSPORT")]

    def test_pet12_passport_number_running_into_an_english_word_is_masked_at_once(self) -> None:
        # found by the idempotence property: masking the address after it used to reveal it on a second pass
        assert ("312345678", "PASSPORT") in masked_parts("護照號碼312345678No. 5, Ln. 12, Sec. 4, Zhongxiao E. Rd.")
        assert masked_parts("護照號碼A12345678B") == []  # letters glued to both ends: no passport number

    @pytest.mark.parametrize(
        ("text", "date"),
        [("民國80年1月2日出生", "民國80年1月2日"), ("生日：80.01.02", "80.01.02"), ("出生日期080/01/02",
        "080/01/02"),
         ("DOB: March 3, 1990", "March 3, 1990"), ("生於1985-07-21", "1985-07-21"), ("34年1月5日生",
         "34年1月5日")],
    )  # fmt: skip
    def test_birth_dates_in_roc_and_gregorian_forms_are_masked(self, text: str, date: str) -> None:
        assert masked_parts(text) == [(date, "BIRTH_DATE")]

    def test_dates_without_birth_context_are_not_masked(self) -> None:
        assert masked_parts("本處已於115年3月2日派員會勘，新聞稿2026-03-02發布，3月2日生效") == []


class TestHardNegatives:
    """PET-12: agency data, case numbers, money, laws and places are not personal data."""

    @pytest.mark.parametrize(
        "text",
        ["案件編號000-20260213-00012，案件密碼A7K9PX", "北市工新字第1150012345號函",
        "新臺幣3,000元及NT$1,200",
         "依行政程序法第172條第1項規定", "搭307路公車或紅5", "忠孝東路四段、信義路五段近101",
         "大安區、中正區",
         "臺北市政府工務局新建工程處、交通管制工程處、大安分局", "本局局長、處長及里長均已知悉",
         "捷運忠孝復興站2號出口",
         "基隆路與信義路口", "百分之30，約200人"],
    )  # fmt: skip
    def test_not_personal_data_stays_unmasked(self, text: str) -> None:
        result = mask_text(text)
        assert result.masked == text and result.spans == []

    def test_masking_keeps_length_and_uses_white_circle(self) -> None:
        result = mask_text("手機0912345678")
        assert result.masked == "手機" + MASK_CHAR * 10


class TestPublicAgencyLinesAndAddresses:
    """PET-12 precision: an agency's switchboard, service line or fax and its own address are published."""

    @pytest.mark.parametrize(
        "text",
        [
            "本局服務專線02-2759-7000，歡迎上班時間來電洽詢。",
            "本處總機：02-2725-8000，傳真：02-2759-3521。",
            "如有疑問，請洽本局客服專線(02)2725-9100或1999。",
        ],
    )
    def test_pet12_agency_lines_are_not_masked(self, text: str) -> None:
        assert mask_text(text).spans == []

    def test_pet12_a_handler_extension_on_the_service_line_is_still_masked(self) -> None:
        text = "承辦人電話：服務專線02-2720-6888#3321"
        assert [(text[s.start : s.end], str(s.type)) for s in mask_text(text).spans] == [
            ("02-2720-6888#3321", "PHONE")
        ]

    @pytest.mark.parametrize(
        "text",
        [
            "請於3月15日前至中山區公所（中山區松江路367號7樓）辦理。",
            "地址：110臺北市信義區市府路1號4樓",
            "市民大道三段100號公車站牌被撞壞了。",
        ],
    )
    def test_pet12_office_addresses_and_bus_stops_are_not_masked(self, text: str) -> None:
        assert mask_text(text).spans == []

    def test_pet12_a_residents_address_is_still_masked(self) -> None:
        text = "我家在中和區中和路125巷7號，路燈壞了。"
        assert [(text[s.start : s.end], str(s.type)) for s in mask_text(text).spans] == [
            ("中和區中和路125巷7號", "ADDRESS")
        ]
