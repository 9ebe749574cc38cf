"""Browser: becoming a driver (規程第3条–第13条), walked end to end as the people and devices at the
明石運転免許試験場 (28-002) and the 生田警察署 (28-101) do it, on the server ``make run`` starts:

1. a school graduate, from the school's 卒業証明書 to the card handed over at the centre;
2. a 一発 applicant holding a 普通仮免許: 適性・学科 (the OMR file on the page)・技能, 取得時講習, card;
3. an application at a police station: tested there, the card made at the centre, sent, handed over
   at the station;
4. an applicant under a 受験停止, not accepted after the 規程第57条 explanation, with the 通知書 PDF.

Each walk also types what a tired clerk would (a wrong 和暦 date, a 質問票 item left blank, a hand-over
without the signature box) and checks the Japanese message. Screenshots go to test-results/.
"""

import json
import re
import urllib.request
from datetime import date, timedelta

import pytest
from tests.conftest import BROWSER_PASSWORD, server_shell
from tests.documents.pdf import flat, pdf_text
from tests.photos import upload_photo

from menkyo.core.wareki import wareki
from menkyo.rules.dates import is_closed_day
from menkyo.rules.fees import exam_fee_procedure

pytestmark = pytest.mark.browser

CENTRE, STATION, SCHOOL = "28-002", "28-101", "28S90"
ADDRESS = {"postal_code": "6500001", "address": "兵庫県神戸市中央区加納町6丁目5番1号", "honseki": "兵庫県"}
QUESTIONNAIRE = ("lost_consciousness", "body_unmovable", "daytime_sleep", "alcohol", "doctor_advice")

# The people and devices of the walks, a 指定自動車教習所 with its terminal, the written-test bank
# and one first-kind form (its key printed so the OMR sheets can be marked right), a holder of a
# 普通仮免許 and a holder under a 受験停止.
SETUP = """
import json
from datetime import date, timedelta
from django.utils import timezone
from menkyo.accounts.models import Operator
from menkyo.accounts.services import register_device
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation, AffiliationKind
from menkyo.counter.models import DrivingSchool, ExamBar
from menkyo.exams import written
from menkyo.registry import services as registry
from menkyo.registry.models import Person
system = SystemActor("journeys")
today = timezone.localdate()
for username, name, office, role in (("journey_akashi", "明石 窓口子", "28-002", "counter"),
                                     ("journey_examiner", "明石 試験官", "28-002", "examiner"),
                                     ("journey_ikuta", "生田 窓口郎", "28-101", "counter")):
    op = Operator(username=username, display_name=name, affiliation=Affiliation.objects.get(code=office), roles=[role])
    op.set_password(PASSWORD); op.save()
school = Affiliation.objects.create(code="28-S90", prefecture_id="28", kind=AffiliationKind.DRIVING_SCHOOL,
                                    name="明石中央自動車教習所")
DrivingSchool.objects.create(code="28S90", name="明石中央自動車教習所", prefecture_id="28", affiliation=school)
tokens = {kind: register_device(system, name=f"journey-{kind}", kind=kind, affiliation=office, roles=[]).token
          for kind, office in (("school", "28-S90"), ("omr", "28-002"), ("card_printer", "28-002"))}
written.load_sample_questions(system)
form = written.assemble_form(system, code="F-JOURNEY", exam_type="first", seed=2026, prefecture="28")
learner = Person.objects.create(**registry.clean_person(dict(
    name="須磨 一発", name_kana="スマ イッパツ", birth_date=date(2000, 7, 7), sex="1", postal_code="6500001",
    address="兵庫県神戸市中央区加納町6丁目5番1号", honseki="兵庫県")))
provisional = registry.register_provisional_licence(system, learner.pk, "普通仮", issue_date=today - timedelta(days=40))
barred = registry.register_holder(system, dict(
    name="停止 三郎", name_kana="テイシ サブロウ", birth_date=date(1990, 2, 3), sex="1", postal_code="6500001",
    address="兵庫県神戸市中央区加納町6丁目5番1号", honseki="兵庫県", commission="63",
    kinds={"普通": date(2010, 5, 1)}, issue_date=date(2024, 3, 1)))
ExamBar.objects.create(person=barred.person, prefecture_id="28", starts_on=today - timedelta(days=60),
                       until=today + timedelta(days=300), reason="学科試験での替え玉受験",
                       reported_by="試験官 甲", decided_by="試験場長 乙")
print(json.dumps({"tokens": tokens, "key": form.key, "form": form.code, "today": today.isoformat(),
                  "provisional": provisional.number, "barred": barred.number,
                  "bar_until": (today + timedelta(days=300)).isoformat()}))
"""


@pytest.fixture(scope="module")
def world(menkyo_server):
    script = f"PASSWORD = {BROWSER_PASSWORD!r}\n" + SETUP
    lines = server_shell(menkyo_server, script)
    found = json.loads(lines[-1])
    found["today"] = date.fromisoformat(found["today"])
    found["bar_until"] = date.fromisoformat(found["bar_until"])
    return found


@pytest.fixture
def no_server_errors(menkyo_server):
    """The walk leaves no 500 (nor a traceback) in the server's log."""
    log = menkyo_server["log"]
    start = log.stat().st_size
    yield
    with open(log, encoding="utf-8", errors="replace") as f:
        f.seek(start)
        written = f.read()
    assert "Internal Server Error" not in written and "Traceback" not in written, written[-3000:]


# --- the devices, through the API -----------------------------------------------------------------


def api(url, token, method="GET", body=None):
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def school_registers_certificate(server, world, number, name, kana, birth_date):
    """The 教習所端末 registers the 卒業証明書 of a student who passed the 卒業検定 three weeks ago."""
    body = {"school": SCHOOL, "number": number, "kind": "普通", "name": name, "name_kana": kana,
            "birth_date": birth_date.isoformat(), "passed_on": (world["today"] - timedelta(days=21)).isoformat()}
    answer = api(server["url"] + "/api/v1/graduation-certificates", world["tokens"]["school"], "POST", body)
    assert (answer["school"], answer["number"], answer["kind"]) == (SCHOOL, number, "普通")


def right_answers(world) -> dict:
    return {str(q["no"]): q["answer"] for q in world["key"]}


def omr_uploads_sheet(server, world, scan_id, centre, examinee_number):
    """The OMR装置 sends one sheet read with every answer right: scored 100 on the server."""
    body = {"sheets": [{"scan_id": scan_id, "examinee_number": examinee_number, "exam_date": world["today"].isoformat(),
                        "centre": centre, "form_code": world["form"], "answers": right_answers(world)}]}
    answer = api(server["url"] + "/api/v1/answer-sheets", world["tokens"]["omr"], "POST", body)
    assert (answer["accepted"], answer["sheets"][0]["score"]) == (1, 100), answer


def printer_makes_card(server, world, name, serial):
    """The 免許証作成機 of the centre takes the job of ``name`` and reports the card made."""
    pending = api(server["url"] + "/api/v1/card-jobs/pending", world["tokens"]["card_printer"])
    [card] = [c for c in pending if c["name"] == name]
    assert card["kinds"][0]["kind"] == "普通" and re.fullmatch(r"\d{12}", card["number"])
    api(f"{server['url']}/api/v1/card-jobs/{card['job_id']}/produced", world["tokens"]["card_printer"], "POST",
        {"card_serial": serial})
    return card


# --- the pages ------------------------------------------------------------------------------------


def fill_application(page, *, kind, application_type, route, documents, person=None, questionnaire=QUESTIONNAIRE,
                     **numbers):
    """The 申請書 and 質問票 at 「申請受付」 → 新しい申請を受理する: ``person`` (new applicant's particulars,
    the birth date in 和暦) or ``numbers`` (licence_number / provisional_number); the 質問票 items
    given are answered いいえ."""
    page.click("nav.mainnav a[href='/counter/']")
    page.click("a[href='/counter/new/']")
    page.select_option("select[name=application_type]", application_type)
    page.select_option("select[name=route]", route)
    page.select_option("select[name=licence_kind]", kind)
    for name, value in {**(person or {}), **numbers}.items():
        if name == "sex":
            page.select_option("select[name=sex]", value)
        else:
            page.fill(f"[name={name}]", value)
    for code in documents:
        page.check(f"input[name=documents][value={code}]")
    for item in questionnaire:
        page.check(f"input[name=q_{item}][value=no]")


def submit_application(page):
    page.click("form[action='/counter/new/'] button[type=submit]")
    page.wait_for_load_state()


def application_id(page) -> int:
    """The 申請番号 the application page shows (受験登録 asks for it)."""
    return int(page.inner_text("#application-number"))


def pay_fee(page, procedure, slip):
    """A fee paid in cash on the application page; ``procedure`` is the law engine's code."""
    page.select_option("select[name=procedure_code]", procedure)
    page.select_option("select[name=method]", "cash")
    page.fill("input[name=slip_number]", slip)
    page.click("form[action$='/payments/'] button[type=submit]")
    page.wait_for_selector("ul.messages")
    assert f"円 を収納しました（{slip}）" in page.inner_text("ul.messages")


def pay_issue_fee(page, server, application, slip):
    """Once passed, the 交付手数料 the application page lists as unpaid (the 受験手数料 paid at intake)."""
    page.goto(f"{server['url']}/counter/applications/{application}/")
    assert page.inner_text("#application-state") == "合格"
    due = page.locator("#fees-due tbody tr").all_inner_texts()
    assert due[0].endswith("済") and "免許証の交付（新規取得）" in due[1] and due[1].endswith("未納"), due
    pay_fee(page, "issue", slip)


def register_examinee(page, server, application, centre=None) -> tuple[int, int]:
    """受験登録 at ``centre`` (the operator's own office by default), today: (examinee id, 受験番号)."""
    page.goto(server["url"] + "/exams/register/")
    page.fill("input[name=application_id]", str(application))
    if centre:
        page.select_option("select[name=centre]", centre)
    page.click("#register")
    page.wait_for_selector("#examinee-detail")
    number = int(re.search(r"受験番号 (\d+) で受験登録しました", page.inner_text("ul.messages"))[1])
    return int(re.search(r"/exams/(\d+)/", page.url)[1]), number


def record_aptitude(page, server, examinee):
    page.goto(f"{server['url']}/exams/{examinee}/")
    page.fill("input[name=acuity_both]", "1.2")
    page.fill("input[name=acuity_left]", "1.0")
    page.fill("input[name=acuity_right]", "1.0")
    for name in ("colour_ok", "hearing_ok", "motor_ok"):
        page.select_option(f"select[name={name}]", "1")
    page.click("#record-aptitude")
    page.wait_for_selector("#aptitude-result")
    assert page.inner_text("#aptitude-result") == "合格"


def register_result(page, server, examinee):
    page.goto(f"{server['url']}/exams/{examinee}/")
    page.click("#register-result")
    page.wait_for_selector("ul.messages")
    assert page.inner_text("#examinee-state") == "合格"


def open_issue(page, application):
    """「免許証の作成・交付」: the application waits in the 合格 queue with its 交付の手続 link."""
    page.click("nav.mainnav a[href='/cards/']")
    page.click(f"#queue-passed a[href='/cards/applications/{application}/issue/']")
    page.wait_for_selector("#issue-form")


def the_handover_day_comes(server, job_id: str) -> None:
    """The walk cannot wait for tomorrow: the job's 交付予定日 becomes today in the server's database."""
    script = ("from django.utils import timezone\nfrom menkyo.cards.models import CardJob\n"
              f"CardJob.objects.filter(pk={int(job_id)}).update(handover_date=timezone.localdate())")
    server_shell(server, script)


def hand_over(page, screenshot, name):
    """The holder signs: first the clerk forgets the box (refused), then confirms it."""
    page.click("#hand-over")
    assert "受領の署名を確認してから交付してください（規程第13条第6項）。" in page.inner_text("#hand-over-form")
    page.check("input[name=signature_confirmed]")
    page.click("#hand-over")
    page.wait_for_selector("ul.messages")
    assert page.inner_text("#job-state") == "交付済" and "免許証を交付しました。" in page.inner_text("ul.messages")
    number = page.locator("#job-detail dt:has-text('免許証番号') + dd").inner_text()
    assert re.fullmatch(r"\d{12}", number)
    screenshot(page, name)
    return number


def assert_issued(page, server, application, number):
    page.goto(f"{server['url']}/counter/applications/{application}/")
    assert page.inner_text("#application-state") == "交付済"
    assert number in page.inner_text("#licence-number")


# --- the walks ------------------------------------------------------------------------------------


def test_a_school_graduate_goes_from_the_application_to_the_card_at_the_centre(
        menkyo_server, world, logged_in_page, screenshot, no_server_errors):
    server, birth = menkyo_server, date(2007, 6, 15)
    school_registers_certificate(server, world, "J-0001", "明石 一歩", "アカシ イッポ", birth)

    clerk = logged_in_page("journey_akashi")
    graduate = {"name": "明石 一歩", "name_kana": "アカシ イッポ", "birth_date": "平成19年2月30日", "sex": "1",
                **ADDRESS, "certificate_school": SCHOOL, "certificate_number": "J-0001"}
    fill_application(clerk, kind="普通", application_type="new", route="school_graduate", person=graduate,
                     documents=["photo", "identity", "resident_record", "graduation_certificate"],
                     questionnaire=QUESTIONNAIRE[:4])  # a tired clerk: a wrong 和暦 date, 質問票 item 5 blank
    submit_application(clerk)
    errors = clerk.inner_text("main form")  # the server's messages, not the browser's (novalidate)
    assert "「平成19年2月30日」という日付はありません。" in errors
    assert "質問票の第5項に「はい」か「いいえ」で回答してください。" in errors
    screenshot(clerk, "journey-1-0-intake-refused.png")
    clerk.fill("input[name=birth_date]", wareki(birth))
    clerk.check("input[name=q_doctor_advice][value=no]")
    submit_application(clerk)
    assert "申請を受理しました（申請（届出）簿" in clerk.inner_text("ul.messages")
    application = application_id(clerk)
    pay_fee(clerk, exam_fee_procedure("普通", "school_graduate"), "J1-0001")
    screenshot(clerk, "journey-1-1-received.png")

    examinee, number = register_examinee(clerk, server, application)
    assert clerk.inner_text("#required-tests") == "適性試験・学科試験"  # the 技能試験 waived

    examiner = logged_in_page("journey_examiner")
    record_aptitude(examiner, server, examinee)
    omr_uploads_sheet(server, world, "J1-SHEET", CENTRE, number)
    examiner.reload()
    assert "100" in examiner.inner_text("#written")
    register_result(examiner, server, examinee)
    screenshot(examiner, "journey-1-2-passed.png")

    pay_issue_fee(clerk, server, application, "J1-0002")
    open_issue(clerk, application)
    assert "卒業証明書（明石中央自動車教習所 J-0001）が有効なため、取得時講習は免除されます" in clerk.inner_text("#course-exemption")
    clerk.click("#issue")  # the photo was not taken at intake: refused, nothing issued
    assert "申請用写真が登録されていません。申請の画面で写真を登録してから交付してください" in clerk.inner_text("#issue-form")
    screenshot(clerk, "journey-1-3-issue-without-photo.png")
    upload_photo(clerk, server["url"], application)
    open_issue(clerk, application)
    clerk.click("#issue")
    clerk.wait_for_selector("#job-detail")
    assert clerk.inner_text("#job-state") == "作成待ち"
    printer_makes_card(server, world, "明石 一歩", "JY-000001")
    clerk.reload()
    assert clerk.inner_text("#job-state") == "作成済"
    clerk.click("#receive")
    clerk.wait_for_selector("#hand-over")
    licence = hand_over(clerk, screenshot, "journey-1-3-handed-over.png")
    assert_issued(clerk, server, application, licence)
    screenshot(clerk, "journey-1-4-application-issued.png")


def omr_csv(world, centre, examinee_number) -> str:
    """The OMR装置's file: one sheet with every answer right (1 正, 0 誤; three cells for an illustration)."""
    def cell(mark):
        return "".join("1" if m else "0" for m in mark) if isinstance(mark, list) else ("1" if mark else "0")
    header = "scan_id,centre,exam_date,examinee_number,form_code," + ",".join(f"q{q['no']}" for q in world["key"])
    row = ",".join(["J2-SHEET", centre, world["today"].isoformat(), str(examinee_number), world["form"],
                    *(cell(q["answer"]) for q in world["key"])])
    return f"{header}\n{row}\n"


def test_a_provisional_licence_holder_passes_the_direct_test_and_gets_the_card(
        menkyo_server, world, logged_in_page, screenshot, tmp_path, no_server_errors):
    server = menkyo_server
    clerk = logged_in_page("journey_akashi")
    fill_application(clerk, kind="普通", application_type="new", route="direct",
                     provisional_number=world["provisional"],
                     documents=["photo", "identity", "resident_record", "provisional_licence", "road_practice"])
    submit_application(clerk)
    assert "申請を受理しました" in clerk.inner_text("ul.messages")
    assert "須磨 一発" in clerk.inner_text("main")
    application = application_id(clerk)
    upload_photo(clerk, server["url"], application)
    pay_fee(clerk, exam_fee_procedure("普通", "direct"), "J2-0001")
    screenshot(clerk, "journey-2-1-received.png")

    examiner = logged_in_page("journey_examiner")
    examinee, number = register_examinee(examiner, server, application)
    assert examiner.inner_text("#required-tests") == "適性試験・学科試験・技能試験"
    record_aptitude(examiner, server, examinee)

    examiner.goto(server["url"] + "/exams/written/upload/")
    path = tmp_path / "omr.csv"
    path.write_text(omr_csv(world, CENTRE, number), encoding="utf-8")
    examiner.set_input_files("input[name=file]", str(path))
    examiner.click("#upload-submit")
    examiner.wait_for_selector("#upload-result")
    assert "1枚を処理しました（登録 1枚）" in examiner.inner_text("ul.messages")
    screenshot(examiner, "journey-2-2-omr-file.png")

    examiner.goto(f"{server['url']}/exams/{examinee}/")
    examiner.fill("input[name=item_1]", "安全不確認（交差点）")
    examiner.fill("input[name=points_1]", "10")
    examiner.click("#record-skill")
    examiner.wait_for_selector("#skill-result")
    assert examiner.inner_text("#skill-result").startswith("90点（合格基準 70点）：合格")
    register_result(examiner, server, examinee)
    screenshot(examiner, "journey-2-3-passed.png")

    pay_issue_fee(clerk, server, application, "J2-0002")
    open_issue(clerk, application)
    clerk.click("#issue")  # the 取得時講習 certificate not entered: refused
    assert "取得時講習（普通車講習）の終了証明書の確認が必要です" in clerk.inner_text("#issue-form")
    clerk.select_option("select[name=course]", "普通車講習")
    clerk.fill("input[name=certificate_number]", "KS-J2-0001")
    clerk.fill("input[name=completed_on]", wareki(world["today"] - timedelta(days=3)))
    screenshot(clerk, "journey-2-4-issue.png")
    clerk.click("#issue")
    clerk.wait_for_selector("#job-detail")
    printer_makes_card(server, world, "須磨 一発", "JY-000002")
    clerk.reload()
    clerk.click("#receive")
    clerk.wait_for_selector("#hand-over")
    licence = hand_over(clerk, screenshot, "journey-2-5-handed-over.png")
    assert_issued(clerk, server, application, licence)


def next_business_day(day: date) -> date:
    day += timedelta(days=1)
    while is_closed_day(day):
        day += timedelta(days=1)
    return day


def test_a_police_station_receives_tests_and_hands_over_the_card_the_centre_made(
        menkyo_server, world, logged_in_page, screenshot, no_server_errors):
    server, birth = menkyo_server, date(2006, 12, 1)
    school_registers_certificate(server, world, "J-0003", "生田 三歩", "イクタ サンポ", birth)
    station = logged_in_page("journey_ikuta")
    graduate = {"name": "生田 三歩", "name_kana": "イクタ サンポ", "birth_date": wareki(birth), "sex": "2",
                **ADDRESS, "certificate_school": SCHOOL, "certificate_number": "J-0003"}
    fill_application(station, kind="普通", application_type="new", route="school_graduate", person=graduate,
                     documents=["photo", "identity", "resident_record", "graduation_certificate"])
    submit_application(station)
    assert "申請を受理しました" in station.inner_text("ul.messages")
    assert "生田警察署" in station.inner_text("main .card dl.grid")
    application = application_id(station)
    upload_photo(station, server["url"], application)
    pay_fee(station, exam_fee_procedure("普通", "school_graduate"), "J3-0001")

    examinee, number = register_examinee(station, server, application)  # the station's own office first
    assert "生田警察署" in station.inner_text("#examinee-detail")
    screenshot(station, "journey-3-1-registered-at-the-station.png")
    examiner = logged_in_page("journey_examiner")
    record_aptitude(examiner, server, examinee)
    omr_uploads_sheet(server, world, "J3-SHEET", STATION, number)
    register_result(examiner, server, examinee)

    pay_issue_fee(station, server, application, "J3-0002")
    open_issue(station, application)
    station.fill("input[name=handover_date]", wareki(world["today"]))  # today: not a later business day
    station.click("#issue")
    assert "交付予定日は明日以降の開庁日（土日・祝日・年末年始を除く日）を指定してください。" in station.inner_text("#issue-form")
    handover = next_business_day(world["today"])
    station.fill("input[name=handover_date]", wareki(handover))
    station.click("#issue")
    station.wait_for_selector("#job-detail")
    job_url = station.url
    details = station.inner_text("#job-detail")
    assert "明石運転免許試験場" in details and "生田警察署" in details and wareki(handover) in details
    screenshot(station, "journey-3-2-requested.png")

    printer_makes_card(server, world, "生田 三歩", "JY-000003")
    centre = logged_in_page("journey_akashi")
    centre.click("nav.mainnav a[href='/cards/']")
    centre.click(f"a[href='{job_url.removeprefix(server['url'])}']")
    assert centre.inner_text("#job-state") == "作成済"
    centre.click("#send")
    centre.wait_for_selector("ul.messages")
    assert centre.inner_text("#job-state") == "送付済（交付所属へ）"
    screenshot(centre, "journey-3-3-sent.png")

    station.reload()
    station.click("#receive")
    station.wait_for_selector("#hand-over")
    station.check("input[name=signature_confirmed]")  # the applicant came a day early
    station.click("#hand-over")
    assert f"交付予定日は{wareki(handover)}です" in station.inner_text("#hand-over-form")
    screenshot(station, "journey-3-4-refused-before-the-handover-date.png")
    the_handover_day_comes(server, job_url.rstrip("/").rsplit("/", 1)[-1])
    station.goto(job_url)  # the refused form was a POST: open the job page again
    licence = hand_over(station, screenshot, "journey-3-5-handed-over-at-the-station.png")
    assert_issued(station, server, application, licence)


def test_a_barred_applicant_is_told_why_and_given_the_refusal_notice(
        menkyo_server, world, logged_in_page, screenshot, no_server_errors):
    """The 欠格期間 after a revocation is not modelled yet; the refusal here is a 受験停止 (ExamBar,
    道路交通法第97条の3) of a holder who applies to add 普通二輪 (規程第57条・第58条)."""
    server = menkyo_server
    clerk = logged_in_page("journey_akashi")
    fill_application(clerk, kind="普自二", application_type="additional", route="direct",
                     licence_number=world["barred"], documents=["photo", "licence"])
    submit_application(clerk)
    refusal = clerk.inner_text("main form")
    assert f"{wareki(world['bar_until'])}まで免許試験を受けることができません（受験停止）" in refusal
    assert "申請者に不利益を説明し（規程第57条）、なお申請する場合は「不利益を説明した」を確認してください。" in refusal
    screenshot(clerk, "journey-4-1-explain-first.png")
    clerk.check("input[name=disadvantage_explained]")
    submit_application(clerk)
    assert "不受理として記録しました。運転免許申請に対する通知書を交付してください。" in clerk.inner_text("ul.messages")
    assert clerk.inner_text("#application-state") == "不受理（通知済）"
    assert "道路交通法第97条の3" in clerk.inner_text("main .card.error")
    screenshot(clerk, "journey-4-2-not-accepted.png")

    link = clerk.locator("#refusal-notice-pdf")  # the page's link to the 通知書 (規程第58条)
    assert link.count() == 1, "no 通知書 link (#refusal-notice-pdf) on the application page"
    response = clerk.request.get(server["url"] + link.get_attribute("href"))  # with the clerk's session
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = flat(pdf_text(response.body()))
    assert "運転免許申請に対する通知書" in text and "停止三郎" in text
    assert flat(f"{wareki(world['bar_until'])}まで免許試験を受けることができません（受験停止）") in text
