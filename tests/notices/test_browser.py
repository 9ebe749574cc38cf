"""Browser: a 審査 officer makes next month's 更新連絡書 on the server ``make run`` starts (its task
worker runs the batch), sees the progress, opens a PDF part and takes the mail file; a month out of
range is refused in Japanese first."""


import pytest
from django.utils import timezone
from tests.conftest import server_shell
from tests.documents.pdf import flat, pdf_text

from menkyo.rules.dates import months_after

pytestmark = pytest.mark.browser

HOLDER = """
from datetime import date
from menkyo.core.actors import SystemActor
from menkyo.registry import services
from menkyo.registry.models import Licence
from menkyo.rules.dates import one_month_after
birthday = date({year}, {month}, 18)
licence = services.register_holder(SystemActor("browser-setup"), {{
    "name": "連絡 待子", "name_kana": "レンラク マチコ", "birth_date": birthday.replace(year=birthday.year - 52),
    "sex": "2", "postal_code": "6500011", "address": "兵庫県神戸市中央区下山手通5丁目4番1号",
    "commission": "63", "kinds": {{"普通": date(1995, 8, 1)}}, "issue_date": date(1995, 8, 1)}})
Licence.objects.filter(pk=licence.pk).update(expiry_date=one_month_after(birthday))
print(licence.number)
"""


def a_holder_whose_window_opens_in(server, month) -> str:
    """A 兵庫 holder in the server's database whose birthday falls in the month after ``month``."""
    birthday_month = months_after(month, 1)
    script = HOLDER.format(year=birthday_month.year, month=birthday_month.month)
    lines = server_shell(server, script)
    return lines[-1]


def test_an_officer_makes_next_months_notices_and_takes_the_pdf_and_the_mail_file(menkyo_server, logged_in_page,
                                                                                 screenshot):
    month = months_after(timezone.localdate().replace(day=1), 1)
    number = a_holder_whose_window_opens_in(menkyo_server, month)
    page = logged_in_page("browser_officer")
    page.click("nav.mainnav a[href='/notices/']")
    page.fill("input[name=month]", "2020-01")
    page.click("#start-batch button[type=submit]")
    assert "までの月を指定してください" in page.inner_text("#start-batch")
    screenshot(page, "notices-0-month-refused.png")

    page.fill("input[name=month]", f"{month:%Y-%m}")
    page.click("#start-batch button[type=submit]")
    page.wait_for_selector("ul.messages")
    assert "の更新連絡書の作成を開始しました" in page.inner_text("ul.messages")
    for _ in range(60):  # the task worker beside the server runs the batch
        if page.get_attribute("#batch-progress", "data-state") == "done":
            break
        page.wait_for_timeout(2000)
        page.reload()
    assert page.inner_text("#batch-state") == "作成完了"
    assert int(page.inner_text("#renewal-count").split("件")[0]) >= 1
    screenshot(page, "notices-1-done.png")

    part = page.request.get(menkyo_server["url"] + page.locator("#part-list a").first.get_attribute("href"))
    assert part.status == 200 and part.headers["content-type"] == "application/pdf"
    text = flat(pdf_text(part.body()))
    assert "連絡待子" in text and number in text and "運転免許証更新のお知らせ" in text
    mail = page.request.get(menkyo_server["url"] + page.get_attribute("#mail-file", "href"))
    assert mail.status == 200 and "連絡 待子" in mail.body().decode("utf-8-sig")
