"""学科試験 API: the OMR装置 uploads sheets (JSON or its CSV file), the 問題作成端末 makes questions and
forms (the key goes back to it alone), a 試験官 resolves unreadable sheets; devices of other kinds are
refused whatever their roles."""

import pytest

from menkyo.exams.models import AnswerSheet, Question

pytestmark = pytest.mark.django_db

CSV_HEAD = "scan_id,centre,exam_date,examinee_number,form_code," + ",".join(f"q{n}" for n in range(1, 96))


def call(client, method, url, body=None, token=None, content_type="application/json"):
    extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if method == "get":
        return client.get(url, **extra)
    return getattr(client, method)(url, body if body is not None else {}, content_type=content_type, **extra)


def csv_row(examinee, form, scan_id, marks: dict) -> str:
    def cell(value):
        if isinstance(value, list):
            return "".join({True: "1", False: "0", None: "_"}.get(v, v) for v in value)
        return {True: "1", False: "0", None: ""}.get(value, value)

    cells = [cell(marks.get(str(n))) for n in range(1, 96)]
    return ",".join([scan_id, examinee.centre_id, examinee.exam_date.isoformat(), str(examinee.examinee_number),
                     form.code, *cells])


# --- answer sheets --------------------------------------------------------------------------


def test_the_omr_device_uploads_json_sheets_and_a_resend_gets_the_earlier_result(client, make_device, first_form,
                                                                                 examinees, sheet, answers):
    device = make_device("omr")
    first, second = examinees(2)
    marks = answers(first_form)
    marks["4"] = "?"
    body = {"sheets": [sheet(first, first_form), sheet(second, first_form, answers=marks),
                       sheet(first, first_form, scan_id="X", examinee_number=999)]}
    response = call(client, "post", "/api/v1/answer-sheets", body, device.token)
    assert response.status_code == 200, response.content
    answer = response.json()
    assert (answer["accepted"], answer["resent"], answer["rejected"], answer["needs_review"]) == (2, 0, 1, 1)
    rows = answer["sheets"]
    assert (rows[0]["status"], rows[0]["state"], rows[0]["score"], rows[0]["passed"]) == ("accepted", "scored", 100, True)
    assert (rows[1]["state"], rows[1]["score"], rows[1]["passed"], rows[1]["unreadable"]) == ("needs_review", None,
                                                                                              None, [4])
    assert rows[2]["status"] == "rejected" and rows[2]["error"]["field"] == "sheets[2].examinee_number"
    again = call(client, "post", "/api/v1/answer-sheets", {"sheets": body["sheets"][:1]}, device.token).json()
    assert (again["resent"], again["sheets"][0]["sheet_id"]) == (1, rows[0]["sheet_id"])
    assert AnswerSheet.objects.count() == 2


def test_the_omr_device_uploads_its_csv_file(client, make_device, first_form, examinees, answers):
    device = make_device("scoring")
    first, second, third = examinees(3)
    marks = answers(first_form)
    unreadable = {**marks, "91": [marks["91"][0], "?", marks["91"][2]]}
    bad = {**marks, "5": "x"}
    text = "\n".join([CSV_HEAD, csv_row(first, first_form, "C-1", marks), csv_row(second, first_form, "C-2", unreadable),
                      csv_row(third, first_form, "C-3", bad)]) + "\n"
    response = call(client, "post", "/api/v1/answer-sheets", text.encode("utf-8"), device.token, "text/csv")
    assert response.status_code == 200, response.content
    rows = response.json()["sheets"]
    assert [(r["scan_id"], r["status"], r["state"], r["score"]) for r in rows] == [
        ("C-1", "accepted", "scored", 100), ("C-2", "accepted", "needs_review", None), ("C-3", "rejected", None, None)]
    assert rows[1]["unreadable"] == [91] and rows[2]["error"]["field"] == "sheets[2].answers.5"
    stored = AnswerSheet.objects.get(scan_id="C-2")
    assert stored.answers["91"][1] == "?" and stored.uploaded_by == device.actor_name


def test_a_shift_jis_csv_is_read_when_its_charset_says_so(client, make_device, first_form, examinee, answers):
    device = make_device("omr")
    text = f"{CSV_HEAD},備考\n{csv_row(examinee, first_form, 'SJ-1', answers(first_form))},再読取\n"  # other columns: ignored
    response = call(client, "post", "/api/v1/answer-sheets", text, device.token,  # the client encodes it
                    "text/csv; charset=Shift_JIS")
    assert response.status_code == 200 and response.json()["accepted"] == 1


@pytest.mark.parametrize(("body", "content_type", "field"), [
    (b"scan_id,q1\nA,1\n", "text/csv", "file"),
    (b"\x82\xa0\xff", "text/csv", "file"),
    (b"[1, 2]", "application/json", "sheets"),
    (b"{not json", "application/json", "sheets"),
    (b'{"sheets": []}', "application/json", "sheets"),
    (b'{"sheets": "all"}', "application/json", "sheets"),
])
def test_an_upload_that_cannot_be_read_is_422_with_its_field(client, make_device, body, content_type, field):
    response = call(client, "post", "/api/v1/answer-sheets", body, make_device("omr").token, content_type)
    assert response.status_code == 422, response.content
    assert response.json()["error"]["field"] == field and response.json()["error"]["message"]


def test_a_kiosk_device_with_roles_is_refused(client, make_device, first_form, examinee, sheet):
    kiosk = make_device("kiosk")
    response = call(client, "post", "/api/v1/answer-sheets", {"sheets": [sheet(examinee, first_form)]}, kiosk.token)
    assert response.status_code == 403 and "OMR装置" in response.json()["error"]["message"]
    assert call(client, "get", "/api/v1/answer-sheets", token=kiosk.token).status_code == 403
    assert not AnswerSheet.objects.exists()


def test_an_item_that_is_not_a_sheet_is_rejected_alone(client, make_device, first_form, examinee, sheet):
    body = {"sheets": [[None, None], sheet(examinee, first_form)]}
    answer = call(client, "post", "/api/v1/answer-sheets", body, make_device("omr").token).json()
    assert [r["status"] for r in answer["sheets"]] == ["rejected", "accepted"]
    assert answer["sheets"][0]["error"]["field"] == "sheets[0]"


def test_an_omr_device_of_another_prefecture_finds_no_examinee(client, make_device, first_form, examinee, sheet):
    device = make_device("omr", "other")
    answer = call(client, "post", "/api/v1/answer-sheets", {"sheets": [sheet(examinee, first_form)]}, device.token)
    assert answer.json()["sheets"][0]["error"]["code"] == "unknown_examinee"


def test_the_sheets_waiting_for_a_person_are_listed_in_few_queries(client, make_device, first_form, examinees, sheet,
                                                                   answers, django_assert_max_num_queries):
    device = make_device("omr")
    marks = answers(first_form)
    marks["1"] = None
    people = examinees(12)
    call(client, "post", "/api/v1/answer-sheets",
         {"sheets": [sheet(p, first_form, answers=marks if p.examinee_number % 2 else answers(first_form))
                     for p in people]}, device.token)
    with django_assert_max_num_queries(10):
        response = call(client, "get", "/api/v1/answer-sheets?state=needs_review&exam_date=2026-11-27", token=device.token)
    rows = response.json()
    assert response.status_code == 200 and len(rows) == 6
    assert {(r["state"], r["unreadable"][0], r["examinee_number"] % 2) for r in rows} == {("needs_review", 1, 1)}
    one = call(client, "get", f"/api/v1/answer-sheets/{rows[0]['id']}", token=device.token).json()
    assert one["answers"]["1"] is None and one["form_code"] == first_form.code
    for query in ("state=lost", "exam_date=0", "exam_date=2026-02-30"):
        answer = call(client, "get", f"/api/v1/answer-sheets?{query}", token=device.token)
        assert answer.status_code == 422 and answer.json()["error"]["field"] == query.split("=")[0]


def test_an_examiner_resolves_a_sheet_and_a_device_may_not(client, login_as, examiner, make_device, first_form,
                                                           examinee, sheet, answers):
    device = make_device("omr")
    marks = answers(first_form)
    marks["10"] = "?"
    uploaded = call(client, "post", "/api/v1/answer-sheets", {"sheets": [sheet(examinee, first_form, answers=marks)]},
                    device.token).json()["sheets"][0]
    url = f"/api/v1/answer-sheets/{uploaded['sheet_id']}/resolve"
    refused = call(client, "post", url, {"answers": {"10": True}, "reason": "確認"}, device.token)
    assert refused.status_code == 403
    login_as(client, examiner)
    bad = call(client, "post", url, {"answers": {"10": "?"}, "reason": "確認"})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "answers.10"
    done = call(client, "post", url, {"answers": {"10": first_form.key[9]["answer"]}, "reason": "用紙を確認した"})
    assert done.status_code == 200, done.content
    assert (done.json()["state"], done.json()["score"], done.json()["reviewed_by"]) == ("scored", 100, "akashi_examiner")
    assert call(client, "post", url, {"answers": {"10": True}, "reason": "再"}).status_code == 409


# --- questions and forms --------------------------------------------------------------------


def test_the_question_authoring_device_adds_and_retires_questions(client, make_device):
    device = make_device("question_authoring")
    body = {"exam_type": "first", "question_type": "illustration", "text": "雨の夜の交差点の場面です。",
            "parts": ["速度を落とす。", "前照灯を上向きのまま進む。", "歩行者に注意する。"], "answer": [True, False, True]}
    created = call(client, "post", "/api/v1/questions", body, device.token)
    assert created.status_code == 201, created.content
    assert (created.json()["code"], created.json()["points"], created.json()["question_type_label"]) == (
        "F00001", 2, "イラスト（危険予測・3問とも正解で得点）")
    bad = call(client, "post", "/api/v1/questions", {**body, "points": 1}, device.token)
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "points"
    listed = call(client, "get", "/api/v1/questions?exam_type=first", token=device.token).json()
    assert [q["code"] for q in listed] == ["F00001"]
    retired = call(client, "post", "/api/v1/questions/F00001/retire", {"reason": "図が不鮮明"}, device.token)
    assert retired.status_code == 200 and retired.json()["active"] is False
    omr = make_device("omr")
    assert call(client, "post", "/api/v1/questions", body, omr.token).status_code == 403
    assert Question.objects.count() == 1


def test_the_key_goes_back_only_to_the_authoring_device_that_made_the_form(client, make_device, login_as, examiner,
                                                                           bank):
    author = make_device("question_authoring")
    made = call(client, "post", "/api/v1/exam-forms", {"code": "F2611X", "exam_type": "first", "seed": 5}, author.token)
    assert made.status_code == 201, made.content
    form = made.json()
    assert (form["questions"], form["max_points"], form["pass_points"], form["minutes"]) == (95, 100, 90, 50)
    assert len(form["key"]) == 95 and form["layout"][94] == {"no": 95, "type": "illustration", "points": 2,
                                                             "sub_items": 3}
    assert call(client, "get", "/api/v1/exam-forms/F2611X", token=author.token).json()["key"] == form["key"]
    omr = call(client, "get", "/api/v1/exam-forms/f2611x", token=make_device("omr").token).json()
    assert omr["key"] is None and omr["layout"] == form["layout"]
    other_author = make_device("question_authoring", "other")
    assert call(client, "get", "/api/v1/exam-forms/F2611X", token=other_author.token).status_code == 404
    assert call(client, "get", "/api/v1/exam-forms/F2611X", token=make_device("kiosk").token).status_code == 403
    login_as(client, examiner)
    assert call(client, "get", "/api/v1/exam-forms").json()[0]["key"] is None


def test_a_form_that_does_not_fit_its_shape_is_422(client, make_device, bank):
    author = make_device("question_authoring")
    response = call(client, "post", "/api/v1/exam-forms",
                    {"code": "F1", "exam_type": "first", "question_codes": ["TF001"]}, author.token)
    assert response.status_code == 422 and response.json()["error"]["field"] == "question_codes"


def test_the_upload_documents_both_bodies_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    body = schema["paths"]["/api/v1/answer-sheets"]["post"]["requestBody"]["content"]
    assert set(body) == {"application/json", "text/csv"}
    assert "scan_id" in body["text/csv"]["schema"]["description"]
