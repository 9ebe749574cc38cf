"""判定シミュレーター as staff see it: Japanese only, examples fill the form, errors on the right field."""

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from django.urls import reverse

from menkyo.audit.models import AuditEvent
from menkyo.judgement import forms, presentation
from menkyo.judgement import views as simulator
from menkyo.judgement.examples import examples
from menkyo.rules import cli as rules_cli

URL = reverse("judgement:simulator")
SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
# Lower-case ASCII a clerk may meet on the page: the unit of breath alcohol (mg/L), and the JSON
# literals an error about the JSON box asks for (「更新期間前の更新」: true).
ALLOWED_WORDS = {"mg", "true", "false"}


@pytest.fixture
def officer(client, make_operator, login_as):
    login_as(client, make_operator("hyogo_case", ["case_officer"], "28-001"))
    return client


def visible_text(html: str) -> str:
    """What a clerk reads in <main>: no styles, JSON box, option values or the experts' <details>."""
    main = re.search(r"<main\b.*?</main>", html, flags=re.S)
    html = main.group(0) if main else html
    html = re.sub(r'<details class="expert".*?</details>', " ", html, flags=re.S)
    html = re.sub(r"<(style|script|textarea)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def developer_words(text: str) -> set[str]:
    """Research tags, section signs and lower-case identifiers (signal_red, as_of, points …).

    A value echoed from the input in quotes ('jaywalking' in 「違反コード 'jaywalking' は…」) is the clerk's own.
    """
    text = re.sub(r"'[^']*'", "", text)
    found = set(re.findall(r"law-rules|§|\[[SP]\d+", text))
    found |= {w for w in re.findall(r"(?<![A-Za-z])[a-z][a-z0-9_.\[\]]+", text) if w not in ALLOWED_WORDS}
    return found


def scenario_inputs() -> list[tuple[str, str, dict]]:
    """A representative set of tests/scenarios: (name, entry, input).

    Every error scenario, and each scenario whose answer has a trace stage or an
    output key no earlier scenario had (so every stage and key is rendered once).
    """
    found, seen = [], set()
    for path in sorted(SCENARIOS.glob("*/*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not (isinstance(doc, dict) and isinstance(doc.get("input"), dict)):
            continue
        ok, answer = rules_cli.evaluate(doc["entry"], doc["input"])
        kinds = {(doc["entry"], "step", s.get("step")) for s in answer.get("trace", [])} if ok else set()
        kinds |= {(doc["entry"], "key", key) for key in answer} if ok else set()
        if not ok or kinds - seen:
            seen |= kinds
            found.append((f"{path.parent.name}/{path.stem}", doc["entry"], rules_cli.normalise(doc["input"])))
    return found


class FormFields(HTMLParser):
    """The values the field form (#sim-form) would submit, as a browser sends them."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self.inside = False
        self.select: str | None = None
        self.first: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id") == "sim-form":
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.data[a["name"]] = a.get("value", "on")
            else:
                self.data[a["name"]] = a.get("value") or ""
        elif tag == "select":
            self.select, self.first = a.get("name"), None
        elif tag == "option" and self.select:
            if self.first is None:
                self.first = a.get("value", "")
                self.data.setdefault(self.select, self.first)
            if "selected" in a:
                self.data[self.select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        if tag == "form" and self.inside:
            self.inside = False


def form_fields(html: str) -> dict[str, str]:
    parser = FormFields()
    parser.feed(html)
    parser.data.pop("csrfmiddlewaretoken", None)
    return parser.data


def evaluated_json(html: str) -> dict:
    found = re.search(r'<textarea id="input"[^>]*>(.*?)</textarea>', html, re.S)
    assert found, "no JSON textarea"
    return json.loads(unescape(found.group(1)))


# --- Japanese only ------------------------------------------------------------------------------

@pytest.mark.django_db
def test_no_research_tags_section_signs_or_codes_are_shown_for_any_example_or_scenario(officer):
    cases = [(e["id"], e["entry"], e["input"]) for e in examples()] + scenario_inputs()
    assert len(cases) > 40
    shown = {}
    for name, entry, data in cases:
        # The answer fragment (htmx), as the JSON box shows it; the whole page is checked below.
        response = officer.post(URL, {"entry": entry, "input": json.dumps(data, ensure_ascii=False)},
                                HTTP_HX_REQUEST="true")
        assert response.status_code == 200, name
        html = response.content.decode()
        assert 'data-testid="sim-result"' in html or 'data-testid="sim-error"' in html, name
        words = developer_words(visible_text(html))
        if words:
            shown[name] = sorted(words)
    assert shown == {}


@pytest.mark.django_db
def test_the_whole_page_shows_no_developer_words_before_and_after_an_evaluation(officer):
    assert developer_words(visible_text(officer.get(URL).content.decode())) == set()
    for example in examples():
        html = officer.get(URL, {"example": example["id"]}).content.decode()
        assert developer_words(visible_text(html)) == set(), example["id"]
        html = officer.post(URL, {"entry": example["entry"], "input": json.dumps(example["input"])}).content.decode()
        assert 'data-testid="sim-result"' in html
        assert developer_words(visible_text(html)) == set(), example["id"]


@pytest.mark.django_db
def test_the_answer_names_violations_accidents_and_stages_in_japanese(officer):
    example = next(e for e in examples() if e["id"] == "assess_a_red_signal_and_a_minor_injury_after_one_prior_suspension_is_a_suspension")
    html = officer.post(URL, {"entry": "assess", "input": json.dumps(example["input"])}).content.decode()
    text = visible_text(html)
    assert "信号無視（赤色等）" in text and "傷害事故（治療期間15日未満）、専ら" in text
    assert "違反の点数" in text and "累積点数" in text and "前歴" in text and "処分の判定" in text
    assert "道路交通法施行令 別表第二（一般違反行為の基礎点数）" in text
    assert "令和8年1月10日" in text and "2026-01-10 signal_red" not in text
    # The raw answer is still there for experts.
    assert "law-rules" in html and "signal_red" in html


def test_legal_references_keep_the_statute_and_drop_the_research_tags():
    refs = presentation.legal_references
    assert refs("道路交通法施行令 別表第二（一般違反行為の基礎点数）; law-rules §1.1") == [
        "道路交通法施行令 別表第二（一般違反行為の基礎点数）"]
    assert refs("道路交通法 第108条の2第1項第3号; law-rules §3.6 [P16,S36]") == ["道路交通法 第108条の2第1項第3号"]
    assert refs("道路交通法 第101条第1項, 第92条の2第4項, 施行令 第33条の8 (law-rules §5.1)") == [
        "道路交通法 第101条第1項、第92条の2第4項、施行令 第33条の8"]
    assert refs("道路交通法 第92条の2第1項 (2025-03-24 以降 第95条の6) (law-rules §5.2, §16)") == [
        "道路交通法 第92条の2第1項（令和7年3月24日 以降 第95条の6）"]
    assert refs("施行令 別表第二 備考（付加点数）; law-rules §1.3; 施行令 別表第二 備考（付加点数）; law-rules §1.3") == [
        "施行令 別表第二 備考（付加点数）"]
    assert refs("law-rules §7.2 (チェックデジット)") == []


def test_engine_sentences_name_codes_and_lose_the_research_notes():
    text = presentation.japanese_text
    assert text("2026-01-10 signal_red（信号無視（赤色等））2点 + 付加点数 injury_under_15d"
                "（傷害事故（治療期間15日未満）、専ら）3点 = 5点") == (
        "令和8年1月10日 信号無視（赤色等）2点 + 付加点数（傷害事故（治療期間15日未満）、専ら）3点 = 5点")
    assert text("2015-10-01 speeding_25_30（3点）は") == "平成27年10月1日 速度超過（25以上30（高速40）未満）（3点）は"
    assert text("保留の日数とした（law-rules §16）。") == "保留の日数とした。"
    assert "DERIVED" not in text("導いた値（DERIVED、law-rules §3.2・§16）")


# --- examples fill the form ---------------------------------------------------------------------

@pytest.mark.django_db
def test_loading_an_example_fills_the_form_fields(officer):
    html = officer.get(URL, {"example": "assess_a_red_signal_and_a_minor_injury_after_one_prior_suspension_is_a_suspension"}).content.decode()
    fields = form_fields(html)
    assert fields["as_of"] == "2026-11-22" and fields["birth_date"] == "1985-04-02"
    assert fields["lic-0-kind"] == "普通" and fields["lic-0-acquired"] == "2005-06-01"
    assert (fields["ev-0-type"], fields["ev-0-date"], fields["ev-0-days"]) == ("suspension", "2025-02-01", "30")
    assert (fields["ev-1-type"], fields["ev-1-grade"]) == ("suspension_course", "優")
    assert (fields["ev-2-type"], fields["ev-2-code"], fields["ev-2-severity"]) == (
        "violation", "signal_red", "injury_under_15d")
    assert fields["ev-2-sole_fault"] == "1"
    assert "入力フォームに読み込みました" in visible_text(html)
    assert evaluated_json(html)["events"][0] == {"type": "suspension", "date": "2025-02-01", "days": 30}


@pytest.mark.django_db
@pytest.mark.parametrize("ident", [e["id"] for e in examples() if e["entry"] == "assess"])
def test_every_assess_example_submitted_from_the_form_is_the_example_itself(officer, ident):
    example = next(e for e in examples() if e["id"] == ident)
    fields = form_fields(officer.get(URL, {"example": ident}).content.decode())
    response = officer.post(URL, fields)
    assert response.status_code == 200
    html = response.content.decode()
    assert evaluated_json(html) == rules_cli.normalise(example["input"])
    answer = json.loads(rules_cli.run("assess", json.dumps(example["input"]))[1])
    assert presentation.outcome_label(answer["outcome"]) in visible_text(html)


@pytest.mark.django_db
def test_other_examples_fill_the_json_box_and_open_it(officer):
    html = officer.get(URL, {"example": "renewal_contract_example"}).content.decode()
    assert '<details class="expert" open data-testid="expert-json">' in html
    assert evaluated_json(html)["birth_date"] == "1960-11-20"
    assert 'id="sim-form"' not in html


def test_examples_ship_with_the_application_not_the_tests():
    source = Path(simulator.__file__).read_text(encoding="utf-8")
    assert "SCENARIO_DIR" not in source and "tests" not in source.split('"""', 2)[2]
    assert {e["entry"] for e in examples()} == {"assess", "renewal", "licence-number", "eligibility", "lapse", "authority"}
    for e in examples():
        ok, answer = rules_cli.evaluate(e["entry"], e["input"])
        assert ok, (e["id"], answer)


# --- errors on the right field ------------------------------------------------------------------

def fields(*events, licences=({"kind": "普通", "acquired": "2005-06-01"},), **top):
    data = {"source": "form", "as_of": "2026-11-22", "birth_date": "1985-04-02", **top}
    for i, lic in enumerate(licences):
        data.update({f"lic-{i}-{key}": value for key, value in lic.items()})
    for i, row in enumerate(list(events) + [{}]):
        data[f"ev-{i}-type"] = row.get("type", "violation")
        data.update({f"ev-{i}-{key}": value for key, value in row.items() if key != "type"})
    return data


SIGNAL = {"date": "2026-01-10", "code": "signal_red"}


@pytest.mark.django_db
def test_a_future_birth_date_is_reported_on_the_birth_date_field(officer):
    response = officer.post(URL, fields(SIGNAL, birth_date="2030-05-01"))
    assert response.status_code == 400
    html = response.content.decode()
    assert '<td data-testid="error-where">生年月日</td>' in html
    assert re.search(r'<label class="invalid"><span>生年月日（任意）</span><input type="date" name="birth_date"', html)
    assert 'data-field="birth_date">生年月日（令和12年5月1日）が判定日（令和8年11月22日）より後です。' in html
    assert "has-error\" id=\"event-row" not in html and "has-error\" id=\"licence-row" not in html
    assert not AuditEvent.objects.filter(action="judgement.rules.assess").exists()  # never reached the engine


@pytest.mark.django_db
@pytest.mark.parametrize("data, where, field", [
    (fields(SIGNAL, as_of=""), "判定日", 'data-field="as_of"'),
    (fields(dict(SIGNAL, date="2026-12-01")), "違反・処分・講習 1行目の違反日", 'data-field="date"'),
    (fields({"type": "violation", "date": "2026-01-10"}), "違反・処分・講習 1行目の違反行為", 'data-field="code"'),
    (fields({"type": "suspension", "date": "2025-01-10", "days": "0"}), "違反・処分・講習 1行目の日数",
     'data-field="days"'),
    (fields({"type": "revocation", "date": "2025-01-10"}), "違反・処分・講習 1行目の欠格期間（年）",
     'data-field="years"'),
    (fields({"type": "suspension_course", "date": "2025-01-10", "grade": "優"}),
     "違反・処分・講習 1行目の開始日・受講日", 'data-field="date"'),
    (fields(SIGNAL, licences=({"kind": "", "acquired": "2005-06-01"},)), "免許 1行目の免許の種類", 'data-field="kind"'),
    (fields(SIGNAL, licences=({"kind": "普通", "acquired": "1980-01-01"},)), "免許 1行目の取得日",
     'data-field="acquired"'),
    (fields(SIGNAL, birth_date="", licences=({"kind": "大型", "acquired": "2025-06-01", "special_route": "1"},)),
     "生年月日", 'data-field="birth_date"'),
])
def test_each_engine_error_lands_on_the_field_it_names(officer, data, where, field):
    response = officer.post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<td data-testid="error-where">{where}</td>' in html
    assert field in html
    assert developer_words(visible_text(html)) == set()


@pytest.mark.django_db
def test_a_probationary_course_row_sends_its_kind_and_the_retest_is_shown_in_japanese(officer):
    data = fields({"date": "2025-06-01", "code": "seatbelt"}, {"date": "2025-09-01", "code": "signal_red"},
                  {"type": "probationary_course", "date": "2025-10-15", "kind": "普通"},
                  {"date": "2025-12-01", "code": "signal_red"}, {"date": "2026-02-01", "code": "seatbelt"},
                  licences=({"kind": "普通", "acquired": "2025-04-01"},), as_of="2026-02-01")
    response = officer.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert evaluated_json(html)["events"][2] == {"type": "probationary_course", "date": "2025-10-15", "kind": "普通"}
    text = visible_text(html)
    assert "初心運転者講習の後（再試験）" in text and "再び基準該当" in text and "再試験" in text
    assert developer_words(text) == set()


@pytest.mark.django_db
def test_a_course_that_fits_two_periods_asks_for_the_kind_on_its_row(officer):
    data = fields({"date": "2025-06-01", "code": "seatbelt"}, {"date": "2025-09-01", "code": "signal_red"},
                  {"type": "probationary_course", "date": "2025-10-15"},
                  licences=({"kind": "普通", "acquired": "2025-04-01"}, {"kind": "普自二", "acquired": "2025-04-01"}),
                  as_of="2025-11-01")
    response = officer.post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert '<td data-testid="error-where">違反・処分・講習 3行目の免許の種類</td>' in html
    assert 'data-field="kind"' in html and developer_words(visible_text(html)) == set()


def test_every_input_path_of_the_assess_contract_has_a_form_field_and_a_japanese_name():
    form, _, paths = forms.read_form(fields({"type": "violation", "date": "2026-01-10"},
                                            {"type": "suspension_course", "date": "2026-02-01"}))
    expected = {
        "as_of": ("判定日", "", "as_of"), "person": ("生年月日", "", "birth_date"),
        "person.birth_date": ("生年月日", "", "birth_date"), "applicant": ("申請者", "", "applicant"),
        "licences": ("免許", "", ""), "licences[0]": ("免許 1行目", "", ""),
        "licences[0].kind": ("免許 1行目の免許の種類", "kind", ""),
        "licences[0].acquired": ("免許 1行目の取得日", "acquired", ""),
        "licences[0].special_route": ("免許 1行目の若年特例", "special_route", ""),
        "events": ("違反・処分・講習", "", ""),
        "events[0].type": ("違反・処分・講習 1行目の種別", "type", ""),
        "events[0].date": ("違反・処分・講習 1行目の違反日", "date", ""),
        "events[0].code": ("違反・処分・講習 1行目の違反行為", "code", ""),
        "events[0].alcohol": ("違反・処分・講習 1行目の酒気帯び", "alcohol", ""),
        "events[0].accident": ("違反・処分・講習 1行目の事故", "severity", ""),
        "events[0].accident.severity": ("違反・処分・講習 1行目の事故", "severity", ""),
        "events[0].accident.sole_fault": ("違反・処分・講習 1行目の専ら", "sole_fault", ""),
        "events[0].hit_and_run": ("違反・処分・講習 1行目のあて逃げ・ひき逃げ", "hit_and_run", ""),
        "events[0].days": ("違反・処分・講習 1行目の日数", "days", ""),
        "events[0].disqualification_years": ("違反・処分・講習 1行目の欠格期間（年）", "years", ""),
        "events[1].date": ("違反・処分・講習 2行目の開始日・受講日", "date", ""),
        "events[1].grade": ("違反・処分・講習 2行目の成績", "grade", ""),
        "events[1].days_reduced": ("違反・処分・講習 2行目の短縮日数", "days_reduced", ""),
        None: ("入力全体", "", ""),
    }
    for path, (label, field, top) in expected.items():
        where = forms.locate(form, paths, path)
        assert (where["label"], where["field"], where["top"]) == (label, field, top), path


def test_error_messages_name_input_paths_in_japanese():
    view = presentation.error_view({"code": "event_after_as_of", "path": "events[1].date",
                                    "message": "events[1].date 2026-12-01 が判定日 as_of 2026-11-22 より後です。"})
    assert view["title"] == "判定日より後の日付です"
    assert view["where"] == "違反・処分・講習 2件目の日付"
    assert view["message"] == "「違反・処分・講習 2件目の日付」令和8年12月1日 が判定日 令和8年11月22日 より後です。"


@pytest.mark.django_db
def test_a_lapse_is_answered_in_japanese_with_the_route_its_last_day_and_the_trace(officer):
    example = next(e for e in examples() if e["entry"] == "lapse" and "six_months" in e["id"])
    response = officer.post(URL, {"entry": "lapse", "input": json.dumps(example["input"])})
    text = visible_text(response.content.decode())
    assert response.status_code == 200
    assert "学科試験・技能試験の免除（適性試験のみ）" in text and "失効した日" in text
    assert "令和8年6月18日" in text and "令和8年12月17日" in text and "受験手数料の区分 失効者等" in text
    assert "免除される試験" in text and "前提（未確認）" in text
    event = AuditEvent.objects.get(action="judgement.rules.lapse")
    assert event.detail == {"channel": "simulator", "outcome": "aptitude_only"}


@pytest.mark.django_db
def test_the_deciding_authority_is_answered_in_japanese_with_the_hearing_and_the_first_day(officer):
    example = next(e for e in examples() if e["entry"] == "authority" and "revocation" in e["id"])
    response = officer.post(URL, {"entry": "authority", "input": json.dumps(example["input"])})
    text = visible_text(response.content.decode())
    assert response.status_code == 200
    assert "決定権者：公安委員会" in text and "意見の聴取" in text and "令和8年12月8日" in text
    assert "前提（未確認）" in text and "commission" not in text
