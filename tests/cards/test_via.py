"""経由申請 (規程第17条の2): a 兵庫 holder renews at the 大阪 門真 試験場 (the 経由地: intake, 適性検査, lecture,
fees including the 経由手数料, sent on), and 兵庫 (the 住所地) accepts it, renews the licence and makes the card.
The 経由地 never renews; each side acts only on its own part; refusals name why."""

from datetime import timedelta

import pytest
from django.utils import timezone
from tests.cards.test_renewal import GOOD_EYES
from tests.documents.pdf import flat, pdf_text
from tests.photos import stored_photo
from tests.renewals import renewal_data, renewal_holder

from menkyo.audit.models import AuditEvent
from menkyo.cards import renewal, services
from menkyo.cards import via as cards_via
from menkyo.cards.models import MynumberRewrite
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.counter import renewal as counter_renewal
from menkyo.counter import via
from menkyo.counter.models import Application, ViaRenewal
from menkyo.counter.services import fees_due, record_payment, withdraw_application
from menkyo.exams import services as exams
from menkyo.registry.models import HistoryEvent, Licence

pytestmark = pytest.mark.django_db

KADOMA = "27-002"


@pytest.fixture
def osaka_clerk(make_operator):
    return make_operator("kadoma_counter", ["counter"], KADOMA)


@pytest.fixture
def osaka_examiner(make_operator):
    return make_operator("kadoma_examiner", ["examiner"], KADOMA)


@pytest.fixture
def holder(holder_data):
    """A 2枚持ち holder: the 経由 period runs to the expiry, so today is inside it whatever the weekday (a
    card-only holder's ends on the birthday — today — or the open day before it)."""
    return renewal_holder(holder_data, age=45, holding_form="both")


@pytest.fixture
def receive(osaka_clerk):
    def run(licence, **extra):
        received = via.receive_via_renewal(osaka_clerk, renewal_data(licence, **extra.pop("data", {})), **extra)
        Application.objects.filter(pk=received.application_id).update(photo=stored_photo(licence.person))
        received.refresh_from_db()
        return received
    return run


def pass_aptitude(examiner, application):
    examinee = exams.register_examinee(examiner, application.pk, centre=KADOMA, exam_date=timezone.localdate())
    exams.record_aptitude(examiner, examinee.pk, GOOD_EYES)
    exams.register_result(examiner, examinee.pk)


def pay(clerk, application, *codes):
    for number, code in enumerate(codes, start=1):
        record_payment(clerk, application.pk, procedure_code=code, method="cash",
                       slip_number=f"V-{application.pk}-{number}")


@pytest.fixture
def ready(receive, holder, osaka_clerk, osaka_examiner):
    """The 経由地's part done: 適性検査 passed, lecture attended, every fee paid."""
    received = receive(holder)
    pass_aptitude(osaka_examiner, received.application)
    counter_renewal.record_lecture(osaka_clerk, received.application_id, mode="in_person")
    pay(osaka_clerk, received.application, "renewal", "renewal_lecture_excellent", "via_renewal")
    return received


@pytest.fixture
def sent(ready, osaka_clerk):
    return via.send_via_renewal(osaka_clerk, ready.pk)


def test_a_via_renewal_is_received_sent_accepted_and_renewed_with_its_card_at_the_home_prefecture(
        sent, centre_clerk, holder):
    accepted = via.accept_via_renewal(centre_clerk, sent.pk)
    home = accepted.home_application
    assert (accepted.state, home.prefecture_id, home.state, home.office.code) == ("accepted", "28", "passed", "28-002")
    assert accepted.via_number.startswith("27-") and accepted.home_number.startswith("28-")
    job = cards_via.renew_via_licence(centre_clerk, accepted.pk)
    licence = Licence.objects.get(pk=holder.pk)
    assert (licence.expiry_date.isoformat(), licence.colour) == (home.eligibility["new_expiry"], "gold")
    assert (job.prefecture_id, job.handover_office.code, job.application_id) == ("28", "28-002", home.pk)
    accepted.refresh_from_db()
    assert (accepted.state, accepted.renewed_on) == ("renewed", timezone.localdate())
    sent.application.refresh_from_db()
    assert sent.application.state == "sent"
    history = list(HistoryEvent.objects.filter(person_id=holder.person_id).values_list("event_type", flat=True))
    for event_type in ("via_renewal.received", "via_renewal.sent", "via_renewal.accepted", "licence.renewed"):
        assert event_type in history
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"counter.via_renewal.receive", "counter.via_renewal.send", "counter.via_renewal.accept",
            "counter.via_renewal.renew", "cards.licence.renew", "counter.application.send_via"} <= actions
    assert AuditEvent.objects.get(action="counter.via_renewal.renew").detail["legal_basis"] == "規程第17条の2第3項"


def test_the_card_made_at_home_is_handed_over_there(sent, centre_clerk, produce):
    accepted = via.accept_via_renewal(centre_clerk, sent.pk)
    job = cards_via.renew_via_licence(centre_clerk, accepted.pk)
    produce(job)
    services.receive_card(centre_clerk, job.pk)
    services.hand_over_card(centre_clerk, job.pk, signature_confirmed=True)
    assert Application.objects.get(pk=accepted.home_application_id).state == "issued"


def test_the_via_prefecture_pays_the_home_renewal_fee_the_lecture_and_the_via_fee(receive, holder):
    received = receive(holder)
    due = {fee.procedure: fee.amount for fee in fees_due(received.application)}
    assert set(due) == {"renewal", "renewal_lecture_excellent", "via_renewal"} and due["via_renewal"] == 550


def test_the_via_prefecture_cannot_renew_the_licence_itself(ready, osaka_clerk):
    with pytest.raises(Conflict) as error:
        renewal.renew_licence(osaka_clerk, ready.application_id)
    assert error.value.code == "via_renewal"


def test_sending_is_refused_naming_what_is_missing(receive, holder, osaka_clerk, osaka_examiner):
    received = receive(holder)
    with pytest.raises(Conflict) as error:
        via.send_via_renewal(osaka_clerk, received.pk)
    assert error.value.code == "via_incomplete" and "適性検査" in error.value.message
    pass_aptitude(osaka_examiner, received.application)
    counter_renewal.record_lecture(osaka_clerk, received.application_id, mode="in_person")
    pay(osaka_clerk, received.application, "renewal", "renewal_lecture_excellent")
    with pytest.raises(Conflict) as error:
        via.send_via_renewal(osaka_clerk, received.pk)
    assert "経由手数料" in error.value.message
    assert ViaRenewal.objects.get(pk=received.pk).state == "received"


def test_a_violator_may_not_apply_through_another_prefecture(receive, holder):
    day = timezone.localdate() - timedelta(days=300)
    violations = [{"date": day, "code": "signal_red"}, {"date": day + timedelta(days=30), "code": "signal_red"}]
    with pytest.raises(InvalidInput) as error:
        receive(holder, data={"violations": violations})
    assert error.value.code == "via_not_allowed" and "違反運転者は対象外" in error.value.message
    assert not ViaRenewal.objects.exists() and not Application.objects.exists()


def test_a_card_holder_may_not_apply_after_the_birthday_and_the_period_is_named(receive, holder_data):
    day = timezone.localdate() + timedelta(days=1)
    with pytest.raises(InvalidInput) as error:
        receive(renewal_holder(holder_data, age=45), received_on=day)
    assert error.value.code == "via_not_allowed" and "経由申請の期間（令和" in error.value.message


def test_a_physical_condition_other_than_glasses_or_a_hearing_aid_excludes_it(receive, holder_data):
    licence = renewal_holder(holder_data, age=45, conditions=["眼鏡等", "義足"], holding_form="both")
    with pytest.raises(InvalidInput) as error:
        receive(licence)
    assert "身体の状態に応じた条件（義足）" in error.value.message


def test_glasses_do_not_exclude_it(receive, holder_data):
    assert receive(renewal_holder(holder_data, age=45, conditions=["眼鏡等"], holding_form="both")).state == "received"


def test_a_holder_of_the_receiving_prefecture_renews_normally(centre_clerk, holder):
    with pytest.raises(InvalidInput) as error:
        via.receive_via_renewal(centre_clerk, renewal_data(holder))
    assert error.value.code == "own_prefecture_holder"


def test_outside_the_renewal_window_no_via_application_is_possible(receive, holder):
    with pytest.raises(InvalidInput) as error:
        receive(holder, received_on=timezone.localdate() - timedelta(days=60))
    assert error.value.code == "outside_renewal_window" and "経由申請はできません" in error.value.message


def test_a_second_via_application_for_the_same_holder_is_refused(receive, holder):
    receive(holder)
    with pytest.raises(Conflict) as error:
        receive(holder)
    assert error.value.code == "via_open"


def test_an_ordinary_renewal_at_home_is_refused_while_the_via_application_is_on_its_way(sent, centre_clerk,
                                                                                       holder):
    with pytest.raises(Conflict) as error:
        counter_renewal.receive_renewal(centre_clerk, renewal_data(holder))
    assert error.value.code == "renewal_open"


def test_an_older_holder_without_the_elderly_course_certificate_is_refused(receive, holder_data):
    with pytest.raises(InvalidInput) as error:
        receive(renewal_holder(holder_data, age=72, holding_form="both"))
    assert error.value.code == "elderly_course_missing"


def test_the_home_prefecture_does_not_see_an_application_before_it_is_sent(receive, holder, centre_clerk):
    received = receive(holder)
    assert via.via_register(centre_clerk, "received") == []
    with pytest.raises(NotFound):
        via.accept_via_renewal(centre_clerk, received.pk)


def test_the_home_prefecture_sees_what_was_sent_to_it_and_the_via_prefecture_what_it_sent(
        sent, centre_clerk, osaka_clerk, make_operator):
    assert [v.pk for v in via.via_register(centre_clerk, "received")] == [sent.pk]
    assert [v.pk for v in via.via_register(osaka_clerk, "sent")] == [sent.pk]
    assert via.via_register(osaka_clerk, "received") == []
    tokyo = make_operator("fuchu_counter", ["counter"], "13-002")
    assert via.via_register(tokyo, "sent") == via.via_register(tokyo, "received") == []
    with pytest.raises(NotFound):
        via.read_via_renewal(tokyo, sent.pk)


def test_only_the_via_prefecture_sends(ready, centre_clerk, osaka_clerk, expect_one_denial):
    via.send_via_renewal(osaka_clerk, ready.pk)
    with expect_one_denial("counter.send_via_renewal", "counter.via_renewal.send"), pytest.raises(NotPermitted):
        via.send_via_renewal(centre_clerk, ready.pk)


def test_only_the_home_prefecture_accepts(sent, osaka_clerk, expect_one_denial):
    with expect_one_denial("counter.accept_via_renewal", "counter.via_renewal.accept"), pytest.raises(NotPermitted):
        via.accept_via_renewal(osaka_clerk, sent.pk)


def test_only_the_home_prefecture_renews(sent, centre_clerk, osaka_clerk, expect_one_denial):
    accepted = via.accept_via_renewal(centre_clerk, sent.pk)
    with expect_one_denial("cards.renew_via_licence", "cards.licence.renew"), pytest.raises(NotPermitted):
        cards_via.renew_via_licence(osaka_clerk, accepted.pk)


def test_an_examiner_may_not_receive_a_via_application(osaka_examiner, holder, expect_one_denial):
    with expect_one_denial("counter.receive_via_renewal", "counter.via_renewal.receive"), \
            pytest.raises(NotPermitted):
        via.receive_via_renewal(osaka_examiner, renewal_data(holder))


def test_the_home_renews_only_what_it_accepted(sent, centre_clerk):
    with pytest.raises(Conflict) as error:
        cards_via.renew_via_licence(centre_clerk, sent.pk)
    assert error.value.code == "illegal_state"


def test_a_mynumber_only_holder_gets_the_record_rewritten_and_no_card(holder_data, receive, osaka_clerk,
                                                                     osaka_examiner, centre_clerk):
    licence = renewal_holder(holder_data, age=45, holding_form="mynumber")
    received = receive(licence)
    pass_aptitude(osaka_examiner, received.application)
    counter_renewal.record_lecture(osaka_clerk, received.application_id, mode="online")
    pay(osaka_clerk, received.application, "renewal", "renewal_lecture_online", "via_renewal")
    via.send_via_renewal(osaka_clerk, received.pk)
    via.accept_via_renewal(centre_clerk, received.pk)
    assert cards_via.renew_via_licence(centre_clerk, received.pk) is None
    assert HistoryEvent.objects.filter(event_type="licence.mynumber_rewrite_required").exists()
    rewrite = MynumberRewrite.objects.get(licence=licence)  # done at the 住所地's office (第17条の2第4項)
    assert rewrite.application == Application.objects.get(via_origin__pk=received.pk)


def test_the_via_form_and_the_lecture_notice_are_printed_by_the_via_prefecture(sent, osaka_clerk, centre_clerk):
    form = flat(pdf_text(cards_via.via_renewal_form(osaka_clerk, sent.pk).pdf))
    assert all(text in form for text in ("経由申請書", "規則別記様式第18の3", "兵庫県公安委員会", "大阪府公安委員会経由",
                                         sent.via_number, "合格"))
    notice = flat(pdf_text(cards_via.lecture_completion_notice(osaka_clerk, sent.pk).pdf))
    assert all(text in notice for text in ("更新時講習受講済通知書", "優良運転者講習", "対面"))
    assert AuditEvent.objects.filter(action="documents.lecture_completion_notice.render").count() == 1
    with pytest.raises(Conflict):
        cards_via.via_renewal_form(centre_clerk, sent.pk)



def test_a_via_application_withdrawn_before_it_is_sent_ends_both_rows_and_frees_the_holder(receive, holder,
                                                                                          osaka_clerk):
    received = receive(holder)
    with pytest.raises(InvalidInput):
        via.withdraw_via_renewal(osaka_clerk, received.pk, reason="")
    via.withdraw_via_renewal(osaka_clerk, received.pk, reason="本人の申出")
    received.refresh_from_db()
    assert (received.state, received.application.state) == ("withdrawn", "withdrawn")
    assert AuditEvent.objects.filter(action="counter.via_renewal.withdraw").count() == 1
    assert receive(holder).state == "received"


def test_a_withdrawn_application_does_not_block_a_new_via_application(receive, holder, osaka_clerk):
    received = receive(holder)
    withdraw_application(osaka_clerk, received.application_id, reason="本人の申出")
    assert receive(holder).pk != received.pk



def test_a_second_clerk_who_read_the_row_before_the_first_accepted_it_is_refused_inside_the_transaction(
        sent, centre_clerk, make_operator, monkeypatch):
    """Two 住所地 clerks open the row at once: the second one's read is stale when it acts; the holder's
    row is locked and re-checked (and the 管理表 row locked by the workflow), so nothing is written twice."""
    other = make_operator("akashi_counter_2", ["counter"], "28-002")
    stale = via.load(other, sent.pk)
    via.accept_via_renewal(centre_clerk, sent.pk)
    monkeypatch.setattr(via, "load", lambda actor, pk: stale)
    with pytest.raises(Conflict) as error:
        via.accept_via_renewal(other, sent.pk)
    assert error.value.code in ("renewal_open", "illegal_transition")
    assert Application.objects.filter(prefecture_id="28").count() == 1
    assert ViaRenewal.objects.get(pk=sent.pk).home_number.endswith("00001")


def test_a_stale_send_after_the_row_was_sent_changes_nothing(ready, osaka_clerk, monkeypatch):
    stale = via.load(osaka_clerk, ready.pk)
    via.send_via_renewal(osaka_clerk, ready.pk)
    monkeypatch.setattr(via, "load", lambda actor, pk: stale)
    with pytest.raises(Conflict) as error:
        via.send_via_renewal(osaka_clerk, ready.pk)
    assert error.value.code == "illegal_transition"
    assert AuditEvent.objects.filter(action="counter.via_renewal.send").count() == 1
