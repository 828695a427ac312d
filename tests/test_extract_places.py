"""Places named as taking part in the campaign."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from kg.extractors import Facts
from kg.extractors.places import extract_places
from kg.gazetteer import Gazetteer
from tests.helpers import doc_from_text, seed_doc

GOLD = yaml.safe_load((Path(__file__).parent / "gold_seeds.yaml").read_text("utf-8"))
_KEEP = re.compile(r"[^0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]+")


def place_names(text: str) -> list[str]:
    gaz = Gazetteer.load()
    return [gaz.places[f.value]["name"] for f in extract_places(doc_from_text(text), Facts())]


CASES = [
    ("四川、福建等省策划了一系列具有本省特色的活动。青海、浙江等省与总局同日启动活动。",
     ["四川省", "福建省", "青海省", "浙江省"]),
    ("德州市、敖汉旗等地方局还先行一步举行了启动仪式。", ["德州市", "敖汉旗"]),
    ("从宁夏质监局制作的电视公益广告，到湖北省质量公益短信", ["宁夏回族自治区", "湖北省"]),
    ("四川省质监局组织300家企业；四川、江西等地质监局", ["四川省", "江西省"]),  # one fact each
    ("苏州市在举行开幕式时，邀请上海交通大学品牌研究专家讲授", ["苏州市"]),
    ("世界上第一个质量月活动起源于日本；1988年10月，美国也开始了", ["日本", "美国"]),
    ("中国的全国“质量月”活动始于1978年；中华人民共和国", []),
    ("Japan held the first Quality Month; China followed in 1978.", ["日本"]),
    ("各省、自治区、直辖市及新疆生产建设兵团质量技术监督局，北京市质监局：\n今年9月", []),
    ("各省、自治区、直辖市：\n北京市质监局启动了活动", ["北京市"]),
    ("天津大学、北京日报、中国质量协会", []),
    ("广大城市和园区要结合发展实际", []),
    # a city short form as an event's venue; not inside an organisation's name
    ("9月1日，在南京举办全省“质量月”活动启动仪式。南京大学质量发展研究院将开展评估。", ["南京市"]),
    ("在南京路开展宣传", []),
    # an English addressee line names who receives the notice
    ("To the market regulation departments of all provinces and the Xinjiang Production and "
     "Construction Corps:\nThe launch ceremony will be held in Beijing.", ["北京市"]),
    # a news dateline names where the report was filed, not a place taking part
    ("人民网北京8月28日电 记者从市场监管总局获悉，9月将在广东省深圳市举办质量大会。",
     ["广东省", "深圳市"]),
    ("新华社杭州9月1日电 今年“质量月”活动1日在杭州启动。", ["杭州市"]),
    ("本报北京9月1日讯（记者 陈某）今天上午，活动启动。", []),
    ("BEIJING, Sept. 1 -- China launched its campaign in Shanghai.", ["上海市"]),
    # a county's two-character name in a list or after its own city, its city in the text
    ("宜宾市各县组织开展。屏山县、高县、珙县结合实际组织开展。", ["宜宾市", "屏山县", "高县", "珙县"]),
    ("安徽省马鞍山市和县质监局", ["安徽省", "马鞍山市", "和县"]),
    # …but not inside a word, nor without a place of its city
    ("提高县域质量，宜宾市屏山县", ["宜宾市", "屏山县"]),
    ("马鞍山市各市和县", ["马鞍山市"]),
    ("高县、珙县", []),
    # a country whose name holds another's (白俄罗斯 holds 俄罗斯)
    ("来自白俄罗斯、塞尔维亚等国家的代表", ["白俄罗斯", "塞尔维亚"]),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_extract_places(text: str, expected: list[str]) -> None:
    assert place_names(text) == expected


def test_spans_point_at_the_names() -> None:
    text = CASES[0][0]
    gaz = Gazetteer.load()
    for fact in extract_places(doc_from_text(text), Facts()):
        assert fact.span is not None
        written = text[fact.span.start:fact.span.end]
        entry = gaz.places[fact.value]
        assert written in [entry["name"], *(entry.get("aliases") or [])]


@pytest.mark.parametrize("entry", GOLD, ids=[e["file"] for e in GOLD])
def test_gold_seed_regions(entry: dict) -> None:
    gaz = Gazetteer.load()
    facts = extract_places(seed_doc(entry["file"]), Facts())
    found = {_KEEP.sub("", gaz.places[f.value]["name"]) for f in facts}
    gold = {_KEEP.sub("", name) for name in entry.get("regions") or []}
    tp = len(found & gold)
    precision = tp / len(found) if found else 1.0
    recall = tp / len(gold) if gold else 1.0
    assert precision >= 0.95 and recall >= 0.95, (sorted(found - gold), sorted(gold - found))
