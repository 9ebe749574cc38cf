"""再試験に係る免許の取消し decided after the 意見の聴取 (規程第41条の2第1項: 「再試験を受験しなかった者として意見の聴取による
免許の取消処分を決定した者」): executed as a failed one's — the 取消処分書 (様式第19の3の4), the 初心運転者取消登録, only the
初心運転者期間's kind revoked (a card of the kinds kept) — never through part 3's execution (the whole licence); the
初心運転者取消手配 released; and, after any 取消し of some kinds (再試験, 若年運転者期間, 申請による取消し 第41条の3), a
マイナ免許証 holder's 免許情報記録の書換え waits in the cards' rewrite queue."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from tests.dispositions.conftest import in_days
from tests.dispositions.test_retests import retest_case
from tests.dispositions.test_young_revocations import missed, open_day, young_case
from tests.documents.pdf import flat, pdf_text
from tests.violations.conftest import SYSTEM

from menkyo.alerts.models import Alert
from menkyo.audit.models import AuditEvent
from menkyo.cards import cancellation, rewrite
from menkyo.cards.models import CardJob, MynumberRewrite
from menkyo.core.errors import Conflict, NotPermitted
from menkyo.dispositions import execution, revocation_alerts, young_revocations
from menkyo.dispositions import retests as services
from menkyo.dispositions.models import CaseType, RetestRevocation
from menkyo.dispositions.retest_papers import retest_paper
from menkyo.registry import services as registry
from menkyo.registry.models import HistoryEvent, Licence, LicenceKind, LicenceKindHeld

pytestmark = pytest.mark.django_db


def decided_absent(officer, licence, *, keep=("大自二",), form=None):
    """A 再試験 (of the holder's 中型（8t限定）) not taken, the case decided 取消 after an 意見の聴取; ``keep`` added
    to the licence first, and the holding form set to ``form``."""
    for code in keep:
        LicenceKindHeld.objects.create(licence=licence, kind=LicenceKind.objects.get(code=code),
                                       acquired_on=licence.issue_date)
    if form:
        Licence.objects.filter(pk=licence.pk).update(holding_form=form, mynumber_record_number="281234567890")
    return young_case(officer, licence, special=("中型",), kind="retest", result="absent", case_type=CaseType.RETEST,
                      add=False)


def fresh(licence):
    return Licence.objects.get(pk=licence.pk)


def kinds_of(licence):
    return sorted(LicenceKindHeld.objects.filter(licence=licence).values_list("kind_id", flat=True))


def test_a_decided_retest_not_taken_revokes_only_the_novice_kind_and_keeps_the_others_on_a_new_card(officer,
                                                                                                licence):
    case = decided_absent(officer, licence)
    assert [c.pk for c in services.decided_retests(officer)] == [case.pk] and services.failed_retests(officer) == []
    done = services.revoke_decided_retest(officer, case, handover_date=open_day())
    assert done.kinds_revoked == ["中型（8t限定）"] and done.kinds_kept == ["大自二"]
    assert done.course_notice.state == "absent" and done.novice_registered_on == in_days(0)
    assert fresh(licence).status == "valid" and kinds_of(licence) == ["大自二"]
    job = CardJob.objects.get(pk=done.card_job_id)
    assert job.licence_id == licence.pk and not done.mynumber_rewrite and not MynumberRewrite.objects.exists()
    case.refresh_from_db()
    assert (case.state, case.decided_by) == ("executed", "hyogo_commission")
    assert AuditEvent.objects.filter(action="dispositions.retest.revoke", outcome="ok").exists()
    history = HistoryEvent.objects.get(event_type="disposition_case.retest_revocation")
    assert history.legal_basis == "規程第41条の2" and "再試験の未受験による取消し" in history.reason


def test_the_paper_is_the_novice_revocation_form_and_names_the_retest_not_taken(officer, licence):
    case = decided_absent(officer, licence)
    services.revoke_decided_retest(officer, case, handover_date=open_day())
    text = flat(pdf_text(retest_paper(officer, case).pdf))
    assert "再試験" in text and "を受けなかったため" in text and "大自二" in text


def test_the_decided_case_revokes_the_whole_licence_when_nothing_else_is_held(officer, licence):
    case = decided_absent(officer, licence, keep=())
    done = services.revoke_decided_retest(officer, case, handover_date=open_day())
    assert done.kinds_kept == [] and done.card_job is None and fresh(licence).status == "revoked"


def test_the_ordinary_execution_refuses_a_retest_case_and_nothing_changes(officer, clerk, licence):
    case = decided_absent(officer, licence)
    with pytest.raises(Conflict) as refused:
        execution.execute_disposition(clerk, case)
    assert refused.value.code == "own_execution" and "再試験に係る取消し" in refused.value.message
    assert fresh(licence).status == "valid" and kinds_of(licence) == ["中型", "大自二"]


def test_an_undecided_retest_not_taken_is_not_executed(officer, licence):
    case = retest_case(officer, licence, result="absent")
    with pytest.raises(Conflict) as refused:
        services.revoke_decided_retest(officer, case, handover_date=open_day())
    assert refused.value.code == "not_decided" and not RetestRevocation.objects.exists()


def test_another_prefecture_and_the_decision_role_may_not_execute(officer, osaka_officer, commission, licence):
    case = decided_absent(officer, licence)
    for actor in (osaka_officer, commission):
        with pytest.raises(NotPermitted):
            services.revoke_decided_retest(actor, case)
    assert fresh(licence).status == "valid" and not RetestRevocation.objects.exists()


def test_a_second_execution_is_refused(officer, licence):
    case = decided_absent(officer, licence)
    services.revoke_decided_retest(officer, case, handover_date=open_day())
    with pytest.raises(Conflict):
        services.revoke_decided_retest(officer, case)
    assert RetestRevocation.objects.count() == 1


def test_the_novice_alert_of_one_who_missed_the_hearing_is_released_by_the_execution(officer, licence):
    case = decided_absent(officer, licence)
    missed(case, officer, served=in_days(-40))
    revocation_alerts.register_revocation_alert(officer, case)
    assert Alert.objects.get().state == "active"
    services.revoke_decided_retest(officer, case, handover_date=open_day())
    assert Alert.objects.get().state == "released"


def test_a_mynumber_holder_keeping_kinds_gets_a_rewrite_in_the_cards_queue_and_no_card(officer, licence):
    case = decided_absent(officer, licence, form="mynumber")
    done = services.revoke_decided_retest(officer, case, handover_date=open_day())
    assert done.mynumber_rewrite and done.card_job is None and done.card_handling == "erased"
    waiting = MynumberRewrite.objects.get()
    assert (waiting.licence_id, waiting.cause, waiting.changes, waiting.state) == (
        licence.pk, "retest", ["免許の種類"], "pending")
    assert [r.pk for r in rewrite.list_rewrites(officer)] == [waiting.pk]
    created = AuditEvent.objects.get(action="cards.mynumber_rewrite.create")
    assert created.detail["legal_basis"] == "規程第41条の2" and created.detail["caused_by"]
    assert HistoryEvent.objects.get(event_type="licence.mynumber_rewrite_required").legal_basis == "規程第41条の2"


def test_the_rewrite_is_done_at_the_counter_as_any_other(officer, licence):
    case = decided_absent(officer, licence, form="mynumber")
    services.revoke_decided_retest(officer, case, handover_date=open_day())
    waiting = MynumberRewrite.objects.get()
    done = rewrite.rewrite_mynumber_record(officer, waiting.pk, signature_confirmed=True,
                                           card_valid_until=timezone.localdate() + timedelta(days=900))
    assert done.state == "done"
    assert HistoryEvent.objects.get(event_type="licence.mynumber_rewritten").legal_basis == "規程第41条の2"


def test_a_holder_of_both_gets_the_card_and_the_rewrite(officer, licence):
    case = retest_case(officer, licence)
    LicenceKindHeld.objects.create(licence=licence, kind=LicenceKind.objects.get(code="大自二"),
                                   acquired_on=licence.issue_date)
    Licence.objects.filter(pk=licence.pk).update(holding_form="both", mynumber_record_number="281234567890")
    done = services.revoke_after_failed_retest(officer, case, handover_date=open_day())
    assert done.card_job is not None and done.mynumber_rewrite
    assert MynumberRewrite.objects.get().cause == "retest"


def test_a_revocation_of_every_kind_asks_no_rewrite(officer, licence):
    case = decided_absent(officer, licence, keep=(), form="mynumber")
    done = services.revoke_decided_retest(officer, case, handover_date=open_day())
    assert not done.mynumber_rewrite and not MynumberRewrite.objects.exists()


def test_a_young_driver_revocation_keeping_kinds_asks_the_rewrite_too(officer, licence):
    Licence.objects.filter(pk=licence.pk).update(holding_form="mynumber", mynumber_record_number="281234567890")
    case = young_case(officer, licence)
    done = young_revocations.revoke_young_driver_licence(officer, case, handover_date=open_day())
    assert done.mynumber_rewrite and done.card_job is None
    waiting = MynumberRewrite.objects.get()
    assert (waiting.cause, waiting.get_cause_display()) == ("young", "若年運転者期間に係る免許の取消し")
    assert HistoryEvent.objects.get(event_type="licence.mynumber_rewrite_required").legal_basis == "規程第41条の2の2"


@pytest.mark.parametrize("form,card", [("mynumber", False), ("both", True)])
def test_a_cancellation_of_higher_kinds_on_application_asks_the_rewrite(make_operator, holder_data, form, card):
    centre = make_operator("akashi_clerk", ["counter"], "28-002")
    licence = registry.register_holder(SYSTEM, dict(holder_data, issue_date=date(2025, 6, 1), kinds={
        "普通": date(2000, 8, 1), "大自二": date(2002, 4, 1)}))
    Licence.objects.filter(pk=licence.pk).update(holding_form=form, mynumber_record_number="281234567890")
    done = cancellation.cancel_licence_on_application(centre, licence.pk, scope="higher", kinds=["大自二"],
                                                      disadvantage_explained=True, reason="二輪に乗らない")
    assert (done.card_job is not None) is card
    waiting = MynumberRewrite.objects.get()
    assert (waiting.cause, waiting.changes) == ("cancellation", ["免許の種類"])
    assert HistoryEvent.objects.get(event_type="licence.mynumber_rewrite_required").legal_basis == "規程第41条の3"


def test_the_api_lists_executes_and_prints_and_part_3_refuses(client, login_as, officer, licence):
    case = decided_absent(officer, licence)
    login_as(client, officer)
    listed = client.get("/api/v1/retest-revocations").json()["items"]
    assert [(c["case_id"], c["decided"]) for c in listed] == [(case.pk, True)]
    own = client.post(f"/api/v1/disposition-cases/{case.pk}/execute", {}, content_type="application/json")
    assert own.status_code == 409 and own.json()["error"]["code"] == "own_execution"
    bad = client.post(f"/api/v1/disposition-cases/{case.pk}/decided-retest-revocation", {"card_presented": False},
                      content_type="application/json")
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "card_not_presented"
    done = client.post(f"/api/v1/disposition-cases/{case.pk}/decided-retest-revocation",
                       {"handover_date": open_day().isoformat()},
                       content_type="application/json")
    assert done.status_code == 201 and done.json()["kinds_revoked"] == ["中型（8t限定）"] and done.json()["card_job_id"]
    pdf = client.get(f"/api/v1/retest-revocations/{case.pk}/revocation.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_page_lists_the_decided_case_and_its_form_executes_it(client, login_as, officer, licence):
    case = decided_absent(officer, licence)
    login_as(client, officer)
    listed = client.get("/dispositions/retests/").content.decode()
    assert "retest-decided-row" in listed and f"第{case.pk}号" in listed
    page = client.get(f"/dispositions/retests/{case.pk}/").content.decode()
    assert f"/dispositions/retests/{case.pk}/decided/" in page and "retest-form" in page
    refused = client.post(f"/dispositions/retests/{case.pk}/decided/", {"card_presented": ""})
    assert refused.status_code == 422 and "その理由" in refused.content.decode()
    done = client.post(f"/dispositions/retests/{case.pk}/decided/", {"card_presented": "on", "handover_date": open_day().isoformat()})
    assert done.status_code == 302
    shown = client.get(f"/dispositions/retests/{case.pk}/").content.decode()
    assert "retest-paper" in shown and "card-job" in shown and "大自二" in shown


def test_the_ordinary_execution_page_shows_no_form_for_it_and_says_where_it_is_executed(client, login_as, officer,
                                                                                         clerk, licence):
    case = decided_absent(officer, licence)
    login_as(client, clerk)
    page = client.get(f"/dispositions/executions/{case.pk}/").content.decode()
    assert 'id="own-execution"' in page and "「再試験に係る取消し」の画面で執行します" in page
    assert 'id="execute-form"' not in page
