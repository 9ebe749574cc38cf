"""Renewal of a licence under suspension (規程第16条, 第34条第3項, 第43条; issue 10 §1): the licence is renewed and
stays 停止中 with its 停止 unchanged; the renewed card is issued into the police's keeping (the held old card
invalidated), the 免許証保管証 is printed, and the card comes back with the held card's return at the 停止's end.
A licence that really cannot be renewed (取消 …) is still refused."""

from datetime import timedelta

import pytest
from django.utils import timezone
from tests.cards.test_renewal import aptitude, examiner, middle_aged, pay, ready, receive  # noqa: F401  (fixtures)
from tests.dispositions.conftest import decided
from tests.documents.pdf import flat, pdf_text
from tests.renewals import renewal_holder

from menkyo.audit.models import AuditEvent
from menkyo.cards import renewal, services, suspended_renewal
from menkyo.cards.models import CardJob, CardKeeping, MynumberRewrite
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.counter import renewal as counter_renewal
from menkyo.dispositions import execution as dispositions
from menkyo.dispositions.models import Case, Execution
from menkyo.registry.models import HistoryEvent, Licence

pytestmark = pytest.mark.django_db


@pytest.fixture
def hyogo_clerk(make_operator):
    """The 兵庫 counter clerk (28-001) who hands the 処分書 over and gives the held card back."""
    return make_operator("hyogo_clerk", ["counter"], "28-001")


@pytest.fixture
def suspended_ready(receive, aptitude, centre_clerk, hyogo_clerk, holder_data):  # noqa: F811
    """A 45-year-old holder in the renewal window, under a 60-day 停止 executed today (card held), whose
    renewal has its 適性検査, lecture and fees."""
    def run(holding_form="card"):
        licence = renewal_holder(holder_data, age=45, holding_form=holding_form)
        application = receive(licence)
        case = decided(licence, days=60)
        dispositions.execute_disposition(hyogo_clerk, case)
        aptitude(application)
        counter_renewal.record_lecture(centre_clerk, application.pk, mode="in_person")
        pay(centre_clerk, application, "renewal", "renewal_lecture_excellent")
        application.refresh_from_db()
        return licence, application, case
    return run


def renewed_card(centre_clerk, produce, application):
    job = renewal.renew_licence(centre_clerk, application.pk)
    produce(job)
    services.receive_card(centre_clerk, job.pk)
    return CardJob.objects.get(pk=job.pk)


def test_a_suspended_licence_is_renewed_and_stays_suspended_with_its_suspension_unchanged(
        centre_clerk, suspended_ready):
    licence, application, case = suspended_ready()
    ends_on = Execution.objects.get(case=case).ends_on
    job = renewal.renew_licence(centre_clerk, application.pk)
    renewed = Licence.objects.get(pk=licence.pk)
    assert (renewed.status, renewed.expiry_date.isoformat()) == ("suspended", application.eligibility["new_expiry"])
    assert Execution.objects.get(case=case).ends_on == ends_on and job.state == "requested"
    event = AuditEvent.objects.get(action="cards.licence.renew")
    assert event.detail["suspended_renewal"]["assumption"] is True
    assert "停止中の免許も更新できる" in event.detail["suspended_renewal"]["detail"]


def test_the_renewed_card_of_a_suspended_holder_cannot_be_handed_over_but_is_kept(
        centre_clerk, suspended_ready, produce):
    licence, application, case = suspended_ready()
    job = renewed_card(centre_clerk, produce, application)
    assert services.actions_for(centre_clerk, job) == ["keep"]
    with pytest.raises(Conflict) as refused:
        services.hand_over_card(centre_clerk, job.pk, signature_confirmed=True)
    assert refused.value.code == "suspended_keep" and "停止期間中のため保管" in refused.value.message
    suspended_renewal.keep_renewed_card(centre_clerk, job.pk, signature_confirmed=True, old_card_invalidated=True)
    job.refresh_from_db()
    application.refresh_from_db()
    keeping = CardKeeping.objects.get(job=job)
    assert (job.state, application.state, keeping.old_card_invalidated) == ("kept", "issued", True)
    assert keeping.suspension_ends_on == Execution.objects.get(case=case).ends_on
    history = HistoryEvent.objects.get(event_type="card.kept")
    assert history.legal_basis == "規程第16条" and history.changes["old_card"][1].startswith("無効")
    assert AuditEvent.objects.filter(action="cards.job.keep", outcome="ok").exists()
    assert Licence.objects.get(pk=licence.pk).status == "suspended"


def test_the_kept_card_comes_back_with_the_held_cards_return_at_the_end_of_the_suspension(
        centre_clerk, hyogo_clerk, suspended_ready, produce):
    licence, application, case = suspended_ready()
    job = renewed_card(centre_clerk, produce, application)
    suspended_renewal.keep_renewed_card(centre_clerk, job.pk, signature_confirmed=True, old_card_invalidated=True)
    with pytest.raises(Conflict):  # before the 停止's last day: nothing comes back
        dispositions.release_card(hyogo_clerk, case)
    assert CardJob.objects.get(pk=job.pk).state == "kept"
    Execution.objects.filter(case=case).update(ends_on=timezone.localdate())
    dispositions.release_card(hyogo_clerk, Case.objects.get(pk=case.pk))
    keeping = CardKeeping.objects.get(job=job)
    assert (CardJob.objects.get(pk=job.pk).state, keeping.returned_on) == ("handed_over", timezone.localdate())
    assert Licence.objects.get(pk=licence.pk).status == "valid"
    assert HistoryEvent.objects.get(event_type="card.kept_returned").legal_basis == "規程第43条"
    release = HistoryEvent.objects.get(event_type="disposition_case.release_card")
    assert release.changes["card"] == ["保管（更新後の免許証）", "返還"]
    assert AuditEvent.objects.filter(action="cards.job.keep_return", outcome="ok").exists()


def test_the_kept_card_also_comes_back_when_the_daily_job_ended_the_suspension_first(
        centre_clerk, hyogo_clerk, suspended_ready, produce, system):
    licence, application, case = suspended_ready()
    job = renewed_card(centre_clerk, produce, application)
    suspended_renewal.keep_renewed_card(centre_clerk, job.pk, signature_confirmed=True, old_card_invalidated=True)
    Execution.objects.filter(case=case).update(ends_on=timezone.localdate() - timedelta(days=1))
    assert dispositions.suspensions_ended(system, timezone.localdate()) == 1
    assert CardJob.objects.get(pk=job.pk).state == "kept"  # the register is 有効; the card waits to be collected
    dispositions.release_card(hyogo_clerk, Case.objects.get(pk=case.pk))
    assert CardJob.objects.get(pk=job.pk).state == "handed_over"


@pytest.mark.parametrize(("signature", "invalidated", "field"), [
    (False, True, "signature_confirmed"), (True, False, "old_card_invalidated")])
def test_keeping_needs_the_signature_and_the_old_card_invalidated_and_changes_nothing_otherwise(
        centre_clerk, suspended_ready, produce, signature, invalidated, field):
    _, application, _ = suspended_ready()
    job = renewed_card(centre_clerk, produce, application)
    with pytest.raises(InvalidInput) as refused:
        suspended_renewal.keep_renewed_card(centre_clerk, job.pk, signature_confirmed=signature,
                                            old_card_invalidated=invalidated)
    assert refused.value.field == field
    assert CardJob.objects.get(pk=job.pk).state == "ready" and not CardKeeping.objects.exists()


def test_a_card_of_a_licence_not_suspended_is_not_kept(centre_clerk, ready, produce):  # noqa: F811
    job = renewal.renew_licence(centre_clerk, ready.pk)
    produce(job)
    services.receive_card(centre_clerk, job.pk)
    assert services.actions_for(centre_clerk, CardJob.objects.get(pk=job.pk)) == ["hand_over"]
    with pytest.raises(Conflict) as refused:
        suspended_renewal.keep_renewed_card(centre_clerk, job.pk, signature_confirmed=True, old_card_invalidated=True)
    assert refused.value.code == "not_suspended"


def test_another_office_may_not_keep_the_card(station_clerk, centre_clerk, suspended_ready, produce):
    _, application, _ = suspended_ready()
    job = renewed_card(centre_clerk, produce, application)
    with pytest.raises(NotPermitted):
        suspended_renewal.keep_renewed_card(station_clerk, job.pk, signature_confirmed=True, old_card_invalidated=True)
    assert CardJob.objects.get(pk=job.pk).state == "ready"


def test_an_examiner_may_not_keep_the_card(examiner, centre_clerk, suspended_ready, produce,  # noqa: F811
                                           expect_one_denial):
    _, application, _ = suspended_ready()
    job = renewed_card(centre_clerk, produce, application)
    with expect_one_denial("cards.keep_renewed_card", "cards.job.keep"), pytest.raises(NotPermitted):
        suspended_renewal.keep_renewed_card(examiner, job.pk, signature_confirmed=True, old_card_invalidated=True)


def test_a_suspended_mynumber_only_holder_gets_the_record_rewritten_as_usual(centre_clerk, suspended_ready):
    licence, application, _ = suspended_ready("mynumber")
    assert renewal.renew_licence(centre_clerk, application.pk) is None
    assert MynumberRewrite.objects.filter(licence=licence, application=application).exists()
    assert Licence.objects.get(pk=licence.pk).status == "suspended"


@pytest.mark.parametrize("status", ["revoked", "surrendered", "lapsed"])
def test_a_licence_that_really_cannot_be_renewed_is_still_refused(centre_clerk, ready, middle_aged,  # noqa: F811
                                                                  status):
    Licence.objects.filter(pk=middle_aged.pk).update(status=status)
    with pytest.raises(Conflict) as refused:
        renewal.renew_licence(centre_clerk, ready.pk)
    assert refused.value.code == "licence_not_valid" and refused.value.message.endswith("の免許は更新できません。")
    assert not CardJob.objects.exists()


def test_the_keeping_receipt_names_the_card_the_office_and_the_end_of_the_suspension(
        centre_clerk, suspended_ready, produce):
    _, application, case = suspended_ready()
    job = renewed_card(centre_clerk, produce, application)
    with pytest.raises(Conflict):  # not kept yet: no 保管証
        suspended_renewal.keeping_receipt(centre_clerk, job.pk)
    suspended_renewal.keep_renewed_card(centre_clerk, job.pk, signature_confirmed=True, old_card_invalidated=True)
    document = suspended_renewal.keeping_receipt(centre_clerk, job.pk)
    text = flat(pdf_text(document.pdf))
    assert "免許証保管証" in text and job.licence.number in text and "停止の終期" in text
    assert AuditEvent.objects.filter(action="cards.keeping_receipt.render").exists()


def test_the_renewal_page_says_the_licence_is_suspended_and_what_happens(centre_clerk, suspended_ready):
    licence, application, _ = suspended_ready()
    page = renewal.renewal_page(application)
    assert "効力の停止中" in page.suspended and "保管" in page.suspended
