"""仮免許の取消し (規程第41条): the 署長等's 通報, the 免許課長's decision after the law engine's answer (免許課長,
弁明 at the handing-over), the 仮運転免許取消し処分通知書 handed over with the 弁明調書 and the 仮免許証 — the 仮免許
取消 in the register —, the refusals (in Japanese, nothing changed), the PDF, the pages and the API."""

from datetime import timedelta

import pytest
from django.utils import timezone
from tests.violations.conftest import SYSTEM

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.dispositions import revocations as services
from menkyo.dispositions.models import ProvisionalRevocation
from menkyo.dispositions.revocation_papers import revocation_notice
from menkyo.registry import services as registry
from menkyo.registry.models import HistoryEvent, LicenceStatus, ProvisionalLicence

pytestmark = pytest.mark.django_db


@pytest.fixture
def provisional(licence):
    """A 普通仮 of the 兵庫 holder, issued 10 days ago."""
    return registry.register_provisional_licence(SYSTEM, licence.person_id, "普通仮",
                                                 issue_date=timezone.localdate() - timedelta(days=10))


def report(officer, provisional, **extra):
    return services.report_provisional_revocation(officer, **{
        "provisional_number": provisional.number, "occurred_on": timezone.localdate() - timedelta(days=1),
        "ground": "練習中に指導者を同乗させずに運転した", "summary": "国道2号で単独運転を現認", **extra})


def status(provisional):
    return ProvisionalLicence.objects.get(pk=provisional.pk).status


def test_a_report_decision_and_service_revoke_the_provisional_licence(officer, section_head, provisional):
    reported = report(officer, provisional)
    assert reported.state == "reported" and reported.prefecture_id == "28" and status(provisional) == "valid"
    decided = services.decide_provisional_revocation(section_head, reported, revoke=True, reason="取消基準に該当")
    assert decided.state == "decided" and decided.decided_level == "section_head"
    assert decided.authority_result["authority"] == "section_head"
    assert decided.authority_result["hearing_at"] == "at_service"
    served = services.serve_provisional_revocation(officer, decided, explanation="反省しています")
    assert served.state == "served" and served.card_returned and served.explanation == "反省しています"
    assert status(provisional) == LicenceStatus.REVOKED
    actions = set(AuditEvent.objects.filter(outcome="ok").values_list("action", flat=True))
    assert {"dispositions.provisional_revocation.report", "dispositions.provisional_revocation.decide",
            "dispositions.provisional_revocation.serve", "cards.provisional.revoke"} <= actions
    revoked = HistoryEvent.objects.get(event_type="provisional.revoked")
    assert revoked.legal_basis == "規程第41条第3項" and "取消" in revoked.changes["provisional"][1]


def test_the_section_chief_may_decide_not_to_revoke_with_a_reason_and_the_provisional_licence_stays_valid(
        officer, section_head, provisional):
    reported = report(officer, provisional)
    with pytest.raises(InvalidInput, match="取り消さない理由"):
        services.decide_provisional_revocation(section_head, reported, revoke=False, reason="")
    services.decide_provisional_revocation(section_head, reported, revoke=False, reason="基準に該当しない")
    assert reported.state == "dismissed" and status(provisional) == "valid"
    again = report(officer, provisional)
    assert again.pk != reported.pk


def test_only_the_section_chief_level_decides_and_never_the_operator_who_reported(
        officer, commission, section_head, make_operator, provisional):
    reported = report(officer, provisional)
    with pytest.raises(NotPermitted, match="決定権者は免許課長"):
        services.decide_provisional_revocation(commission, reported, revoke=True, reason="")
    both = make_operator("hyogo_both", ["case_officer", "decision"], "28-001", decision_level="section_head")
    by_both = report(both, registry.register_provisional_licence(
        SYSTEM, provisional.person_id, "準中型仮", issue_date=provisional.issue_date))
    with pytest.raises(NotPermitted, match="職務の分離"):
        services.decide_provisional_revocation(both, by_both, revoke=True, reason="")
    assert ProvisionalRevocation.objects.filter(state="reported").count() == 2
    assert AuditEvent.objects.filter(outcome="denied", detail__refused="separation_of_duties").exists()


def test_a_bad_number_a_day_before_the_issue_and_a_second_report_are_refused_in_japanese(officer, provisional):
    with pytest.raises(InvalidInput, match="12桁"):
        report(officer, provisional, provisional_number="12")
    with pytest.raises(InvalidInput, match="交付日"):
        report(officer, provisional, occurred_on=provisional.issue_date - timedelta(days=1))
    with pytest.raises(InvalidInput, match="取消基準に該当する事実を入力"):
        report(officer, provisional, ground=" ")
    report(officer, provisional)
    with pytest.raises(Conflict, match="既に通報"):
        report(officer, provisional)
    assert ProvisionalRevocation.objects.count() == 1


def test_a_lapsed_or_returned_provisional_licence_cannot_be_reported(officer, licence):
    lapsed = registry.register_provisional_licence(SYSTEM, licence.person_id, "普通仮",
                                                   issue_date=timezone.localdate() - timedelta(days=200))
    with pytest.raises(Conflict, match="失効のため、取り消せません"):
        report(officer, lapsed)
    assert not ProvisionalRevocation.objects.exists()


def test_another_prefectures_officer_may_not_report_a_hyogo_provisional_licence(osaka_officer, provisional):
    with pytest.raises(NotPermitted, match="他の都道府県"):
        report(osaka_officer, provisional)


def test_the_service_without_the_card_needs_a_reason_and_is_not_possible_before_the_decision(
        officer, section_head, provisional):
    reported = report(officer, provisional)
    with pytest.raises(Conflict, match="「処分通知書の交付"):
        services.serve_provisional_revocation(officer, reported)
    services.decide_provisional_revocation(section_head, reported, revoke=True, reason="")
    with pytest.raises(InvalidInput, match="返納がないときは"):
        services.serve_provisional_revocation(officer, reported, card_returned=False)
    assert status(provisional) == "valid"
    services.serve_provisional_revocation(officer, reported, card_returned=False, reason="紛失")
    assert reported.card_missing_reason == "紛失" and status(provisional) == "revoked"


def test_the_notice_pdf_is_made_once_decided_and_audited(officer, section_head, provisional):
    reported = report(officer, provisional)
    with pytest.raises(Conflict, match="決定した後"):
        revocation_notice(officer, reported)
    services.decide_provisional_revocation(section_head, reported, revoke=True, reason="")
    paper = revocation_notice(officer, services.load_revocation(reported.pk))
    assert paper.pdf.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="dispositions.provisional_revocation.paper", outcome="ok").exists()


def test_the_queue_lists_the_prefectures_cases_by_state(officer, osaka_officer, section_head, provisional):
    reported = report(officer, provisional)
    assert [r.pk for r in services.revocation_queue(officer)["reported"]] == [reported.pk]
    assert services.revocation_queue(osaka_officer)["reported"] == []
    services.decide_provisional_revocation(section_head, reported, revoke=True, reason="")
    assert [r.pk for r in services.revocation_queue(section_head)["decided"]] == [reported.pk]


def test_every_transition_of_the_revocation_workflows_names_a_registered_rule():
    from menkyo.cards.models import PROVISIONAL_LICENCE

    assert services.PROVISIONAL_REVOCATION.check() == [] and PROVISIONAL_LICENCE.check() == []
    assert "revoke" in PROVISIONAL_LICENCE.transitions


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_the_api_reports_decides_and_serves_and_answers_in_json(client, login_as, officer, section_head,
                                                                  provisional):
    login_as(client, officer)
    body = {"provisional_number": provisional.number, "occurred_on": timezone.localdate().isoformat(),
            "ground": "無免許運転", "summary": "単独運転"}
    bad = post(client, "/api/v1/provisional-revocations", {**body, "provisional_number": "1"})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "provisional_number"
    done = post(client, "/api/v1/provisional-revocations", body)
    assert done.status_code == 201 and done.json()["state"] == "reported"
    pk = done.json()["id"]
    assert post(client, f"/api/v1/provisional-revocations/{pk}/decision", {"revoke": True}).status_code == 403
    login_as(client, section_head)
    decided = post(client, f"/api/v1/provisional-revocations/{pk}/decision", {"revoke": True, "reason": "該当"})
    assert decided.status_code == 200 and decided.json()["hearing_at"] == "at_service"
    login_as(client, officer)
    served = post(client, f"/api/v1/provisional-revocations/{pk}/service", {"explanation": "なし"})
    assert served.status_code == 200 and served.json()["provisional_status"] == "revoked"
    again = post(client, f"/api/v1/provisional-revocations/{pk}/service", {})
    assert again.status_code == 409 and again.json()["error"]["code"] == "illegal_transition"
    pdf = client.get(f"/api/v1/provisional-revocations/{pk}/notice.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert [r["id"] for r in client.get("/api/v1/provisional-revocations").json()["closed"]] == [pk]


def test_the_pages_show_the_form_errors_in_japanese_and_the_decision_form_to_the_section_chief(
        client, login_as, officer, section_head, provisional):
    login_as(client, officer)
    page = client.post("/dispositions/provisional-licences/report/", {"provisional_number": provisional.number,
                                                             "occurred_on": "", "ground": "", "summary": ""})
    assert page.status_code == 422 and "取消基準に該当する事実を入力してください" in page.content.decode()
    done = client.post("/dispositions/provisional-licences/report/", {
        "provisional_number": provisional.number, "occurred_on": timezone.localdate().isoformat(),
        "ground": "無免許運転", "summary": "単独運転"})
    pk = ProvisionalRevocation.objects.get().pk
    assert done.status_code == 302 and done.url == f"/dispositions/provisional-licences/{pk}/"
    assert "decide-form" not in client.get(done.url).content.decode()
    login_as(client, section_head)
    assert "decide-form" in client.get(done.url).content.decode()
    listed = client.get("/dispositions/provisional-licences/").content.decode()
    assert f"第{pk}号" in listed and "revocation_report" not in listed
