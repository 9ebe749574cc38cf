"""Browser: at the 明石 試験場 a clerk opens an application, chooses the applicant's photo file (a GIF
first: refused in Japanese), uploads a JPEG and sees the photo on the page — on the server ``make run``
starts."""

import pytest
from tests.conftest import BROWSER_PASSWORD, server_shell
from tests.photos import camera_photo, gif_photo

pytestmark = pytest.mark.browser

SETUP = f"""
from datetime import date
from django.utils import timezone
from menkyo.accounts.models import Operator
from menkyo.core.models import Affiliation
from menkyo.counter.models import Application
from menkyo.registry.models import Person
from menkyo.registry.services import clean_person
clerk = Operator(username="browser_photo", display_name="明石 写真", roles=["counter"],
                 affiliation=Affiliation.objects.get(code="28-002"))
clerk.set_password("{BROWSER_PASSWORD}"); clerk.save()
person = Person.objects.create(**clean_person(dict(
    name="写真 映子", name_kana="シャシン エイコ", birth_date=date(2006, 6, 6), sex="2", postal_code="6500001",
    address="兵庫県神戸市中央区加納町6丁目5番1号", honseki="兵庫県")))
application = Application.objects.create(
    office_id="28-002", prefecture_id="28", person=person, application_type="new", route="direct",
    licence_kind_id="普通", state="received", received_on=timezone.localdate(), received_by="browser-test")
print(application.pk)
"""


@pytest.fixture(scope="module")
def application(menkyo_server):
    lines = server_shell(menkyo_server, SETUP)
    return int(lines[-1])


def test_a_clerk_uploads_the_applicants_photo_and_sees_it(menkyo_server, application, logged_in_page, screenshot,
                                                          tmp_path):
    gif, jpeg = tmp_path / "photo.gif", tmp_path / "photo.jpg"
    gif.write_bytes(gif_photo())
    jpeg.write_bytes(camera_photo())
    clerk = logged_in_page("browser_photo")
    clerk.goto(f"{menkyo_server['url']}/counter/applications/{application}/")
    assert "写真は登録されていません" in clerk.inner_text("#photo-card")
    clerk.set_input_files("input[name=photo]", str(gif))
    clerk.click("#photo-submit")
    assert "JPEG又はPNG" in clerk.inner_text("#photo-card")
    clerk.set_input_files("input[name=photo]", str(jpeg))
    clerk.click("#photo-submit")
    clerk.wait_for_selector("#application-photo")
    assert "申請用写真を登録しました（480×600画素）" in clerk.inner_text("ul.messages")
    clerk.wait_for_function("document.querySelector('#application-photo').complete")  # loaded, or broken
    shown = clerk.evaluate("document.querySelector('#application-photo').naturalWidth")
    assert shown == 480  # the browser loaded the stored image itself
    screenshot(clerk, "counter-photo.png")
