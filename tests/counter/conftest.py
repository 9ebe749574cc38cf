"""Counter fixtures: clerks at the 明石 試験場 (28-002) and a 警察署 (28-101), a school, applicants."""

from datetime import date

import pytest

from menkyo.core.models import Affiliation, AffiliationKind
from menkyo.counter.models import DrivingSchool, GraduationCertificate, QuestionnaireItem

NO_TO_ALL = {item.value: False for item in QuestionnaireItem}
APPLICATION_DAY = date(2026, 11, 27)


@pytest.fixture
def centre_clerk(make_operator):
    return make_operator("akashi_counter", ["counter"], "28-002", display_name="明石 窓口")


@pytest.fixture
def station_clerk(make_operator):
    return make_operator("ikuta_counter", ["counter"], "28-101")


@pytest.fixture
def school(db):
    affiliation = Affiliation.objects.create(code="28-S01", prefecture_id="28", kind=AffiliationKind.DRIVING_SCHOOL,
                                             name="明石自動車教習所")
    return DrivingSchool.objects.create(code="28S01", name="明石自動車教習所", prefecture_id="28",
                                        affiliation=affiliation)


@pytest.fixture
def new_applicant():
    """A new applicant living in 兵庫, 18 on the application day, applying for 普通 directly."""
    return {
        "application_type": "provisional", "route": "direct", "licence_kind": "普通仮",
        "name": "明石 花子", "name_kana": "アカシ ハナコ", "birth_date": date(2008, 4, 2), "sex": "2",
        "postal_code": "6500001", "address": "兵庫県神戸市中央区加納町6丁目5番1号", "honseki": "兵庫県",
        "questionnaire": dict(NO_TO_ALL), "documents": ["photo", "identity", "resident_record"],
    }


@pytest.fixture
def graduate(new_applicant, school):
    """The same applicant as a school graduate for 普通 with a registered 卒業証明書."""
    GraduationCertificate.objects.create(
        school=school, number="A-0001", kind_id="普通", name="明石 花子", name_kana="アカシ ハナコ",
        birth_date=date(2008, 4, 2), passed_on=date(2026, 10, 1), registered_by="test")
    return {**new_applicant, "application_type": "new", "route": "school_graduate", "licence_kind": "普通",
            "documents": ["photo", "identity", "resident_record", "graduation_certificate"],
            "graduation_certificate": {"school": "28S01", "number": "A-0001"}}
