"""Browser: a 試験官 at the 明石 試験場 registers the OMR装置's file of the day's written test, sees the
scores, resolves the sheet the reader could not read by entering what the paper shows, and the sheet
is scored — on the server ``make run`` starts. The OMR装置 sends one more sheet through the API."""

import json
import urllib.request

import pytest
from tests.conftest import server_shell

pytestmark = pytest.mark.browser

# A 試験官 and an OMR装置 of 28-002, the sample bank, a first-kind form, four examinees of today.
SETUP = """
from datetime import date
from django.db.models import Max
from django.utils import timezone
from menkyo.accounts.models import Operator
from menkyo.accounts.services import register_device
from menkyo.core.actors import SystemActor
from menkyo.core import serials
from menkyo.core.models import Affiliation
from menkyo.counter.models import Application
from menkyo.exams import written
from menkyo.exams.models import Examinee
from menkyo.registry.models import Person
system = SystemActor("browser-test")
if not Operator.objects.filter(username="browser_examiner").exists():  # tests/exams/test_browser.py may have made him
    op = Operator(username="browser_examiner", display_name="試験 六郎",
                  affiliation=Affiliation.objects.get(code="28-002"), roles=["examiner"])
    op.set_password(PASSWORD); op.save()
device = register_device(system, name="browser-omr", kind="omr", affiliation="28-002", roles=[])
written.load_sample_questions(system)
form = written.assemble_form(system, code="F-BROWSER", exam_type="first", seed=11, prefecture="28")
today = timezone.localdate()
# numbered from the day's series, after the examinees other browser tests registered at 28-002 today
numbers = [serials.take(f"examinee:28-002:{today}", lambda: Examinee.objects.filter(
    centre_id="28-002", exam_date=today).aggregate(m=Max("examinee_number"))["m"] or 0) for _ in range(4)]
first = numbers[0]
for n in (1, 2, 3, 4):
    person = Person.objects.create(name=f"学科 {n}", name_kana=f"ガッカ {n}", search_kana="ガッカ", birth_date=date(2001, 1, n),
                                   sex="1", postal_code="6500001", address="兵庫県神戸市中央区加納町6丁目5番1号",
                                   address_prefecture_id="28")
    application = Application.objects.create(office_id="28-002", prefecture_id="28", person=person, application_type="new",
                                             route="direct", licence_kind_id="普通", received_on=today, received_by="test",
                                             state="testing")
    Examinee.objects.create(application=application, person=person, centre_id="28-002", prefecture_id="28",
                            exam_date=today, examinee_number=numbers[n - 1], required_tests=["aptitude", "written"], registered_by="test")
print(json.dumps({"token": device.token, "key": form.key, "today": today.isoformat(), "first": first}))
"""


def setup_centre(server) -> dict:
    script = f"import json\nPASSWORD = {server['password']!r}\n" + SETUP
    return json.loads(server_shell(server, script)[-1])


def cell(mark) -> str:
    if isinstance(mark, list):
        return "".join({True: "1", False: "0"}.get(m, m) for m in mark)
    return {True: "1", False: "0"}.get(mark, mark)


def csv_file(centre: dict) -> str:
    key, today = centre["key"], centre["today"]
    right = {q["no"]: q["answer"] for q in key}
    rows = {
        "B-1": right,  # 100
        "B-2": {**right, **{n: not right[n] for n in range(1, 12)}},  # 89: fails
        "B-3": {**right, 7: "?"},  # unreadable: to a person
    }
    lines = ["scan_id,centre,exam_date,examinee_number,form_code," + ",".join(f"q{q['no']}" for q in key)]
    for number, (scan_id, marks) in enumerate(rows.items(), centre["first"]):
        cells = [cell(marks[q["no"]]) for q in key]
        lines.append(",".join([scan_id, "28-002", today, str(number), "F-BROWSER", *cells]))
    return "\n".join(lines) + "\n"


def test_an_examiner_scores_the_omr_file_and_resolves_the_unreadable_sheet(menkyo_server, logged_in_page, screenshot,
                                                                          tmp_path):
    centre = setup_centre(menkyo_server)
    url = menkyo_server["url"]
    page = logged_in_page("browser_examiner")
    page.goto(url + "/exams/written/upload/")
    path = tmp_path / "omr.csv"
    path.write_text(csv_file(centre), encoding="utf-8")
    page.set_input_files("input[name=file]", str(path))
    page.click("#upload-submit")
    page.wait_for_selector("#upload-result")
    assert "3枚を処理しました（登録 3枚）" in page.inner_text("ul.messages")
    statuses = page.locator("#upload-result tr.outcome-row td:nth-child(3)").all_inner_texts()
    assert statuses == ["登録・採点", "登録・採点", "登録（要確認）"]
    screenshot(page, "written-1-upload.png")

    page.goto(url + "/exams/written/")
    assert "100／100" in page.inner_text("#sheet-list") and "89／100" in page.inner_text("#sheet-list")
    # The server is shared with other browser tests (tests/journeys upload sheets today too): no day totals.
    screenshot(page, "written-2-day.png")

    page.goto(url + "/exams/written/review/")
    page.click("#review-list tr.review-row a")
    page.wait_for_selector("#resolve")
    assert "採点していません" in page.inner_text("#sheet-score") and "読取不能" in page.inner_text("tr[data-no='7']")
    screenshot(page, "written-3-review.png")
    page.click("#resolve-submit")  # nothing chosen: refused in Japanese
    assert "問7の答案の記載" in page.inner_text("#resolve")
    answer = {q["no"]: q["answer"] for q in centre["key"]}[7]
    page.select_option("select[name=q7]", "true" if answer else "false")
    page.fill("textarea[name=reason]", "答案用紙を目視で確認した")
    page.click("#resolve-submit")
    page.wait_for_selector("ul.messages")
    assert "（100点）" in page.inner_text("ul.messages") and page.inner_text("#sheet-state") == "採点済"
    assert "施行規則第25条" in page.inner_text("#trace")
    screenshot(page, "written-4-resolved.png")

    key = centre["key"]
    body = {"sheets": [{"scan_id": "API-4", "examinee_number": centre["first"] + 3, "exam_date": centre["today"], "centre": "28-002",
                        "form_code": "F-BROWSER", "answers": {str(q["no"]): q["answer"] for q in key}}]}
    request = urllib.request.Request(url + "/api/v1/answer-sheets", data=json.dumps(body).encode(), method="POST",
                                     headers={"Authorization": f"Bearer {centre['token']}",
                                              "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        answer = json.load(response)
    assert (answer["accepted"], answer["sheets"][0]["score"]) == (1, 100)
    page.goto(url + "/exams/written/")
    assert page.locator("#sheet-list tr.sheet-row").filter(has_text="F-BROWSER").count() == 4
