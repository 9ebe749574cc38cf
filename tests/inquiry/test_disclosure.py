"""What an inquiry answer discloses by purpose × role (inquiry.disclosure), with alert (手配) hits."""

from datetime import timedelta

import pytest
from django.utils import timezone

from menkyo.alerts import services as alerts
from menkyo.alerts.models import AlertHit, Notification
from menkyo.core.actors import SystemActor
from menkyo.core.models import Role
from menkyo.inquiry.disclosure import (
    ALWAYS,
    BY_PURPOSE,
    BY_ROLE,
    Section,
    disclosure_for,
)
from menkyo.registry.permissions import READS_REGISTER
from menkyo.registry.purposes import ReadPurpose

pytestmark = pytest.mark.django_db


def post(client, body, token):
    return client.post("/api/v1/inquiries", body, content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.fixture
def wanted(hyogo_licence, make_operator):
    """An active 処分手配 on the 兵庫 holder, requested by 28-001 and approved by a second person."""
    alert = alerts.request_alert(SystemActor("test"), kind="disposition", licence_number=hyogo_licence.number,
                                 reason="執行不能通報書（20日以内に所在不明）", requesting_affiliation="28-001",
                                 case_number="処-8-12", expiry_date=timezone.localdate() + timedelta(days=90))
    return alerts.approve_alert(make_operator("approver", ["decision"], "28-001", decision_level="section_head"),
                                alert)


def test_the_table_names_every_purpose_and_every_role_that_reads_the_register():
    assert set(BY_PURPOSE) == set(ReadPurpose)
    assert set(BY_ROLE) == set(READS_REGISTER)
    assert not any(ALWAYS & sections for sections in (*BY_PURPOSE.values(), *BY_ROLE.values()))


@pytest.mark.parametrize("purpose", list(ReadPurpose))
def test_the_licence_itself_is_always_answered_and_the_counter_never_sees_alert_details(purpose, make_actor):
    clerk = make_actor("counter")
    shown = disclosure_for(clerk, purpose.value)
    assert ALWAYS <= shown.disclosed and Section.ALERTS not in shown.disclosed and Section.POINTS not in shown.disclosed


def test_alert_details_go_to_inquiry_case_and_decision_roles_for_enforcement_purposes(make_actor):
    for role in (Role.INQUIRY, Role.CASE_OFFICER, Role.DECISION):
        actor = make_actor(role)
        for purpose in ("捜査", "交通取締り", "行政処分"):
            assert disclosure_for(actor, purpose).shows(Section.ALERTS)
        for purpose in ("窓口事務", "運転経歴証明書", "その他"):
            assert not disclosure_for(actor, purpose).shows(Section.ALERTS)


def test_history_only_for_the_purposes_that_judge_or_certify_the_past(make_actor):
    officer = make_actor("case_officer")
    with_history = {p for p in ReadPurpose if disclosure_for(officer, p.value).shows(Section.HISTORY)}
    assert with_history == {ReadPurpose.INVESTIGATION, ReadPurpose.ADMINISTRATIVE_DISPOSITION,
                            ReadPurpose.CANCELLATION, ReadPurpose.DRIVING_RECORD_CERTIFICATE}


def test_an_investigator_sees_the_alert_the_action_and_the_history(client, make_actor, hyogo_licence, wanted):
    device = make_actor("inquiry", "own", "device")
    body = post(client, {"purpose": "捜査", "case_number": "R8-1", "licence_number": hyogo_licence.number},
                device.token).json()
    (match,) = body["matches"]
    (alert,) = match["alerts"]
    assert (alert["code"], alert["kind_label"], alert["alert_id"], alert["case_number"]) == (
        "disposition", "処分手配", wanted.pk, "処-8-12")
    assert "出頭命令" in alert["action"] and "保管" in alert["action"]
    assert [h["event_type"] for h in match["history"]] == ["licence.issued"]
    assert match["history"][0]["label"] == "免許の交付"
    assert match["sections_withheld"] == []
    assert match["sections_unavailable"] == []
    assert match["records"] == {"points": [], "open_dispositions": [], "disqualification": []}


def test_a_counter_clerk_learns_only_to_contact_the_supervisor(client, make_actor, hyogo_licence, wanted):
    device = make_actor("counter", "own", "device")
    body = post(client, {"purpose": "窓口事務", "licence_number": hyogo_licence.number}, device.token).json()
    (match,) = body["matches"]
    assert match["alerts"] == [{"code": "alert_withheld",
                                "message": "この免許者には手配等の登録があります（内容はこの照会では表示できません）。",
                                "action": "手続を進める前に上司（審査・決定の担当者）に連絡してください。",
                                "kind_label": None, "alert_id": None, "requesting_affiliation": None,
                                "case_number": None}]
    assert match["history"] is None and {"alerts", "history", "points"} <= set(match["sections_withheld"])
    assert match["status"] == "valid" and match["kinds"]  # the licence itself is answered
    # the hit is recorded and the requesting office notified all the same (規程第46条第4項)
    assert AlertHit.objects.get().alert == wanted and Notification.objects.get().affiliation_id == "28-001"


def test_no_hit_no_alert_entry(client, make_actor, hyogo_licence):
    device = make_actor("counter", "own", "device")
    body = post(client, {"purpose": "窓口事務", "licence_number": hyogo_licence.number}, device.token).json()
    assert body["matches"][0]["alerts"] == []


def test_the_page_shows_the_hit_to_an_inquiry_operator_and_the_withheld_notice_to_the_counter(
        client, login_as, hyogo_inquirer, hyogo_counter, hyogo_licence, wanted):
    login_as(client, hyogo_inquirer)
    page = client.post("/inquiry/", {"query": hyogo_licence.number, "number_kind": "licence",
                                     "purpose": "交通取締り"}).content.decode()
    assert "【処分手配】" in page and "出頭命令" in page and "該当あり" in page
    client.logout()
    login_as(client, hyogo_counter)
    page = client.post("/inquiry/", {"query": hyogo_licence.number, "number_kind": "licence",
                                     "purpose": "窓口事務"}).content.decode()
    assert "上司（審査・決定の担当者）に連絡" in page and "処分手配" not in page
    assert "この照会事由・役割では表示しない項目" in page


def test_a_licence_number_inquiry_with_alert_hits_stays_a_handful_of_queries(
        client, make_actor, hyogo_licence, wanted, django_assert_max_num_queries):
    alerts.approve_alert(make_actor("case_officer"), alerts.request_alert(
        SystemActor("test"), kind="stolen_card", licence_number=hyogo_licence.number, reason="盗難届受理",
        requesting_affiliation="28-002", expiry_date=timezone.localdate() + timedelta(days=30)))
    device = make_actor("inquiry", "own", "device")
    body = {"purpose": "捜査", "case_number": "R8-2", "licence_number": hyogo_licence.number}
    # 11 (test_api: the SQLite count) + the alerts found (their ids, then the alerts with their offices) because
    # the search saw one, one AlertHit and one Notification insert, the history, and one query each for the
    # 累積点数, the 未執行・処理中の行政処分 and the 欠格期間
    with django_assert_max_num_queries(19):
        response = post(client, body, device.token)
    assert response.status_code == 200
    assert {a["code"] for a in response.json()["matches"][0]["alerts"]} == {"disposition", "stolen_card"}
    assert AlertHit.objects.count() == Notification.objects.count() == 2


def test_history_is_the_newest_lines_of_each_person_however_long_another_persons_history_is(
        hyogo_licence, osaka_licence):
    from menkyo.inquiry.services import HISTORY_LIMIT, Match, _attach_history
    from menkyo.registry.models import HistoryEvent

    busy, quiet = hyogo_licence.person, osaka_licence.person
    start = timezone.now() - timedelta(days=400)
    HistoryEvent.objects.bulk_create(
        HistoryEvent(person=busy, occurred_at=start + timedelta(days=n + 1), event_type="test", actor="t",
                     reason="試験", legal_basis="test") for n in range(HISTORY_LIMIT * 2))
    matches = [Match(busy, hyogo_licence), Match(quiet, osaka_licence)]
    _attach_history(matches)
    assert len(matches[0].history) == HISTORY_LIMIT
    assert matches[0].history[0].event_type == "licence.issued"  # registered today: the newest line
    assert matches[0].history[1].occurred_at == start + timedelta(days=HISTORY_LIMIT * 2)
    assert [e.event_type for e in matches[1].history] == ["licence.issued"]
