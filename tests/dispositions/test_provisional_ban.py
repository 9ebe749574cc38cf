"""仮禁止 of a 国際運転免許証等 holder (道路交通法第107条の5第10項 applying 第103条の2): the station's 仮禁止 until the
30th day from the accident with the permit held, refused once the 5 days from the accident have passed; the 弁明
within 5 days; the daily job ends it on its term or when the permit's 運転禁止 is executed; page and API."""

import pytest
from django.utils import timezone
from tests.dispositions.conftest import in_days
from tests.dispositions.test_driving_ban import HOLDER, decided, register
from tests.violations.conftest import SYSTEM

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.dispositions import driving_ban
from menkyo.dispositions import provisional_ban as services
from menkyo.dispositions.models import ProvisionalBan
from menkyo.registry.models import HistoryEvent
from menkyo.rules import driving_ban as law

pytestmark = pytest.mark.django_db


def report(actor, permit, **extra):
    data = {"accident_on": in_days(-1), "ground": "hit_and_run", "summary": "人身事故後に救護せず立ち去った。"}
    return services.report_provisional_ban(actor, permit, **{**data, **extra})


def test_the_station_bans_the_holder_until_the_thirtieth_day_from_the_accident(officer):
    ban = report(officer, register(officer))
    assert (ban.state, ban.ends_on, ban.explanation_due) == (
        "in_force", law.provisional_last_day(in_days(-1)), law.provisional_explanation_due(timezone.localdate()))
    assert ban.permit_held and ban.prefecture_id == "28"
    event = AuditEvent.objects.get(action=services.Action.REPORT)
    assert event.detail["legal_basis"] == "規程第39条"
    assert HistoryEvent.objects.filter(event_type="provisional_ban.report").exists()
    with pytest.raises(Conflict) as twice:
        report(officer, ban.permit)
    assert twice.value.code == "already_in_force"


def test_a_late_or_future_accident_and_bad_input_are_refused(officer, clerk):
    permit = register(officer)
    for extra, field in (({"accident_on": in_days(-10)}, "accident_on"), ({"accident_on": in_days(1)}, "accident_on"),
                         ({"ground": "other"}, "ground"), ({"summary": " "}, "summary"),
                         ({"permit_presented": False}, "reason")):
        with pytest.raises(InvalidInput) as refused:
            report(officer, permit, **extra)
        assert refused.value.field == field
    with pytest.raises(NotPermitted):
        report(clerk, permit)
    assert not ProvisionalBan.objects.exists()


def test_another_prefectures_station_may_ban_after_an_accident_there(officer, osaka_officer):
    ban = report(osaka_officer, register(officer))
    assert ban.prefecture_id == "27"
    with pytest.raises(NotPermitted):
        services.record_provisional_ban_explanation(officer, ban, explained_on=in_days(0), explanation="x")


def test_the_explanation_is_recorded_within_five_days(officer):
    ban = report(officer, register(officer))
    with pytest.raises(InvalidInput):
        services.record_provisional_ban_explanation(officer, ban, explained_on=in_days(1), explanation="x")
    done = services.record_provisional_ban_explanation(officer, ban, explained_on=in_days(0), explanation="動転していた")
    assert done.explained_on == in_days(0) and AuditEvent.objects.filter(action=services.Action.EXPLAIN).exists()
    with pytest.raises(Conflict):
        services.record_provisional_ban_explanation(officer, done, explained_on=in_days(0), explanation="x")


def test_the_daily_job_ends_it_on_its_term_or_once_the_ban_is_executed(officer, commission, clerk):
    expired = report(officer, register(officer, number="IDP-9", holder={**HOLDER, "name_kana": "スミス ケイト"}))
    ProvisionalBan.objects.filter(pk=expired.pk).update(ends_on=in_days(-1))
    ban = decided(officer, commission, days=30)
    running = report(officer, ban.permit)
    assert services.provisional_bans_due(SYSTEM, timezone.localdate()) == {"expired": 1, "disposition": 0}
    driving_ban.execute_driving_ban(clerk, ban)
    assert services.provisional_bans_due(SYSTEM, timezone.localdate()) == {"expired": 0, "disposition": 1}
    assert ProvisionalBan.objects.get(pk=running.pk).end_reason == "disposition"
    assert services.provisional_bans_ended.call(in_days(1).isoformat())["result"] == {"expired": 0, "disposition": 0}


def test_the_page_and_the_api_report_and_record_the_explanation(client, login_as, officer, clerk):
    permit = register(officer)
    login_as(client, clerk)
    assert "仮禁止をする" not in client.get(f"/dispositions/driving-bans/permits/{permit.pk}/").content.decode()
    login_as(client, officer)
    late = client.post(f"/dispositions/driving-bans/permits/{permit.pk}/provisional/", {
        "accident_on": in_days(-10).isoformat(), "ground": "hit_and_run", "summary": "x", "permit_presented": "on"})
    assert late.status_code == 422 and "5日以内" in late.content.decode()
    done = client.post(f"/dispositions/driving-bans/permits/{permit.pk}/provisional/", {
        "accident_on": in_days(0).isoformat(), "ground": "hit_and_run", "summary": "救護せず",
        "permit_presented": "on"}, follow=True).content.decode()
    ban = ProvisionalBan.objects.get()
    assert "仮禁止をしました" in done and "仮禁止中" in done
    explained = client.post(f"/dispositions/driving-bans/provisional/{ban.pk}/explain/", {
        "explained_on": in_days(0).isoformat(), "explanation": "反省"}, follow=True).content.decode()
    assert "弁明を記録しました" in explained
    api = client.get(f"/api/v1/provisional-bans/{ban.pk}")
    assert api.status_code == 200 and api.json()["explained_on"] == in_days(0).isoformat()
    again = client.post(f"/api/v1/foreign-permits/{permit.pk}/provisional-ban", {
        "accident_on": in_days(0).isoformat(), "ground": "hit_and_run", "summary": "x"}, content_type="application/json")
    assert again.status_code == 409
