"""学科試験 pages for the 試験官: the day's sheets, the 要確認 queue with the marks as read (the key never
beside them), an OMR file upload, questions and forms; other roles get the 403 page in Japanese."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from menkyo.exams import written
from menkyo.exams.models import AnswerSheet, ExamForm, Question

pytestmark = pytest.mark.django_db

DAY = "2026-11-27"


@pytest.fixture
def logged_in(client, login_as, examiner):
    return login_as(client, examiner)


@pytest.fixture
def uploaded(examiner, first_form, examinees, sheet, answers):
    """Three sheets of the day: 100 points, 85 points, and one with question 12 unreadable."""
    people = examinees(3)
    marks = answers(first_form)
    marks["12"] = "?"
    return [o.sheet for o in written.upload_answer_sheets(examiner, [
        sheet(people[0], first_form), sheet(people[1], first_form, answers=answers(first_form, 85)),
        sheet(people[2], first_form, answers=marks)])]


def test_the_days_sheets_show_scores_in_a_few_queries(logged_in, uploaded, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        page = logged_in.get(f"/exams/written/?day={DAY}")
    body = page.content.decode()
    assert page.status_code == 200 and "令和8年11月27日" in body
    assert "100／100" in body and "85／100" in body and "問12" in body
    assert "合格 1名・不合格 1名" in body and "要確認（読取不能） 1枚" in body
    assert "明石運転免許試験場" in body and "28-002" not in body


def test_a_date_in_wareki_chooses_the_day_and_a_bad_one_is_said_in_japanese(logged_in, uploaded):
    assert "85／100" in logged_in.get("/exams/written/?day=令和8年11月27日").content.decode()
    body = logged_in.get("/exams/written/?day=あした").content.decode()
    assert "読み取れません" in body


def test_the_review_queue_lists_the_sheets_waiting_for_a_person(logged_in, uploaded):
    body = logged_in.get("/exams/written/review/").content.decode()
    assert body.count('class="review-row"') == 1 and f"/exams/written/sheets/{uploaded[2].pk}/" in body


def test_a_waiting_sheet_shows_the_marks_as_read_and_never_the_key(logged_in, uploaded, first_form):
    page = logged_in.get(f"/exams/written/sheets/{uploaded[2].pk}/").content.decode()
    assert "読取不能" in page and 'name="q12"' in page and "採点していません" in page
    assert "<th>正誤</th>" not in page and "○</td>" not in page and "×</td>" not in page


def test_the_examiner_enters_what_the_paper_shows_and_the_sheet_is_scored(logged_in, uploaded, first_form):
    url = f"/exams/written/sheets/{uploaded[2].pk}/"
    missing = logged_in.post(url, {"q12": "", "reason": "用紙を確認"})
    assert missing.status_code == 422 and "問12の答案の記載" in missing.content.decode()
    response = logged_in.post(url, {"q12": "true" if first_form.key[11]["answer"] else "false",
                                    "reason": "答案用紙を目視で確認した"}, follow=True)
    body = response.content.decode()
    assert "の答案を採点しました（100点）" in body and "採点の根拠" in body and "施行規則第25条" in body
    assert AnswerSheet.objects.get(pk=uploaded[2].pk).score == 100


def test_a_scored_sheet_shows_each_answer_right_or_wrong_with_the_trace(logged_in, uploaded):
    body = logged_in.get(f"/exams/written/sheets/{uploaded[1].pk}/").content.decode()
    assert "85点（合格点 90点）：不合格" in body and body.count("×</td>") == 15
    assert "未確認の事実を含む" in body


def test_an_omr_file_uploaded_on_the_page_is_scored_row_by_row(logged_in, first_form, examinees, answers):
    first, second = examinees(2)
    marks = answers(first_form)

    def row(person, scan_id, override=None):
        cells = []
        for q in first_form.key:
            mark = (override or {}).get(q["no"], marks[str(q["no"])])
            cells.append("".join("1" if m else "0" for m in mark) if isinstance(mark, list) else
                         {True: "1", False: "0"}.get(mark, mark))
        return ",".join([scan_id, person.centre_id, DAY, str(person.examinee_number), first_form.code, *cells])

    header = ",".join(["scan_id", "centre", "exam_date", "examinee_number", "form_code",
                       *(f"q{n}" for n in range(1, 96))])
    text = "\n".join([header, row(first, "P-1"), row(second, "P-2", {3: "?"}), row(first, "P-3")]) + "\n"
    upload = SimpleUploadedFile("omr.csv", text.encode(), content_type="text/csv")
    body = logged_in.post("/exams/written/upload/", {"file": upload, "charset": "utf-8"}).content.decode()
    assert "3枚を処理しました（登録 2枚）" in body
    assert "登録・採点" in body and "登録（要確認）" in body and "既に登録されています" in body
    assert AnswerSheet.objects.count() == 2


def test_a_file_without_the_columns_is_refused_on_the_file_field(logged_in):
    upload = SimpleUploadedFile("omr.csv", b"a,b\n1,2\n", content_type="text/csv")
    body = logged_in.post("/exams/written/upload/", {"file": upload}).content.decode()
    assert "CSVの見出し行に列" in body and not AnswerSheet.objects.exists()


def test_the_question_bank_shows_each_forms_needs_and_a_question_is_added_and_retired(
        logged_in, bank, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        body = logged_in.get("/exams/written/questions/?exam_type=first").content.decode()
    assert "正誤式 1点×90問（使用可 100問）" in body and "イラスト（危険予測・3問とも正解で得点） 2点×5問（使用可 8問）" in body
    assert body.count('class="question-row"') == 108
    bad = logged_in.post("/exams/written/questions/new/", {"exam_type": "first", "question_type": "true_false",
                                                            "text": "短い", "answer": "true"})
    assert "問題文を5文字以上で入力してください" in bad.content.decode()
    created = logged_in.post("/exams/written/questions/new/", {
        "exam_type": "first", "question_type": "illustration", "text": "見通しの悪い交差点の場面です。",
        "part_1": "徐行する。", "answer_1": "true", "part_2": "警音器を鳴らし続ける。", "answer_2": "false",
        "part_3": "左右を確かめる。", "answer_3": "true"}, follow=True)
    assert "を登録しました（2点）" in created.content.decode()
    question = Question.objects.get(question_type="illustration", code__startswith="F")
    assert question.answer == [True, False, True]
    page = logged_in.get(f"/exams/written/questions/{question.code}/retire/")
    assert "見通しの悪い交差点の場面です。" in page.content.decode()
    retired = logged_in.post(f"/exams/written/questions/{question.code}/retire/", {"reason": "図の差し替え"}, follow=True)
    assert "使用停止にしました" in retired.content.decode()
    assert not Question.objects.get(pk=question.pk).active
    assert logged_in.get("/exams/written/questions/NOPE/retire/").status_code == 404


def test_a_form_is_assembled_on_the_page_and_shows_its_key_to_the_examiner(logged_in, bank,
                                                                          django_assert_max_num_queries):
    response = logged_in.post("/exams/written/forms/new/", {"exam_type": "provisional", "code": "P-2611",
                                                            "question_codes": "", "seed": "9"}, follow=True)
    body = response.content.decode()
    assert "試験問題の版 P-2611 を作成しました（50問・100点）" in body and "合格点90点・30分" in body
    assert body.count("<tr><td>問") == 50 and ExamForm.objects.get().key[0]["points"] == 2
    with django_assert_max_num_queries(10):
        assert "P-2611" in logged_in.get("/exams/written/forms/").content.decode()
    wrong = logged_in.post("/exams/written/forms/new/", {"exam_type": "first", "code": "F-1", "question_codes": "TF001,TF002"})
    assert "正誤式の問題は90問必要です" in wrong.content.decode()


def test_a_counter_clerk_gets_the_403_page_in_japanese(client, login_as, hyogo_counter, uploaded):
    login_as(client, hyogo_counter)
    for url in ("/exams/written/", "/exams/written/upload/", "/exams/written/questions/", "/exams/written/forms/new/",
                f"/exams/written/sheets/{uploaded[0].pk}/"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "「試験」" in response.content.decode()


def test_an_examiner_of_another_prefecture_does_not_see_the_sheet(client, login_as, osaka_examiner, uploaded):
    login_as(client, osaka_examiner)
    assert client.get(f"/exams/written/sheets/{uploaded[0].pk}/").status_code == 404
    assert "この日の答案はありません" in client.get(f"/exams/written/?day={DAY}").content.decode()
