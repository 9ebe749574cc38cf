"""Exams fixtures: the 明石 試験場 (28-002) with its examiners and 試験場長, applications made directly
in the database (the counter's intake is tested in tests/counter), results and sheets."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from menkyo.core.actors import SystemActor
from menkyo.counter.models import Application, ApplicationState
from menkyo.exams.models import AnswerSheet, ExamForm, ExamType
from menkyo.registry.models import Person, ProvisionalLicence
from menkyo.registry.services import register_holder

CENTRE = "28-002"  # 明石運転免許試験場 (licence_centre)
GOOD_EYES = {"acuity_both": Decimal("1.0"), "acuity_left": Decimal("0.8"), "acuity_right": Decimal("0.9"),
             "corrective_lenses": False, "colour_ok": True, "hearing_ok": True, "hearing_aid": False, "motor_ok": True}


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def examiner(make_operator):
    return make_operator("akashi_examiner", ["examiner"], CENTRE)


@pytest.fixture
def other_examiner(make_operator):
    return make_operator("akashi_examiner2", ["examiner"], CENTRE)


@pytest.fixture
def chief(make_operator):
    """The 試験場長: 「決定」."""
    return make_operator("akashi_chief", ["decision"], CENTRE, decision_level="section_head")


@pytest.fixture
def clerk(make_operator):
    return make_operator("akashi_counter", ["counter"], CENTRE)


@pytest.fixture
def osaka_examiner(make_operator):
    return make_operator("kadoma_examiner", ["examiner"], "27-002")


@pytest.fixture
def applicant(db):
    return Person.objects.create(name="明石 花子", name_kana="アカシ ハナコ", search_kana="アカシハナコ",
                                 birth_date=timezone.localdate().replace(year=timezone.localdate().year - 20, day=1),
                                 sex="2", postal_code="6500001", address="兵庫県神戸市中央区加納町6丁目5番1号",
                                 address_prefecture_id="28", honseki="兵庫県")


@pytest.fixture
def make_application(db, applicant, today):
    """make_application(kind="普通", route="school_graduate", state="received", person=None, documents=…)."""

    def make(kind="普通", route="school_graduate", state=ApplicationState.RECEIVED, person=None, documents=None,
             application_type=None):
        provisional = kind.endswith("仮")
        return Application.objects.create(
            office_id=CENTRE, prefecture_id="28", person=person or applicant, licence_kind_id=kind, route=route,
            application_type=application_type or ("provisional" if provisional else "new"), state=state,
            received_on=today, received_by="test", documents=documents or ["photo", "identity", "resident_record"])

    return make


@pytest.fixture
def graduate_application(make_application):
    return make_application()


@pytest.fixture
def provisional_holder(applicant, today):
    """A valid 普通仮免許 in the register (for a direct 本免 test)."""
    return ProvisionalLicence.objects.create(person=applicant, number="630000000017", kind_id="普通仮",
                                             commission_id="63", issue_date=today - timedelta(days=30),
                                             expiry_date=today + timedelta(days=150))


@pytest.fixture
def holder(holder_data):
    """A 兵庫 holder of 普通 (the shared holder_data)."""
    return register_holder(SystemActor("test"), holder_data).person


@pytest.fixture
def registered(examiner, graduate_application, today):
    """A school graduate registered for 適性・学科 at 明石 today."""
    from menkyo.exams.services import register_examinee

    return register_examinee(examiner, graduate_application.pk, centre=CENTRE, exam_date=today)


@pytest.fixture
def exam_form(db):
    return ExamForm.objects.create(code="F-0001", exam_type=ExamType.FIRST, prefecture_id="28", key=[],
                                   max_points=100, created_by="test")


@pytest.fixture
def sheet(exam_form):
    """sheet(examinee, passed=True, state="scored"): an answer sheet as the OMR upload leaves it."""
    counter = iter(range(1, 1000))

    def make(examinee, passed=True, state="scored"):
        scored = state == "scored"
        return AnswerSheet.objects.create(examinee=examinee, form=exam_form, scan_id=f"SCAN-{next(counter):04d}",
                                          answers={}, state=state, score=(95 if passed else 80) if scored else None,
                                          passed=passed if scored else None, uploaded_by="omr",
                                          unreadable=[] if scored else [12])

    return make
