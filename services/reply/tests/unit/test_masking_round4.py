"""Unit tests of PET-12 round 4: names the engine still missed after round 3, and their look-alikes.

Each change has a positive case (the name is masked) and a hard negative (a word or place that looks like
a name stays readable). The sentences here are not in the tuning sets.
"""

from __future__ import annotations

import pytest

from reply.domain.masking import mask_text


def person_names(text: str) -> list[str]:
    return [text[s.start : s.end] for s in mask_text(text).spans if str(s.type) == "PERSON"]


class TestPublicFigures:
    """PET-12: well-known people named with no cue at all are masked like anyone else."""

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("張忠謀捐的那座圖書館，冷氣常常壞掉。", "張忠謀"),
            ("卓榮泰來視察的那天，這條路才有人掃。", "卓榮泰"),
            ("郝龍斌任內蓋的自行車道已經很舊了。", "郝龍斌"),
        ],
    )
    def test_pet12_public_figure_is_masked(self, text: str, name: str) -> None:
        assert name in person_names(text)
        assert name not in mask_text(text).masked

    @pytest.mark.parametrize(
        "text",
        ["英文補習班的招牌掉下來了。", "成龍國小門口的斑馬線褪色了。", "安寧病房的床位不夠。"],
    )
    def test_pet12_words_inside_public_figure_names_stay_unmasked(self, text: str) -> None:
        assert person_names(text) == []


class TestRarerGivenNameCharacters:
    """PET-12: a name after a family or neighbour word is masked when its given characters are common in
    Taiwanese names though rarer (妡, 芯, 緹, 佩, 岑 — data/given_name_chars.txt)."""

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("我的鄰居陳妡語說公園很髒。", "陳妡語"),
            ("同學林芯緹每天都走這條路。", "林芯緹"),
            ("鄰居黃佩岑昨天被機車撞到。", "黃佩岑"),
        ],
    )
    def test_pet12_name_with_rarer_given_characters_is_masked(self, text: str, name: str) -> None:
        assert name in person_names(text)

    @pytest.mark.parametrize(
        "text", ["住戶紹興南街的垃圾沒人收。", "鄰居菲律賓籍的看護很辛苦。", "里民素食餐廳的油煙很重。"]
    )
    def test_pet12_words_with_those_characters_stay_unmasked(self, text: str) -> None:
        assert person_names(text) == []
