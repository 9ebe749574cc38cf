"""マイナ免許証 (規程第15条の2–第15条の4): recording the licence on a My Number card, the holding form
changes (2枚持ち, マイナのみ, a card again, the card returned, the record erased), loss and found, and the
record written on a new My Number card — each in the 申請（届出）簿, audited, in the history."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone
from tests.payments import paid
from tests.photos import stored_photo

from menkyo.audit.models import AuditEvent
from menkyo.cards import mynumber
from menkyo.cards import services as cards
from menkyo.cards.models import CardJob, MynumberProcedure
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.registry import services as registry
from menkyo.registry.models import HistoryEvent, Licence

pytestmark = pytest.mark.django_db


@pytest.fixture
def licence(system, holder_data):
    """A 兵庫 普通 licence held as the card only, with the photo in the register."""
    licence = registry.register_holder(system, dict(holder_data, issue_date=date(2025, 6, 1)))
    Licence.objects.filter(pk=licence.pk).update(photo=stored_photo(licence.person))
    return Licence.objects.get(pk=licence.pk)


def valid_card():
    return timezone.localdate() + timedelta(days=900)


def fresh(licence):
    return Licence.objects.get(pk=licence.pk)


def record(actor, licence, *, keep_card=False):
    return mynumber.record_on_mynumber_card(actor, licence.pk, **paid(), keep_card=keep_card, card_valid_until=valid_card(),
                                            signature_confirmed=True, reason="特定免許情報記録申請書")


def test_a_card_holder_changes_to_the_mynumber_card_only_and_the_card_is_cut(centre_clerk, licence):
    entry = record(centre_clerk, licence)
    now = fresh(licence)
    assert now.holding_form == "mynumber" and len(now.mynumber_record_number) == 12
    assert now.mynumber_record_number.startswith("28") and now.version == licence.version + 1
    assert (entry.kind, entry.holding_before, entry.holding_after, entry.fee_procedure, entry.fee_amount) == (
        "record", "card", "mynumber", "mynumber_record", 1500)
    assert entry.record_number == now.mynumber_record_number and entry.ledger_serial == 1
    event = AuditEvent.objects.get(action="cards.mynumber.record")
    assert event.outcome == "ok" and event.detail["holding_after"] == "mynumber"
    assert event.detail["legal_basis"] == "規程第15条の2"
    assert now.mynumber_record_number not in str(event.detail) and licence.number not in str(event.detail)
    history = HistoryEvent.objects.get(event_type="licence.mynumber_recorded")
    assert history.changes["holding_form"] == ["免許証", "マイナ免許証"]
    assert history.changes["mynumber_record_number"] == [None, now.mynumber_record_number]
    assert history.changes["card"] == [f"免許証 {licence.number}", "返納（裁断により廃棄）"]


def test_keeping_the_card_makes_a_holder_of_both_and_each_record_gets_its_own_number(
        centre_clerk, licence, system, holder_data):
    record(centre_clerk, licence, keep_card=True)
    other = registry.register_holder(system, dict(holder_data, name="神戸 次郎", name_kana="コウベ ジロウ",
                                                  issue_date=date(2025, 6, 1)))
    record(centre_clerk, other, keep_card=True)
    first, second = fresh(licence), fresh(other)
    assert first.holding_form == second.holding_form == "both"
    assert int(second.mynumber_record_number) == int(first.mynumber_record_number) + 1


def test_an_expired_my_number_card_or_a_missing_signature_is_refused_naming_the_field(centre_clerk, licence):
    with pytest.raises(InvalidInput) as refused:
        mynumber.record_on_mynumber_card(centre_clerk, licence.pk, **paid(), keep_card=False, signature_confirmed=True,
                                         card_valid_until=timezone.localdate() - timedelta(days=1))
    assert refused.value.field == "card_valid_until" and "過ぎています" in refused.value.message
    with pytest.raises(InvalidInput) as refused:
        mynumber.record_on_mynumber_card(centre_clerk, licence.pk, **paid(), keep_card=False, signature_confirmed=True,
                                         card_valid_until=None)
    assert refused.value.field == "card_valid_until"
    with pytest.raises(InvalidInput) as refused:
        mynumber.record_on_mynumber_card(centre_clerk, licence.pk, **paid(), keep_card=False, signature_confirmed=False,
                                         card_valid_until=valid_card())
    assert refused.value.field == "signature_confirmed"
    assert fresh(licence).holding_form == "card" and not MynumberProcedure.objects.exists()
    assert not AuditEvent.objects.filter(action="cards.mynumber.record").exists()


def test_a_licence_already_recorded_is_not_recorded_twice(centre_clerk, licence):
    record(centre_clerk, licence, keep_card=True)
    with pytest.raises(Conflict) as refused:
        record(centre_clerk, licence)
    assert refused.value.code == "holding_form" and "2枚持ち" not in refused.value.message
    assert MynumberProcedure.objects.count() == 1


def test_a_holder_of_both_returns_the_card_and_keeps_the_mynumber_card_only(station_clerk, licence):
    record(station_clerk, licence, keep_card=True)
    number = fresh(licence).mynumber_record_number
    entry = mynumber.return_licence_card(station_clerk, licence.pk, reason="運転免許証返納届")
    assert (fresh(licence).holding_form, fresh(licence).mynumber_record_number) == ("mynumber", number)
    assert (entry.kind, entry.fee_amount, entry.ledger_serial) == ("card_return", 0, 2)
    assert AuditEvent.objects.get(action="cards.mynumber.card_return").detail["legal_basis"] == "規程第15条の3"
    assert HistoryEvent.objects.get(event_type="licence.card_returned").changes["card"][1] == "返納（裁断により廃棄）"


def test_erasing_the_record_of_a_holder_of_both_ends_the_record_number(centre_clerk, licence):
    record(centre_clerk, licence, keep_card=True)
    number = fresh(licence).mynumber_record_number
    entry = mynumber.erase_mynumber_record(centre_clerk, licence.pk, reason="免許情報記録抹消届")
    assert (fresh(licence).holding_form, fresh(licence).mynumber_record_number) == ("card", None)
    assert entry.record_number == number
    history = HistoryEvent.objects.get(event_type="licence.mynumber_erased")
    assert history.changes["mynumber_record_number"] == [number, None] and history.legal_basis == "規程第15条の3"
    record(centre_clerk, licence, keep_card=True)
    assert int(fresh(licence).mynumber_record_number) == int(number) + 1  # never given again


def test_a_mynumber_only_holder_cannot_erase_the_record_or_return_a_card(centre_clerk, licence):
    record(centre_clerk, licence)
    with pytest.raises(Conflict) as refused:
        mynumber.erase_mynumber_record(centre_clerk, licence.pk, reason="抹消")
    assert "免許証の交付" in refused.value.message
    with pytest.raises(Conflict):
        mynumber.return_licence_card(centre_clerk, licence.pk, reason="返納")
    assert fresh(licence).holding_form == "mynumber"


def test_a_mynumber_only_holder_gets_a_card_again_through_a_card_job(centre_clerk, licence, produce):
    record(centre_clerk, licence)
    entry = mynumber.request_card_for_mynumber_holder(centre_clerk, licence.pk, **paid(), reason="運転免許証交付申請書")
    job = entry.card_job
    assert (job.card_kind, job.licence_id, job.handover_office_id, job.handover_date, job.application_id) == (
        "licence", licence.pk, "28-002", timezone.localdate(), None)
    assert fresh(licence).holding_form == "both" and (entry.fee_procedure, entry.fee_amount) == ("reissue", 2600)
    assert AuditEvent.objects.get(action="cards.mynumber.card_issue").detail["card_job"] == job.pk
    produce(job)
    cards.receive_card(centre_clerk, job.pk)
    assert cards.hand_over_card(centre_clerk, job.pk, signature_confirmed=True).state == "handed_over"


def test_a_station_names_the_handover_day_of_the_card(station_clerk, licence):
    record(station_clerk, licence)
    with pytest.raises(InvalidInput) as refused:
        mynumber.request_card_for_mynumber_holder(station_clerk, licence.pk, **paid(), reason="交付申請")
    assert refused.value.field == "handover_date"
    assert fresh(licence).holding_form == "mynumber" and not CardJob.objects.exists()


def test_without_a_photo_in_the_register_no_card_is_requested(centre_clerk, licence):
    record(centre_clerk, licence)
    Licence.objects.filter(pk=licence.pk).update(photo=None)
    with pytest.raises(InvalidInput) as refused:
        mynumber.request_card_for_mynumber_holder(centre_clerk, licence.pk, **paid(), reason="交付申請")
    assert refused.value.field == "photo" and not CardJob.objects.exists()


def test_a_lost_my_number_card_is_reported_found_or_replaced_by_a_new_card(centre_clerk, licence):
    record(centre_clerk, licence, keep_card=True)
    number = fresh(licence).mynumber_record_number
    with pytest.raises(Conflict) as refused:
        mynumber.report_mynumber_card_found(centre_clerk, licence.pk, reason="発見")
    assert refused.value.code == "not_lost"
    lost = mynumber.report_mynumber_card_lost(centre_clerk, licence.pk, reason="免許等保有状況変更申出書（紛失等）")
    assert lost.kind == "loss" and mynumber.record_lost(fresh(licence)) and fresh(licence).holding_form == "both"
    assert AuditEvent.objects.get(action="cards.mynumber.loss").detail["legal_basis"] == "規程第15条の4"
    with pytest.raises(Conflict) as refused:
        mynumber.return_licence_card(centre_clerk, licence.pk, reason="返納")
    assert refused.value.code == "record_lost"
    mynumber.report_mynumber_card_found(centre_clerk, licence.pk, reason="免許等保有状況変更申出書（発見）")
    assert not mynumber.record_lost(fresh(licence))
    mynumber.report_mynumber_card_lost(centre_clerk, licence.pk, reason="再び紛失")
    moved = mynumber.move_mynumber_record(centre_clerk, licence.pk, **paid(), card_valid_until=valid_card(),
                                          signature_confirmed=True, reason="再発行された個人番号カード")
    assert (moved.kind, moved.fee_amount, moved.record_number) == ("move", 1500, number)
    assert fresh(licence).mynumber_record_number == number and not mynumber.record_lost(fresh(licence))
    assert HistoryEvent.objects.get(event_type="licence.mynumber_moved").legal_basis == "規程第15条の2"


def test_a_card_holder_has_no_my_number_card_to_lose_or_move(centre_clerk, licence):
    with pytest.raises(Conflict):
        mynumber.report_mynumber_card_lost(centre_clerk, licence.pk, reason="紛失")
    with pytest.raises(Conflict):
        mynumber.move_mynumber_record(centre_clerk, licence.pk, **paid(), card_valid_until=valid_card(),
                                      signature_confirmed=True, reason="新しいカード")
    assert not MynumberProcedure.objects.exists()


def test_the_procedures_share_the_offices_book_with_the_counters_applications(centre_clerk, licence):
    from menkyo.cards import reissue
    application = reissue.receive_reissue_application(centre_clerk, licence.pk, ground="damaged", reason="破損")
    assert application.ledger_serial == 1
    entry = record(centre_clerk, licence, keep_card=True)
    assert entry.ledger_serial == 2 and entry.ledger_date == application.ledger_date


def test_another_prefecture_is_refused_and_the_refusal_audited(make_operator, licence, expect_one_denial):
    osaka = make_operator("osaka_counter", ["counter"], "27-001")
    with expect_one_denial("cards.handle_mynumber_licence", "cards.mynumber.record"), pytest.raises(NotPermitted):
        record(osaka, licence)
    assert fresh(licence).holding_form == "card"


def test_a_role_without_counter_work_is_refused(make_operator, licence, expect_one_denial):
    decision = make_operator("hyogo_decision", ["decision"], "28-001")
    with expect_one_denial("cards.handle_mynumber_licence", "cards.mynumber.loss"), pytest.raises(NotPermitted):
        mynumber.report_mynumber_card_lost(decision, licence.pk, reason="紛失")


def test_a_revoked_or_returned_licence_is_not_recorded(centre_clerk, licence):
    Licence.objects.filter(pk=licence.pk).update(status="surrendered")
    with pytest.raises(Conflict) as refused:
        record(centre_clerk, licence)
    assert refused.value.code == "not_valid"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_on_postgresql_each_change_locks_the_licence_row_and_not_the_office(centre_clerk, licence, locked_tables):
    locked = locked_tables(lambda: record(centre_clerk, licence, keep_card=True))
    assert "registry_licence" in locked and "core_affiliation" not in locked
    locked = locked_tables(lambda: mynumber.report_mynumber_card_lost(centre_clerk, licence.pk, reason="紛失"))
    assert "registry_licence" in locked and "core_affiliation" not in locked


def test_reading_the_record_and_its_procedures_is_audited_as_counter_business(centre_clerk, licence,
                                                                               expect_one_denial, make_operator):
    record(centre_clerk, licence, keep_card=True)
    mynumber.report_mynumber_card_lost(centre_clerk, licence.pk, reason="紛失")
    state = mynumber.read_mynumber_status(centre_clerk, licence.pk)
    assert state.lost and [p.kind for p in state.procedures] == ["loss", "record"]
    event = AuditEvent.objects.get(action="cards.mynumber.read")
    assert event.purpose == "窓口事務" and event.person_id == licence.person_id
    examiner = make_operator("hyogo_examiner", ["examiner"], "28-002")
    with expect_one_denial("cards.handle_mynumber_licence", "cards.mynumber.read"), pytest.raises(NotPermitted):
        mynumber.read_mynumber_status(examiner, licence.pk)
