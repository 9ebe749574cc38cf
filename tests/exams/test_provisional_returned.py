"""A 仮免許 returned (規程第20条第2項) no longer admits its holder to a direct test."""

import pytest

from menkyo.cards.provisional import return_provisional_licence
from menkyo.core.errors import InvalidInput
from menkyo.exams import services
from menkyo.exams.models import Examinee

from .conftest import CENTRE

pytestmark = pytest.mark.django_db


def test_a_returned_provisional_licence_does_not_admit_a_direct_test(examiner, make_operator, make_application,
                                                                     today, provisional_holder):
    clerk = make_operator("akashi_counter", ["counter"], CENTRE)
    application = make_application(route="direct", documents=["photo", "provisional_licence", "road_practice"])
    return_provisional_licence(clerk, provisional_holder.pk, reason="不要になった")
    with pytest.raises(InvalidInput) as refused:
        services.register_examinee(examiner, application.pk, centre=CENTRE, exam_date=today)
    assert refused.value.code == "provisional_licence_missing" and refused.value.field == "application_id"
    assert not Examinee.objects.exists()
