"""A passed 審査 (規程第9条第3項・第9条の2): the licence held changes in the register (with history and
audit) and the card that shows it is made and handed over as after a test; the page and the API."""

from datetime import date

import pytest
from django.utils import timezone
from tests.cards.conftest import CENTRE, STATION, next_business_day
from tests.photos import stored_photo

from menkyo.audit.models import AuditEvent
from menkyo.cards import services
from menkyo.cards.models import CardJob
from menkyo.core.actors import SystemActor
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.counter.models import Application
from menkyo.registry.models import HistoryEvent, Licence
from menkyo.registry.services import register_holder

pytestmark = pytest.mark.django_db

AT = "普通車はAT車に限る"


@pytest.fixture
def at_licence(holder_data):
    return register_holder(SystemActor("test"), dict(holder_data, kinds={"普通": date(2018, 4, 1)},
                                                     conditions=["眼鏡等", AT]))


@pytest.fixture
def make_review(at_licence):
    def make(application_type="limitation_removal", condition="at_futsuu", *, office=CENTRE, state="passed",
             photo=True):
        return Application.objects.create(
            office_id=office, prefecture_id="28", person_id=at_licence.person_id, application_type=application_type,
            route="review", licence_kind_id="普通", review_condition=condition, state=state,
            received_on=timezone.localdate(), received_by="test",
            photo=stored_photo(at_licence.person) if photo else None)
    return make


def conditions(licence):
    return Licence.objects.get(pk=licence.pk).conditions


def unchanged(application, licence):
    application.refresh_from_db()
    return (conditions(licence) == ["眼鏡等", AT] and not CardJob.objects.exists()
            and not HistoryEvent.objects.filter(event_type="licence.conditions_changed").exists()
            and application.state == "passed")


# --- the service -----------------------------------------------------------------------------------


def test_a_passed_at_removal_lifts_the_limit_and_requests_a_card_handed_over_today(centre_clerk, make_review,
                                                                                    at_licence):
    application = make_review()
    job = services.issue_review_card(centre_clerk, application.pk)
    application.refresh_from_db()
    assert conditions(at_licence) == ["眼鏡等"]
    assert (job.licence_id, job.card_kind, job.handover_date) == (at_licence.pk, "licence", timezone.localdate())
    assert (job.producing_centre_id, job.handover_office_id, job.state) == (CENTRE, CENTRE, "requested")
    assert (application.state, application.licence_id) == ("issuing", at_licence.pk)
    event = AuditEvent.objects.get(action="cards.review.issue")
    assert event.detail["legal_basis"] == "規程第9条第3項" and event.detail["condition"] == "at_futsuu"
    history = HistoryEvent.objects.get(event_type="licence.conditions_changed")
    assert history.changes == {"conditions": [f"眼鏡等・{AT}", "眼鏡等"]} and history.legal_basis == "規程第9条第3項"
    assert services.print_data(services.load_job(job.pk)).conditions == ["眼鏡等"]


def test_the_new_card_is_made_and_handed_over_like_an_issued_one(centre_clerk, make_review, produce):
    application = make_review()
    job = services.issue_review_card(centre_clerk, application.pk)
    produce(job)
    services.receive_card(centre_clerk, job.pk)
    services.hand_over_card(centre_clerk, job.pk, signature_confirmed=True)
    application.refresh_from_db()
    assert application.state == "issued"


def test_a_condition_asked_for_is_added_under_article_9_2(centre_clerk, make_review, at_licence):
    Licence.objects.filter(pk=at_licence.pk).update(conditions=["眼鏡等"])
    job = services.issue_review_card(centre_clerk, make_review("condition_by_request").pk)
    assert conditions(at_licence) == ["眼鏡等", AT] and job.state == "requested"
    assert HistoryEvent.objects.get(event_type="licence.conditions_changed").legal_basis == "規程第9条の2"


def test_a_condition_asked_for_by_an_upper_licence_holder_cancels_the_upper_kinds_first(
        centre_clerk, make_review, at_licence):
    """規程第9条の2第2項: 中型・準中型 cancelled as under 第41条の3 (申請取消簿, history, 申請取消通知書), then the AT
    condition added on 普通 — one card job of the kinds kept, in one transaction."""
    from menkyo.cards import cancellation
    from menkyo.cards.models import LicenceCancellation
    from menkyo.registry.models import LicenceKindHeld

    Licence.objects.filter(pk=at_licence.pk).update(conditions=["眼鏡等"])
    for kind in ("準中型", "中型"):
        LicenceKindHeld.objects.create(licence=at_licence, kind_id=kind, acquired_on=date(2022, 4, 1))
    application = make_review("condition_by_request")
    Application.objects.filter(pk=application.pk).update(disadvantage_explained=True)
    job = services.issue_review_card(centre_clerk, application.pk)
    licence = Licence.objects.get(pk=at_licence.pk)
    assert sorted(licence.kinds.values_list("kind_id", flat=True)) == ["普通"]
    assert licence.conditions == ["眼鏡等", AT]
    entry = LicenceCancellation.objects.get()
    assert (entry.scope, sorted(entry.kinds_cancelled), entry.kinds_kept, entry.card_job_id) == (
        "higher", ["中型", "準中型"], ["普通"], job.pk)
    assert entry.book_number.startswith(f"{CENTRE}-")
    history = HistoryEvent.objects.get(event_type="licence.cancelled_on_application")
    assert history.legal_basis == "規程第9条の2第2項"
    event = AuditEvent.objects.get(action="cards.review.issue")
    assert sorted(event.detail["upper_cancelled"]) == ["中型", "準中型"]
    notice = cancellation.cancellation_notice(centre_clerk, entry.pk)
    assert notice.pdf.startswith(b"%PDF")


def test_an_upper_licence_is_not_cancelled_without_the_explanation_recorded(centre_clerk, make_review, at_licence):
    from menkyo.registry.models import LicenceKindHeld

    Licence.objects.filter(pk=at_licence.pk).update(conditions=["眼鏡等"])
    LicenceKindHeld.objects.create(licence=at_licence, kind_id="準中型", acquired_on=date(2022, 4, 1))
    application = make_review("condition_by_request")
    with pytest.raises(Conflict) as refused:
        services.issue_review_card(centre_clerk, application.pk)
    assert refused.value.code == "upper_cancellation_not_explained"
    assert sorted(Licence.objects.get(pk=at_licence.pk).kinds.values_list("kind_id", flat=True)) == ["普通", "準中型"]
    assert not CardJob.objects.exists() and conditions(at_licence) == ["眼鏡等"]


def test_a_station_names_the_handover_day_and_the_centre_makes_the_card(station_clerk, make_review, at_licence):
    application = make_review(office=STATION)
    with pytest.raises(InvalidInput) as refused:
        services.issue_review_card(station_clerk, application.pk)
    assert refused.value.field == "handover_date" and unchanged(application, at_licence)
    day = next_business_day()
    job = services.issue_review_card(station_clerk, application.pk, handover_date=day)
    assert (job.producing_centre_id, job.handover_office_id, job.handover_date) == (CENTRE, STATION, day)


@pytest.mark.parametrize(("state", "application_type", "code"), [
    ("testing", "limitation_removal", "not_passed"), ("failed", "limitation_removal", "not_passed"),
    ("passed", "new", "not_a_review"),
])
def test_only_a_passed_review_changes_the_licence(centre_clerk, make_review, at_licence, state, application_type, code):
    application = make_review(application_type, state=state)
    with pytest.raises(Conflict) as refused:
        services.issue_review_card(centre_clerk, application.pk)
    assert refused.value.code == code and conditions(at_licence) == ["眼鏡等", AT] and not CardJob.objects.exists()


def test_a_limit_lifted_meanwhile_is_refused_on_its_field_and_nothing_is_written(centre_clerk, make_review,
                                                                                at_licence):
    application = make_review()
    Licence.objects.filter(pk=at_licence.pk).update(conditions=["眼鏡等"])
    with pytest.raises(InvalidInput) as refused:
        services.issue_review_card(centre_clerk, application.pk)
    assert refused.value.field == "removed" and not CardJob.objects.exists()
    application.refresh_from_db()
    assert application.state == "passed"


def test_a_test_application_is_not_issued_as_a_review_and_a_review_not_as_a_test(centre_clerk, make_review):
    with pytest.raises(Conflict) as refused:
        services.issue_licence(centre_clerk, make_review().pk)
    assert refused.value.code == "type_not_issued_here" and "審査の結果の登録" in refused.value.message


def test_another_office_is_refused_and_the_refusal_is_audited(station_clerk, make_review, at_licence,
                                                              expect_one_denial):
    application = make_review()
    with expect_one_denial("other_office", "cards.review.issue"), pytest.raises(NotPermitted):
        services.issue_review_card(station_clerk, application.pk)
    assert unchanged(application, at_licence)


def test_an_examiner_may_not_register_the_change_and_the_refusal_is_audited(make_operator, make_review, at_licence,
                                                                             expect_one_denial):
    examiner = make_operator("akashi_examiner", ["examiner"], CENTRE)
    application = make_review()
    with expect_one_denial("cards.issue_review_card", "cards.review.issue"), pytest.raises(NotPermitted):
        services.issue_review_card(examiner, application.pk)
    assert unchanged(application, at_licence)


# --- the API ---------------------------------------------------------------------------------------


def test_the_api_registers_the_pass_and_answers_the_card_job(client, login_as, centre_clerk, make_review):
    application = make_review()
    login_as(client, centre_clerk)
    response = client.post(f"/api/v1/applications/{application.pk}/review-card", {}, content_type="application/json")
    assert response.status_code == 201, response.content
    job = response.json()
    assert (job["application_id"], job["state"], job["handover_office"]) == (application.pk, "requested", CENTRE)


def test_the_api_answers_structured_errors(client, login_as, station_clerk, centre_clerk, make_review):
    login_as(client, centre_clerk)
    not_review = client.post(f"/api/v1/applications/{make_review('new').pk}/review-card", {},
                             content_type="application/json")
    assert not_review.status_code == 409 and not_review.json()["error"]["code"] == "not_a_review"
    client.logout()
    login_as(client, station_clerk)
    missing = client.post(f"/api/v1/applications/{make_review(office=STATION).pk}/review-card", {},
                          content_type="application/json")
    assert missing.status_code == 422
    assert missing.json()["error"]["field"] == "handover_date" and "交付予定日" in missing.json()["error"]["message"]


# --- the page --------------------------------------------------------------------------------------


def test_the_review_page_shows_the_change_and_registers_the_pass(client, login_as, centre_clerk, make_review,
                                                                 at_licence):
    application = make_review()
    login_as(client, centre_clerk)
    body = client.get(f"/cards/applications/{application.pk}/review/").content.decode()
    assert f"「{AT}」の解除" in body and "未確認の前提を含みます" in body and 'id="review-form"' in body
    assert "交付予定日" not in body
    response = client.post(f"/cards/applications/{application.pk}/review/", {}, follow=True)
    job = CardJob.objects.get()
    assert response.redirect_chain[-1][0] == f"/cards/jobs/{job.pk}/"
    assert "審査の合格を登録し" in response.content.decode() and conditions(at_licence) == ["眼鏡等"]


def test_a_station_without_a_handover_day_sees_the_error_on_the_page(client, login_as, station_clerk, make_review,
                                                                   at_licence):
    application = make_review(office=STATION)
    login_as(client, station_clerk)
    response = client.post(f"/cards/applications/{application.pk}/review/", {})
    assert response.status_code == 422 and "交付予定日を指定してください" in response.content.decode()
    assert unchanged(application, at_licence)


def test_the_queue_links_a_passed_review_to_its_page(client, login_as, centre_clerk, make_review):
    application = make_review()
    login_as(client, centre_clerk)
    body = client.get("/cards/").content.decode()
    assert f'href="/cards/applications/{application.pk}/review/"' in body


def test_the_counter_page_shows_the_review_and_links_to_it(client, login_as, centre_clerk, make_review):
    application = make_review(state="received")
    login_as(client, centre_clerk)
    body = client.get(f"/counter/applications/{application.pk}/").content.decode()
    assert f"「{AT}」の解除" in body and f'href="/cards/applications/{application.pk}/review/"' in body
    assert "限定解除審査" in body and "1,350円" in body


def test_a_test_application_has_no_review_page(client, login_as, centre_clerk, make_review):
    login_as(client, centre_clerk)
    application = Application.objects.create(
        office_id=CENTRE, prefecture_id="28", person_id=make_review().person_id, application_type="new",
        route="direct", licence_kind_id="大型", state="passed", received_on=timezone.localdate(), received_by="test")
    assert client.get(f"/cards/applications/{application.pk}/review/").status_code == 404


def test_the_new_cards_processing_slip_is_rendered_like_any_other(centre_clerk, make_review):
    job = services.issue_review_card(centre_clerk, make_review().pk)
    document = services.processing_slip(centre_clerk, job.pk, "fee")
    assert document.pdf.startswith(b"%PDF") and document.pages >= 1


def test_a_review_card_carries_the_applications_photo(centre_clerk, make_review, at_licence):
    application = make_review()
    services.issue_review_card(centre_clerk, application.pk)
    assert Licence.objects.get(pk=at_licence.pk).photo_id == application.photo_id


def test_a_review_without_a_photo_is_refused_on_its_field_and_nothing_is_written(centre_clerk, make_review,
                                                                                 at_licence):
    application = make_review(photo=False)
    with pytest.raises(InvalidInput) as refused:
        services.issue_review_card(centre_clerk, application.pk)
    assert (refused.value.field, refused.value.code) == ("photo", "photo_missing")
    assert unchanged(application, at_licence)
