"""Unit tests of PET-12 round 9: addresses in Chinese numerals, provisional and ranged house numbers, 4F floors.

Each rule has positive cases and hard negatives. The sentences are written for these tests; none is copied
from an evaluation set.
"""

from __future__ import annotations

import pytest

from reply.domain.masking import mask_text


def spans_of(text: str, kind: str) -> list[str]:
    return [text[s.start : s.end] for s in mask_text(text).spans if str(s.type) == kind]


class TestAddressNumbers:
    """PET-12: an address with a house number is masked whatever numerals it is written in."""

    @pytest.mark.parametrize(
        ("text", "address"),
        [
            ("我住在臺北市大安區和平東路二段一二三號五樓之二，請派人來看。",
             "臺北市大安區和平東路二段一二三號五樓之二"),
            ("內湖區成功路四段一八八號十二樓有人養雞", "內湖區成功路四段一八八號十二樓"),
            ("地點在中正區汀州路三段二十巷三號門口", "中正區汀州路三段二十巷三號"),
            ("信義區松仁路臨100號旁的鐵皮屋違建", "信義區松仁路臨100號"),
            ("北投區中和街附12號的空屋有遊民", "北投區中和街附12號"),
            ("延平北路二段2至6號的工地噪音", "延平北路二段2至6號"),
            ("萬華區西園路二段12-14號騎樓被佔用", "萬華區西園路二段12-14號"),
            ("地址 台北市中山區南京東路三段25號之1 4F，請寄送", "台北市中山區南京東路三段25號之1 4F"),
            ("我住 大安區 和平東路 2 段 123 號 5 樓，晚上很吵", "大安區 和平東路 2 段 123 號 5 樓"),
            ("請寄到 臺北市北投區石牌路二段 90 巷 10 號", "臺北市北投區石牌路二段 90 巷 10 號"),
        ],
    )
    def test_pet12_house_number_in_any_numerals(self, text: str, address: str) -> None:
        assert spans_of(text, "ADDRESS") == [address]

    def test_pet12_of_before_a_word_is_no_part_of_the_number(self) -> None:
        """320號之三軍總醫院: 三軍 begins the hospital's name, so the address ends at 號."""
        assert spans_of("反映內湖區成功路二段320號之三軍總醫院周邊違停", "ADDRESS") == ["內湖區成功路二段320號"]

    @pytest.mark.parametrize("text", ["請改走忠孝東路四段，不要走三號出口。", "公車停在中山北路二段一號出口旁"])
    def test_pet12_road_and_exit_alone_are_not_addresses(self, text: str) -> None:
        assert spans_of(text, "ADDRESS") == []


class TestNames:
    """PET-12: names next to words of thanks, married names closed by 來/和, given names joined to given names."""

    @pytest.mark.parametrize(
        ("text", "names"),
        [
            ("謝謝雅婷小姐的幫忙，問題解決了。", ["雅婷"]),
            ("感謝淑芬阿姨每天送餐到府。", ["淑芬"]),
            ("謝謝陳志明先生協助搬運。", ["陳志明"]),
            ("我叫陳林福來，住在萬華。", ["陳林福來"]),
            ("志明和春嬌都是我們里的志工。", ["志明", "春嬌"]),
            ("阿德跟春生一起去的。", ["阿德", "春生"]),
            ("請找社工廖佩君或督導鍾宜庭。", ["廖佩君", "鍾宜庭"]),
            ("巷口早餐店老闆阿強每天把桌椅擺到馬路上。", ["阿強"]),
            ("我弟阿豪在內湖的倉庫上班，常常加班到半夜。", ["阿豪"]),
            ("大家好，我是佩珊，明天的掃街活動延期。", ["佩珊"]),
            ("慧君、建宏、雅婷和我四個人合租一層公寓。", ["慧君", "建宏", "雅婷"]),
            ("我跟曉雯、家瑜、子軒三個同事每天從內湖通勤。", ["曉雯", "家瑜", "子軒"]),
            ("[21:03] 宗霖：巷口那台車又停在紅線 ／佩珊：拍照了嗎 ／宗霖：拍了", ["宗霖", "佩珊", "宗霖"]),
            ("我是里長應。提醒大家週六大掃除。", ["應"]),
        ],
    )
    def test_pet12_names(self, text: str, names: list[str]) -> None:
        assert spans_of(text, "PERSON") == names

    @pytest.mark.parametrize(
        ("text", "names"),
        [
            ("志明和美國的朋友去看球賽。", ["志明"]),  # 美國 is a country
            ("感謝林先生協助。", ["林"]),  # 謝 ends 感謝; 林 is the surname
            ("本案土地所有權人江山君等14人。", ["江山"]),  # 君 honours the name before 等
            ("申請人：沈冠廷（病人之子），電話另附。", ["沈冠廷"]),  # 之子 is a relation
            ("我是志工，每週三在里辦公室值班。", []),  # 志工 is a word
            ("請準備身分證、印章、存摺到區公所辦理。", []),  # a list of things
            ("里長表示，本週六停水。", []),  # a title alone
        ],
    )
    def test_pet12_not_more_than_the_name(self, text: str, names: list[str]) -> None:
        assert spans_of(text, "PERSON") == names


class TestEnglishAddressNumberFirst:
    """PET-12: the Western order of an English address, after a word that introduces a place."""

    @pytest.mark.parametrize(
        ("text", "address"),
        [
            ("I live on the 4th floor of 23 Jinhua Street, Da'an.", "23 Jinhua Street, Da'an"),
            ("My address is 45 Zhongshan North Road Sec. 2, Zhongshan District, Taipei.",
             "45 Zhongshan North Road Sec. 2, Zhongshan District"),
            ("Please send it to 12-3 Roosevelt Rd. Sec. 3 thanks", "12-3 Roosevelt Rd. Sec. 3"),
        ],
    )
    def test_pet12_number_first_address(self, text: str, address: str) -> None:
        assert spans_of(text, "ADDRESS") == [address]

    def test_pet12_a_count_of_roads_is_no_address(self) -> None:
        assert spans_of("There are 2 Zhongshan Road stations nearby.", "ADDRESS") == []


class TestPhones:
    """PET-12: Taipei numbers written with their dash need no cue; brackets, +886 in brackets, spaced digits."""

    @pytest.mark.parametrize(
        ("text", "phones"),
        [
            ("家長：母盧美鳳，2630-5184　紀錄：適應良好", ["2630-5184"]),
            ("里長曾文雄（2790-3318/0922-631-445）", ["2790-3318", "0922-631-445"]),
            ("電話0927-513-860、2230 4179都可以找到我。", ["0927-513-860", "2230 4179"]),
            ("手機壞掉了 打家裡2736 0518就好", ["2736 0518"]),
            ("請回電(0928)416-095", ["(0928)416-095"]),
            ("聯絡：(+886) 921-706-354", ["(+886) 921-706-354"]),
            ("我家電話 2 5 5 3 6 1 4 7 手機沒有", ["2 5 5 3 6 1 4 7"]),
            ("我電話 0 9 3 3 1 2 0 4 7 8 我姓柳", ["0 9 3 3 1 2 0 4 7 8"]),
            ("拜託派人修理 阿土伯 二八八一、四六〇七", ["二八八一、四六〇七"]),
            ("電話零九八八、六二一、三零四，申請項目：路邊停車", ["零九八八、六二一、三零四"]),
            ("阮孫仔的電話零九幺五 三三八 四零二 我住大同區", ["零九幺五 三三八 四零二"]),
            ("公司電話二七八八、五一二〇轉三〇八，我是麥經理", ["二七八八、五一二〇轉三〇八"]),
            ("電話是零二 二七零五 三一八六，我住大安區", ["零二 二七零五 三一八六"]),
            ("派出所所長魏志明，公務手機0939、507、226。", ["0939、507、226"]),
            ("請何主任回電27583142或手機", ["27583142"]),
            ("聯絡電話02/2531-4476，夏先生。", ["02/2531-4476"]),
            ("辦公室Daniel Cho，電話+1 (213) 604-2277 ext. 14，或臺北分公司", ["+1 (213) 604-2277 ext. 14"]),
            ("電話：02-2553-1048 0912-337-445（林小姐）", ["02-2553-1048", "0912-337-445"]),
        ],
    )
    def test_pet12_phone(self, text: str, phones: list[str]) -> None:
        assert spans_of(text, "PHONE") == phones
        masked = mask_text(text).masked
        assert mask_text(masked).masked == masked  # idempotent: a second run finds nothing more

    @pytest.mark.parametrize(
        "text",
        [
            "電號 2630-5184 的電表已更換。",
            "統一編號2345-6789的公司已歇業。",
            "本案共有 2 5 5 3 6 1 4 7 件。",
            "繳款帳號：2345-6789，請於期限內繳納。",
            "核定通知說要匯到0041-71-026563，可是我存摺上的不一樣。",
            "病歷號：0048193275　主訴：頭痛",
        ],
    )
    def test_pet12_codes_are_not_phones(self, text: str) -> None:
        assert spans_of(text, "PHONE") == []


class TestAddressEdges:
    """PET-12: where an address starts and ends, and which addresses are a public place's."""

    @pytest.mark.parametrize(
        ("text", "address"),
        [
            ("1.鍾阿秀　民國19年2月14日生　奇岩里8鄰公館路193巷4號　編號2", "奇岩里8鄰公館路193巷4號"),
            ("派員至臺端住處（內湖區瑞光路258巷41號5樓）陽台實施噪音測定", "內湖區瑞光路258巷41號5樓"),
            ("內容：租屋處（大安區師大路93巷8號4樓）房東拒絕返還押金", "大安區師大路93巷8號4樓"),
            ("受處分人：○○藥局（大同區延平北路二段87號），負責人另列", "大同區延平北路二段87號"),
            ("陳情業者：○○商務旅館（中正區忠孝西路一段72號9樓）", "中正區忠孝西路一段72號9樓"),
            ("Illegal parking in Lane 300, Ruiguang Rd., Neihu: trucks block it.", "Lane 300, Ruiguang Rd., Neihu"),
            ("The pavement on Lane 128, Jingye 1st Rd., Zhongshan Dist. floods.",
             "Lane 128, Jingye 1st Rd., Zhongshan Dist."),
            ("陳情地點：中正區南昌路三段5號附2。店家油煙", "中正區南昌路三段5號附2"),
            ("洗衣店位於大同區延平北路三段61之1至61之3號，排氣管", "大同區延平北路三段61之1至61之3號"),
            ("反映大同區太原路九十七巷三號之一至巷口的騎樓", "大同區太原路九十七巷三號之一"),
            ("辦理內湖區文湖街18、20、22號前人行道工程", "內湖區文湖街18、20、22號"),
            ("我住士林區永福里十一鄰至善路三段七十一巷十號 山上的路燈壞了", "士林區永福里十一鄰至善路三段七十一巷十號"),
            ("來函地址：臺北市萬華區莒光路189號6樓之3　TEL另附", "臺北市萬華區莒光路189號6樓之3"),
            ("I live at Rm. 3, 9F., No. 36, Sec. 7, Zhongxiao E. Rd., Nangang Dist. The noise",
             "Rm. 3, 9F., No. 36, Sec. 7, Zhongxiao E. Rd., Nangang Dist."),
        ],
    )
    def test_pet12_address_bounds(self, text: str, address: str) -> None:
        assert spans_of(text, "ADDRESS") == [address]

    @pytest.mark.parametrize(
        "text",
        [
            "青年公園（萬華區水源路199號）兒童遊戲場沙坑更換",
            "臺北市立圖書館總館（大安區建國南路二段125號）自4月1日起開放",
            "社區心理衛生中心地址：中正區金山南路一段5號。",
            "本處地址：110204臺北市信義區松德路300號3樓。",
            "請問松山區公所是在八德路四段692號6樓嗎？",
            "本局位於臺北市萬華區和平西路三段120號（萬華區行政中心）。",
            "請問木柵動物園（新光路二段30號）的年票可以用悠遊卡嗎",
            "The District Office at No. 439, Zhongzheng Rd. will be closed.",
        ],
    )
    def test_pet12_public_places_are_not_masked(self, text: str) -> None:
        assert spans_of(text, "ADDRESS") == []
