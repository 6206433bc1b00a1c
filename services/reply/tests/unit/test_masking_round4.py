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


class TestScorerRound4:
    """PET-12: the uncued-name scorer also weighs two-character names (strict context after them), married
    names (冠夫姓) and the verb after a name; places and words of that shape stay readable."""

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("吳敏說公園的燈壞了。", "吳敏"),  # two characters, speech verb after
            ("我已經告訴林杰，請他再打一次。", "林杰"),  # two characters, object before punctuation
            ("昨天蔡明跟我說停車場滿了。", "蔡明"),
            ("上週張強說他的機車被拖吊。", "張強"),
        ],
    )
    def test_pet12_two_character_name_is_masked(self, text: str, name: str) -> None:
        assert name in person_names(text)

    @pytest.mark.parametrize(
        ("text", "name"),
        [("昨天林張秀鳳一個人去醫院掛號。", "林張秀鳳"), ("陳黃美惠說社區的電梯壞了很久。", "陳黃美惠")],
    )
    def test_pet12_married_name_without_cue_is_masked_whole(self, text: str, name: str) -> None:
        assert name in person_names(text)

    def test_pet12_name_made_of_common_words_before_an_action_verb_is_masked(self) -> None:
        assert "王中正" in person_names("王中正已經打電話給里長了。")

    @pytest.mark.parametrize(
        "text",
        [
            "楊梅、林口、三峽的公車路線都要調整。",  # districts in a list
            "高明的做法是先改善排水。",
            "陳林兩家的土地糾紛請協助。",  # two surnames, no given name
            "大同區的里民說公車太少。",
            "請問建國南路何時完工？",
            "周全的規劃才能避免延誤。",
            "方便的話請派人來看一下。",
        ],
    )
    def test_pet12_look_alikes_of_short_and_married_names_stay_unmasked(self, text: str) -> None:
        assert person_names(text) == []
