"""Card fixtures: clerks at the 明石 試験場 (28-002) and the 生田 警察署 (28-101), a 審査 officer of the licence
division (28-001), the 試験場's 免許証作成機, applicants in the register and passed applications (made with the
ORM: intake and tests belong to other apps)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from tests.photos import stored_photo

from menkyo.cards import services
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation
from menkyo.counter.models import Application
from menkyo.registry import services as registry
from menkyo.registry.models import Person
from menkyo.rules.dates import is_closed_day

CENTRE, STATION = "28-002", "28-101"


def next_business_day(after=None):
    day = (after or timezone.localdate()) + timedelta(days=1)
    while is_closed_day(day):
        day += timedelta(days=1)
    return day


@pytest.fixture
def centre_clerk(make_operator):
    return make_operator("akashi_counter", ["counter"], CENTRE)


@pytest.fixture
def station_clerk(make_operator):
    return make_operator("ikuta_counter", ["counter"], STATION)


@pytest.fixture
def officer(make_operator):
    """A 審査 officer of the licence division (免許課, 28-001): reports and releases 交付停止."""
    return make_operator("menkyo_officer", ["case_officer"], "28-001")


@pytest.fixture
def printer(make_device):
    """The 明石 試験場's 免許証作成機 (a single-purpose device: no role)."""
    device = make_device("card_printer")
    device.affiliation = Affiliation.objects.get(code=CENTRE)
    device.save(update_fields=["affiliation"])
    return device


@pytest.fixture
def applicant(db, holder_data):
    """A person entered in the register at intake (no licence yet), 21 years old."""
    values = registry.clean_person(dict(holder_data, name="明石 花子", name_kana="アカシ ハナコ", sex="2",
                                        birth_date=timezone.localdate().replace(year=2005, day=1)))
    return Person.objects.create(**values, photo_ref="photo/2026/0001.jpg")


@pytest.fixture
def make_application(db):
    """make_application(person, …): with its 申請用写真 (ADR 0013: no card without one) unless ``photo=False``."""
    def make(person, *, office=CENTRE, kind="普通", application_type="new", route="direct", state="passed",
             photo=True):
        return Application.objects.create(
            office_id=office, prefecture_id="28", person=person, application_type=application_type, route=route,
            licence_kind_id=kind, state=state, received_on=timezone.localdate(), received_by="test",
            photo=stored_photo(person) if photo else None)
    return make


@pytest.fixture
def course():
    """The 普通車講習 終了証明書 shown at the counter (規程第13条第7項)."""
    return [{"course": "普通車講習", "number": "KS-0001", "completed_on": timezone.localdate() - timedelta(days=7)}]


@pytest.fixture
def centre_application(applicant, make_application):
    return make_application(applicant)


@pytest.fixture
def station_application(applicant, make_application):
    return make_application(applicant, office=STATION)


@pytest.fixture
def centre_job(centre_clerk, centre_application, course):
    return services.issue_licence(centre_clerk, centre_application.pk, course_certificates=course)


@pytest.fixture
def station_job(station_clerk, station_application, course):
    return services.issue_licence(station_clerk, station_application.pk, course_certificates=course,
                                  handover_date=next_business_day())


@pytest.fixture
def produce(printer):
    """produce(job): the printer takes the job and reports it made."""
    def run(job, serial=None):
        services.fetch_card_jobs(printer, limit=50)
        return services.report_card_produced(printer, job.pk, card_serial=serial or f"SN-{job.pk:06d}")
    return run


@pytest.fixture
def ready_centre_job(centre_job, produce, centre_clerk):
    produce(centre_job)
    return services.receive_card(centre_clerk, centre_job.pk)


@pytest.fixture
def system():
    return SystemActor("test")
