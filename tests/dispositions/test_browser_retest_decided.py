"""Browser: a 再試験 not taken (規程第41条の2第1項). The 公安委員会 decided 取消 after an 意見の聴取 the driver did not
attend; the driver appears at the 試験場's counter. Part 3's execution page offers no form for the case (it would revoke the
whole licence: the page says where to go); the clerk finds it under 「意見の聴取の上で取消しを決定した者」 in 「再試験不合格の取消し」, handing the
取消処分書 over without the card and without a reason is refused on the form in Japanese, then done — only the
初心運転者期間's 中型（8t限定） is revoked, the 大自二 is kept on a new card (a card job), the PDF opens, and the holder's
マイナ record (2枚持ち) waits in the cards' 「免許情報記録の書換え」 queue. On the server ``make run`` starts;
screenshots in test-results/."""

import pytest
from tests.conftest import server_shell

pytestmark = pytest.mark.browser

SETUP = """
from datetime import date, timedelta
from django.utils import timezone
from menkyo.core.actors import SystemActor
from menkyo.dispositions.models import Case, Hearing
from menkyo.registry import services
from menkyo.registry.models import Licence
from menkyo.rules.dates import roll_forward
from menkyo.violations import courses
from menkyo.violations import services as violations
from menkyo.violations.models import CourseNotice
system = SystemActor("browser-setup")
today = timezone.localdate()
licence = services.register_holder(system, {
    "name": "未受 三郎", "name_kana": "ミジュ サブロウ", "birth_date": date(1990, 2, 3), "sex": "1",
    "postal_code": "6500011", "address": "兵庫県神戸市中央区下山手通5丁目4番1号", "commission": "63",
    "kinds": {"普通": date(2010, 8, 1), "大自二": date(2012, 4, 1)}, "issue_date": date(2024, 8, 1)})
Licence.objects.filter(pk=licence.pk).update(holding_form="both", mynumber_record_number="281234567890")
for code, day in (("signal_red", date(2026, 3, 1)), ("stop_sign", date(2026, 6, 1)), ("speeding_20_25", date(2026, 10, 1))):
    violations.register_violation(system, licence_number=licence.number, kind="general", code=code,
                                  violation_date=day, office_code="28-001")
notice = CourseNotice.objects.get(person=licence.person)
novice = licence.kinds.exclude(kind_id="大自二").first().kind_id
CourseNotice.objects.filter(pk=notice.pk).update(kind="retest", licence_kind=novice,
                                                 created_at=timezone.now() - timedelta(days=90))
notice.refresh_from_db()
courses.send_course_notice(system, notice, sent_on=today - timedelta(days=80))
courses.record_course_result(system, notice, result="absent", on=today - timedelta(days=45))
case = Case.objects.get(person=licence.person, case_type="retest")
Hearing.objects.create(case=case, kind="opinion_hearing", hearing_date=today - timedelta(days=30), place="運転免許課",
                       notice_served=today - timedelta(days=40), attendance="absent", scheduled_by="browser_officer")
Case.objects.filter(pk=case.pk).update(state="decided", kind="revocation", decided_kind="revocation",
                                       decided_on=today - timedelta(days=29), decided_level="commission",
                                       hearing_kind="opinion_hearing", decided_by="browser_chief")
print(case.pk)
print(roll_forward(today + timedelta(days=1)).isoformat())
print(licence.number)
"""
STATE = """from menkyo.registry.models import Licence
from menkyo.cards.models import CardJob
licence = Licence.objects.get(number={!r})
print(licence.get_status_display(), "・".join(k.kind_id for k in licence.kinds.all()),
      CardJob.objects.filter(licence=licence).count())"""


def test_a_retest_not_taken_decided_after_the_hearing_revokes_only_the_novice_kind(menkyo_server, logged_in_page,
                                                                                   screenshot):
    url = menkyo_server["url"]
    case, handover, number = server_shell(menkyo_server, SETUP)[-3:]
    clerk = logged_in_page("browser_counter")
    clerk.goto(url + f"/dispositions/executions/{case}/")
    assert clerk.locator("#execute-form").count() == 0  # part 3's form is not offered for a 再試験 case
    assert "「再試験に係る取消し」の画面で執行します" in clerk.inner_text("#own-execution")
    screenshot(clerk, "retest-decided-0-part3-points-elsewhere.png")
    clerk.goto(url + "/dispositions/retests/")
    clerk.locator(".retest-decided-row", has_text="未受 三郎").locator("a").click()
    assert "意見の聴取の上で決定" in clerk.inner_text("#retest-decided")
    clerk.uncheck("#retest-form input[name=card_presented]")
    clerk.click("#retest-form button[type=submit]")
    assert "その理由" in clerk.inner_text("#retest-form")
    screenshot(clerk, "retest-decided-1-no-card-refused.png")
    clerk.check("#retest-form input[name=card_presented]")
    clerk.fill("#retest-form input[name=handover_date]", handover)
    clerk.click("#retest-form button[type=submit]")
    clerk.wait_for_selector("ul.messages")
    assert clerk.inner_text("#retest-state") == "執行済"
    assert "中型" in clerk.inner_text("#kinds-revoked") and clerk.inner_text("#kinds-kept") == "大自二"
    assert "事務処理票" in clerk.inner_text("#card-job") and "書換え待ち" in clerk.inner_text("#mynumber-rewrite")
    paper = clerk.request.get(url + clerk.get_attribute("#retest-paper", "href"))
    assert paper.ok and paper.body().startswith(b"%PDF")
    screenshot(clerk, "retest-decided-2-revoked.png")
    assert server_shell(menkyo_server, STATE.format(number))[-1] == "有効 大自二 1"
    clerk.goto(url + "/cards/mynumber-rewrites/")
    row = clerk.locator(".rewrite-row", has_text="未受 三郎")
    assert "再試験に係る免許の取消し" in row.inner_text() and "免許の種類" in row.inner_text()
    screenshot(clerk, "retest-decided-3-rewrite-queue.png")
