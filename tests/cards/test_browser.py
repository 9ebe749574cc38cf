"""Browser: at the 明石 試験場 a clerk issues the licence of a passed applicant (the 取得時講習 certificate
checked), the 免許証作成機 makes the card through the API, and the clerk receives it and hands it over
with the signature confirmed — on the server ``make run`` starts."""

from datetime import timedelta

import pytest
from django.utils import timezone
from tests.conftest import BROWSER_PASSWORD, device_api, server_shell
from tests.photos import upload_photo

from menkyo.core.wareki import wareki

pytestmark = pytest.mark.browser

SETUP = f"""
from datetime import date
from django.utils import timezone
from menkyo.accounts.models import Operator
from menkyo.accounts.services import register_device
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation
from menkyo.counter.models import Application
from menkyo.registry.models import Person
from menkyo.registry.services import clean_person
clerk = Operator(username="browser_akashi", display_name="明石 窓口", roles=["counter"],
                 affiliation=Affiliation.objects.get(code="28-002"))
clerk.set_password("{BROWSER_PASSWORD}"); clerk.save()
person = Person.objects.create(**clean_person(dict(
    name="試験 合子", name_kana="シケン ゴウコ", birth_date=date(2005, 5, 5), sex="2", postal_code="6500001",
    address="兵庫県神戸市中央区加納町6丁目5番1号", honseki="兵庫県")))
application = Application.objects.create(
    office_id="28-002", prefecture_id="28", person=person, application_type="new", route="direct",
    licence_kind_id="普通", state="passed", received_on=timezone.localdate(), received_by="browser-test")
printer = register_device(SystemActor("browser-test"), name="browser-printer", kind="card_printer",
                          affiliation="28-002", roles=[])
print(printer.token)
print(application.pk)
"""


@pytest.fixture(scope="module")
def passed(menkyo_server):
    """A passed applicant at the 明石 試験場, its clerk (browser_akashi) and the 試験場's printer token."""
    lines = server_shell(menkyo_server, SETUP)
    token, application = lines[-2:]
    return {"token": token, "application": int(application)}



def test_a_passed_applicant_gets_the_card_the_same_day_at_the_centre(menkyo_server, passed, logged_in_page,
                                                                     screenshot):
    url = menkyo_server["url"]
    clerk = logged_in_page("browser_akashi")
    upload_photo(clerk, url, passed["application"])
    clerk.click("nav.mainnav a[href='/cards/']")
    assert clerk.inner_text("[data-queue=passed]") == "1"
    clerk.click(f"a[href='/cards/applications/{passed['application']}/issue/']")
    clerk.click("#issue")  # no course certificate: refused in Japanese
    assert "取得時講習（普通車講習）の終了証明書の確認が必要です" in clerk.inner_text("main")
    screenshot(clerk, "cards-0-issue-refused.png")
    clerk.select_option("select[name=course]", "普通車講習")
    clerk.fill("input[name=certificate_number]", "KS-2026-0001")
    clerk.fill("input[name=completed_on]", wareki(timezone.localdate() - timedelta(days=7)))
    clerk.click("#issue")
    clerk.wait_for_selector("#job-detail")
    assert clerk.inner_text("#job-state") == "作成待ち" and "事務処理票番号" in clerk.inner_text("ul.messages")
    screenshot(clerk, "cards-1-requested.png")

    [card] = device_api(f"{url}/api/v1/card-jobs/pending", passed["token"])
    assert card["name"] == "試験 合子" and card["kinds"][0]["kind"] == "普通"
    device_api(f"{url}/api/v1/card-jobs/{card['job_id']}/produced", passed["token"], "POST", {"card_serial": "BR-000001"})

    clerk.reload()
    assert clerk.inner_text("#job-state") == "作成済"
    clerk.click("#receive")
    clerk.wait_for_selector("#hand-over")
    clerk.click("#hand-over")  # the signature box not ticked
    assert "受領の署名を確認してから交付してください" in clerk.inner_text("#hand-over-form")
    clerk.check("input[name=signature_confirmed]")
    screenshot(clerk, "cards-2-hand-over.png")
    clerk.click("#hand-over")
    clerk.wait_for_selector("ul.messages")
    assert clerk.inner_text("#job-state") == "交付済" and "免許証を交付しました。" in clerk.inner_text("ul.messages")
    screenshot(clerk, "cards-3-handed-over.png")
