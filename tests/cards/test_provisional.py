"""The life of a 仮免許 after its issue: 失効 after its expiry date, reissue (規程第15条第2項) and return
(規程第20条第2項)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from menkyo.audit.models import AuditEvent
from menkyo.cards import provisional as services
from menkyo.cards import services as cards
from menkyo.cards.models import CardJob
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.registry import services as registry
from menkyo.registry.models import HistoryEvent, ProvisionalLicence

pytestmark = pytest.mark.django_db


@pytest.fixture
def provisional(system, applicant):
    """A 普通仮 issued today to the 兵庫 applicant (no card job: entered in the register directly)."""
    return registry.register_provisional_licence(system, applicant.pk, "普通仮")


@pytest.fixture
def lapsed(system, applicant):
    """A 普通仮 issued 200 days ago: its six months are over."""
    return registry.register_provisional_licence(system, applicant.pk, "普通仮",
                                                 issue_date=timezone.localdate() - timedelta(days=200))


@pytest.fixture
def osaka_clerk(make_operator):
    return make_operator("osaka_counter", ["counter"], "27-001")


def fresh(provisional):
    return ProvisionalLicence.objects.get(pk=provisional.pk)


def nothing_reissued(provisional, number):
    assert not CardJob.objects.exists() and fresh(provisional).number == number
    assert not AuditEvent.objects.filter(action="cards.provisional.reissue", outcome="ok").exists()
    assert not HistoryEvent.objects.filter(event_type="provisional.reissued").exists()


# --- expiry ---------------------------------------------------------------------------------------


def test_a_provisional_licence_is_valid_through_its_expiry_date_and_lapsed_the_day_after(provisional):
    assert provisional.status_on(provisional.expiry_date) == "valid"
    assert provisional.status_on(provisional.expiry_date + timedelta(days=1)) == "lapsed"
    assert provisional.current_status == "valid" and provisional.current_status_label == "有効"


def test_six_months_from_the_first_of_may_end_on_the_last_of_october(system, applicant):
    may = registry.register_provisional_licence(system, applicant.pk, "普通仮", issue_date=date(2026, 5, 1))
    assert may.expiry_date == date(2026, 10, 31) and may.status_on(date(2026, 11, 1)) == "lapsed"


def test_a_returned_provisional_licence_stays_returned_after_its_expiry_date(centre_clerk, provisional):
    services.return_provisional_licence(centre_clerk, provisional.pk, reason="不要になった")
    assert fresh(provisional).status_on(provisional.expiry_date + timedelta(days=1)) == "surrendered"


# --- reissue (規程第15条第2項) -----------------------------------------------------------------------


def test_a_lost_provisional_licence_is_reissued_at_the_centre_with_the_next_number(centre_clerk, provisional):
    job = services.reissue_provisional_licence(centre_clerk, provisional.pk, ground="lost",
                                               reason="通勤中に亡失（遺失届 受理番号 123）")
    after = fresh(provisional)
    assert after.number == provisional.number[:11] + "1"
    assert (after.issue_date, after.expiry_date, after.status) == (
        provisional.issue_date, provisional.expiry_date, "valid")
    assert (job.card_kind, job.provisional_licence_id, job.application_id, job.reissue_ground, job.state) == (
        "provisional", provisional.pk, None, "lost", "requested")
    assert (job.producing_centre_id, job.handover_office_id, job.handover_date) == (
        "28-002", "28-002", timezone.localdate())
    event = AuditEvent.objects.get(action="cards.provisional.reissue")
    assert event.outcome == "ok" and event.detail["legal_basis"] == "規程第15条第2項"
    assert (event.detail["ground"], event.detail["number_changed"], event.detail["fee"],
            event.detail["fee_status"]) == ("lost", True, None, "unconfirmed")
    history = HistoryEvent.objects.get(event_type="provisional.reissued")
    assert history.changes == {"provisional": [f"普通仮 {provisional.number}", f"普通仮 {after.number}（再交付・亡失）"]}
    assert history.legal_basis == "規程第15条第2項" and history.audit_seq == event.seq


def test_a_damaged_card_is_reissued_with_the_same_number(centre_clerk, provisional):
    services.reissue_provisional_licence(centre_clerk, provisional.pk, ground="damaged", reason="破損")
    assert fresh(provisional).number == provisional.number
    assert AuditEvent.objects.get(action="cards.provisional.reissue").detail["number_changed"] is False


def test_the_reissued_card_is_made_and_handed_over_the_same_day_and_a_second_loss_counts_two(
        centre_clerk, provisional, produce):
    job = services.reissue_provisional_licence(centre_clerk, provisional.pk, ground="stolen", reason="盗難")
    produce(job)
    cards.receive_card(centre_clerk, job.pk)
    handed = cards.hand_over_card(centre_clerk, job.pk, signature_confirmed=True)
    assert handed.state == "handed_over"
    assert HistoryEvent.objects.get(event_type="card.handed_over").legal_basis == "規程第15条第2項"
    services.reissue_provisional_licence(centre_clerk, provisional.pk, ground="lost", reason="再び亡失")
    assert fresh(provisional).number == provisional.number[:11] + "2"


def test_the_printer_gets_the_reissued_card_with_the_new_number(centre_clerk, provisional, printer):
    job = services.reissue_provisional_licence(centre_clerk, provisional.pk, ground="lost", reason="亡失")
    [card] = cards.fetch_card_jobs(printer, limit=5)
    assert (card.job_id, card.card_kind, card.number) == (job.pk, "provisional", fresh(provisional).number)
    assert card.expiry_date == provisional.expiry_date


def test_an_unknown_provisional_licence_is_not_found(centre_clerk):
    with pytest.raises(NotFound) as refused:
        services.reissue_provisional_licence(centre_clerk, 999999, ground="lost", reason="亡失")
    assert refused.value.field == "provisional_id"


@pytest.mark.parametrize("ground", ["", "missing", None, "亡失"])
def test_a_ground_not_in_the_list_is_refused_naming_the_field_and_nothing_is_written(centre_clerk, provisional,
                                                                                    ground):
    with pytest.raises(InvalidInput) as refused:
        services.reissue_provisional_licence(centre_clerk, provisional.pk, ground=ground, reason="亡失")
    assert refused.value.field == "ground" and "亡失・盗難・滅失・汚損・破損" in refused.value.message
    nothing_reissued(provisional, provisional.number)


def test_a_reissue_without_a_reason_is_refused_naming_the_field(centre_clerk, provisional):
    with pytest.raises(InvalidInput) as refused:
        services.reissue_provisional_licence(centre_clerk, provisional.pk, ground="lost", reason="  ")
    assert refused.value.field == "reason"
    nothing_reissued(provisional, provisional.number)


def test_a_lapsed_provisional_licence_is_not_reissued(centre_clerk, lapsed):
    with pytest.raises(Conflict) as refused:
        services.reissue_provisional_licence(centre_clerk, lapsed.pk, ground="lost", reason="亡失")
    assert (refused.value.code, refused.value.field) == ("lapsed", "provisional_id")
    assert "失効しています" in refused.value.message
    nothing_reissued(lapsed, lapsed.number)


def test_a_returned_provisional_licence_is_not_reissued(centre_clerk, provisional):
    services.return_provisional_licence(centre_clerk, provisional.pk, reason="不要になった")
    with pytest.raises(Conflict) as refused:
        services.reissue_provisional_licence(centre_clerk, provisional.pk, ground="lost", reason="亡失")
    assert refused.value.code == "not_valid" and "「返納」" in refused.value.message
    nothing_reissued(provisional, provisional.number)


def test_no_second_reissue_while_the_first_card_is_being_made(centre_clerk, provisional):
    first = services.reissue_provisional_licence(centre_clerk, provisional.pk, ground="dirty", reason="汚損")
    with pytest.raises(Conflict) as refused:
        services.reissue_provisional_licence(centre_clerk, provisional.pk, ground="lost", reason="亡失")
    assert refused.value.code == "card_pending" and first.slip_number in refused.value.message
    assert CardJob.objects.count() == 1


def test_a_police_station_does_not_reissue_a_provisional_licence_and_the_refusal_is_audited(
        station_clerk, provisional, expect_one_denial):
    with expect_one_denial("not_a_centre", "cards.provisional.reissue"):
        with pytest.raises(NotPermitted) as refused:
            services.reissue_provisional_licence(station_clerk, provisional.pk, ground="lost", reason="亡失")
    assert "運転免許試験場" in refused.value.message
    nothing_reissued(provisional, provisional.number)


def test_another_prefectures_counter_may_not_reissue_and_the_refusal_is_audited(osaka_clerk, provisional,
                                                                                 expect_one_denial):
    with expect_one_denial("cards.reissue_provisional_licence", "cards.provisional.reissue"):
        with pytest.raises(NotPermitted):
            services.reissue_provisional_licence(osaka_clerk, provisional.pk, ground="lost", reason="亡失")
    nothing_reissued(provisional, provisional.number)


def test_an_examiner_may_read_but_not_reissue(make_operator, provisional, expect_one_denial):
    examiner = make_operator("akashi_examiner", ["examiner"], "28-002")
    assert services.get_provisional_licence(examiner, provisional.pk).pk == provisional.pk
    assert services.actions_for(examiner, provisional) == []
    with expect_one_denial("cards.reissue_provisional_licence", "cards.provisional.reissue"):
        with pytest.raises(NotPermitted):
            services.reissue_provisional_licence(examiner, provisional.pk, ground="lost", reason="亡失")


def test_the_reissue_fee_is_unconfirmed_until_the_fee_table_has_a_row():
    fee = services.reissue_fee(timezone.localdate(), "28")
    assert (fee.amount, fee.status) == (None, "unconfirmed") and "未確認" in fee.note


# --- return (規程第20条第2項) ------------------------------------------------------------------------


def test_a_returned_provisional_licence_is_surrendered_with_its_audit_and_history(centre_clerk, provisional):
    returned = services.return_provisional_licence(centre_clerk, provisional.pk, reason="普通免許を受けたため")
    assert returned.status == "surrendered" and fresh(provisional).current_status_label == "返納"
    event = AuditEvent.objects.get(action="cards.provisional.return")
    assert (event.outcome, event.detail["from"], event.detail["to"], event.detail["legal_basis"]) == (
        "ok", "valid", "surrendered", "規程第20条第2項")
    history = HistoryEvent.objects.get(event_type="provisional.returned")
    assert history.changes == {"provisional": [f"普通仮 {provisional.number}（有効）", f"普通仮 {provisional.number}（返納）"]}
    assert history.reason == "普通免許を受けたため" and history.audit_seq == event.seq
    assert services.actions_for(centre_clerk, returned) == []


def test_a_police_station_receives_a_return(station_clerk, provisional):
    assert services.return_provisional_licence(station_clerk, provisional.pk, reason="不要").status == "surrendered"


def test_returning_twice_is_refused_and_writes_once(centre_clerk, provisional):
    services.return_provisional_licence(centre_clerk, provisional.pk, reason="不要")
    with pytest.raises(Conflict) as refused:
        services.return_provisional_licence(centre_clerk, provisional.pk, reason="不要")
    assert refused.value.code == "not_valid" and refused.value.field == "provisional_id"
    assert AuditEvent.objects.filter(action="cards.provisional.return").count() == 1


def test_no_return_while_a_card_of_the_provisional_licence_waits_to_be_handed_over(centre_clerk, provisional):
    job = services.reissue_provisional_licence(centre_clerk, provisional.pk, ground="damaged", reason="破損")
    with pytest.raises(Conflict) as refused:
        services.return_provisional_licence(centre_clerk, provisional.pk, reason="不要")
    assert refused.value.code == "card_pending" and job.slip_number in refused.value.message
    assert fresh(provisional).status == "valid"


def test_a_lapsed_provisional_licence_is_not_returned(centre_clerk, lapsed):
    with pytest.raises(Conflict) as refused:
        services.return_provisional_licence(centre_clerk, lapsed.pk, reason="不要")
    assert refused.value.code == "lapsed" and fresh(lapsed).status == "valid"
    assert not AuditEvent.objects.filter(action="cards.provisional.return").exists()


def test_a_return_without_a_reason_is_refused_naming_the_field(centre_clerk, provisional):
    with pytest.raises(InvalidInput) as refused:
        services.return_provisional_licence(centre_clerk, provisional.pk, reason="")
    assert refused.value.field == "reason" and fresh(provisional).status == "valid"


def test_an_unknown_provisional_licence_is_not_returned(centre_clerk):
    with pytest.raises(NotFound) as refused:
        services.return_provisional_licence(centre_clerk, 999999, reason="不要")
    assert refused.value.field == "provisional_id"


def test_another_prefectures_counter_may_not_receive_a_return_and_the_refusal_is_audited(
        osaka_clerk, provisional, expect_one_denial):
    with expect_one_denial("cards.return_provisional_licence", "cards.provisional.return"):
        with pytest.raises(NotPermitted):
            services.return_provisional_licence(osaka_clerk, provisional.pk, reason="不要")
    assert fresh(provisional).status == "valid"


# --- reading --------------------------------------------------------------------------------------


def test_reading_a_provisional_licence_is_audited_and_found_by_its_number(centre_clerk, provisional):
    found = services.find_provisional_licence(centre_clerk, provisional.number)
    assert found.pk == provisional.pk and services.actions_for(centre_clerk, found) == ["reissue", "return"]
    event = AuditEvent.objects.get(action="cards.provisional.read")
    assert (event.outcome, event.person_id, event.object_id) == ("ok", provisional.person_id, str(provisional.pk))


def test_an_unknown_or_malformed_number_is_refused_naming_the_field(centre_clerk):
    with pytest.raises(InvalidInput) as malformed:
        services.find_provisional_licence(centre_clerk, "12345")
    with pytest.raises(NotFound) as unknown:
        services.find_provisional_licence(centre_clerk, "632600000060")
    assert malformed.value.field == unknown.value.field == "number"


def test_another_prefecture_may_not_read_a_provisional_licence(osaka_clerk, provisional, expect_one_denial):
    with expect_one_denial("cards.view_provisional_licence", "cards.provisional.read"):
        with pytest.raises(NotPermitted):
            services.get_provisional_licence(osaka_clerk, provisional.pk)


# --- the papers of a reissue ------------------------------------------------------------------------


def test_the_reissue_has_its_fee_slip_and_after_the_hand_over_the_holders_receipt(centre_clerk, provisional,
                                                                                   produce):
    from tests.documents.pdf import pdf_text

    job = services.reissue_provisional_licence(centre_clerk, provisional.pk, ground="lost", reason="亡失")
    slip = pdf_text(cards.processing_slip(centre_clerk, job.pk, "fee").pdf)
    assert job.slip_number in slip and "明石 花子" in slip and "普通仮" in slip
    produce(job)
    cards.receive_card(centre_clerk, job.pk)
    cards.hand_over_card(centre_clerk, job.pk, signature_confirmed=True)
    receipt = pdf_text(cards.card_receipt(centre_clerk, job.pk).pdf)
    assert "仮運転免許証" in receipt and fresh(provisional).number in receipt
