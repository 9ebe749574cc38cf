"""Deaths (規程第56条): a station reports a dead holder after an inquiry (第1項); another officer of the
licence division registers the deletion, which stops the 更新連絡書 (第2項), or returns the report."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from menkyo.audit.models import AuditEvent
from menkyo.core.actors import SystemActor
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.inquiry.services import make_inquiry
from menkyo.notices import deaths, services
from menkyo.notices.models import DeathReport, DeathReportState, NoticePart, RenewalNotice
from menkyo.registry.models import HistoryEvent, Licence

pytestmark = pytest.mark.django_db

BATCH = SystemActor("task:notices.batch")


@pytest.fixture
def station(make_operator):
    return make_operator("station_clerk", ["counter", "inquiry"], "28-001")


@pytest.fixture
def officer(make_operator):
    return make_operator("division_officer", ["case_officer"], "28-001")


@pytest.fixture
def dead(holders):
    return holders["renewal"]


def inquire(actor, licence, purpose="死亡等"):
    return make_inquiry(actor, purpose=purpose, licence_number=licence.number).inquiry


def report(actor, licence, **change):
    values = {"inquiry_id": inquire(actor, licence).pk, "licence_number": licence.number, "source": "family",
              "died_on": timezone.localdate() - timedelta(days=2), "note": "長男から電話"}
    return deaths.report_death(actor, **{**values, **change})


def test_a_station_reports_a_death_found_by_an_inquiry_in_its_ledger(station, dead):
    reported = report(station, dead)
    assert reported.state == DeathReportState.REPORTED and reported.person_id == dead.person_id
    assert reported.ledger_number == f"28-001-{timezone.localdate().year}-0001"
    event = AuditEvent.objects.filter(action="notices.death.report").get()
    assert event.person_id == dead.person_id and event.detail["legal_basis"] == "規程第56条"
    assert Licence.objects.get(pk=dead.pk).status == "valid"  # nothing changes before the division confirms


def test_the_division_registers_the_deletion_and_the_licence_is_deleted_with_its_history(station, officer, dead):
    registered = deaths.register_deletion(officer, report(station, dead))
    assert registered.state == DeathReportState.REGISTERED and registered.decided_by == officer.actor_name
    assert Licence.objects.get(pk=dead.pk).status == "deceased"
    history = HistoryEvent.objects.filter(licence=dead, event_type="deceased").get()
    assert history.changes == {"status": ["valid", "deceased"]} and history.legal_basis == "規程第56条第2項"


def test_a_registered_death_stops_the_notice_not_yet_printed(station, officer, dead, month):
    batch = services.start_batch(BATCH, month, prefecture="28")
    services.select_notices(BATCH, batch)
    assert RenewalNotice.objects.filter(licence=dead).exists()
    deaths.register_deletion(officer, report(station, dead))
    services.run_batch(BATCH, batch.pk)
    batch.refresh_from_db()
    text = services.mail_path(batch).read_text(encoding="utf-8-sig")
    assert "更新 一郎" not in text and "更新 二郎" in text
    assert NoticePart.objects.get(batch=batch, number=1).pages == 1


def test_the_reporter_cannot_register_their_own_report(make_operator, dead):
    both = make_operator("both_roles", ["inquiry", "case_officer"], "28-001")
    reported = report(both, dead)
    with pytest.raises(NotPermitted) as refused:
        deaths.register_deletion(both, reported)
    assert refused.value.code == "separation_of_duties"
    assert Licence.objects.get(pk=dead.pk).status == "valid"
    assert AuditEvent.objects.filter(action="notices.death.register", outcome="denied").count() == 1


def test_a_returned_report_needs_a_reason_and_leaves_the_licence(station, officer, dead):
    reported = report(station, dead)
    with pytest.raises(InvalidInput) as refused:
        deaths.return_death_report(officer, reported, reason=" ")
    assert refused.value.field == "reason"
    deaths.return_death_report(officer, reported, reason="本人の生存を確認（同姓同名の別人）")
    reported.refresh_from_db()
    assert reported.state == DeathReportState.RETURNED and Licence.objects.get(pk=dead.pk).status == "valid"


@pytest.mark.parametrize(("change", "field"), [
    ({"inquiry_id": 999999}, "inquiry_id"), ({"inquiry_id": "abc"}, "inquiry_id"),
    ({"licence_number": "12"}, "licence_number"), ({"licence_number": "999999999999"}, "licence_number"),
    ({"source": "rumour"}, "source"), ({"died_on": None}, "died_on"), ({"died_on": date(2999, 1, 1)}, "died_on"),
    ({"died_on": date(1900, 1, 1)}, "died_on"), ({"note": "長" * 201}, "note"),
])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(station, dead, change, field):
    inquiry = inquire(station, dead)
    values = {"inquiry_id": inquiry.pk, "licence_number": dead.number, "source": "body",
              "died_on": timezone.localdate(), **change}
    with pytest.raises(InvalidInput) as refused:
        deaths.report_death(station, **values)
    assert refused.value.field == field and refused.value.message
    assert not DeathReport.objects.exists()


def test_the_inquiry_must_be_for_deaths_and_have_found_the_person(station, holders):
    other = inquire(station, holders["renewal2"])
    with pytest.raises(InvalidInput, match="該当していません"):
        report(station, holders["renewal"], inquiry_id=other.pk)
    counter_work = make_inquiry(station, purpose="窓口事務", licence_number=holders["renewal"].number).inquiry
    with pytest.raises(InvalidInput, match="死亡等"):
        report(station, holders["renewal"], inquiry_id=counter_work.pk)


def test_a_second_open_report_for_the_same_licence_is_a_conflict(station, dead):
    report(station, dead)
    with pytest.raises(Conflict):
        report(station, dead)
    assert DeathReport.objects.count() == 1


def test_an_already_deleted_licence_cannot_be_reported(station, holders):
    with pytest.raises(InvalidInput, match="死亡等抹消"):
        report(station, holders["dead"])


def test_a_station_of_another_prefecture_reports_to_the_licences_division_which_alone_registers(
        make_operator, officer, dead, expect_one_denial):
    osaka = make_operator("osaka_station", ["inquiry", "case_officer"], "27-001")
    reported = report(osaka, dead)  # a body found in 大阪, the licence 兵庫's
    assert (reported.prefecture_id, reported.office.code) == ("28", "27-001")
    assert reported.ledger_number.startswith("27-001-")  # the station's own 処理簿
    event = AuditEvent.objects.filter(action="notices.death.report").get()
    assert event.subject_prefecture_code == "28" and event.detail["reporting_prefecture"] == "27"
    assert deaths.death_reports(osaka) == [reported] and deaths.death_reports(officer) == [reported]
    with expect_one_denial("notices.register_deletion", "notices.death.register"), pytest.raises(NotPermitted):
        deaths.register_deletion(osaka, reported)  # the reporting prefecture does not delete 兵庫's licence
    assert Licence.objects.get(pk=dead.pk).status == "valid"
    deaths.register_deletion(officer, reported)
    assert Licence.objects.get(pk=dead.pk).status == "deceased"
    assert deaths.get_death_report(osaka, reported.pk).state == DeathReportState.REGISTERED


def test_a_third_prefecture_neither_lists_nor_reads_the_report(make_operator, station, dead, expect_one_denial):
    tokyo = make_operator("tokyo_station", ["counter", "inquiry", "case_officer"], "13-001")
    reported = report(station, dead)
    assert deaths.death_reports(tokyo) == []
    with expect_one_denial("notices.view_death_reports", "notices.death.read"), pytest.raises(NotPermitted):
        deaths.get_death_report(tokyo, reported.pk)


def test_the_inquiry_behind_a_report_must_be_the_reporting_prefectures_own(make_operator, station, dead):
    osaka = make_operator("osaka_station", ["inquiry"], "27-001")
    with pytest.raises(InvalidInput, match="自県で照会事由「死亡等」"):
        report(osaka, dead, inquiry_id=inquire(station, dead).pk)
    assert not DeathReport.objects.exists()
