"""At issue (規程第13条): the AT limit of an AT-tested 普通仮免許 on the 仮免許 and its card; the AT limit of a
普通第二種 on the licence, and its lift by a 限定解除審査 (規程第9条第1項・第3項); an unlimited 大自二 added to a
limited 普自二 removes the 普通二輪 limit it makes moot (law engine ``limits_made_moot``, derived), in the issue's
transaction with its own history row. A refused issue writes nothing."""

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
from menkyo.registry.models import HistoryEvent, Licence, ProvisionalLicence
from menkyo.registry.services import register_holder

pytestmark = pytest.mark.django_db

AT_KARI, AT_NISHU = "AT車に限る", "普通車の旅客車はAT車に限る"
SMALL_AT = "普通二輪は小型二輪のAT車に限る"


def certificates(*courses):
    day = timezone.localdate() - timedelta(days=7)
    return [{"course": c, "number": f"KS-{n}", "completed_on": day} for n, c in enumerate(courses)]


def test_an_at_tested_provisional_licence_carries_its_limit_on_the_card_and_the_page(
        centre_clerk, applicant, make_application, client, login_as):
    application = make_application(applicant, kind="普通仮", application_type="provisional")
    Application.objects.filter(pk=application.pk).update(vehicle_limit="at_futsuu_kari")
    login_as(client, centre_clerk)
    form = client.get(f"/cards/applications/{application.pk}/issue/").content.decode()
    assert f"「{AT_KARI}」を付します" in form
    job = services.issue_licence(centre_clerk, application.pk)
    provisional = ProvisionalLicence.objects.get()
    assert provisional.conditions == [AT_KARI]
    assert services.print_data(services.load_job(job.pk)).conditions == [AT_KARI]
    assert AuditEvent.objects.get(action="cards.licence.issue").detail["vehicle_limit"] == "at_futsuu_kari"
    page = client.get(f"/cards/provisional/{provisional.pk}/").content.decode()
    assert f"<dd>{AT_KARI}</dd>" in page


@pytest.fixture
def ordinary_holder(holder_data):
    return register_holder(SystemActor("test"), dict(holder_data, kinds={"普通": date(2018, 4, 1)}))


def test_an_at_tested_second_class_licence_carries_its_limit_and_a_lift_removes_it(
        centre_clerk, ordinary_holder, make_application):
    application = make_application(ordinary_holder.person, kind="普二", application_type="additional")
    Application.objects.filter(pk=application.pk).update(vehicle_limit="at_futsuu_nishu")
    services.issue_licence(centre_clerk, application.pk,
                           course_certificates=certificates("旅客車講習", "応急救護処置講習"))
    assert Licence.objects.get(pk=ordinary_holder.pk).conditions == [AT_NISHU]
    lift = Application.objects.create(
        office_id=CENTRE, prefecture_id="28", person_id=ordinary_holder.person_id, application_type="limitation_removal",
        route="review", licence_kind_id="普二", review_condition="at_futsuu_nishu", state="passed",
        received_on=timezone.localdate(), received_by="test", photo=stored_photo(ordinary_holder.person))
    services.issue_review_card(centre_clerk, lift.pk)
    assert Licence.objects.get(pk=ordinary_holder.pk).conditions == []
    history = HistoryEvent.objects.get(event_type="licence.conditions_changed")
    assert history.changes == {"conditions": [AT_NISHU, ""]} and history.legal_basis == "規程第9条第3項"


@pytest.fixture
def small_at_holder(holder_data):
    return register_holder(SystemActor("test"), dict(holder_data, kinds={"普通": date(2018, 4, 1),
                                                                       "普自二": date(2020, 4, 1)},
                                                     conditions=["眼鏡等", SMALL_AT]))


def test_an_unlimited_large_motorcycle_removes_the_moot_ordinary_motorcycle_limit_with_history(
        centre_clerk, small_at_holder, make_application, client, login_as):
    application = make_application(small_at_holder.person, kind="大自二", application_type="additional")
    login_as(client, centre_clerk)
    form = client.get(f"/cards/applications/{application.pk}/issue/").content.decode()
    assert f"「{SMALL_AT}」は大型自動二輪車免許の取得により何も限定しなくなるため、交付の際に削除します" in form
    job = services.issue_licence(centre_clerk, application.pk,
                                 course_certificates=certificates("二輪車講習", "応急救護処置講習"))
    assert Licence.objects.get(pk=small_at_holder.pk).conditions == ["眼鏡等"]
    assert services.print_data(services.load_job(job.pk)).conditions == ["眼鏡等"]
    history = HistoryEvent.objects.get(event_type="licence.conditions_changed")
    assert history.changes == {"conditions": [f"眼鏡等・{SMALL_AT}", "眼鏡等"]}
    assert (history.legal_basis, history.reason) == ("規程第13条", "大自二免許の取得により不要となった限定の削除")
    assert AuditEvent.objects.get(action="cards.licence.issue").detail["moot_limits_removed"] == 1
    page = client.get(f"/registry/licences/{small_at_holder.number}/?purpose=窓口事務").content.decode()
    assert "大自二免許の取得により不要となった限定の削除" in page


def test_an_at_limited_large_motorcycle_leaves_the_ordinary_motorcycle_limit(centre_clerk, small_at_holder,
                                                                             make_application):
    application = make_application(small_at_holder.person, kind="大自二", application_type="additional")
    Application.objects.filter(pk=application.pk).update(vehicle_limit="at_oogata_nirin")
    services.issue_licence(centre_clerk, application.pk, course_certificates=certificates("二輪車講習", "応急救護処置講習"))
    assert Licence.objects.get(pk=small_at_holder.pk).conditions == ["眼鏡等", SMALL_AT, "大型二輪はAT車に限る"]
    assert not HistoryEvent.objects.filter(event_type="licence.conditions_changed").exists()


def test_a_refused_large_motorcycle_issue_removes_nothing(centre_clerk, small_at_holder, make_application):
    application = make_application(small_at_holder.person, kind="大自二", application_type="additional")
    with pytest.raises(InvalidInput):
        services.issue_licence(centre_clerk, application.pk, course_certificates=certificates("二輪車講習"))
    assert Licence.objects.get(pk=small_at_holder.pk).conditions == ["眼鏡等", SMALL_AT]
    assert not CardJob.objects.exists() and not HistoryEvent.objects.filter(
        event_type="licence.conditions_changed").exists()
