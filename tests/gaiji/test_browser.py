"""Browser: an applicant's name holds a 外字 the register lacks — the 申請書 prints 〓; a 審査 officer
registers the glyph from a PNG on the 外字 page (a missing picture first: refused in Japanese), and
the 申請書 printed again shows the glyph — on the server ``make run`` starts."""


import pytest
from tests.conftest import server_shell
from tests.documents.pdf import flat, pdf_fonts, pdf_text
from tests.gaiji.conftest import glyph_png

pytestmark = pytest.mark.browser

SETUP = """
from datetime import date
from django.utils import timezone
from menkyo.counter.models import Application
from menkyo.registry.models import Person
from menkyo.registry.services import clean_person
person = Person.objects.create(**clean_person(dict(
    name="\\ue001田 外字", name_kana="タツサキダ ガイジ", birth_date=date(2006, 6, 6), sex="2", postal_code="6500001",
    address="兵庫県神戸市中央区加納町6丁目5番1号", honseki="兵庫県")))
application = Application.objects.create(
    office_id="28-001", prefecture_id="28", person=person, application_type="new", route="direct",
    licence_kind_id="普通", state="received", received_on=timezone.localdate(), received_by="browser-test")
print(application.pk)
"""


@pytest.fixture(scope="module")
def application(menkyo_server):
    lines = server_shell(menkyo_server, SETUP)
    return int(lines[-1])


def application_form(page, url, application) -> bytes:
    response = page.request.get(f"{url}/counter/applications/{application}/application-form.pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    return response.body()


def test_a_glyph_registered_on_the_page_prints_in_the_applicants_form(menkyo_server, application, logged_in_page,
                                                                       screenshot, tmp_path):
    url = menkyo_server["url"]
    officer = logged_in_page("browser_officer")
    before = application_form(officer, url, application)
    assert "〓田外字" in flat(pdf_text(before)) and "Menkyo-Gaiji" not in pdf_fonts(before)

    picture = tmp_path / "glyph.png"
    picture.write_bytes(glyph_png())
    officer.click("nav.mainnav a[href='/gaiji/']")
    officer.click("#new-glyph")
    officer.fill("input[name=code_point]", "U+E001")
    officer.fill("input[name=reading]", "たつさき")
    officer.fill("textarea[name=reason]", "新規申請者の氏名に使用")
    officer.click("main button[type=submit]")
    assert "字形（PNG画像）を指定してください。" in officer.inner_text("main")
    screenshot(officer, "gaiji-0-register-refused.png")
    officer.set_input_files("input[name=png]", str(picture))
    officer.click("main button[type=submit]")
    officer.wait_for_selector("#glyph")
    assert officer.inner_text("[data-testid=identifier]") == "GJ000001"
    assert "外字 GJ000001（U+E001）を登録しました。" in officer.inner_text("ul.messages")
    assert officer.evaluate("document.querySelector('[data-testid=glyph-image]').naturalWidth") == 128
    screenshot(officer, "gaiji-1-registered.png")

    after = application_form(officer, url, application)
    assert "\ue001田外字" in flat(pdf_text(after)) and "Menkyo-Gaiji" in pdf_fonts(after)
