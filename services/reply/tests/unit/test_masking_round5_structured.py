"""Unit tests of PET-12 round 5, structured types: passports, dates of birth, invoice numbers, agency lines and
addresses the engine got wrong after round 4.

Each rule has positive cases and the hard negatives it must leave alone. The sentences are written for these
tests (not taken from the tuning sets): other digits, wording and formats than the failures that showed the
classes.
"""

from __future__ import annotations

import pytest

from reply.domain.masking import mask_text


def masked_parts(text: str) -> list[tuple[str, str]]:
    result = mask_text(text)
    return [(text[s.start : s.end], str(s.type)) for s in result.spans]


def of_type(text: str, span_type: str) -> list[str]:
    return [part for part, kind in masked_parts(text) if kind == span_type]


class TestPassportNumbers:
    """PET-12: a passport number right after 護照 / passport and a short label, in every usual form."""

    @pytest.mark.parametrize(
        ("text", "number"),
        [
            ("她的護照號碼是K 5172093，已經過期了。", "K 5172093"),
            ("My husband's passport number is D-6620418.", "D-6620418"),
            ("護照號：2 7654321 0，請協助查詢。", "2 7654321 0"),
            ("護照字號為 308-615-247，英文姓名同護照。", "308-615-247"),
            ("Passport No. TR7734521, issued in Manila.", "TR7734521"),
            ("passport: E40918273", "E40918273"),
            ("看護的護照 號碼：MP 4418207", "MP 4418207"),
        ],
    )
    def test_pet12_passport_number_after_the_cue_is_masked(self, text: str, number: str) -> None:
        assert of_type(text, "PASSPORT") == [number]

    @pytest.mark.parametrize(
        "text",
        [
            "護照遺失後補辦的受理編號為 C 4471829。",
            "護照照片規格請見網站，收件序號A 5523017。",
            "passport photos cost NT$200 at the counter",
            "護照號碼請填第3欄，共2份",
        ],
    )
    def test_pet12_numbers_far_from_the_cue_or_other_codes_are_not_passports(self, text: str) -> None:
        assert of_type(text, "PASSPORT") == []


class TestBirthDates:
    """PET-12: dates of birth in Chinese numerals and with every birth cue; other dates stay readable."""

    @pytest.mark.parametrize(
        ("text", "date"),
        [
            ("外婆民國二十九年十一月三日生，想申請敬老卡。", "民國二十九年十一月三日"),
            ("我兒子西元二〇一八年六月二十日出生，要申請育兒津貼。", "西元二〇一八年六月二十日"),
            ("家父六十二年九月廿五日生，目前行動不便。", "六十二年九月廿五日"),
            ("出生年月日：中華民國七十四年元月八日", "中華民國七十四年元月八日"),
            ("她的生日是十二月三十一日，快到了。", "十二月三十一日"),
            ("生日是西元1994年7月9日，身分證遺失。", "西元1994年7月9日"),
            ("D.O.B.: 14/08/1987", "14/08/1987"),
            ("date of birth 1979.11.30, nationality: Vietnam", "1979.11.30"),
            ("My son was born on the 21st of October, 2003 in Taipei.", "21st of October, 2003"),
            ("出生日期：076-10-30，聯絡地址同戶籍。", "076-10-30"),
            ("家母生於民國 66 年 4 月 2 日，想問長照。", "民國 66 年 4 月 2 日"),
            ("申請人（72.3.18生）已補件。", "72.3.18"),
        ],
    )
    def test_pet12_birth_date_is_masked_with_its_era(self, text: str, date: str) -> None:
        assert of_type(text, "BIRTH_DATE") == [date]

    @pytest.mark.parametrize(
        "text",
        [
            "本局訂於民國一一五年五月六日召開說明會。",
            "本辦法自西元二〇二六年一月一日起施行。",
            "會勘日期為115/04/07，請準時到場。",
            "七十年代的老公寓沒有電梯。",
            "本規定自十月一日生效。",
        ],
    )
    def test_pet12_dates_without_a_birth_cue_are_not_masked(self, text: str) -> None:
        assert of_type(text, "BIRTH_DATE") == []

    def test_pet12_a_spaced_date_after_a_birth_cue_starts_at_its_first_digit(self) -> None:
        assert of_type("生日 1988 年 2 月 29 日", "BIRTH_DATE") == ["1988 年 2 月 29 日"]


class TestInvoiceNumbersAreNotResidentCertificates:
    """PET-12: a uniform-invoice or receipt number (two letters + 8 digits) is not an old resident certificate,
    nor is a passport number of that shape; a certificate keeps being masked, even next to the word 發票."""

    @pytest.mark.parametrize(
        "text",
        [
            "退費請附統一發票RB70315926正本。",
            "發票號碼：XD-40158237，金額480元。",
            "receipt no. TA 88023157 attached",
            "收據號碼YC62047315遺失了怎麼辦？",
        ],
    )
    def test_pet12_invoice_and_receipt_numbers_are_not_masked(self, text: str) -> None:
        assert of_type(text, "RESIDENT_CERT") == []

    @pytest.mark.parametrize(
        ("text", "number"),
        [
            ("居留證號碼：FB12309874", "FB12309874"),
            ("發票上寫的是我的居留證號 MC51207738", "MC51207738"),
            ("ARC no. GD 20571846, please check", "GD 20571846"),
            ("我的舊居留證 KA30592817，發票在附件", "KA30592817"),
            ("附件有RA19374502", "RA19374502"),
        ],
    )
    def test_pet12_resident_certificates_stay_masked(self, text: str, number: str) -> None:
        assert of_type(text, "RESIDENT_CERT") == [number]

    def test_pet12_two_letters_and_eight_digits_after_a_passport_cue_are_a_passport(self) -> None:
        # the shape of an old resident certificate, but the nearest cue names the passport
        assert masked_parts("護照號碼PA28193047，居留證號碼BC40217763") == [
            ("PA28193047", "PASSPORT"),
            ("BC40217763", "RESIDENT_CERT"),
        ]


class TestAgencyLines:
    """PET-12: a phone given for an agency, section or unit is published; a person's line next to it is not."""

    @pytest.mark.parametrize(
        "text",
        [
            "本案請洽本府觀光傳播局第三科，電話：(02)2720-8889轉2251。",
            "詳情請洽臺北市殯葬管理處，聯絡電話 02-2396-4218。",
            "如需協助，請逕洽大安區公所社會課（電話：02-2351-1711分機6401）。",
            "本中心專線(02)2541-9690，週一至週五上班時間服務。",
            "臺北市政府社會局 地址：110臺北市信義區市府路1號 電話：02-2720-6528",
            "請洽本局綜合企劃科，电话 02-2725-8102。",  # simplified 电话 too
        ],
    )
    def test_pet12_an_agencys_or_units_line_is_not_masked(self, text: str) -> None:
        assert of_type(text, "PHONE") == []

    @pytest.mark.parametrize(
        ("text", "number"),
        [
            ("承辦人：張雅筑，電話：(02)2758-1146分機205", "(02)2758-1146分機205"),
            ("請洽本處孫技士，電話(02)2759-3412。", "(02)2759-3412"),
            ("請洽本局第一科陳專員，聯絡電話02-2725-3317轉15", "02-2725-3317轉15"),
            ("本科承辦人電話：2725-6611#301", "2725-6611#301"),
            ("我叫吳志科，電話02-2871-5530，請回電。", "02-2871-5530"),
            ("陳建會，電話(02)2633-1180", "(02)2633-1180"),
            ("請洽本局第二科，手機0921-446-372", "0921-446-372"),
        ],
    )
    def test_pet12_a_persons_line_next_to_a_unit_stays_masked(self, text: str, number: str) -> None:
        assert of_type(text, "PHONE") == [number]

    @pytest.mark.parametrize(
        "text",
        [
            "請洽王大明處，電話02-2345-6789",
            "聯絡人陳志科，電話02-2233-4455",
            "請逕洽本局第二科，聯絡電話(02)2720-8889轉7311。",
        ],
    )
    def test_pet12_masking_twice_changes_nothing_around_unit_words(self, text: str) -> None:
        once = mask_text(text).masked
        assert mask_text(once).masked == once


class TestAddresses:
    """PET-12: an alley's mouth and English addresses with the section after the road."""

    @pytest.mark.parametrize(
        ("text", "address"),
        [
            ("每天都有人把機車停在信義區松仁路100巷5弄口。", "信義區松仁路100巷5弄"),
            ("中山區林森北路107巷3弄口的路燈不亮", "中山區林森北路107巷3弄"),
        ],
    )
    def test_pet12_alley_before_its_mouth_is_masked_without_the_mouth(self, text: str, address: str) -> None:
        assert of_type(text, "ADDRESS") == [address]

    def test_pet12_a_lane_mouth_is_masked_up_to_the_lane_and_an_intersection_stays(self) -> None:
        """Round 8 changed the lane-mouth decision: the lane number is masked, 口 and intersections stay."""
        assert masked_parts("敦化南路一段233巷口有坑洞") == [("敦化南路一段233巷", "ADDRESS")]
        assert masked_parts("敦化南路與仁愛路口有坑洞") == []

    @pytest.mark.parametrize(
        ("text", "address"),
        [
            (
                "The lamp outside No. 88, Aly. 6, Ln. 230, Nanjing E. Rd. Sec. 4, Songshan Dist. is broken.",
                "No. 88, Aly. 6, Ln. 230, Nanjing E. Rd. Sec. 4, Songshan Dist.",
            ),
            (
                "I live at No. 3, Xinhai Rd. Section 2, Da'an District, Taipei.",
                "No. 3, Xinhai Rd. Section 2, Da'an District, Taipei",
            ),
            ("Send it to No. 61, Wenzhou Street, Da'an District please", "No. 61, Wenzhou Street, Da'an District"),
        ],
    )
    def test_pet12_english_address_with_section_after_the_road_is_one_span(self, text: str, address: str) -> None:
        assert of_type(text, "ADDRESS") == [address]


class TestAccountBeforeAComma:
    """PET-12 (found by the idempotence property): a number after a comma that masking turns into ○ leaves the
    account-number guard for amounts (30,000) as it was, so masking the masked text again changes nothing."""

    @pytest.mark.parametrize(
        "text",
        ["退款帳號：700-218-330945，5105 1051 0510 5100是信用卡", "匯款帳號：6620-118-53094，721-RTX停在門口"],
    )
    def test_pet12_masking_twice_changes_nothing_after_an_account_and_a_comma(self, text: str) -> None:
        once = mask_text(text).masked
        assert mask_text(once).masked == once

    def test_pet12_an_amount_with_thousands_separators_is_not_an_account(self) -> None:
        assert masked_parts("已匯款23,480,000元至指定帳戶") == []


class TestForeignAndLocalPhonesRound5:
    """PET-12: a foreign number in international form and a Taipei number written with a space next to a
    phone cue are personal phones; a plain count with the same digits is not."""

    @pytest.mark.parametrize(
        ("text", "phone"),
        [
            ("My sister's LINE/phone: +63 917 555 0142, please call her.", "+63 917 555 0142"),
            ("請聯絡我的越南手機+84-91-234-5678，謝謝。", "+84-91-234-5678"),
            ("家裡電話 2763 4418，白天沒人接。", "2763 4418"),
        ],
    )
    def test_pet12_phone_is_masked(self, text: str, phone: str) -> None:
        spans = [(text[s.start : s.end], str(s.type)) for s in mask_text(text).spans]
        assert (phone, "PHONE") in spans

    def test_pet12_plain_numbers_stay(self) -> None:
        assert mask_text("本年度共補助 2763 4418 元，分 3 期撥付。").spans == []
