"""The gazetteer: reference data integrity, loading errors, and name matching."""

from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import ConfigError
from kg.gazetteer import DATA_DIR, Gazetteer, NameFinder, trie_pattern

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def names(gaz: Gazetteer, found: list[tuple[int, int, str]]) -> list[str]:
    return [gaz.places[key]["name"] for _, _, key in found]


def dept_ids(found: list[tuple[int, int, str]]) -> list[str]:
    return [dept for _, _, dept in found]


# ---------------------------------------------------------------------- data integrity


def test_departments_are_many_and_well_formed(gaz: Gazetteer) -> None:
    depts = gaz.departments
    assert len(depts) >= 90
    for dept_id, entry in depts.items():
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", dept_id)
        assert entry["kind"] in ("department", "association")
        assert re.search(r"[\u4e00-\u9fff]", entry["name"])
        for succ in entry.get("successors") or []:
            assert succ["id"] in depts
            if entry.get("until"):
                assert succ["year"] == entry["until"], dept_id
        if entry.get("from") and entry.get("until"):
            assert entry["from"] <= entry["until"]


def test_full_names_are_unique_per_era(gaz: Gazetteer) -> None:
    """Two bodies may bear one full name only in different eras (国家药品监督管理局: the SDA of
    1998-2003, the NMPA of 2018): both bound their years on the side they meet, which do
    not overlap, so that a notice's year names exactly one of them."""
    owners: dict[str, list[str]] = {}
    for dept_id, entry in gaz.departments.items():
        owners.setdefault(entry["name"], []).append(dept_id)
    for name, ids in owners.items():
        spans = sorted((gaz.departments[i].get("from"), gaz.departments[i].get("until"), i)
                       for i in ids) if len(ids) > 1 else []
        for (_, until, earlier), (start, _, later) in itertools.pairwise(spans):
            assert until is not None and start is not None, (name, earlier, later)
            assert until <= start, (name, earlier, later)
        for year in range(1978, 2031):
            alive = [i for i in ids if (gaz.departments[i].get("from") or 0) <= year
                     < (gaz.departments[i].get("until") or 9999)]
            assert len(alive) <= 1, (name, year, alive)


def test_a_full_name_shared_across_eras_needs_both_eras(tmp_path: Path) -> None:
    for name in ("places.yaml", "place_rules.yaml"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    depts = [{"id": "a", "name": "国家某局", "from": 1990, "until": 2000},
             {"id": "b", "name": "国家某局", "from": 1995}]
    (tmp_path / "departments.yaml").write_text(yaml.safe_dump(depts, allow_unicode=True),
                                               encoding="utf-8")
    gaz = Gazetteer.load(tmp_path)
    with pytest.raises(AssertionError):
        test_full_names_are_unique_per_era(gaz)


def test_shared_aliases_belong_to_bodies_of_different_periods(gaz: Gazetteer) -> None:
    owners: dict[str, list[str]] = {}
    for dept_id, entry in gaz.departments.items():
        for alias in [entry["name"], *(entry.get("aliases") or [])]:
            owners.setdefault(alias, []).append(dept_id)
    for alias, ids in owners.items():
        if len(ids) > 1:
            spans = sorted((gaz.departments[i].get("from") or 0,
                            gaz.departments[i].get("until") or 9999) for i in ids)
            for (_, until), (start, _) in itertools.pairwise(spans):
                assert until <= start, alias


@pytest.mark.parametrize("dept_id, name", [
    ("aqsiq", "国家质量监督检验检疫总局"),
    ("samr", "国家市场监督管理总局"),
    ("cpd", "中共中央宣传部"),
    ("cylc", "中国共产主义青年团中央委员会"),
    ("sasac", "国务院国有资产监督管理委员会"),
    ("sarft", "国家广播电影电视总局"),
    ("acfic", "中华全国工商业联合会"),
    ("sec", "国家经济委员会"),
])
def test_known_bodies(gaz: Gazetteer, dept_id: str, name: str) -> None:
    assert gaz.departments[dept_id]["name"] == name


@pytest.mark.parametrize("old, new, year", [
    ("aqsiq", "samr", 2018),
    ("saic", "samr", 2018),
    ("cnta", "mct", 2018),
    ("sarft", "sapprft", 2013),
    ("sapprft", "nrta", 2018),
    ("moh", "nhfpc", 2013),
    ("nhfpc", "nhc", 2018),
    ("sdpc", "ndrc", 2003),
    ("cbirc", "nfra", 2023),
    ("sbqts", "aqsiq", 2001),
    ("sacci", "ciq", 1998),
    ("saapq", "ciq", 1998),
    ("scpo", "sceto", 1992),
    ("sceto", "setc", 1993),
    ("sawsb", "saws", 2005),
    ("soa", "mnr", 2018),
    ("nasg", "mnr", 2018),
])
def test_lineage(gaz: Gazetteer, old: str, new: str, year: int) -> None:
    assert {"id": new, "year": year} in gaz.departments[old]["successors"]


def test_associations(gaz: Gazetteer) -> None:
    for dept_id in ("caq", "caqi", "cca"):
        assert gaz.departments[dept_id]["kind"] == "association"


def test_places_cover_china_and_countries(gaz: Gazetteer) -> None:
    levels: dict[str, int] = {}
    for key, place in gaz.places.items():
        if place.get("kind") == "国家级新区" and "level" not in place:
            continue  # tested in test_state_level_new_areas
        levels[place["level"]] = levels.get(place["level"], 0) + 1
        if place["level"] == "country":
            assert re.fullmatch(r"[A-Z]{2}", key)
        else:
            assert re.fullmatch(r"\d{6}", key) and place["adcode"] == key
            if place["level"] != "province":
                assert gaz.places[place["parent"]]["level"] in ("province", "city")
    assert levels["province"] == 34
    assert levels["city"] > 300 and levels["county"] > 2800 and levels["country"] > 40
    assert [k for k, p in gaz.places.items() if p.get("home")] == ["CN"]
    assert gaz.home_country() == "CN"


@pytest.mark.parametrize("key, name, alias", [
    ("510000", "四川省", "四川"),
    ("150000", "内蒙古自治区", "内蒙古"),
    ("640000", "宁夏回族自治区", "宁夏"),
    ("450000", "广西壮族自治区", "广西"),
    ("810000", "香港特别行政区", "香港"),
    ("222400", "延边朝鲜族自治州", "延边"),
    ("150430", "敖汉旗", "敖汉"),
    ("320500", "苏州市", "苏州"),
])
def test_place_short_forms(gaz: Gazetteer, key: str, name: str, alias: str) -> None:
    assert gaz.places[key]["name"] == name
    assert alias in gaz.places[key]["aliases"]


def test_places_yaml_is_what_the_generator_writes(tmp_path: Path) -> None:
    from tools import make_places

    csv = make_places.default_csv()
    if csv is None:
        pytest.skip("cpca's table is not installed")
    out = tmp_path / "places.yaml"
    shutil.copy(DATA_DIR / "places.yaml", out)
    assert make_places.main(["--csv", str(csv), "--out", str(out)]) == 0
    assert out.read_bytes() == (DATA_DIR / "places.yaml").read_bytes()


# ---------------------------------------------------------------------- loading


def test_load_is_cached() -> None:
    assert Gazetteer.load() is Gazetteer.load(DATA_DIR)


@pytest.mark.parametrize("filename", ["departments.yaml", "places.yaml", "place_rules.yaml"])
def test_malformed_yaml_names_file_and_line(tmp_path: Path, filename: str) -> None:
    for name in ("departments.yaml", "places.yaml", "place_rules.yaml"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    (tmp_path / filename).write_text("a: 1\nb: [unclosed\nc: 2\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        Gazetteer.load(tmp_path)
    message = str(info.value)
    assert filename in message and "line" in message


def test_unknown_successor_is_a_config_error(tmp_path: Path) -> None:
    for name in ("places.yaml", "place_rules.yaml"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    bad = [{"id": "x", "name": "某部", "successors": [{"id": "nowhere", "year": 2000}]}]
    (tmp_path / "departments.yaml").write_text(yaml.safe_dump(bad, allow_unicode=True),
                                               encoding="utf-8")
    with pytest.raises(ConfigError, match=r"departments\.yaml.*nowhere"):
        Gazetteer.load(tmp_path)


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"departments\.yaml"):
        Gazetteer.load(tmp_path)


def test_adding_a_department_is_a_data_change(tmp_path: Path) -> None:
    for name in ("places.yaml", "place_rules.yaml"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    depts = [{"id": "qmo", "name": "全国质量月办公室", "aliases": ["质量月办"],
              "kind": "department"}]
    (tmp_path / "departments.yaml").write_text(yaml.safe_dump(depts, allow_unicode=True),
                                               encoding="utf-8")
    assert dept_ids(Gazetteer.load(tmp_path).find_departments("由质量月办牵头")) == ["qmo"]


# ---------------------------------------------------------------------- departments

DEPARTMENTS = [
    # text, expected ids in order
    ("国家质检总局、教育部、工业和信息化部", ["aqsiq", "moe", "miit"]),
    ("经国家质量监督检验检疫总局、共青团中央研究决定", ["aqsiq", "cylc"]),
    ("市场监管总局、中央宣传部、国家发展改革委等20个部门", ["samr", "cpd", "ndrc"]),
    ("国家市场监管总局", ["samr"]),
    ("国务院国资委和全国总工会", ["sasac", "acftu"]),
    ("住房城乡建设部", ["mohurd"]),
    ("中国质量协会", ["caq"]),
    ("中质协", ["caq"]),
    ("四川省质监局", []),
    ("四川省统计局和市发改委", []),
    ("各级药监局", []),
    ("会同教育部门", []),
    ("继续教育部分", []),
    ("农业部门和商务部门", []),
    ("住房和城乡建设部门", []),
    ("成都铁路局", []),
    ("中国国家标准化管理委员会", ["sac"]),
    ("The General Administration of Quality Supervision, Inspection and Quarantine (AQSIQ)",
     ["aqsiq", "aqsiq"]),
    ("the Ministry of Industry and Information Technology", ["miit"]),
    ("the People’s Bank of China", ["pbc"]),
    ("Ministry of Education of the PRC", ["moe"]),
    ("Ministry of Agriculture and Rural Affairs", ["mara"]),
    ("MIITS", []),
    ("国家商检局、国务院经贸办和国家安全生产监督管理局", ["sacci", "sceto", "sawsb"]),
    ("国家安全生产监督管理总局", ["saws"]),
    ("中华全国供销合作总社、中央广播电视总台", ["acfsmc", "cmg"]),
    ("省供销合作总社", []),
    ("the Central Propaganda Department, the PBOC and the State Post Bureau (SPB)",
     ["cpd", "pbc", "spb", "spb"]),
]


@pytest.mark.parametrize("text, expected", DEPARTMENTS)
def test_find_departments(gaz: Gazetteer, text: str, expected: list[str]) -> None:
    assert dept_ids(gaz.find_departments(text)) == expected


@pytest.mark.parametrize("text, year, expected", [
    ("国家广电总局", 2011, "sarft"),
    ("国家广电总局", 2020, "nrta"),
    ("国家广电总局", None, "nrta"),
    ("国家计委", 1990, "spc"),
    ("国家计委", 2000, "sdpc"),
])
def test_shared_alias_is_resolved_by_year(gaz: Gazetteer, text: str, year: int | None,
                                          expected: str) -> None:
    assert dept_ids(gaz.find_departments(text, year=year)) == [expected]


# ---------------------------------------------------------------------- places

PLACES = [
    # text, expected full names in order
    ("四川省质监局在社区广场举办演练", ["四川省"]),
    ("四川、福建等省策划了一系列活动", ["四川省", "福建省"]),
    ("青海、浙江等省与总局同日启动活动", ["青海省", "浙江省"]),
    ("德州市、敖汉旗等地方局", ["德州市", "敖汉旗"]),
    ("宁夏回族自治区和内蒙古", ["宁夏回族自治区", "内蒙古自治区"]),
    ("宁夏质监局、广西质监局", ["宁夏回族自治区", "广西壮族自治区"]),
    ("苏州质监局", ["苏州市"]),
    ("永州、南昌等市", ["永州市", "南昌市"]),
    ("延边州", ["延边朝鲜族自治州"]),
    ("河南县", ["河南蒙古族自治县"]),
    ("吉林市", ["吉林市"]),
    ("北京市朝阳区", ["北京市", "朝阳区"]),
    ("襄樊市", ["襄阳市"]),
    ("日本于1960年11月举行；美国也开始了", ["日本", "美国"]),
    ("Japan and the United States", ["日本", "美国"]),
    ("Sichuan Province and Inner Mongolia", ["四川省", "内蒙古自治区"]),
    ("中华人民共和国", ["中国"]),
    ("广州、深圳两地将举办论坛", ["广州市", "深圳市"]),  # a list closed by 两地
    ("在南京举办全省启动仪式", ["南京市"]),  # a city short form as an event's venue
    ("于杭州召开", ["杭州市"]),
    ("在南京路举办", []),
    ("南京举办", []),
    ("2012年全国“质量月”活动在京启动", ["北京市"]),
    ("将举办质量发展(上海)大会", []),  # a place in brackets inside a name
    ("某某科技(北京)有限公司", []),
    ("活动在四川省(成都市)举行", ["四川省", "成都市"]),
    ("京津冀协同发展，在京津举办", []),
    ("北京市质监局在京举办", ["北京市", "北京市"]),
    # negatives
    ("邀请上海交通大学品牌研究专家", []),
    ("新疆生产建设兵团质量技术监督局", []),
    ("天津大学、北京日报、四川航空", []),
    ("北京时间9月1日", []),
    ("苏州启动仪式", []),
    ("广大城市和园区", []),
    ("中山市场", []),
    ("朝阳区", []),  # several 朝阳区; no parent named
    ("城区和郊区", []),
    ("今日本市举行", []),
    ("依法国家", []),
    ("道德国家", []),
    ("朝鲜族", []),
    ("隆重庆祝", []),
    ("长江西岸", []),
    ("推广西部经验", []),
    ("会同有关部门", []),
    ("跨越南北", []),
    # after a rejected name the search resumes inside it
    ("大城市建设，苏州市和北京", ["苏州市", "北京市"]),
    ("中山市场监管局和东方市场", ["中山市"]),
    # renamed after the table was made: the current name is the label, the old one matches
    ("奉化区、余姚市、慈溪市", ["奉化区", "余姚市", "慈溪市"]),
    ("2015年奉化市质监局", ["奉化区"]),
    ("临安区和郫都区", ["临安区", "郫都区"]),
    # a city short form heading its line or sentence as the subject of an event verb
    # (ningbo_2010_inline_slogans_news); not after a comma, nor a county's
    ("宁波启动2010年“质量月”活动", ["宁波市"]),
    ("今年，宁波启动了", []),
    # English names of provincial capitals and large cities
    ("launched on Sept 1 in Hangzhou, Zhejiang province", ["杭州市", "浙江省"]),
    ("forums in Shenzhen and Xi'an", ["深圳市", "西安市"]),
    # and other large cities; Suzhou, two cities' name (苏州, 宿州), only with its province
    # named (english_2016_province_plan), as for a Chinese name two places share
    ("Open Day activities in Suzhou and Wuxi, a forum in Changzhou", ["无锡市", "常州市"]),
    ("Jiangsu Province: Open Day activities in Suzhou and Wuxi",
     ["江苏省", "苏州市", "无锡市"]),
    ("Anhui Province: a forum in Suzhou", ["安徽省", "宿州市"]),
    ("Zhejiang Province: a forum in Taizhou", ["浙江省", "台州市"]),
    # more cities, and county-level places English news names on their own
    ("In Yiwu, Zhejiang Province, and in Pudong New Area of Shanghai",
     ["义乌市", "浙江省", "浦东新区", "上海市"]),
    ("Zhuzhou and Xiangtan; Tai'an and Huai'an", ["株洲市", "湘潭市", "泰安市", "淮安市"]),
    ("Xiangyang, formerly 襄樊", ["襄阳市"]),
    # a city or county short form right after its own province (湖北襄阳, 浙江义乌), not
    # after another's, nor inside a company or university name
    ("湖北襄阳、河北石家庄", ["湖北省", "襄阳市", "河北省", "石家庄市"]),
    ("浙江义乌小商品", ["浙江省", "义乌市"]),
    ("北京朝阳", ["北京市", "朝阳区"]),
    ("湖北石家庄", ["湖北省"]),
    ("江西南昌大学", ["江西省"]),
    # autonomous prefectures by their official two-character forms
    ("伊犁州、昌吉州、博州", ["伊犁哈萨克自治州", "昌吉回族自治州", "博尔塔拉蒙古自治州"]),
    # a regional brand is no place taking part
    ("组织企业参加“品字标浙江制造”认证", []),
]


@pytest.mark.parametrize("text, expected", PLACES)
def test_find_places(gaz: Gazetteer, text: str, expected: list[str]) -> None:
    assert names(gaz, gaz.find_places(text)) == expected


def test_matches_are_sorted_and_disjoint(gaz: Gazetteer) -> None:
    text = "四川省、四川、福建省德州市敖汉旗国家质检总局教育部" * 3
    for found in (gaz.find_places(text), gaz.find_departments(text)):
        assert found == sorted(found)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(found))
        assert all(text[s:e] for s, e, _ in found)


# ---------------------------------------------------------------------- trie regex


def _naive_leftmost_longest(words: list[str], text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    while pos < len(text):
        hits = [w for w in words if w and text.startswith(w, pos)]
        if hits:
            best = max(hits, key=len)
            out.append((pos, pos + len(best)))
            pos += len(best)
        else:
            pos += 1
    return out


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="四川省平市甲乙", min_size=1, max_size=4), min_size=1,
                max_size=12),
       st.text(alphabet="四川省平市甲乙丙", max_size=40))
def test_trie_pattern_is_leftmost_longest(words: list[str], text: str) -> None:
    pattern = re.compile(trie_pattern(words))
    assert [m.span() for m in pattern.finditer(text)] == _naive_leftmost_longest(words, text)


def test_trie_pattern_of_many_words() -> None:
    words = [f"{chr(0x4e00 + i)}{chr(0x4e00 + i * 7 % 500)}" for i in range(500)]
    pattern = re.compile(trie_pattern(words))
    assert all(pattern.fullmatch(w) for w in words)


def _both_ways(finder: NameFinder, text: str) -> tuple[list[object], list[object]]:
    """The finder's answers by its dict look-up and by its compiled regex."""
    finder._rx, finder._scanned = None, -(10**12)  # the dict path
    by_dict = [list(finder.finditer(text))] + [finder.search(text, p) for p in range(0, 60, 7)]
    finder._scanned = finder.COMPILE_AFTER + 1  # the next call compiles
    by_regex = [list(finder.finditer(text))] + [finder.search(text, p) for p in range(0, 60, 7)]
    assert finder._rx is not None
    return by_dict, by_regex


def test_name_finder_gives_the_regex_spans_before_and_after_compiling(gaz: Gazetteer) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "notices").iterdir())]
    texts += ["四川省四平市和四川", "北京市朝阳区、上海", "", "省", "内蒙古自治区呼和浩特市"]
    finder = gaz._place_names
    for text in texts:
        by_dict, by_regex = _both_ways(finder, text)
        assert by_dict == by_regex
    assert list(finder.finditer("四川省四平市")) == [(0, 3), (3, 6)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["四", "川", "省", "平", "市", "北京", "京", "x", "、"]), max_size=30))
def test_name_finder_agrees_with_the_trie_on_any_text(pieces: list[str]) -> None:
    finder = NameFinder(["四川", "四川省", "四平市", "川", "北京", "北京市", "京"])
    by_dict, by_regex = _both_ways(finder, "".join(pieces))
    assert by_dict == by_regex


# ---------------------------------------------------------------------- reference gaps


def test_the_sda_of_1998_and_the_nmpa_of_2018_share_a_name_the_year_picks() -> None:
    gaz = Gazetteer.load()
    assert gaz.departments["sda"]["name"] == gaz.departments["nmpa"]["name"] == "国家药品监督管理局"
    assert {"id": "sfda", "year": 2003} in gaz.departments["sda"]["successors"]
    for text, year, expected in [("国家药品监督管理局", 2000, "sda"), ("国家药监局", 2002, "sda"),
                                 ("国家药品监督管理局", 2019, "nmpa"),
                                 ("国家药品监督管理局", None, "nmpa")]:
        assert dept_ids(gaz.find_departments(text, year=year)) == [expected], (text, year)


@pytest.mark.parametrize("text, expected", [
    ("市场监管总局、中央宣传部、网信办、工信部", ["samr", "cpd", "cac", "miit"]),
    ("国家网信办、中央网信办", ["cac", "cac"]),
    # local offices: a level word, a place, a Party committee, 各地 before it
    ("省网信办、市网信办、县网信办、区网信办", []),
    ("四川省网信办、杭州市网信办、成都网信办", []),
    ("省委网信办、市委网信办、党委网信办、兵团网信办、各地网信办、各级网信办", []),
])
def test_a_bare_wangxinban_is_the_national_office_only_where_it_cannot_be_local(
        gaz: Gazetteer, text: str, expected: list[str]) -> None:
    assert dept_ids(gaz.find_departments(text, year=2023)) == expected


# The 19 state-level new areas: 浦东新区 and 滨海新区 are districts, the others no division.
NEW_AREAS = ["重庆两江新区", "浙江舟山群岛新区", "兰州新区", "广州南沙新区", "陕西西咸新区",
             "贵州贵安新区", "青岛西海岸新区", "大连金普新区", "四川天府新区", "湖南湘江新区",
             "南京江北新区", "福州新区", "云南滇中新区", "哈尔滨新区", "长春新区", "江西赣江新区",
             "河北雄安新区"]


def test_state_level_new_areas(gaz: Gazetteer) -> None:
    marked = {p["name"]: k for k, p in gaz.places.items() if p.get("kind") == "国家级新区"}
    assert set(marked) == {*NEW_AREAS, "浦东新区", "滨海新区"}
    for name in NEW_AREAS:
        place = gaz.places[marked[name]]
        assert "adcode" not in place and "level" not in place, name
        assert gaz.places[place["parent"]]["level"] in ("province", "city"), name
        assert 18 < place["lat"] < 54 and 73 < place["lon"] < 135, name
        assert isinstance(place["since"], int) and 2010 <= place["since"] <= 2017, name
    assert gaz.places["310115"]["adcode"] == "310115"  # 浦东新区 stays a district


@pytest.mark.parametrize("text, expected", [
    # the province written before the area's name is named too, as in 天津滨海新区
    # (messy_place_forms_2020_news): 河北 and 雄安新区
    ("河北雄安新区管委会", ["河北省", "河北雄安新区"]),
    ("雄安新区起步区", ["河北雄安新区"]),
    ("重庆市两江新区", ["重庆市", "重庆两江新区"]),
    ("重庆两江新区举行", ["重庆市", "重庆两江新区"]),
    ("与四川天府新区、陕西西咸新区等", ["四川省", "四川天府新区", "陕西省", "陕西西咸新区"]),
    ("在雄安举办", ["河北雄安新区"]),
    ("天府之国", []),   # a short form only as a city's would be
    ("南京江北新区", ["南京江北新区"]),
])
def test_new_areas_are_places(gaz: Gazetteer, text: str, expected: list[str]) -> None:
    assert names(gaz, gaz.find_places(text)) == expected
    for _, _, key in gaz.find_places(text):
        if gaz.places[key].get("kind") == "国家级新区" and "level" not in gaz.places[key]:
            assert gaz.ancestors(key)  # within its province or city


def test_a_new_area_with_an_unknown_parent_is_a_config_error(tmp_path: Path) -> None:
    for name in ("departments.yaml", "place_rules.yaml"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    (tmp_path / "places.yaml").write_text(
        "china: []\ncountries: []\nnew_areas:\n"
        "  - {key: xinqu-x, name: 某某新区, parent: '999999'}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"places\.yaml.*xinqu-x"):
        Gazetteer.load(tmp_path)
