"""再試験に係る免許の取消し (規程第41条の2): a failed 再試験 is revoked at once — the 取消処分書 (様式第19の3の4),
the 初心運転者取消登録, the 初心 kind removed (the licence 取消 when nothing is kept, else a card of the kinds kept
and the マイナ record marked to be rewritten); a 再試験 not taken is not (意見の聴取 first); the refusals; the
page, the API and the PDF."""

import pytest
from tests.dispositions.conftest import in_days
from tests.dispositions.test_applicants import sent_notice

from menkyo.audit.models import AuditEvent
from menkyo.cards.models import CardJob
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.dispositions import retests as services
from menkyo.dispositions.models import Case, CaseType, RetestRevocation
from menkyo.dispositions.retest_papers import retest_paper
from menkyo.registry.models import HistoryEvent, Licence, LicenceKind, LicenceKindHeld
from menkyo.violations import courses
from menkyo.violations.models import CourseNotice

pytestmark = pytest.mark.django_db


def retest_case(officer, licence, result="fail"):
    notice = sent_notice(officer, licence)
    held = licence.kinds.get(kind__display_order=licence.kinds.order_by("kind__display_order").first().kind.display_order)
    CourseNotice.objects.filter(pk=notice.pk).update(kind="retest", licence_kind=held.kind_id)
    notice.refresh_from_db()
    courses.record_course_result(officer, notice, result=result, on=in_days(0))
    return Case.objects.get(person=licence.person, case_type=CaseType.RETEST)


def fresh(licence):
    return Licence.objects.get(pk=licence.pk)


def test_a_failed_retest_of_the_only_kind_revokes_the_licence_at_once(officer, licence):
    case = retest_case(officer, licence)
    assert [c.pk for c in services.failed_retests(officer)] == [case.pk]
    done = services.revoke_after_failed_retest(officer, case)
    assert done.kinds_revoked == ["中型（8t限定）"] and done.kinds_kept == [] and done.card_job is None
    assert done.novice_registered_on == in_days(0) and done.authority_result["immediate"] is True
    case.refresh_from_db()
    assert (case.state, case.decided_kind, case.authority, case.hearing_kind) == (
        "executed", "revocation", "commission", "none")
    assert fresh(licence).status == "revoked"
    assert AuditEvent.objects.filter(action="dispositions.retest.revoke", outcome="ok").exists()
    assert HistoryEvent.objects.get(event_type="disposition_case.retest_revocation").legal_basis == "規程第41条の2"
    assert retest_paper(officer, case).pdf.startswith(b"%PDF")


def test_other_kinds_are_kept_on_a_new_card_made_in_exchange_at_the_licence_centre(officer, make_operator,
                                                                                  licence):
    centre = make_operator("akashi_clerk", ["counter"], "28-002")
    case = retest_case(officer, licence)
    LicenceKindHeld.objects.create(licence=licence, kind=LicenceKind.objects.get(code="大自二"),
                                   acquired_on=licence.issue_date)
    done = services.revoke_after_failed_retest(centre, case)
    assert done.kinds_revoked == ["中型（8t限定）"] and done.kinds_kept == ["大自二"]
    assert fresh(licence).status == "valid" and [h.kind_id for h in fresh(licence).kinds.all()] == ["大自二"]
    job = CardJob.objects.get(pk=done.card_job_id)
    assert job.licence_id == licence.pk and job.handover_office_id == "28-002" and job.handover_date == in_days(0)


def test_a_retest_not_taken_is_not_revoked_at_once_and_nothing_changes(officer, licence):
    case = retest_case(officer, licence, result="absent")
    with pytest.raises(Conflict, match="意見の聴取の上で"):
        services.revoke_after_failed_retest(officer, case)
    assert services.failed_retests(officer) == []
    assert fresh(licence).status == "valid" and not RetestRevocation.objects.exists()


def test_a_missing_card_needs_a_reason_and_a_second_revocation_is_refused(officer, licence):
    case = retest_case(officer, licence)
    with pytest.raises(InvalidInput, match="提出がないときは"):
        services.revoke_after_failed_retest(officer, case, card_presented=False)
    assert fresh(licence).status == "valid"
    services.revoke_after_failed_retest(officer, case, card_presented=False, reason="紛失")
    with pytest.raises(Conflict):
        services.revoke_after_failed_retest(officer, case)
    assert RetestRevocation.objects.get().card_handling == "not_presented"


def test_another_prefecture_and_the_decision_role_may_not_execute(officer, osaka_officer, commission, licence):
    case = retest_case(officer, licence)
    for actor in (osaka_officer, commission):
        with pytest.raises(NotPermitted):
            services.revoke_after_failed_retest(actor, case)
    assert fresh(licence).status == "valid"


def test_the_api_and_the_page_execute_and_print_the_revocation(client, login_as, officer, licence):
    case = retest_case(officer, licence)
    login_as(client, officer)
    assert [c["case_id"] for c in client.get("/api/v1/retest-revocations").json()["items"]] == [case.pk]
    listed = client.get("/dispositions/retests/").content.decode()
    assert f"第{case.pk}号" in listed and "再試験の不合格" in listed
    page = client.get(f"/dispositions/retests/{case.pk}/").content.decode()
    assert "retest-form" in page and "再試験の不合格" in page
    bad = client.post(f"/api/v1/disposition-cases/{case.pk}/retest-revocation", {"card_presented": False},
                      content_type="application/json")
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "card_not_presented"
    done = client.post(f"/api/v1/disposition-cases/{case.pk}/retest-revocation", {},
                       content_type="application/json")
    assert done.status_code == 201 and done.json()["kinds_revoked"] == ["中型（8t限定）"] and done.json()["immediate"]
    pdf = client.get(f"/api/v1/retest-revocations/{case.pk}/revocation.pdf")
    assert pdf.status_code == 200, pdf.content[:300]
    assert pdf.content.startswith(b"%PDF")
    shown = client.get(f"/dispositions/retests/{case.pk}/").content.decode()
    assert "retest-paper" in shown and "なし（免許の取消し）" in shown
