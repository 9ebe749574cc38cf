"""The 免許証作成機 (規程第13条第1項・第5項): it takes the pending jobs of its own centre with what the card
shows, reports each card made with its serial or failed; after three failures a job waits for staff."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tests.cards.conftest import CENTRE

from menkyo.accounts.services import register_device
from menkyo.audit.models import AuditEvent
from menkyo.cards import services
from menkyo.cards.models import FAILURES_BEFORE_STAFF, CardJob
from menkyo.core.actors import SystemActor
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.registry import services as registry
from menkyo.registry.models import Person
from menkyo.registry.services import clean_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_job(centre_clerk, make_application, holder_data, course):
    other = Person.objects.create(**clean_person(dict(holder_data, name="明石 次郎", name_kana="アカシ ジロウ")))
    return services.issue_licence(centre_clerk, make_application(other).pk, course_certificates=course)


@pytest.fixture
def other_printer(db):
    created = register_device(SystemActor("test"), name="printer_2", kind="card_printer", affiliation=CENTRE, roles=[])
    created.device.token = created.token
    return created.device


def test_a_printer_takes_its_centres_jobs_oldest_first_with_what_the_card_shows(printer, centre_job, second_job):
    taken = services.fetch_card_jobs(printer, limit=10)
    assert [p.job_id for p in taken] == [centre_job.pk, second_job.pk]
    card = taken[0]
    licence = centre_job.licence
    today = timezone.localdate()
    assert (card.number, card.name, card.birth_date, card.address) == (
        licence.number, "明石 花子", centre_job.person.birth_date, "兵庫県神戸市中央区加納町6丁目5番1号")
    assert (card.issue_date, card.expiry_date, card.colour, card.commission) == (
        today, licence.expiry_date, "green", "兵庫県公安委員会")
    assert [(k.kind, k.acquired_on, k.label) for k in card.kinds] == [("普通", today, "普通")]
    assert (card.conditions, card.photo_ref, card.card_kind) == (
        [], f"sha256:{centre_job.application.photo.sha256}", "licence")
    assert not hasattr(card, "honseki")
    assert set(CardJob.objects.values_list("printer", flat=True)) == {printer.name}
    events = AuditEvent.objects.filter(action="cards.job.fetch").order_by("seq")
    assert [(e.object_id, e.person_id, e.actor_kind) for e in events] == [
        (str(centre_job.pk), centre_job.person_id, "device"), (str(second_job.pk), second_job.person_id, "device")]


def test_a_provisional_card_shows_its_kind_and_six_months(printer, centre_clerk, make_application, applicant):
    job = services.issue_licence(centre_clerk, make_application(applicant, kind="普通仮",
                                                                application_type="provisional").pk)
    [card] = services.fetch_card_jobs(printer)
    assert (card.job_id, card.card_kind, [k.kind for k in card.kinds]) == (job.pk, "provisional", ["普通仮"])
    assert card.expiry_date == job.provisional_licence.expiry_date and card.colour == ""


def test_a_job_taken_is_not_given_to_another_printer_until_its_lease_runs_out(printer, other_printer, centre_job):
    assert len(services.fetch_card_jobs(printer)) == 1
    assert services.fetch_card_jobs(other_printer) == []
    CardJob.objects.filter(pk=centre_job.pk).update(taken_at=timezone.now() - services.PRINTER_LEASE - timedelta(1))
    assert [p.job_id for p in services.fetch_card_jobs(other_printer)] == [centre_job.pk]


def test_the_limit_is_kept(printer, centre_job, second_job):
    assert [p.job_id for p in services.fetch_card_jobs(printer, limit=1)] == [centre_job.pk]
    assert [p.job_id for p in services.fetch_card_jobs(printer, limit=1)] == [second_job.pk]


@pytest.mark.parametrize("limit", [0, 51, True, "5"])
def test_a_bad_limit_is_refused(printer, limit):
    with pytest.raises(InvalidInput) as refused:
        services.fetch_card_jobs(printer, limit=limit)
    assert refused.value.field == "limit"


def test_a_printer_of_another_office_gets_none_of_the_centres_jobs(make_device, centre_job):
    elsewhere = make_device("card_printer")  # at the licence division 28-001, which makes no cards
    assert services.fetch_card_jobs(elsewhere) == []


@pytest.mark.parametrize("kind", ["omr", "kiosk", "terminal"])
def test_other_devices_may_not_take_jobs_and_the_denial_is_audited(make_device, centre_job, kind, expect_one_denial):
    device = make_device(kind)
    with expect_one_denial("cards.produce_card", "cards.job.fetch"), pytest.raises(NotPermitted):
        services.fetch_card_jobs(device)


def test_an_operator_may_not_take_jobs(centre_clerk, centre_job, expect_one_denial):
    with expect_one_denial("cards.produce_card", "cards.job.fetch"), pytest.raises(NotPermitted):
        services.fetch_card_jobs(centre_clerk)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SELECT … FOR UPDATE SKIP LOCKED is PostgreSQL's")
def test_on_postgresql_jobs_another_printer_is_taking_are_skipped_not_waited_for(printer, centre_job):
    with CaptureQueriesContext(connection) as queries:
        services.fetch_card_jobs(printer)
    select = next(q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT") and "cards_cardjob" in q["sql"])
    assert select.endswith('FOR UPDATE OF "cards_cardjob" SKIP LOCKED')


# --- produced ----------------------------------------------------------------------------------------


def test_a_card_made_is_reported_with_its_serial(printer, centre_job):
    services.fetch_card_jobs(printer)
    job = services.report_card_produced(printer, centre_job.pk, card_serial="AK-000123")
    assert (job.state, job.card_serial, job.printer, job.taken_at) == ("produced", "AK-000123", printer.name, None)
    event = AuditEvent.objects.get(action="cards.job.produce")
    assert (event.outcome, event.detail["to"], event.detail["legal_basis"]) == ("ok", "produced", "規程第13条")


def test_the_same_report_twice_changes_nothing(printer, centre_job):
    services.fetch_card_jobs(printer)
    services.report_card_produced(printer, centre_job.pk, card_serial="AK-000123")
    again = services.report_card_produced(printer, centre_job.pk, card_serial="AK-000123")
    assert again.state == "produced" and AuditEvent.objects.filter(action="cards.job.produce").count() == 1


def test_a_serial_already_reported_is_refused(printer, centre_job, second_job):
    services.fetch_card_jobs(printer)
    services.report_card_produced(printer, centre_job.pk, card_serial="AK-000123")
    with pytest.raises(InvalidInput) as refused:
        services.report_card_produced(printer, second_job.pk, card_serial="AK-000123")
    assert refused.value.code == "duplicate_serial"
    assert CardJob.objects.get(pk=second_job.pk).state == "requested"


@pytest.mark.parametrize("serial", ["", "AK 0001", "ＡＫ１", "X" * 33])
def test_a_bad_serial_is_refused_on_its_field(printer, centre_job, serial):
    services.fetch_card_jobs(printer)
    with pytest.raises(InvalidInput) as refused:
        services.report_card_produced(printer, centre_job.pk, card_serial=serial)
    assert refused.value.field == "card_serial"


def test_a_job_not_taken_by_this_printer_cannot_be_reported(printer, other_printer, centre_job):
    with pytest.raises(Conflict) as refused:
        services.report_card_produced(printer, centre_job.pk, card_serial="AK-1")
    assert refused.value.code == "not_taken"
    services.fetch_card_jobs(printer)
    with pytest.raises(Conflict):
        services.report_card_produced(other_printer, centre_job.pk, card_serial="AK-1")


def test_a_printer_of_another_office_cannot_report_and_the_refusal_is_audited(make_device, centre_job,
                                                                              expect_one_denial):
    elsewhere = make_device("card_printer")
    with expect_one_denial("other_office", "cards.job.produce"), pytest.raises(NotPermitted):
        services.report_card_produced(elsewhere, centre_job.pk, card_serial="AK-1")


# --- failed ------------------------------------------------------------------------------------------


def test_a_failure_keeps_the_job_waiting_with_the_reason_for_another_try(printer, other_printer, centre_job):
    services.fetch_card_jobs(printer)
    job = services.report_card_failed(printer, centre_job.pk, reason="ICチップの書込みエラー")
    assert (job.state, job.attempts, job.failure_reason, job.printer) == ("requested", 1, "ICチップの書込みエラー", "")
    event = AuditEvent.objects.get(action="cards.job.fail")
    assert event.detail == {"attempts": 1, "needs_staff": False, "reason": "ICチップの書込みエラー",
                            "legal_basis": "規程第13条"}
    assert [p.job_id for p in services.fetch_card_jobs(other_printer)] == [centre_job.pk]


def test_after_three_failures_the_job_waits_for_staff_who_offer_it_again(printer, centre_job, centre_clerk):
    for _ in range(FAILURES_BEFORE_STAFF):
        services.fetch_card_jobs(printer)
        job = services.report_card_failed(printer, centre_job.pk, reason="印刷不良")
    assert job.needs_staff and services.fetch_card_jobs(printer) == []
    assert AuditEvent.objects.filter(action="cards.job.fail").order_by("-seq").first().detail["needs_staff"]
    assert services.actions_for(centre_clerk, job) == ["retry"]
    services.retry_card(centre_clerk, centre_job.pk, reason="作成機を修理した")
    assert [p.job_id for p in services.fetch_card_jobs(printer)] == [centre_job.pk]
    assert AuditEvent.objects.get(action="cards.job.retry").detail["failures"] == FAILURES_BEFORE_STAFF


def test_a_job_that_did_not_fail_is_not_retried(centre_clerk, centre_job):
    with pytest.raises(Conflict) as refused:
        services.retry_card(centre_clerk, centre_job.pk, reason="念のため")
    assert refused.value.code == "not_failed"


def test_a_failure_needs_a_reason(printer, centre_job):
    services.fetch_card_jobs(printer)
    with pytest.raises(InvalidInput) as refused:
        services.report_card_failed(printer, centre_job.pk, reason=" ")
    assert refused.value.field == "reason" and CardJob.objects.get().attempts == 0


def test_a_card_already_made_cannot_fail(printer, centre_job):
    services.fetch_card_jobs(printer)
    services.report_card_produced(printer, centre_job.pk, card_serial="AK-1")
    with pytest.raises(Conflict) as refused:
        services.report_card_failed(printer, centre_job.pk, reason="印刷不良")
    assert refused.value.code == "illegal_transition"


def test_print_data_has_the_deemed_kind_with_its_limit(printer, centre_clerk, make_application, system, holder_data):
    licence = registry.register_holder(system, dict(holder_data, kinds={"普通": date(2000, 8, 1)}))
    services.issue_licence(centre_clerk, make_application(licence.person, kind="普自二", application_type="additional").pk,
                           course_certificates=[{"course": "二輪車講習", "number": "N1",
                                                 "completed_on": timezone.localdate()},
                                                {"course": "応急救護処置講習", "number": "N2",
                                                 "completed_on": timezone.localdate()}])
    [card] = services.fetch_card_jobs(printer)
    assert [k.label for k in card.kinds] == ["中型（8t限定）", "普自二"]
    assert card.conditions == ["中型車は中型車(8t)に限る"]
