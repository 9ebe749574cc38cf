"""事後取消し・事後停止 (規程第41条の4; 道路交通法第90条第5項・第6項): 「審査」 opens the case of a licence holder who
met the 保留 or 拒否 standard before the licence; the law engine names the kind, the deciding authority (免許課長
for the 停止, 公安委員会 for the 取消 — 第23条第1項 applied) and the 弁明 before it; the case then goes the ordinary
way — 弁明, decision, execution of the 処分書 — and a 事後停止 is at most six months."""

import pytest
from tests.dispositions.test_applicants import through_explanation

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.dispositions import execution, post_issue
from menkyo.dispositions.models import Case, CaseState
from menkyo.registry.models import HistoryEvent, Licence

pytestmark = pytest.mark.django_db
FINDING = "免許を受ける前の令和8年3月1日の酒気帯び運転（13点）が免許の交付後に判明"


def open_deferral(officer, licence, days=60):
    return post_issue.open_post_issue_case(officer, licence_number=licence.number, standard="deferral", days=days,
                                           finding=FINDING)


def test_a_deferral_standard_met_before_the_licence_opens_a_suspension_case_for_the_section_head(licence, officer):
    case = open_deferral(officer, licence)
    assert (case.case_type, case.kind, case.days, case.authority, case.hearing_kind) == (
        "post_issue", "suspension", 60, "section_head", "explanation")
    assert case.authority_result["paragraph"] == 5 and all(s["assumption"] for s in case.authority_result["trace"])
    assert HistoryEvent.objects.get(event_type="disposition_case.open").legal_basis == "規程第41条の4"
    assert AuditEvent.objects.filter(action="dispositions.post_issue.open", actor="hyogo_case").exists()


def test_a_refusal_standard_opens_a_revocation_the_commission_decides_after_the_explanation(
        licence, officer, commission, clerk):
    case = post_issue.open_post_issue_case(officer, licence_number=licence.number, standard="refusal", years=1,
                                           finding=FINDING)
    assert (case.kind, case.years, case.authority) == ("revocation", 1, "commission")
    decided = through_explanation(case, officer, commission)
    assert decided.state == CaseState.DECIDED and decided.decided_kind == "revocation"
    execution.execute_disposition(clerk, decided)
    assert Licence.objects.get(pk=licence.pk).status == "revoked"


def test_a_suspension_longer_than_six_months_is_refused_and_nothing_is_opened(licence, officer):
    with pytest.raises(InvalidInput) as caught:
        open_deferral(officer, licence, days=181)
    assert caught.value.field == "days" and not Case.objects.exists()


def test_a_second_open_case_and_a_licence_no_longer_valid_are_refused(licence, officer):
    open_deferral(officer, licence)
    with pytest.raises(Conflict) as caught:
        open_deferral(officer, licence)
    assert caught.value.code == "case_open"
    Licence.objects.filter(pk=licence.pk).update(status="revoked")
    with pytest.raises(Conflict) as caught:
        open_deferral(officer, licence)
    assert caught.value.code == "licence_not_valid"


def test_a_counter_clerk_and_another_prefectures_officer_may_not_open_it(licence, clerk, osaka_officer):
    for actor in (clerk, osaka_officer):
        with pytest.raises(NotPermitted):
            open_deferral(actor, licence)
    assert not Case.objects.exists()


def test_the_list_shows_the_prefectures_post_issue_cases(licence, officer, osaka_officer):
    case = open_deferral(officer, licence)
    assert post_issue.post_issue_cases(officer) == [case]
    assert post_issue.post_issue_cases(osaka_officer) == []
