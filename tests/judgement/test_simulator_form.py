"""判定シミュレーター: the field-by-field entry form for ``assess``."""

import json
import re
from html import unescape

import pytest
from django.urls import reverse

from menkyo.audit.models import AuditEvent
from menkyo.judgement import forms
from menkyo.rules import cli as rules_cli

URL = reverse("judgement:simulator")


@pytest.fixture
def officer(client, make_operator, login_as):
    login_as(client, make_operator("hyogo_case", ["case_officer"], "28-001"))
    return client


def fields(*events, licences=({"kind": "普通", "acquired": "2005-06-01"},), blank_events=2, **top):
    """POST data as the form sends it: the given event rows, then ``blank_events`` untouched rows."""
    data = {"source": "form", "as_of": "2026-11-22", "birth_date": "1985-04-02", **top}
    for i, lic in enumerate(licences):
        data.update({f"lic-{i}-{key}": value for key, value in lic.items()})
    rows = list(events) + [{}] * blank_events
    for i, row in enumerate(rows):
        data[f"ev-{i}-type"] = row.get("type", "violation")
        data.update({f"ev-{i}-{key}": value for key, value in row.items() if key != "type"})
    return data


def evaluated_json(html: str) -> dict:
    """The contract input the page shows in its JSON textarea."""
    found = re.search(r'<textarea id="input"[^>]*>(.*?)</textarea>', html, re.S)
    assert found, "no JSON textarea"
    return json.loads(unescape(found.group(1)))


def outcome_of(html: str) -> str:
    found = re.search(r'data-testid="outcome">(.*?)</div>', html, re.S)
    assert found, html[:2000]
    return found.group(1)


SIGNAL_WITH_ACCIDENT = {"date": "2026-01-10", "code": "signal_red", "severity": "injury_under_15d",
                        "sole_fault": "1"}


@pytest.mark.django_db
def test_the_page_shows_the_form_with_one_licence_row_and_three_event_rows(officer):
    html = officer.get(URL).content.decode()
    assert "処分判定の入力フォーム" in html
    assert html.count('data-testid="licence-row"') == 1
    assert html.count('data-testid="event-row"') == 3
    assert 'type="date"' in html and "行を追加" in html
    assert 'hx-disinherit="*"' in html  # the row buttons must not inherit the form's hx-select
    assert '<optgroup label="一般違反行為">' in html and '<optgroup label="特定違反行為">' in html
    assert "信号無視（赤色等）" in html and "酒酔い運転" in html


@pytest.mark.django_db
def test_signal_and_a_sole_fault_minor_injury_is_5_points_and_no_disposition(officer):
    response = officer.post(URL, fields(SIGNAL_WITH_ACCIDENT))
    assert response.status_code == 200
    html = response.content.decode()
    assert outcome_of(html) == "処分なし"
    assert "<th>累積点数</th><td>5点</td>" in html
    assert evaluated_json(html) == {
        "as_of": "2026-11-22",
        "person": {"birth_date": "1985-04-02"},
        "licences": [{"kind": "普通", "acquired": "2005-06-01"}],
        "applicant": False,
        "events": [{"type": "violation", "date": "2026-01-10", "code": "signal_red",
                    "accident": {"severity": "injury_under_15d", "sole_fault": True}}],
    }
    # The same answer as the CLI for the JSON shown.
    expected = json.loads(rules_cli.run("assess", json.dumps(evaluated_json(html)))[1])
    assert expected["points"] == 5 and expected["outcome"] == {"action": "none"}


@pytest.mark.django_db
def test_drink_driving_ge025_is_revocation_with_disqualification(officer):
    html = officer.post(URL, fields({"date": "2026-01-10", "code": "signal_red", "alcohol": "ge025"})).content.decode()
    label = outcome_of(html)
    assert label.startswith("取消（欠格") and label.endswith("年）")
    assert evaluated_json(html)["events"][0]["alcohol"] == "ge025"


@pytest.mark.django_db
def test_a_disposition_row_counts_as_a_prior_disposition(officer):
    suspension = {"type": "suspension", "date": "2025-02-01", "days": "30"}
    html = officer.post(URL, fields(suspension, SIGNAL_WITH_ACCIDENT)).content.decode()
    assert "<th>前歴</th><td>1回</td>" in html
    events = evaluated_json(html)["events"]
    assert events[0] == {"type": "suspension", "date": "2025-02-01", "days": 30}
    # 前歴1回, 5点 → 停止 (the 前歴1 table starts at 4点)
    assert outcome_of(html).startswith("停止")


@pytest.mark.django_db
def test_fields_of_other_types_are_not_sent(officer):
    row = {"type": "revocation", "date": "2019-05-01", "years": "1", "code": "signal_red", "days": "30"}
    html = officer.post(URL, fields(row)).content.decode()
    assert evaluated_json(html)["events"] == [
        {"type": "revocation", "date": "2019-05-01", "disqualification_years": 1}]


@pytest.mark.django_db
def test_a_bad_date_is_reported_in_japanese_next_to_its_row(officer):
    bad = dict(SIGNAL_WITH_ACCIDENT, date="2026-02-30")
    # Row 1 blank (skipped), the bad date on row 2: the engine's path is events[0], the form's row is 2.
    data = fields(blank_events=0)
    data.update({f"ev-1-{key}": value for key, value in bad.items()})
    data["ev-1-type"] = "violation"
    data["ev-0-type"] = "violation"
    response = officer.post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "入力に誤りがあります" in html
    assert '<td data-testid="error-where">違反・処分・講習 2行目の違反日</td>' in html
    assert "<code>events[0].date</code>" in html  # the engine's path, for experts
    assert "2行目: 「違反日」の日付 &#x27;2026-02-30&#x27; は YYYY-MM-DD 形式の実在する日付ではありません。" in html
    assert 'class="sim-row has-error" id="event-row-1"' in html
    assert evaluated_json(html)["events"][0]["date"] == "2026-02-30"  # the input stays visible


@pytest.mark.django_db
def test_a_missing_as_of_is_reported_next_to_the_field(officer):
    html = officer.post(URL, fields(SIGNAL_WITH_ACCIDENT, as_of="")).content.decode()
    assert '<td data-testid="error-where">判定日</td>' in html
    assert 'data-field="as_of">「判定日」は必須です。' in html


@pytest.mark.django_db
def test_the_evaluation_is_audited_with_the_simulator_channel(officer):
    officer.post(URL, fields(SIGNAL_WITH_ACCIDENT), HTTP_HX_REQUEST="true")
    event = AuditEvent.objects.get(action="judgement.rules.assess")
    assert event.detail == {"channel": "simulator", "outcome": "none"}
    assert "signal_red" not in json.dumps(event.detail)


@pytest.mark.django_db
def test_blank_rows_are_ignored(officer):
    data = fields(SIGNAL_WITH_ACCIDENT, blank_events=5,
                  licences=({"kind": "普通", "acquired": "2005-06-01"}, {"kind": "", "acquired": ""}))
    data.update({"ev-9-type": "violation", "ev-9-alcohol": "none", "ev-9-hit_and_run": "none", "ev-9-severity": ""})
    html = officer.post(URL, data).content.decode()
    sent = evaluated_json(html)
    assert len(sent["events"]) == 1 and len(sent["licences"]) == 1
    assert outcome_of(html) == "処分なし"
    # The rows come back as entered, and 行を追加 continues after the highest row.
    assert html.count('data-testid="event-row"') == 7
    assert "index=10&amp;add=1" in html


@pytest.mark.django_db
def test_htmx_submission_answers_the_whole_page_for_hx_select(officer):
    response = officer.post(URL, fields(SIGNAL_WITH_ACCIDENT), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    for ident in ('id="sim-form"', 'id="sim-json"', 'id="sim-result"'):
        assert ident in html


@pytest.mark.django_db
def test_add_row_returns_the_next_row_and_moves_the_button(officer):
    response = officer.get(reverse("judgement:simulator_row"), {"kind": "event", "index": "3", "add": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="event-row-3"' in html and 'name="ev-3-type"' in html and ">4</span>" in html
    assert 'hx-swap-oob="true"' in html and "index=4&amp;add=1" in html
    licence = officer.get(reverse("judgement:simulator_row"), {"kind": "licence", "index": "1", "add": "1"})
    assert 'name="lic-1-kind"' in licence.content.decode()
    assert officer.get(reverse("judgement:simulator_row"), {"kind": "event", "index": "x"}).status_code == 400


@pytest.mark.django_db
def test_changing_the_type_redraws_the_row_with_its_fields(officer):
    response = officer.get(reverse("judgement:simulator_row"),
                           {"kind": "event", "index": "0", "ev-0-type": "suspension", "ev-0-date": "2025-02-01"})
    html = response.content.decode()
    assert 'name="ev-0-days"' in html and 'name="ev-0-code"' not in html and 'value="2025-02-01"' in html
    assert "hx-swap-oob" not in html
    course = officer.get(reverse("judgement:simulator_row"),
                         {"kind": "event", "index": "0", "ev-0-type": "suspension_course"}).content.decode()
    assert 'name="ev-0-grade"' in course and "不可" in course


@pytest.mark.django_db
def test_the_row_endpoint_is_refused_to_other_roles(client, make_operator, login_as):
    login_as(client, make_operator("hyogo_audit", ["audit"], "28-001"))
    assert client.get(reverse("judgement:simulator_row"), {"kind": "event", "index": "0"}).status_code == 403


def test_event_json_keeps_only_the_fields_of_its_type():
    row = forms.read_event({"ev-0-type": "suspension_course", "ev-0-date": "2025-02-10",
                                "ev-0-grade": "優", "ev-0-code": "signal_red"}, 0)
    assert forms.event_json(row) == {"type": "suspension_course", "date": "2025-02-10", "grade": "優"}
