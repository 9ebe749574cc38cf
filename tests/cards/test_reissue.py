"""Reissue of a licence card (再交付, 規程第15条): the application at the counter with its ground, the
reissue digit after a loss or theft (law-rules §7.1), the offered 盗品等免許証手配, the card the same day
at a centre or on a 交付予定日 at a station in exchange for the old card."""

from datetime import date

import pytest
from django.utils import timezone
from tests.cards.conftest import next_business_day
from tests.photos import stored_photo

from menkyo.alerts.models import Alert
from menkyo.audit.models import AuditEvent
from menkyo.cards import reissue
from menkyo.cards import services as cards
from menkyo.cards.models import CardJob
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.counter import services as counter
from menkyo.counter.models import Application
from menkyo.registry import services as registry
from menkyo.registry.models import HistoryEvent, Licence

pytestmark = pytest.mark.django_db


@pytest.fixture
def licence(system, holder_data):
    """A 兵庫 普通 licence issued last year, its number ending in reissue digit 0."""
    return registry.register_holder(system, dict(holder_data, issue_date=date(2025, 6, 1)))


@pytest.fixture
def case_officer_at_station(make_operator):
    """A 審査 officer at the 生田 station: may receive a reissue and request a 手配."""
    return make_operator("ikuta_officer", ["case_officer"], "28-101")


def fresh(licence):
    return Licence.objects.get(pk=licence.pk)


def with_photo(application):
    Application.objects.filter(pk=application.pk).update(photo=stored_photo(application.person))
    return application


def test_a_lost_card_is_reissued_at_the_centre_the_same_day_with_the_next_number(centre_clerk, licence, produce):
    application = reissue.receive_reissue_application(centre_clerk, licence.pk, ground="lost",
                                                      reason="通勤中に亡失（遺失届 受理番号 123）")
    assert fresh(licence).number == licence.number[:11] + "1"
    assert (application.application_type, application.route, application.state, application.reissue_ground) == (
        "reissue", "counter", "received", "lost")
    assert application.ledger_serial == 1 and application.licence_id == licence.pk
    event = AuditEvent.objects.get(action="cards.reissue.receive")
    assert event.detail["number_changed"] is True and event.detail["ground"] == "lost"
    assert licence.number not in str(event.detail)
    history = HistoryEvent.objects.get(event_type="licence.reissue_received")
    assert history.changes["number"] == [licence.number, licence.number[:11] + "1"]
    assert history.changes["card"][1] == "無効（亡失・再交付の申請）" and history.legal_basis == "規程第15条"
    assert reissue.previous_number(application) == licence.number

    job = reissue.request_reissued_card(centre_clerk, with_photo(application).pk)
    assert (job.card_kind, job.reissue_ground, job.handover_office_id, job.handover_date) == (
        "licence", "lost", "28-002", timezone.localdate())
    assert Application.objects.get(pk=application.pk).state == "issuing"
    assert AuditEvent.objects.filter(action="cards.reissue.request_card", outcome="ok").count() == 1
    produce(job)
    cards.receive_card(centre_clerk, job.pk)
    done = cards.hand_over_card(centre_clerk, job.pk, signature_confirmed=True)
    assert done.state == "handed_over" and not done.old_card_collected
    assert Application.objects.get(pk=application.pk).state == "issued"
    assert HistoryEvent.objects.get(event_type="card.handed_over").legal_basis == "規程第15条"


def test_a_reissue_for_damage_keeps_the_number_and_is_handed_over_at_the_station_for_the_old_card(
        station_clerk, centre_clerk, licence, produce):
    application = reissue.receive_reissue_application(station_clerk, licence.pk, ground="damaged", reason="破損")
    assert fresh(licence).number == licence.number and reissue.previous_number(application) == ""
    day = next_business_day()
    with pytest.raises(InvalidInput) as refused:
        reissue.request_reissued_card(station_clerk, with_photo(application).pk)
    assert refused.value.field == "handover_date"
    job = reissue.request_reissued_card(station_clerk, application.pk, handover_date=day)
    assert (job.producing_centre_id, job.handover_office_id, job.handover_date) == ("28-002", "28-101", day)
    produce(job)
    cards.send_card(centre_clerk, job.pk)
    cards.receive_card(station_clerk, job.pk)
    CardJob.objects.filter(pk=job.pk).update(handover_date=timezone.localdate())
    with pytest.raises(InvalidInput) as refused:
        cards.hand_over_card(station_clerk, job.pk, signature_confirmed=True)
    assert refused.value.field == "old_card_collected" and "規程第15条第5項" in refused.value.message
    done = cards.hand_over_card(station_clerk, job.pk, signature_confirmed=True, old_card_collected=True)
    assert done.state == "handed_over" and done.old_card_collected


def test_the_reissue_digit_wraps_from_nine_to_one(centre_clerk, licence):
    Licence.objects.filter(pk=licence.pk).update(number=licence.number[:11] + "9")
    reissue.receive_reissue_application(centre_clerk, licence.pk, ground="stolen", reason="盗難")
    assert fresh(licence).number == licence.number[:11] + "1"


def test_a_theft_may_raise_a_stolen_card_alert_for_the_old_number(case_officer_at_station, licence):
    application = reissue.receive_reissue_application(case_officer_at_station, licence.pk, ground="stolen",
                                                      theft_alert=True, reason="車上荒らしで盗難（被害届 受理）")
    alert = Alert.objects.get()
    assert (alert.kind, alert.card_number, alert.state) == ("stolen_card", licence.number, "requested")
    assert application.ledger_number in alert.reason and fresh(licence).number == licence.number[:11] + "1"


def test_the_alert_is_offered_not_forced_and_only_on_a_theft(case_officer_at_station, licence):
    with pytest.raises(InvalidInput) as refused:
        reissue.receive_reissue_application(case_officer_at_station, licence.pk, ground="lost", theft_alert=True,
                                            reason="亡失")
    assert refused.value.field == "theft_alert" and not Application.objects.exists()
    reissue.receive_reissue_application(case_officer_at_station, licence.pk, ground="stolen", reason="盗難")
    assert not Alert.objects.exists()


def test_a_clerk_who_may_not_request_alerts_changes_nothing_when_asking_for_one(station_clerk, licence):
    with pytest.raises(NotPermitted):
        reissue.receive_reissue_application(station_clerk, licence.pk, ground="stolen", theft_alert=True,
                                            reason="盗難")
    assert fresh(licence).number == licence.number and not Application.objects.exists()


def test_the_reissue_fee_comes_from_the_law_engine(centre_clerk, licence):
    application = reissue.receive_reissue_application(centre_clerk, licence.pk, ground="dirty", reason="汚損")
    [fee] = counter.fees_due(application)
    assert (fee.procedure, fee.amount, fee.paid) == ("reissue", 2600, False)


def test_bad_input_is_refused_with_the_field_and_changes_nothing(centre_clerk, licence):
    with pytest.raises(InvalidInput) as refused:
        reissue.receive_reissue_application(centre_clerk, licence.pk, ground="eaten", reason="")
    assert refused.value.field == "ground" and "亡失" in refused.value.message
    assert not Application.objects.exists() and fresh(licence).number == licence.number


def test_a_second_reissue_waits_for_the_first(centre_clerk, licence):
    reissue.receive_reissue_application(centre_clerk, licence.pk, ground="damaged", reason="破損")
    with pytest.raises(Conflict) as refused:
        reissue.receive_reissue_application(centre_clerk, licence.pk, ground="lost", reason="亡失")
    assert refused.value.code == "reissue_pending"


def test_a_surrendered_licence_is_not_reissued(centre_clerk, licence):
    Licence.objects.filter(pk=licence.pk).update(status="surrendered")
    with pytest.raises(Conflict) as refused:
        reissue.receive_reissue_application(centre_clerk, licence.pk, ground="lost", reason="亡失")
    assert refused.value.code == "not_valid"


def test_no_card_is_requested_without_the_application_photo(centre_clerk, licence):
    application = reissue.receive_reissue_application(centre_clerk, licence.pk, ground="lost", reason="亡失")
    with pytest.raises(InvalidInput) as refused:
        reissue.request_reissued_card(centre_clerk, application.pk)
    assert refused.value.field == "photo" and not CardJob.objects.exists()


def test_another_office_does_not_request_the_card(centre_clerk, station_clerk, licence, expect_one_denial):
    application = with_photo(reissue.receive_reissue_application(station_clerk, licence.pk, ground="lost",
                                                                 reason="亡失"))
    with expect_one_denial("other_office", "cards.reissue.request_card"), pytest.raises(NotPermitted):
        reissue.request_reissued_card(centre_clerk, application.pk)


def test_another_prefecture_is_refused_and_the_refusal_audited(make_operator, licence, expect_one_denial):
    osaka = make_operator("osaka_counter", ["counter"], "27-001")
    with expect_one_denial("cards.reissue_licence", "cards.reissue.receive"), pytest.raises(NotPermitted):
        reissue.receive_reissue_application(osaka, licence.pk, ground="lost", reason="亡失")


def test_the_reissue_application_form_is_a_pdf_with_the_old_number(centre_clerk, licence):
    application = reissue.receive_reissue_application(centre_clerk, licence.pk, ground="lost", reason="亡失")
    rendered = reissue.reissue_application_form(centre_clerk, application.pk)
    assert rendered.pdf.startswith(b"%PDF") and rendered.filename.startswith("再交付申請書-")
    assert AuditEvent.objects.filter(action="documents.reissue_application.render").count() == 1


def test_the_intake_form_does_not_take_a_reissue(centre_clerk, licence):
    with pytest.raises(InvalidInput) as refused:
        counter.receive_application(centre_clerk, {"application_type": "reissue", "route": "counter",
                                                   "licence_kind": "普通", "licence_number": licence.number})
    assert refused.value.field == "application_type" and "免許証の再交付" in refused.value.message


def test_the_test_application_form_is_not_made_for_a_reissue(centre_clerk, licence):
    application = reissue.receive_reissue_application(centre_clerk, licence.pk, ground="lost", reason="亡失")
    with pytest.raises(Conflict) as refused:
        counter.application_form(centre_clerk, application.pk)
    assert refused.value.code == "document_not_applicable"


def test_another_prefecture_does_not_get_the_reissue_form(make_operator, centre_clerk, licence, expect_one_denial):
    application = reissue.receive_reissue_application(centre_clerk, licence.pk, ground="lost", reason="亡失")
    osaka = make_operator("osaka_counter", ["counter"], "27-001")
    with expect_one_denial("cards.reissue_licence", "documents.reissue_application.render"), \
            pytest.raises(NotPermitted):
        reissue.reissue_application_form(osaka, application.pk)
