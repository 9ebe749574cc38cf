"""The 仮禁止通知書 and the 仮禁止's deadlines (道路交通法第107条の5第10項 applying 第103条の2), and the 出頭命令書 of a
decided 運転禁止 (同第11項 applying 第104条の3): rendered for who may read or execute, audited, refused otherwise;
pages and API."""

import pytest
from django.utils import timezone
from tests.dispositions.conftest import in_days
from tests.dispositions.test_driving_ban import decided, opened, register
from tests.dispositions.test_provisional_ban import report
from tests.violations.conftest import SYSTEM

from menkyo.audit.models import AuditEvent
from menkyo.core.actors import SystemActor
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.dispositions import ban_papers, deadlines
from menkyo.dispositions import driving_ban as ban_services
from menkyo.dispositions import provisional_ban as provisional_services
from menkyo.dispositions.models import DeadlineNotice, ProvisionalBan

pytestmark = pytest.mark.django_db
K = deadlines.Kind


def by_kind(items, kind):
    return next(item for item in items if item.kind == kind)


def test_the_provisional_ban_notice_is_made_by_the_reporting_prefecture_and_audited(officer, clerk, osaka_officer):
    ban = report(officer, register(officer))
    for actor in (officer, clerk):
        rendered = ban_papers.provisional_ban_notice(actor, ban)
        assert rendered.pdf.startswith(b"%PDF") and rendered.pages >= 1
    event = AuditEvent.objects.filter(action=ban_papers.PaperAction.PROVISIONAL_BAN_NOTICE).latest("pk")
    assert (event.object_type, event.object_id, event.subject_prefecture_code) == ("provisionalban", str(ban.pk), "28")
    with pytest.raises(NotPermitted):
        ban_papers.provisional_ban_notice(osaka_officer, ban)


def test_the_provisional_ban_notice_names_the_station_the_period_and_the_explanation_due(officer):
    ban = report(officer, register(officer))
    form = ban_papers.ProvisionalBanNotice(**{
        **ban_papers._letter(ban.prefecture, ban.permit, ban.pk, ban.imposed_on), "issuer": f"{ban.office.name}長"},
        ends_on=ban.ends_on, explanation_due=ban.explanation_due)
    assert form.issuer.endswith("長") and form.case_number == ban.pk and form.ascii_filename.startswith(
        "provisional-ban-notice-")


def test_a_provisional_bans_explanation_and_end_are_listed_for_the_reporting_prefectures_officer(
        officer, clerk, osaka_officer):
    ban = report(officer, register(officer))
    mine = deadlines.deadlines_for(officer)
    explanation = by_kind(mine, K.PROVISIONAL_BAN_EXPLANATION)
    assert (explanation.due, explanation.target, explanation.target_id, explanation.case_id) == (
        ban.explanation_due, "provisional_ban", ban.pk, None)
    assert "第39条" in str(explanation.article) and explanation.office_id == ban.office_id
    assert by_kind(mine, K.PROVISIONAL_BAN_END).due == ban.ends_on
    assert K.PROVISIONAL_BAN_EXPLANATION not in {i.kind for i in deadlines.deadlines_for(clerk)}
    assert K.PROVISIONAL_BAN_END not in {i.kind for i in deadlines.deadlines_for(osaka_officer)}
    provisional_services.record_provisional_ban_explanation(officer, ban, explained_on=in_days(0), explanation="反省")
    assert K.PROVISIONAL_BAN_EXPLANATION not in {i.kind for i in deadlines.deadlines_for(officer)}


def test_the_daily_job_raises_a_provisional_bans_explanation_into_the_stations_inbox(officer):
    ban = report(officer, register(officer))
    deadlines.raise_deadlines(SystemActor("task:deadlines"), in_days(2))  # due on the 5th day counting today
    notice = DeadlineNotice.objects.get(kind=K.PROVISIONAL_BAN_EXPLANATION)
    assert (notice.affiliation_id, notice.prefecture_id, notice.due) == (ban.office_id, "28", ban.explanation_due)
    assert not DeadlineNotice.objects.filter(kind=K.PROVISIONAL_BAN_END).exists()  # 30 days away
    ProvisionalBan.objects.filter(pk=ban.pk).update(ends_on=in_days(-1))
    provisional_services.provisional_bans_due(SYSTEM, timezone.localdate())
    assert K.PROVISIONAL_BAN_END not in {i.kind for i in deadlines.deadlines_for(officer)}


def test_the_appearance_order_is_made_for_a_decided_unexecuted_ban_only(officer, commission, clerk, osaka_officer):
    with pytest.raises(Conflict) as undecided:
        ban_papers.ban_appearance_order(clerk, opened(officer), appear_on=in_days(3), place="県警本部運転免許課")
    assert undecided.value.code == "not_decided"
    ban = decided(officer, commission, number="IDP-0002")
    for extra, field in (({"appear_on": in_days(-1)}, "appear_on"), ({"place": " "}, "place")):
        with pytest.raises(InvalidInput) as refused:
            ban_papers.ban_appearance_order(clerk, ban, **{"appear_on": in_days(3), "place": "運転免許課", **extra})
        assert refused.value.field == field
    for actor in (osaka_officer, commission):
        with pytest.raises(NotPermitted):
            ban_papers.ban_appearance_order(actor, ban, appear_on=in_days(3), place="運転免許課")
    rendered = ban_papers.ban_appearance_order(clerk, ban, appear_on=in_days(3), place="運転免許課", permit_held=True)
    assert rendered.pdf.startswith(b"%PDF") and rendered.pages >= 2  # the order and the permit's 保管証
    event = AuditEvent.objects.get(action=ban_papers.PaperAction.BAN_APPEARANCE_ORDER, outcome="ok")
    assert (event.object_type, event.object_id) == ("drivingban", str(ban.pk))
    ban_services.execute_driving_ban(clerk, ban)
    with pytest.raises(Conflict):
        ban_papers.ban_appearance_order(clerk, ban, appear_on=in_days(3), place="運転免許課")


def test_the_pages_link_the_papers_and_the_api_renders_them_or_answers_errors(
        client, login_as, officer, commission, clerk):
    ban = decided(officer, commission, number="IDP-0002")
    provisional = report(officer, ban.permit)
    login_as(client, clerk)
    page = client.get(f"/dispositions/driving-bans/provisional/{provisional.pk}/").content.decode()
    assert "仮禁止通知書" in page
    assert client.get(f"/dispositions/driving-bans/provisional/{provisional.pk}/notice.pdf").content.startswith(b"%PDF")
    assert client.get(f"/api/v1/provisional-bans/{provisional.pk}/notice.pdf").content.startswith(b"%PDF")
    assert "出頭命令書を作成する" in client.get(f"/dispositions/driving-bans/{ban.pk}/").content.decode()
    url = f"/dispositions/driving-bans/{ban.pk}/papers/appearance-order.pdf"
    bad = client.post(url, {"appear_on": "", "place": "運転免許課"})
    assert bad.status_code == 422 and "出頭すべき日を入力してください" in bad.content.decode()
    good = client.post(url, {"appear_on": in_days(2).isoformat(), "place": "運転免許課", "permit_held": "on"})
    assert good.status_code == 200 and good.content.startswith(b"%PDF")
    api = f"/api/v1/driving-bans/{ban.pk}/papers/appearance-order.pdf"
    late = client.post(api, {"appear_on": in_days(-1).isoformat(), "place": "x"}, content_type="application/json")
    assert late.status_code == 422 and late.json()["error"]["field"] == "appear_on"
    ok = client.post(api, {"appear_on": in_days(2).isoformat(), "place": "x"}, content_type="application/json")
    assert ok.status_code == 200 and ok.content.startswith(b"%PDF")
    ban_services.execute_driving_ban(clerk, ban)
    gone = client.post(api, {"appear_on": in_days(2).isoformat(), "place": "x"}, content_type="application/json")
    assert gone.status_code == 409 and gone.json()["error"]["code"] == "not_decided"
    assert "出頭命令書を作成する" not in client.get(f"/dispositions/driving-bans/{ban.pk}/").content.decode()
