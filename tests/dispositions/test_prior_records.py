"""前歴通知書 (規程第21条第2号, 第22条第2号): 「審査」 reports that the 拒否等処分 cannot be made against an
applicant who meets the 拒否・保留 standard — the case ends without a disposition, its 交付停止 is released and
the person is entered; a licence handed over to them (the cards' hand-over listener) makes the notice due, and
the station hands the 前歴通知書 with it, once."""

import pytest
from tests.cards.conftest import centre_clerk, course, make_application, printer, produce  # noqa: F401  (fixtures)
from tests.dispositions.test_applicants import applicant, refusal_case  # noqa: F401  (fixtures)
from tests.documents.pdf import flat, pdf_text

from menkyo.audit.models import AuditEvent
from menkyo.cards import services as cards
from menkyo.cards.models import IssueHold
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.dispositions import applicants, prior_record_papers, prior_records
from menkyo.dispositions.models import Case, CaseState, PriorRecordNotice
from menkyo.registry.models import HistoryEvent

pytestmark = pytest.mark.django_db
REASON = "免許試験に合格する前の者で、免許の拒否等処分ができない"


@pytest.fixture
def entered(applicant, officer):  # noqa: F811
    return prior_records.enter_prior_record(officer, refusal_case(applicant), reason=REASON)


@pytest.fixture
def licence_ready(entered, centre_clerk, make_application, course, produce):  # noqa: F811
    """A new 普通 licence of the entered person, made and waiting at the 明石 試験場 (交付待ち)."""
    application = make_application(entered.case.person)
    job = cards.issue_licence(centre_clerk, application.pk, course_certificates=course)
    produce(job)
    return cards.receive_card(centre_clerk, job.pk)


def test_the_report_ends_the_case_without_a_disposition_and_enters_the_points_report(entered):
    case = Case.objects.get(pk=entered.case_id)
    assert case.state == CaseState.STRUCK_OUT and case.decided_kind == "" and case.end_reason == REASON
    assert (entered.points, entered.standard) == (15, "拒否（欠格期間1年）")
    assert entered.contents == "累積点数15点により免許の拒否（欠格期間1年）の基準に該当"
    assert HistoryEvent.objects.get(event_type="disposition_case.prior_record").legal_basis == "規程第21条"
    assert AuditEvent.objects.filter(action="dispositions.case.enter_prior_record", actor="hyogo_case").exists()


def test_the_report_releases_the_cases_issue_hold(applicant, officer):  # noqa: F811
    case = refusal_case(applicant)
    applicants.hold_card_issue(officer, case)
    prior_records.enter_prior_record(officer, case, reason=REASON)
    assert not IssueHold.objects.active().filter(person_id=case.person_id).exists()


def test_a_report_without_a_reason_changes_nothing(applicant, officer):  # noqa: F811
    case = refusal_case(applicant)
    with pytest.raises(InvalidInput) as caught:
        prior_records.enter_prior_record(officer, case, reason="  ")
    assert caught.value.field == "reason"
    assert Case.objects.get(pk=case.pk).state == CaseState.REVIEW and not PriorRecordNotice.objects.exists()


def test_only_an_open_refusal_or_deferral_case_is_reported(licence, officer):
    from tests.dispositions.conftest import revocation_case

    with pytest.raises(Conflict) as caught:
        prior_records.enter_prior_record(officer, revocation_case(licence), reason=REASON)
    assert caught.value.code == "not_refusal"


def test_a_counter_clerk_or_another_prefecture_cannot_report(applicant, clerk, osaka_officer):  # noqa: F811
    case = refusal_case(applicant)
    for actor in (clerk, osaka_officer):
        with pytest.raises(NotPermitted):
            prior_records.enter_prior_record(actor, case, reason=REASON)
    assert not PriorRecordNotice.objects.exists()


def test_the_notice_cannot_be_handed_before_a_licence_is_being_issued(entered, clerk):
    with pytest.raises(Conflict) as caught:
        prior_records.hand_prior_record(clerk, entered)
    assert caught.value.code == "no_licence_issued"
    assert prior_records.prior_records_due(clerk)["waiting"] == [entered]


def test_handing_the_licence_over_makes_the_notice_due(entered, licence_ready, centre_clerk, clerk):  # noqa: F811
    cards.hand_over_card(centre_clerk, licence_ready.pk, signature_confirmed=True)
    notice = PriorRecordNotice.objects.get(pk=entered.pk)
    assert notice.card_job_id == licence_ready.pk and notice.card_handed_on is not None
    assert prior_records.prior_records_due(clerk)["to_hand"] == [notice]
    assert AuditEvent.objects.filter(action="dispositions.prior_record.card_issued", object_id=str(notice.pk)).exists()


def test_the_station_hands_the_notice_with_the_licence_once(entered, licence_ready, clerk):
    notice = prior_records.hand_prior_record(clerk, entered)
    assert (notice.handed_by, notice.office_code, notice.card_job_id) == ("hyogo_clerk", "28-001", licence_ready.pk)
    assert HistoryEvent.objects.get(event_type="disposition_case.prior_record_handed").legal_basis == "規程第22条"
    with pytest.raises(Conflict) as caught:
        prior_records.hand_prior_record(clerk, PriorRecordNotice.objects.get(pk=entered.pk))
    assert caught.value.code == "already_handed"
    assert prior_records.prior_records_due(clerk)["handed"] == [notice]


def test_the_paper_states_the_points_report_and_its_rendering_is_audited(entered, clerk):
    document = prior_record_papers.prior_record_paper(clerk, entered)
    text = flat(pdf_text(document.pdf))
    assert "前歴通知書" in text and "累積点数15点により免許の拒否（欠格期間1年）の基準に該当" in text
    assert AuditEvent.objects.filter(action="dispositions.prior_record.paper", object_id=str(entered.pk)).exists()
