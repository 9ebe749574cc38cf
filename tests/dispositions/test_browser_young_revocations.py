"""Browser: a 若年運転者講習 not attended (規程第41条の2の2). The 公安委員会 decided 取消 after an 意見の聴取 the driver
did not attend; 40 days after its notice the 審査 officer finds the case in 「若年運転者期間に係る取消し」, registers the
若年運転者取消手配 (第2項), then the driver appears: handing the 若年運転者取消処分書 over without the card and without a
reason is refused on the form in Japanese, then done — the 大型 obtained through the 特例 is revoked, the 普通 is kept on
a new card (a card job with its 交付予定日), the 手配 is released and the PDF opens. On the server
``make run`` starts; screenshots in test-results/."""

import pytest
from tests.conftest import server_shell

pytestmark = pytest.mark.browser

SETUP = """
from datetime import date, timedelta
from django.utils import timezone
from menkyo.core.actors import SystemActor
from menkyo.dispositions.models import Case, Hearing
from menkyo.registry import services
from menkyo.registry.models import LicenceKind, LicenceKindHeld
from menkyo.rules.dates import roll_forward
from menkyo.violations import courses
from menkyo.violations import services as violations
from menkyo.violations.models import CourseNotice
system = SystemActor("browser-setup")
today = timezone.localdate()
licence = services.register_holder(system, {
    "name": "若葉 次郎", "name_kana": "ワカバ ジロウ", "birth_date": date(2005, 6, 10), "sex": "1",
    "postal_code": "6500011", "address": "兵庫県神戸市中央区下山手通5丁目4番1号", "commission": "63",
    "kinds": {"普通": date(2023, 7, 1)}, "issue_date": date(2024, 8, 1)})
LicenceKindHeld.objects.create(licence=licence, kind=LicenceKind.objects.get(code="大型"),
                               acquired_on=today - timedelta(days=200))
for code, day in (("signal_red", date(2026, 3, 1)), ("stop_sign", date(2026, 6, 1)), ("speeding_20_25", date(2026, 10, 1))):
    violations.register_violation(system, licence_number=licence.number, kind="general", code=code,
                                  violation_date=day, office_code="28-001")
notice = CourseNotice.objects.get(person=licence.person)
CourseNotice.objects.filter(pk=notice.pk).update(kind="young_driver_course", licence_kind="大型",
                                                 created_at=timezone.now() - timedelta(days=90))
notice.refresh_from_db()
courses.send_course_notice(system, notice, sent_on=today - timedelta(days=80))
courses.record_course_result(system, notice, result="expire", on=today - timedelta(days=45))
case = Case.objects.get(person=licence.person, case_type="young_driver")
Hearing.objects.create(case=case, kind="opinion_hearing", hearing_date=today - timedelta(days=30), place="運転免許課",
                       notice_served=today - timedelta(days=40), attendance="absent", scheduled_by="browser_officer")
Case.objects.filter(pk=case.pk).update(state="decided", kind="revocation", decided_kind="revocation",
                                       decided_on=today - timedelta(days=29), decided_level="commission",
                                       decided_by="browser_chief")
print(case.pk)
print(roll_forward(today + timedelta(days=1)).isoformat())
print(licence.number)
"""
STATE = """from menkyo.registry.models import Licence
from menkyo.alerts.models import Alert
licence = Licence.objects.get(number={!r})
print(licence.get_status_display(), "・".join(k.kind_id for k in licence.kinds.all()), Alert.objects.get(kind="youth_revocation").state)"""


def test_a_young_driver_case_decided_revocation_is_executed_with_the_paper(menkyo_server, logged_in_page, screenshot):
    url = menkyo_server["url"]
    case, handover, number = server_shell(menkyo_server, SETUP)[-3:]
    officer = logged_in_page("browser_officer")
    officer.goto(url + "/dispositions/young-drivers/")
    assert "若葉 次郎" in officer.inner_text("#alert-due-list")
    officer.locator(".young-row", has_text="若葉 次郎").locator("a").click()
    officer.click("#alert-form button[type=submit]")
    officer.wait_for_selector("#revocation-alert")
    assert "若年運転者取消手配" in officer.inner_text("#revocation-alert")
    screenshot(officer, "young-1-alert-registered.png")
    officer.uncheck("#young-form input[name=card_presented]")
    officer.click("#young-form button[type=submit]")
    assert "その理由" in officer.inner_text("#young-form")
    screenshot(officer, "young-2-no-card-refused.png")
    officer.check("#young-form input[name=card_presented]")
    officer.fill("#young-form input[name=handover_date]", handover)
    officer.click("#young-form button[type=submit]")
    officer.wait_for_selector("ul.messages")
    assert officer.inner_text("#young-state") == "執行済"
    assert officer.inner_text("#kinds-revoked") == "大型" and officer.inner_text("#kinds-kept") == "普通"
    assert "事務処理票" in officer.inner_text("#card-job")
    paper = officer.request.get(url + officer.get_attribute("#young-paper", "href"))
    assert paper.ok and paper.body().startswith(b"%PDF")
    screenshot(officer, "young-3-revoked.png")
    assert server_shell(menkyo_server, STATE.format(number))[-1] == "有効 普通 released"
    assert case
