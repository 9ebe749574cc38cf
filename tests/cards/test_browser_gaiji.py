"""Browser: at a 試験場 two licences are issued (set up in the shell through the cards services) to holders
whose names hold a 外字 — one registered in the 外字 register, one not. The clerk's card job page shows the
registered glyph with its IC chip number (外字1); the 免許証作成機 fetches that job through the API with the glyph,
and is not given the other, whose page and queue show 「外字の登録待ち」 with a link to the register — on the
server ``make run`` starts. Screenshots in test-results/."""

import base64
import hashlib

import pytest
from tests.conftest import BROWSER_PASSWORD, device_api, server_shell

pytestmark = pytest.mark.browser

CENTRE = "28-090"  # a 試験場 of its own: its printer takes no other browser test's jobs
SETUP = f"""
CENTRE = "{CENTRE}"
import importlib.util, os
from datetime import date, timedelta
from django.utils import timezone
spec = importlib.util.spec_from_file_location("photos", os.path.join(os.getcwd(), "tests", "photos.py"))
photos = importlib.util.module_from_spec(spec); spec.loader.exec_module(photos)
from menkyo.accounts.models import Operator
from menkyo.accounts.services import register_device
from menkyo.cards import services as cards
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation
from menkyo.counter.models import Application
from menkyo.gaiji import bitmaps, services as gaiji
from menkyo.registry.models import Person
from menkyo.registry.services import clean_person
system = SystemActor("browser-setup")
centre = Affiliation.objects.create(code=CENTRE, prefecture_id="28", kind="licence_centre", name="但馬運転免許試験場")
clerk = Operator(username="browser_gaiji_tajima", display_name="但馬 外字窓口", roles=["counter"], affiliation=centre)
clerk.set_password("{BROWSER_PASSWORD}"); clerk.save()
ring = bitmaps.from_rows([[4 <= x < 28 and 4 <= y < 28 and not (8 <= x < 24 and 8 <= y < 24) for x in range(32)]
                          for y in range(32)])
gaiji.register_glyph(system, code_point="U+E0A1", bitmap=ring, mj_name="MJ099901", reading="たつさき",
                     reason="氏名に使用")  # an MJ name: the local 外字番号 series is the 外字 browser test's
course = [{{"course": "普通車講習", "number": "KS-0A01", "completed_on": timezone.localdate() - timedelta(days=7)}}]
jobs = []
for name, kana in (("\\ue0a1田 花子", "タツサキダ ハナコ"), ("\\ue0a2川 待子", "ガイジカワ マチコ")):
    person = Person.objects.create(**clean_person(dict(
        name=name, name_kana=kana, birth_date=date(2004, 4, 4), sex="2", postal_code="6500001",
        address="兵庫県神戸市中央区加納町6丁目5番1号", honseki="兵庫県")))
    application = Application.objects.create(
        office_id=CENTRE, prefecture_id="28", person=person, application_type="new", route="direct",
        licence_kind_id="普通", state="passed", received_on=timezone.localdate(), received_by="browser-setup",
        photo=photos.stored_photo(person))
    jobs.append(cards.issue_licence(clerk, application.pk, course_certificates=course).pk)
printer = register_device(system, name="browser-gaiji-printer", kind="card_printer", affiliation=CENTRE, roles=[])
print(printer.token)
print(jobs[0]); print(jobs[1])
"""


@pytest.fixture(scope="module")
def gaiji_jobs(menkyo_server):
    token, registered, waiting = server_shell(menkyo_server, SETUP)[-3:]
    return {"token": token, "registered": int(registered), "waiting": int(waiting)}


def test_the_card_job_shows_the_registered_gaiji_the_printer_gets_it_and_an_unregistered_one_waits(
        menkyo_server, gaiji_jobs, logged_in_page, screenshot):
    url = menkyo_server["url"]
    clerk = logged_in_page("browser_gaiji_tajima")
    clerk.goto(f"{url}/cards/jobs/{gaiji_jobs['registered']}/")
    row = clerk.locator("#job-gaiji tr[data-code-point='U+E0A1']")
    assert row.locator("img.gaiji-picture").is_visible() and "外字1" in row.inner_text()
    assert clerk.locator("#gaiji-waiting").count() == 0
    # the name itself is drawn with the register's glyph: the 外字 web font (/gaiji/font.ttf), which the browser
    # loads only for a page holding a Private Use Area character (its unicode-range)
    assert clerk.evaluate("document.fonts.ready.then(() => [...document.fonts].some("
                          "f => f.family.includes('Menkyo Gaiji') && f.status === 'loaded'))")
    screenshot(clerk, "cards-gaiji-0-registered.png")

    cards = device_api(f"{url}/api/v1/card-jobs/pending?limit=50", gaiji_jobs["token"])
    assert [card["job_id"] for card in cards] == [gaiji_jobs["registered"]]  # not the one waiting
    [glyph] = cards[0]["gaiji"]
    assert (glyph["code_point"], glyph["slot"], glyph["chip_mark"], glyph["chip_file"]) == (
        "U+E0A1", 1, "FFF1", "DF1/EF03")
    assert hashlib.sha256(base64.b64decode(glyph["base64"])).hexdigest() == glyph["sha256"]

    clerk.goto(f"{url}/cards/jobs/{gaiji_jobs['waiting']}/")
    banner = clerk.inner_text("#gaiji-waiting")
    assert "外字の登録待ち" in banner and "U+E0A2" in banner and clerk.inner_text("#job-state") == "作成待ち"
    assert clerk.get_attribute("#gaiji-register-link", "href") == "/gaiji/"
    assert "未登録（外字の登録待ち）" in clerk.inner_text("#job-gaiji")
    screenshot(clerk, "cards-gaiji-1-waiting.png")
    clerk.goto(f"{url}/cards/?office={CENTRE}")
    assert "外字の登録待ち" in clerk.inner_text("#queue-requested")
