"""本籍 and 国籍等 are seen — and changed — only by 審査 and 決定, wherever the register shows a person:
the licence page and its history, the person API, and never in the audit trail (viewer, CSV, API).

Issue 7: after a 審査 operator changed 本籍, a 窓口 or 照会 operator read 「本籍：兵庫県 → 京都府」 in the
history timeline.
"""

import json

import pytest

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import NotPermitted
from menkyo.core.permissions import REGISTRY
from menkyo.registry import services
from menkyo.registry.models import HistoryEvent, Person

pytestmark = pytest.mark.django_db

SEES = {"counter": False, "case_officer": True, "decision": True, "inquiry": False}
# (field, the value a 審査 operator writes, what the history shows when it is visible)
CHANGES = [("honseki", "京都府京都市左京区", "本籍：兵庫県 → 京都府京都市左京区"),
           ("nationality", "ベトナム社会主義共和国", "国籍等：（なし） → ベトナム社会主義共和国")]


@pytest.fixture(params=CHANGES, ids=[c[0] for c in CHANGES])
def changed(request, hyogo_licence, make_operator):
    """A 兵庫 holder whose 本籍 or 国籍等 a 審査 operator changed: (licence, new value, history line)."""
    field, value, line = request.param
    officer = make_operator("officer_who_changed", ["case_officer"])
    services.change_particulars(officer, hyogo_licence.person_id, {field: value}, reason="届出",
                                expected_version=1)
    return hyogo_licence, value, line


@pytest.mark.parametrize("role", sorted(SEES))
def test_the_history_on_the_licence_page_shows_honseki_and_nationality_values_only_to_those_who_may_see_them(
        client, login_as, make_actor, changed, role):
    licence, value, line = changed
    login_as(client, make_actor(role))
    html = client.get(f"/registry/licences/{licence.number}/?purpose=窓口事務").content.decode()
    assert "<h2>履歴</h2>" in html
    assert (value in html) is SEES[role] and (line in html) is SEES[role]
    if not SEES[role]:
        assert "変更あり（内容は「審査」「決定」の役割のみ表示）" in html  # that it changed, not to what


@pytest.mark.parametrize("kind", ["operator", "device"])
@pytest.mark.parametrize("role", sorted(SEES))
def test_the_person_api_gives_honseki_and_nationality_only_to_those_who_may_see_them(
        client, login_as, make_actor, changed, role, kind):
    licence, value, _ = changed
    if kind == "device" and role == "decision":
        pytest.skip("a device cannot hold the 決定 role")
    actor = make_actor(role, "own", kind)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {actor.token}"} if kind == "device" else {}
    if kind == "operator":
        login_as(client, actor)
    for url in (f"/api/v1/persons/{licence.person_id}?purpose=窓口事務",
                f"/api/v1/licences/{licence.number}?purpose=窓口事務"):
        response = client.get(url, **headers)
        assert response.status_code == 200
        assert (value in response.content.decode()) is SEES[role]


@pytest.mark.parametrize("role", ["audit", "admin"])
def test_auditors_and_admins_cannot_open_the_licence_page_at_all(client, login_as, make_actor, changed, role):
    licence, value, _ = changed
    login_as(client, make_actor(role))
    response = client.get(f"/registry/licences/{licence.number}/?purpose=窓口事務")
    assert response.status_code == 403 and value not in response.content.decode()


def test_the_audit_trail_never_carries_honseki_or_nationality_values(client, login_as, hyogo_auditor, changed):
    licence, value, _ = changed
    for event in AuditEvent.objects.all():
        assert value not in json.dumps([event.detail, event.purpose, event.object_id], ensure_ascii=False)
    change = AuditEvent.objects.get(action="registry.person.change", outcome="ok")
    assert change.detail["fields"] in (["honseki"], ["nationality"])  # the field's name only
    login_as(client, hyogo_auditor)
    for url in ("/audit/", "/audit/export.csv", f"/api/v1/audit/events?person_id={licence.person_id}"):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200 and value not in body.decode("utf-8-sig")


@pytest.mark.parametrize("role", sorted(SEES))
def test_visible_changes_is_the_one_filter_and_withholds_the_values_by_role(make_actor, role):
    changes = {"alias": ["", "ヤマ"], "honseki": ["兵庫県", "京都府"], "nationality": ["", "米国"]}
    lines = {line.field: line for line in services.visible_changes(make_actor(role), changes)}
    assert (lines["alias"].before, lines["alias"].after, lines["alias"].label) == ("", "ヤマ", "通称名")
    for field in ("honseki", "nationality"):
        assert lines[field].hidden is not SEES[role]
        assert (lines[field].after is not None) is SEES[role]


# --- item 2: 窓口 cannot write what it cannot read -------------------------------------------


@pytest.mark.parametrize("field, value", [("honseki", "京都府"), ("nationality", "米国"), ("honseki", "兵庫県")])
def test_a_counter_clerk_cannot_change_honseki_or_nationality_and_the_refusal_is_audited(
        hyogo_counter, hyogo_licence, expect_one_denial, field, value):
    # ("honseki", "兵庫県") is the current value: refused too, or "nothing to change" would tell it.
    before = list(Person.objects.values())
    with expect_one_denial("registry.see_honseki", "registry.person.change"):
        with pytest.raises(NotPermitted) as refused:
            services.change_particulars(hyogo_counter, hyogo_licence.person_id, {field: value, "alias": "ヤマ"},
                                        reason="届出", expected_version=1)
    assert refused.value.message == REGISTRY["registry.see_honseki"].denial
    assert "本籍・国籍等" in refused.value.message
    assert list(Person.objects.values()) == before and not HistoryEvent.objects.filter(
        event_type="person.particulars_changed").exists()


def test_a_counter_device_patching_honseki_gets_403_in_japanese(client, make_actor, hyogo_licence):
    device = make_actor("counter", "own", "device")
    response = client.patch(f"/api/v1/persons/{hyogo_licence.person_id}",
                            {"honseki": "京都府", "reason": "届出", "expected_version": 1},
                            content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {device.token}")
    assert response.status_code == 403
    assert response.json()["error"]["message"] == REGISTRY["registry.see_honseki"].denial
    assert Person.objects.get().honseki == "兵庫県"


def test_a_case_officer_changes_honseki(make_operator, hyogo_licence):
    officer = make_operator("officer", ["case_officer"])
    person = services.change_particulars(officer, hyogo_licence.person_id, {"honseki": "京都府"},
                                         reason="本籍変更の届出", expected_version=1)
    assert person.honseki == "京都府" and Person.objects.get().honseki == "京都府"
