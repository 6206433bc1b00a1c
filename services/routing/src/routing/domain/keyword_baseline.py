"""A keyword-rule baseline for routing, the yardstick the trained model must beat (PET-5 accuracy).

Keywords per sub-category: the pieces of its taxonomy name (split at 或/及/和) plus a few hand-picked
words. A petition scores, for each sub-category, the total length of the keywords it contains; ties and
petitions without any keyword fall back to taxonomy order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from routing.domain.classifier import Alternative, Prediction, validate_hint, validate_text
from routing.domain.taxonomy import Taxonomy, load_taxonomy
from routing.domain.text import normalize

HAND_PICKED: dict[str, tuple[str, ...]] = {
    "TRAFFIC_SIGNAL": ("紅綠燈", "號誌", "秒數", "綠燈", "紅燈", "traffic light"),
    "TRAFFIC_MARKING": ("標線", "斑馬線", "標誌", "槽化線", "路標"),
    "ILLEGAL_PARKING": ("違停", "違規停車", "並排", "擋住", "紅線停車", "parked"),
    "TRAFFIC_VIOLATION": ("闖紅燈", "逆向", "超速", "行車紀錄器", "檢舉", "蛇行", "改裝"),
    "BUS_SERVICE": ("公車", "司機", "過站不停", "站牌", "bus"),
    "PARKING_FEES": ("停車費", "繳費單", "收費", "停車場", "停車格"),
    "YOUBIKE": ("youbike", "ubike", "微笑單車", "公共自行車", "租借站"),
    "ROAD_SURFACE": ("坑洞", "路面", "凹陷", "柏油", "不平", "pothole"),
    "SIDEWALK": ("人行道", "騎樓", "地磚", "sidewalk"),
    "ROAD_EXCAVATION": ("挖掘", "施工", "挖路", "管線", "路權"),
    "NOISE_BUSINESS": ("噪音", "工地", "施工噪音", "卡拉ok", "夜店", "冷氣主機"),
    "AIR_ODOR": ("臭味", "異味", "油煙", "空污", "排放", "燒"),
    "LITTER": ("髒亂", "垃圾", "亂丟", "堆放", "棄置"),
    "GARBAGE_TRUCK": ("垃圾車", "資源回收", "回收車", "清運", "大型家具"),
    "DOG_WASTE": ("狗屎", "狗大便", "犬便", "便便", "遛狗"),
    "STREET_LIGHT": ("路燈", "燈不亮", "閃爍", "street light"),
    "PARK": ("公園", "遊具", "溜滑梯", "涼亭", "綠地"),
    "STREET_TREE": ("行道樹", "樹枝", "修剪", "樹木", "倒塌"),
    "DRAINAGE": ("側溝", "水溝", "積水", "淹水", "排水"),
    "SEWER": ("污水", "下水道", "化糞池", "人孔", "接管"),
    "WATER_SUPPLY": ("自來水", "停水", "水壓", "漏水", "水管", "水費"),
    "SLOPE": ("山坡", "土石", "邊坡", "落石", "擋土牆"),
    "ILLEGAL_BUILDING": ("違建", "違章", "加蓋", "頂樓"),
    "BUILDING_SAFETY": ("招牌", "外牆", "磁磚", "剝落", "結構"),
    "CONDO": ("管委會", "管理費", "住戶", "公寓大廈", "區權會"),
    "SECURITY": ("治安", "竊盜", "小偷", "毒品", "警察", "巡邏"),
    "NOISE_RESIDENTIAL": ("樓上", "鄰居", "半夜", "吵", "擾鄰"),
    "STREET_VENDOR": ("攤販", "擺攤", "流動攤"),
    "FOOD_SAFETY": ("食物", "餐廳", "吃了", "拉肚子", "過期", "蟑螂"),
    "MEDICAL": ("醫院", "診所", "醫師", "醫療"),
    "SMOKING": ("抽菸", "吸菸", "二手菸", "菸蒂", "電子菸"),
    "MOSQUITO": ("蚊子", "登革熱", "積水容器", "孳生"),
    "ANIMAL_RESCUE": ("流浪狗", "流浪貓", "受傷", "救援", "浪浪"),
    "ANIMAL_CRUELTY": ("虐待", "虐貓", "虐狗", "打狗", "餓"),
    "SOCIAL_ASSISTANCE": ("低收入", "急難救助", "補助", "中低收"),
    "DISABILITY": ("身障", "身心障礙", "輪椅", "無障礙", "復康巴士"),
    "HOMELESS": ("遊民", "街友", "睡在"),
    "LABOR_DISPUTE": ("欠薪", "加班費", "資遣", "老闆", "薪水", "勞基法"),
    "EMPLOYMENT": ("就業", "找工作", "職訓", "求職"),
    "SCHOOL": ("學校", "老師", "校長", "國小", "國中"),
    "CRAM_SCHOOL": ("補習班", "安親班", "補習"),
    "HOUSEHOLD_REG": ("戶政", "戶籍", "身分證", "戶口"),
    "BOROUGH": ("里長", "里辦公處", "鄰長"),
    "FIRE_SAFETY": ("消防", "逃生", "滅火器", "防火巷", "火災"),
    "TAX": ("稅", "地價稅", "房屋稅", "牌照稅"),
    "MRT_CONSTRUCTION": ("捷運", "捷運工程", "圍籬"),
    "SPORTS_CENTER": ("運動中心", "游泳池", "健身房"),
    "LAND": ("地政", "土地", "地籍", "登記", "測量"),
    "CITY_APPS": ("台北通", "臺北通", "網站", "app", "登入"),
    "CENTRAL_MATTER": ("健保", "國道", "勞保", "兵役", "護照", "中央"),
    "DATA_LEAK": ("個資", "洩漏", "外洩", "檢舉人"),
}

_SPLIT = re.compile(r"[或及和、]")


class KeywordClassifier:
    """Routing by keyword counts; same interface as the trained ``Classifier``."""

    def __init__(self, taxonomy: Taxonomy | None = None) -> None:
        self.taxonomy = taxonomy or load_taxonomy()
        self.classes = self.taxonomy.subcategory_codes
        self.keywords: dict[str, set[str]] = {}
        for code, sub in self.taxonomy.subcategories.items():
            words = {normalize(w) for w in _SPLIT.split(sub.name) if len(w) >= 2}
            words.update(normalize(w) for w in HAND_PICKED.get(code, ()))
            self.keywords[code] = words

    def scores(self, text: str) -> list[float]:
        normalized = normalize(text)
        return [float(sum(len(w) for w in self.keywords[c] if w in normalized)) for c in self.classes]

    def classify(self, text: str, hint: str | None = None, alternatives: int = 4) -> Prediction:
        return self.classify_many([text], [hint], alternatives)[0]

    def classify_many(
        self, texts: Sequence[str], hints: Sequence[str | None] | None = None, alternatives: int = 4
    ) -> list[Prediction]:
        predictions = []
        for text, hint in zip(texts, hints or [None] * len(texts), strict=True):
            scores = self.scores(validate_text(text))
            hint_code = validate_hint(hint, self.taxonomy)
            if hint_code:
                scores[self.classes.index(hint_code)] += 2.0
            total = sum(scores) or 1.0
            order = sorted(range(len(self.classes)), key=lambda i: -scores[i])[: alternatives + 1]
            ranked = [(self.classes[i], scores[i] / total) for i in order]
            predictions.append(
                Prediction(
                    subcategory=ranked[0][0],
                    agency=self.taxonomy.agency_of(ranked[0][0]),
                    confidence=ranked[0][1],
                    alternatives=tuple(
                        Alternative(code, self.taxonomy.agency_of(code), score) for code, score in ranked[1:]
                    ),
                )
            )
        return predictions
