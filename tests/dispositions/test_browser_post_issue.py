"""Browser: a licence holder is found to have met the 保留 standard before the licence was given (規程第41条の4;
道路交通法第90条第5項). The 審査 officer opens a 事後停止 case (60 days) on the 事後取消し・事後停止 page — the 免許課長
decides it after a 弁明 (規程第21条・第23条 applied); the officer gives the 弁明の機会 and sends the case on, the
免許課長-level official decides, and the counter clerk hands the 処分書 over: the licence is 停止中 and the card held
(規程第24条第3号, 第34条第3項第3号). Screenshots in test-results/."""

import pytest
from tests.conftest import BROWSER_PASSWORD, log_in_with_second_factor, server_shell
from tests.dispositions.test_browser_applicants import done, explain_and_submit

pytestmark = pytest.mark.browser

KEYS = {"post_officer": "3132333435363738393031323334353637383945",
        "post_head": "3132333435363738393031323334353637383946",
        "post_clerk": "3132333435363738393031323334353637383947"}
SETUP = f"""
from datetime import date
from django_otp.plugins.otp_totp.models import TOTPDevice
from menkyo.accounts.models import Operator
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation
from menkyo.registry import services
for username, name, roles, level in (("post_officer", "審査 八郎", ["case_officer"], ""),
                                     ("post_head", "課長 九子", ["decision"], "section_head"),
                                     ("post_clerk", "窓口 十郎", ["counter"], "")):
    op = Operator(username=username, display_name=name, affiliation=Affiliation.objects.get(code="28-001"),
                  roles=roles, decision_level=level)
    op.set_password("{BROWSER_PASSWORD}"); op.save()
    TOTPDevice.objects.create(user=op, name="browser", key={KEYS!r}[username], confirmed=True)
licence = services.register_holder(SystemActor("browser-setup"), {{
    "name": "事後 一男", "name_kana": "ジゴ カズオ", "birth_date": date(2000, 4, 4), "sex": "1",
    "postal_code": "6500011", "address": "兵庫県神戸市中央区下山手通5丁目4番1号",
    "commission": "63", "kinds": {{"普通": date(2026, 6, 1)}}, "issue_date": date(2026, 6, 1)}})
print(licence.number)
"""


def log_in(chromium, server, username):
    return log_in_with_second_factor(chromium, server, username, KEYS[username])


def test_a_deferral_standard_found_after_the_licence_is_a_post_issue_suspension_decided_and_executed(
        menkyo_server, chromium, screenshot):
    number = server_shell(menkyo_server, SETUP)[-1]
    url = menkyo_server["url"]
    officer = log_in(chromium, menkyo_server, "post_officer")
    officer.goto(url + "/dispositions/post-issue/")
    officer.fill("#post-issue-form input[name=licence_number]", number)
    officer.select_option("#post-issue-form select[name=standard]", label="保留の基準")
    officer.fill("#post-issue-form input[name=days]", "200")  # over six months: refused
    officer.fill("#post-issue-form textarea[name=finding]", "免許を受ける前の違反行為（累積6点）が交付後に判明")
    officer.click("#post-issue-form button[type=submit]")
    assert "1から180まで" in officer.inner_text("#post-issue-form")
    officer.fill("#post-issue-form input[name=days]", "60")
    screenshot(officer, "post-issue-0-open.png")
    officer.click("#post-issue-form button[type=submit]")
    done(officer)
    assert "事後停止" in officer.inner_text("ul.messages") and "停止（60日）" in officer.inner_text("#proposal")
    assert officer.inner_text("#authority") == "免許課長" and officer.inner_text("#hearing-kind") == "弁明の機会の付与"
    case = officer.url.rstrip("/").split("/")[-1]

    explain_and_submit(officer)
    assert officer.inner_text("#case-state") == "決定待ち"

    head = log_in(chromium, menkyo_server, "post_head")
    head.goto(url + f"/dispositions/cases/{case}/")
    head.fill("#decide-form textarea[name=reason]", "弁明を踏まえ事後停止60日とする")
    head.click("#decide-form button[type=submit]")
    done(head)
    assert "停止（60日）" in head.inner_text("#decision")
    screenshot(head, "post-issue-1-decided.png")

    clerk = log_in(chromium, menkyo_server, "post_clerk")
    clerk.goto(url + f"/dispositions/executions/{case}/")
    clerk.click("#execute-form button[type=submit]")
    done(clerk)
    assert clerk.inner_text("#case-state") == "執行済" and "停止" in clerk.inner_text("#licence-status")
    paper = clerk.request.get(url + f"/dispositions/executions/{case}/disposition.pdf")
    assert paper.ok and paper.body().startswith(b"%PDF")
    screenshot(clerk, "post-issue-2-executed.png")
