"""学科試験 fixtures: a 試験官 at the 明石 試験場 (28-002), a question bank, forms, examinees.

Examinees are made with the ORM (Application + Examinee rows): the counter and examinee services
are written elsewhere; the written test needs only the rows.
"""

from datetime import date

import pytest

from menkyo.core.actors import SystemActor
from menkyo.counter.models import Application
from menkyo.exams import written
from menkyo.exams.models import Examinee, Question
from menkyo.registry.models import Person

EXAM_DAY = date(2026, 11, 27)
CENTRE = "28-002"
SYSTEM = SystemActor("test")


@pytest.fixture
def examiner(make_operator):
    return make_operator("akashi_examiner", ["examiner"], CENTRE)


@pytest.fixture
def osaka_examiner(make_operator):
    return make_operator("kadoma_examiner", ["examiner"], "27-002")


def make_bank() -> None:
    """A bank big enough to draw any first-kind or provisional form: 100 + 8 and 60 questions."""
    rows = [Question(code=f"TF{n:03d}", exam_type="first", question_type="true_false", points=1,
                     text=f"第一種の正誤式の問題その{n}。", answer=n % 3 != 0, created_by="test") for n in range(1, 101)]
    rows += [Question(code=f"IL{n:03d}", exam_type="first", question_type="illustration", points=2,
                      text=f"イラスト問題その{n}\n（1）一\n（2）二\n（3）三", answer=[True, n % 2 == 0, False],
                      created_by="test") for n in range(1, 9)]
    rows += [Question(code=f"PV{n:03d}", exam_type="provisional", question_type="true_false", points=2,
                      text=f"仮免許の正誤式の問題その{n}。", answer=n % 2 == 0, created_by="test") for n in range(1, 61)]
    Question.objects.bulk_create(rows)


@pytest.fixture
def bank(db):
    make_bank()


@pytest.fixture
def first_form(bank):
    return written.assemble_form(SYSTEM, code="F2611A", exam_type="first", seed=7, prefecture="28")


@pytest.fixture
def provisional_form(bank):
    return written.assemble_form(SYSTEM, code="P2611A", exam_type="provisional", seed=7, prefecture="28")


def make_examinees(count: int, *, kind: str = "普通", start: int = 1, centre: str = CENTRE, prefecture: str = "28",
                   day: date = EXAM_DAY, **extra) -> list[Examinee]:
    """``count`` applicants for ``kind`` with examinee numbers from ``start`` (bulk, for speed)."""
    persons = Person.objects.bulk_create([
        Person(name=f"受験 {n}", name_kana=f"ジュケン {n}", search_kana="ジュケン", birth_date=date(2000, 1, 1), sex="1",
               postal_code="6500001", address="兵庫県神戸市中央区加納町6丁目5番1号", address_prefecture_id=prefecture)
        for n in range(start, start + count)])
    applications = Application.objects.bulk_create([
        Application(office_id=centre, prefecture_id=prefecture, person=p, application_type="new", route="direct",
                    licence_kind_id=kind, received_on=day, received_by="test", state="testing") for p in persons])
    return Examinee.objects.bulk_create([
        Examinee(application=a, person=a.person, centre_id=centre, prefecture_id=prefecture, exam_date=day,
                 examinee_number=start + i, required_tests=extra.get("required_tests", ["aptitude", "written"]),
                 state=extra.get("state", "registered"), registered_by="test")
        for i, a in enumerate(applications)])


@pytest.fixture
def examinee(db):
    return make_examinees(1, start=101)[0]


def right_answers(form) -> dict:
    return {str(q["no"]): q["answer"] for q in form.key}


@pytest.fixture
def examinees(db):
    """examinees(count, start=1, kind="普通", …): applicants with examinee rows (see make_examinees)."""
    return make_examinees


@pytest.fixture
def answers():
    """answers(form, points=None): the form's right answers, or answers that score ``points``."""
    return lambda form, points=None: right_answers(form) if points is None else answers_worth(form, points)


@pytest.fixture
def sheet():
    """sheet(examinee, form, scan_id="", **change): one sheet as the OMR装置 sends it (all right)."""
    return sheet_for


def answers_worth(form, points: int) -> dict:
    """Answers right except for 1-point 正誤式 questions, so that the sheet scores ``points``."""
    answers = right_answers(form)
    missing = form.max_points - points
    for question in form.key:
        if missing and question["type"] == "true_false" and question["points"] == 1:
            answers[str(question["no"])] = not question["answer"]
            missing -= 1
    assert missing == 0
    return answers


def sheet_for(examinee, form, scan_id: str = "", **change) -> dict:
    return {"scan_id": scan_id or f"OMR-{examinee.examinee_number:05d}", "examinee_number": examinee.examinee_number,
            "exam_date": examinee.exam_date.isoformat(), "centre": examinee.centre_id, "form_code": form.code,
            "answers": right_answers(form), **change}
