"""A direct test needs a 仮免許 valid on the application day: intake refuses a lapsed one (past its
expiry date, law-rules §6.1) and does not find a returned one (規程第20条第2項)."""

from datetime import date

import pytest

from menkyo.cards.provisional import return_provisional_licence
from menkyo.core.actors import SystemActor
from menkyo.core.errors import InvalidInput, NotFound
from menkyo.counter import services
from menkyo.counter.models import Application
from menkyo.registry.services import register_provisional_licence

from .conftest import APPLICATION_DAY

pytestmark = pytest.mark.django_db


def direct_test(provisional, new_applicant, **extra):
    return {"application_type": "new", "route": "direct", "licence_kind": "普通",
            "provisional_number": provisional.number, "questionnaire": new_applicant["questionnaire"],
            "documents": ["photo", "identity", "resident_record", "provisional_licence", "road_practice"], **extra}


@pytest.fixture
def holder(centre_clerk, new_applicant):
    """The applicant of the 普通仮 test, entered in the register at its intake."""
    return services.receive_application(centre_clerk, new_applicant, received_on=date(2026, 4, 20)).person_id


def test_a_provisional_licence_past_its_expiry_date_does_not_admit_a_direct_test(centre_clerk, new_applicant,
                                                                                 holder):
    provisional = register_provisional_licence(SystemActor("test"), holder, "普通仮", issue_date=date(2026, 5, 1))
    assert provisional.expiry_date == date(2026, 10, 31) < APPLICATION_DAY
    with pytest.raises(InvalidInput) as refused:
        services.receive_application(centre_clerk, direct_test(provisional, new_applicant),
                                     received_on=APPLICATION_DAY)
    assert refused.value.field == "disadvantage_explained"
    assert "有効な普通仮免許（仮運転免許）を受けていません" in refused.value.message
    assert Application.objects.filter(licence_kind_id="普通").count() == 0
    insisting = services.receive_application(
        centre_clerk, direct_test(provisional, new_applicant, disadvantage_explained=True), received_on=APPLICATION_DAY)
    assert insisting.state == "not_accepted"
    assert [r["code"] for r in insisting.refusal_reasons] == ["no_provisional_licence"]


def test_on_its_expiry_date_the_provisional_licence_still_admits_a_direct_test(centre_clerk, new_applicant, holder):
    provisional = register_provisional_licence(SystemActor("test"), holder, "普通仮", issue_date=date(2026, 5, 1))
    application = services.receive_application(centre_clerk, direct_test(provisional, new_applicant),
                                               received_on=date(2026, 10, 30))
    assert application.state == "received"


def test_a_returned_provisional_licence_is_not_found_for_a_direct_test(centre_clerk, new_applicant, holder):
    provisional = register_provisional_licence(SystemActor("test"), holder, "普通仮")  # issued today: returnable
    return_provisional_licence(centre_clerk, provisional.pk, reason="不要になった")
    with pytest.raises(NotFound) as refused:
        services.receive_application(centre_clerk, direct_test(provisional, new_applicant),
                                     received_on=APPLICATION_DAY)
    assert refused.value.field == "provisional_number"
    assert "有効な仮免許は登録されていません" in refused.value.message
