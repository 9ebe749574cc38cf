"""The limited 二輪 licences at issue: a test taken for a 限定 puts its condition on the licence, the card's
print data, the licence page and the API (規程第13条); a passed 限定解除審査 of a 普通二輪 limit
(規程第9条第1項・第3項) lifts it wholly or in part, leaving the one 限定 that remains, with history."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from tests.cards.conftest import CENTRE
from tests.photos import stored_photo

from menkyo.audit.models import AuditEvent
from menkyo.cards import services
from menkyo.cards.models import CardJob
from menkyo.core.actors import SystemActor
from menkyo.core.errors import InvalidInput
from menkyo.counter.models import Application
from menkyo.registry.models import HistoryEvent, Licence
from menkyo.registry.services import register_holder

pytestmark = pytest.mark.django_db

AT2 = "普通二輪はAT車に限る"
SMALL = "普通二輪は小型二輪に限る"
SMALL_AT = "普通二輪は小型二輪のAT車に限る"
COURSES = ("二輪車講習", "応急救護処置講習")


def certificates():
    day = timezone.localdate() - timedelta(days=7)
    return [{"course": c, "number": f"KS-{n}", "completed_on": day} for n, c in enumerate(COURSES)]


@pytest.mark.parametrize(("kind", "limit", "text"), [
    ("普自二", "at_futsuu_nirin", AT2), ("普自二", "kogata_futsuu_nirin", SMALL),
    ("普自二", "kogata_at_futsuu_nirin", SMALL_AT), ("大自二", "at_oogata_nirin", "大型二輪はAT車に限る"),
])
def test_a_test_passed_on_a_limited_motorcycle_issues_the_licence_with_its_limit(
        centre_clerk, applicant, make_application, client, login_as, kind, limit, text):
    application = make_application(applicant, kind=kind)
    Application.objects.filter(pk=application.pk).update(vehicle_limit=limit)
    job = services.issue_licence(centre_clerk, application.pk, course_certificates=certificates())
    licence = Licence.objects.get(pk=job.licence_id)
    assert licence.conditions == [text]
    assert services.print_data(services.load_job(job.pk)).conditions == [text]
    assert AuditEvent.objects.get(action="cards.licence.issue").detail["vehicle_limit"] == limit
    login_as(client, centre_clerk)
    page = client.get(f"/registry/licences/{licence.number}/?purpose=窓口事務").content.decode()
    assert f"<li>{text}</li>" in page
    api = client.get(f"/api/v1/licences/{licence.number}?purpose=窓口事務").json()
    assert api["conditions"] == [text]


def test_a_test_without_a_limit_issues_the_licence_without_a_condition(centre_clerk, applicant, make_application):
    application = make_application(applicant, kind="普自二")
    job = services.issue_licence(centre_clerk, application.pk, course_certificates=certificates())
    assert job.licence.conditions == [] and "vehicle_limit" not in AuditEvent.objects.get(
        action="cards.licence.issue").detail


def test_a_holder_adding_a_limited_motorcycle_keeps_the_conditions_held(centre_clerk, holder_data, make_application):
    licence = register_holder(SystemActor("test"), dict(holder_data, kinds={"普通": date(2018, 4, 1)},
                                                        conditions=["眼鏡等"]))
    application = make_application(licence.person, kind="普自二", application_type="additional")
    Application.objects.filter(pk=application.pk).update(vehicle_limit="at_futsuu_nirin")
    services.issue_licence(centre_clerk, application.pk, course_certificates=certificates())
    assert Licence.objects.get(pk=licence.pk).conditions == ["眼鏡等", AT2]


# --- 限定解除審査 of the 小型AT限定 ----------------------------------------------------------------


@pytest.fixture
def small_at_licence(holder_data):
    return register_holder(SystemActor("test"), dict(holder_data, kinds={"普通": date(2018, 4, 1),
                                                                       "普自二": date(2020, 4, 1)},
                                                     conditions=["眼鏡等", SMALL_AT]))


@pytest.fixture
def make_lift(small_at_licence):
    def make(remaining=""):
        return Application.objects.create(
            office_id=CENTRE, prefecture_id="28", person_id=small_at_licence.person_id,
            application_type="limitation_removal", route="review", licence_kind_id="普自二",
            review_condition="kogata_at_futsuu_nirin", remaining_condition=remaining, state="passed",
            received_on=timezone.localdate(), received_by="test", photo=stored_photo(small_at_licence.person))
    return make


@pytest.mark.parametrize(("remaining", "after"), [
    ("at_futsuu_nirin", ["眼鏡等", AT2]), ("kogata_futsuu_nirin", ["眼鏡等", SMALL]), ("", ["眼鏡等"])])
def test_a_passed_lift_leaves_the_single_limit_that_remains_with_history(centre_clerk, make_lift, small_at_licence,
                                                                         remaining, after):
    job = services.issue_review_card(centre_clerk, make_lift(remaining).pk)
    assert Licence.objects.get(pk=small_at_licence.pk).conditions == after
    assert services.print_data(services.load_job(job.pk)).conditions == after
    history = HistoryEvent.objects.get(event_type="licence.conditions_changed")
    assert history.changes == {"conditions": [f"眼鏡等・{SMALL_AT}", "・".join(after)]}
    assert history.legal_basis == "規程第9条第3項"
    event = AuditEvent.objects.get(action="cards.review.issue")
    assert (event.detail["condition"], event.detail["remaining"]) == ("kogata_at_futsuu_nirin", remaining)


def test_the_review_page_describes_the_partial_lift(client, login_as, centre_clerk, make_lift):
    application = make_lift("at_futsuu_nirin")
    login_as(client, centre_clerk)
    page = client.get(f"/cards/applications/{application.pk}/review/").content.decode()
    assert f"「{SMALL_AT}」の一部解除（小型二輪の限定を解除し「{AT2}」とする）" in page


def test_a_limit_changed_meanwhile_refuses_the_partial_lift_and_changes_nothing(centre_clerk, make_lift,
                                                                               small_at_licence):
    application = make_lift("at_futsuu_nirin")
    Licence.objects.filter(pk=small_at_licence.pk).update(conditions=["眼鏡等", AT2])
    with pytest.raises(InvalidInput) as refused:
        services.issue_review_card(centre_clerk, application.pk)
    assert refused.value.field == "removed"
    assert Licence.objects.get(pk=small_at_licence.pk).conditions == ["眼鏡等", AT2]
    assert not CardJob.objects.exists() and not HistoryEvent.objects.filter(
        event_type="licence.conditions_changed").exists()
    application.refresh_from_db()
    assert application.state == "passed"
