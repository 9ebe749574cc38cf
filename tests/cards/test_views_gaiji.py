"""The card job page and 外字 (規程第13条): the registered glyphs the card prints with their IC chip number, and
「外字の登録待ち」 with a link to the 外字 register while one is not registered."""

import pytest
from tests.gaiji.conftest import RING

from menkyo.cards import services
from menkyo.gaiji import services as glyphs
from menkyo.registry.models import Person
from menkyo.registry.services import clean_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def gaiji_job(centre_clerk, make_application, holder_data, course):
    person = Person.objects.create(**clean_person(dict(holder_data, name="\ue001田 花子", name_kana="タツサキダ ハナコ")))
    return services.issue_licence(centre_clerk, make_application(person).pk, course_certificates=course)


def job_page(client, login_as, clerk, job) -> str:
    login_as(client, clerk)
    response = client.get(f"/cards/jobs/{job.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_an_unregistered_gaiji_shows_the_job_waiting_with_a_link_to_the_register(client, login_as, centre_clerk,
                                                                                 gaiji_job):
    html = job_page(client, login_as, centre_clerk, gaiji_job)
    assert 'id="gaiji-waiting"' in html and "外字の登録待ち" in html and "U+E001" in html
    assert '<a href="/gaiji/" id="gaiji-register-link">' in html
    assert "未登録（外字の登録待ち）" in html


def test_a_registered_gaiji_shows_its_glyph_and_chip_number_and_no_waiting(client, login_as, centre_clerk, officer,
                                                                           gaiji_job):
    glyphs.register_glyph(officer, code_point="U+E001", bitmap=RING, reason="氏名に使用")
    html = job_page(client, login_as, centre_clerk, gaiji_job)
    assert 'id="gaiji-waiting"' not in html
    assert 'id="job-gaiji"' in html and 'class="gaiji-picture"' in html and "外字1" in html and "GJ000001" in html


def test_a_job_without_gaiji_shows_no_gaiji_table(client, login_as, centre_clerk, centre_job):
    html = job_page(client, login_as, centre_clerk, centre_job)
    assert 'id="job-gaiji"' not in html and 'id="gaiji-waiting"' not in html


def test_the_queue_marks_a_job_waiting_for_its_gaiji(client, login_as, centre_clerk, officer, gaiji_job, centre_job):
    login_as(client, centre_clerk)
    html = client.get("/cards/?office=28-002").content.decode()
    assert html.count("外字の登録待ち</strong>") == 1
    glyphs.register_glyph(officer, code_point="U+E001", bitmap=RING, reason="氏名に使用")
    assert "外字の登録待ち</strong>" not in client.get("/cards/?office=28-002").content.decode()
