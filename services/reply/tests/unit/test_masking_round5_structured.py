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

    def test_pet12_a_lane_mouth_stays_a_public_spot(self) -> None:
        assert masked_parts("敦化南路一段233巷口有坑洞") == []

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
