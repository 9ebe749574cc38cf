"""The 裏書 of a licence card (規程第14条): a change of particulars of a card holder makes a job for the
追記装置 with what the back shows; the device fetches and completes it (idempotent); a job whose card was
replaced since is cancelled and refused; audited and in the history."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone
from tests.payments import paid
from tests.photos import stored_photo

from menkyo.audit.models import AuditEvent
from menkyo.cards import endorsement, mynumber, reissue
from menkyo.cards.models import EndorsementJob
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.core.models import Affiliation
from menkyo.counter.models import Application
from menkyo.registry import services as registry
from menkyo.registry.models import HistoryEvent, Licence

pytestmark = pytest.mark.django_db
NEW_ADDRESS = "兵庫県神戸市中央区加納町6丁目5番2号"


@pytest.fixture
def licence(system, holder_data):
    licence = registry.register_holder(system, dict(holder_data, issue_date=date(2025, 6, 1)))
    Licence.objects.filter(pk=licence.pk).update(photo=stored_photo(licence.person))
    return Licence.objects.select_related("person").get(pk=licence.pk)


@pytest.fixture
def endorser(make_device):
    """The 明石 試験場's 追記装置 (kind ``endorsement``, no role)."""
    device = make_device("endorsement")
    device.affiliation = Affiliation.objects.get(code="28-002")
    device.roles = []
    device.save(update_fields=["affiliation", "roles"])
    return device


def change(actor, licence, **values):
    person = licence.person
    person.refresh_from_db()
    return registry.change_particulars(actor, person.pk, values or {"address": NEW_ADDRESS}, reason="記載事項変更届",
                                       expected_version=person.version)


def test_a_change_of_address_of_a_card_holder_makes_an_endorsement_with_what_the_back_shows(centre_clerk, licence):
    change(centre_clerk, licence)
    job = EndorsementJob.objects.get()
    assert job.lines == [{"item": "住所", "value": NEW_ADDRESS, "printed": True}]
    assert (job.state, job.office_id, job.changed_on, job.commission) == (
        "pending", "28-002", timezone.localdate(), "兵庫県公安委員会")
    event = AuditEvent.objects.get(action="cards.endorsement.create")
    assert event.detail["items"] == ["住所"] and NEW_ADDRESS not in str(event.detail)
    assert HistoryEvent.objects.get(event_type="card.endorsement_requested").legal_basis == "規程第14条"


def test_a_change_the_card_does_not_show_makes_no_endorsement_and_honseki_is_for_the_chip_only(centre_clerk,
                                                                                             licence, officer):
    change(centre_clerk, licence, name_kana="ヤマダ タロー")
    assert not EndorsementJob.objects.exists()
    change(officer, licence, name="山田 太朗", honseki="大阪府")
    assert EndorsementJob.objects.get().lines == [{"item": "氏名", "value": "山田 太朗", "printed": True},
                                                   {"item": "本籍", "value": "大阪府", "printed": False}]


def test_a_mynumber_only_holder_gets_no_endorsement(centre_clerk, licence):
    mynumber.record_on_mynumber_card(centre_clerk, licence.pk, **paid(), keep_card=False, signature_confirmed=True,
                                     card_valid_until=timezone.localdate() + timedelta(days=900))
    change(centre_clerk, licence)
    assert not EndorsementJob.objects.exists()


def test_the_endorsement_device_fetches_and_completes_the_job_once(centre_clerk, licence, endorser):
    change(centre_clerk, licence)
    fetched = endorsement.fetch_endorsements(endorser, limit=5)
    assert [(d.licence_number, d.lines[0]["value"], d.commission) for d in fetched] == [
        (licence.number, NEW_ADDRESS, "兵庫県公安委員会")]
    assert "未確認" in fetched[0].layout_note and fetched[0].changed_on_wareki.startswith("令和")
    assert AuditEvent.objects.filter(action="cards.endorsement.fetch").count() == 1
    done = endorsement.complete_endorsement(endorser, fetched[0].id)
    assert (done.state, done.device) == ("done", endorser.actor_name)
    again = endorsement.complete_endorsement(endorser, fetched[0].id)
    assert again.state == "done" and AuditEvent.objects.filter(action="cards.endorsement.complete").count() == 1
    assert HistoryEvent.objects.filter(event_type="card.endorsed").count() == 1
    assert endorsement.fetch_endorsements(endorser) == []


def test_a_job_whose_card_was_replaced_is_cancelled_and_refused(centre_clerk, licence, endorser):
    change(centre_clerk, licence)
    job = EndorsementJob.objects.get()
    application = reissue.receive_reissue_application(centre_clerk, licence.pk, ground="dirty", reason="再交付申請書")
    Application.objects.filter(pk=application.pk).update(photo=stored_photo(licence.person))
    reissue.request_reissued_card(centre_clerk, application.pk)
    assert endorsement.fetch_endorsements(endorser) == []
    with pytest.raises(Conflict) as refused:
        endorsement.complete_endorsement(endorser, job.pk)
    assert refused.value.code == "card_replaced" and "新しい免許証" in refused.value.message
    job.refresh_from_db()
    assert job.state == "cancelled" and AuditEvent.objects.filter(action="cards.endorsement.cancel").count() == 1
    with pytest.raises(Conflict):
        endorsement.complete_endorsement(endorser, job.pk)
    assert AuditEvent.objects.filter(action="cards.endorsement.cancel").count() == 1


def test_only_the_endorsement_device_of_the_office_writes_the_back(centre_clerk, station_clerk, licence, endorser,
                                                                   make_device, expect_one_denial):
    change(station_clerk, licence)
    job = EndorsementJob.objects.get()
    assert endorsement.fetch_endorsements(endorser) == []
    with expect_one_denial("other_office", "cards.endorsement.complete"), pytest.raises(NotPermitted) as refused:
        endorsement.complete_endorsement(endorser, job.pk)
    assert "生田" in refused.value.message
    printer = make_device("card_printer")
    with expect_one_denial("cards.endorse_card", "cards.endorsement.complete"), pytest.raises(NotPermitted):
        endorsement.complete_endorsement(printer, job.pk)
    with expect_one_denial("cards.endorse_card", "cards.endorsement.fetch"), pytest.raises(NotPermitted):
        endorsement.fetch_endorsements(centre_clerk)
    osaka = make_device("endorsement", "other")
    with expect_one_denial("cards.endorse_card", "cards.endorsement.complete"), pytest.raises(NotPermitted):
        endorsement.complete_endorsement(osaka, job.pk)
    assert EndorsementJob.objects.get().state == "pending"


def test_bad_inputs_are_refused_naming_the_field(centre_clerk, endorser):
    for limit in (0, 51, "3", True):
        with pytest.raises(InvalidInput) as refused:
            endorsement.fetch_endorsements(endorser, limit=limit)
        assert refused.value.field == "limit"
    with pytest.raises(NotFound):
        endorsement.complete_endorsement(endorser, 999_999)
    with pytest.raises(InvalidInput) as refused:
        endorsement.list_endorsements(centre_clerk, "unknown")
    assert refused.value.field == "state"


def test_the_list_shows_the_own_prefecture_only(centre_clerk, licence, make_operator):
    change(centre_clerk, licence)
    assert [job.licence_id for job in endorsement.list_endorsements(centre_clerk)] == [licence.pk]
    assert endorsement.list_endorsements(make_operator("osaka_counter", ["counter"], "27-001")) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_on_postgresql_completing_locks_the_job_and_not_the_office(centre_clerk, licence, endorser, locked_tables):
    change(centre_clerk, licence)
    job = EndorsementJob.objects.get()
    locked = locked_tables(lambda: endorsement.complete_endorsement(endorser, job.pk))
    assert "cards_endorsementjob" in locked and "core_affiliation" not in locked
