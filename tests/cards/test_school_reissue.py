"""The reissue of a 教習生's 仮免許証 on the school's application (規程第15条第6項): the school's terminal
applies, the 試験場 accepts through the ordinary reissue (第15条第2項); the API walk and its errors."""

import pytest

from menkyo.audit.models import AuditEvent
from menkyo.cards import school_reissue as services
from menkyo.cards.models import CardJob, SchoolProvisionalReissue
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.core.models import Affiliation, AffiliationKind
from menkyo.registry import services as registry
from menkyo.registry.models import HistoryEvent

pytestmark = pytest.mark.django_db


def school_terminal(make_device, prefecture="28", code="28-S01"):
    device = make_device("school", "own" if prefecture == "28" else "other")
    device.affiliation = Affiliation.objects.create(code=code, prefecture_id=prefecture, name="明石自動車教習所",
                                                    kind=AffiliationKind.DRIVING_SCHOOL)
    device.save(update_fields=["affiliation"])
    return device


@pytest.fixture
def school(make_device):
    return school_terminal(make_device)


@pytest.fixture
def provisional(system, applicant):
    return registry.register_provisional_licence(system, applicant.pk, "普通仮")


def body(provisional, **changes):
    return {"number": provisional.number, "birth_date": provisional.person.birth_date.isoformat(),
            "ground": "lost", "reason": "教習中に亡失", "declared": True, **changes}


def test_a_school_applies_and_the_centre_reissues_through_the_ordinary_reissue(school, centre_clerk, provisional):
    before = provisional.number
    application = services.submit_school_provisional_reissue(school, **body(provisional))
    assert (application.state, application.school.code, application.card_job) == ("submitted", "28-S01", None)
    assert not CardJob.objects.exists()
    assert [a.pk for a in services.school_applications(centre_clerk)] == [application.pk]
    job = services.accept_school_provisional_reissue(centre_clerk, application.pk)
    application.refresh_from_db()
    assert (application.state, application.card_job_id, job.card_kind, job.reissue_ground) == (
        "accepted", job.pk, "provisional", "lost")
    provisional.refresh_from_db()
    assert provisional.number != before  # lost: the 12th digit goes up, as at the counter
    assert services.school_applications(centre_clerk) == []
    actions = list(AuditEvent.objects.filter(action__startswith="cards.provisional.").values_list("action", flat=True))
    assert {"cards.provisional.school_reissue", "cards.provisional.reissue",
            "cards.provisional.school_reissue_accept"} <= set(actions)
    assert {"provisional.school_reissue_applied", "provisional.reissued"} <= set(
        HistoryEvent.objects.values_list("event_type", flat=True))


@pytest.mark.parametrize(("changes", "field"), [
    ({"birth_date": "2001-01-01"}, "birth_date"), ({"birth_date": "昨日"}, "birth_date"),
    ({"declared": False}, "declared"), ({"ground": "changed"}, "ground"), ({"reason": ""}, "reason"),
])
def test_bad_input_is_refused_with_its_field_and_nothing_is_written(school, provisional, changes, field):
    with pytest.raises(InvalidInput) as refused:
        services.submit_school_provisional_reissue(school, **body(provisional, **changes))
    assert refused.value.field == field and "。" in refused.value.message
    assert not SchoolProvisionalReissue.objects.exists()


def test_a_second_open_application_for_the_same_card_is_refused(school, provisional):
    services.submit_school_provisional_reissue(school, **body(provisional))
    with pytest.raises(Conflict) as refused:
        services.submit_school_provisional_reissue(school, **body(provisional))
    assert refused.value.code == "already_applied" and SchoolProvisionalReissue.objects.count() == 1


def test_a_school_of_another_prefecture_may_not_apply(make_device, provisional):
    osaka = school_terminal(make_device, "27", "27-S01")
    with pytest.raises(NotPermitted):
        services.submit_school_provisional_reissue(osaka, **body(provisional))
    assert not SchoolProvisionalReissue.objects.exists()


def test_a_device_that_is_not_at_a_school_may_not_apply(make_device, provisional):
    with pytest.raises(InvalidInput) as refused:
        services.submit_school_provisional_reissue(make_device("school"), **body(provisional))
    assert refused.value.code == "not_a_school"


def test_an_application_is_accepted_once(school, centre_clerk, provisional):
    application = services.submit_school_provisional_reissue(school, **body(provisional))
    services.accept_school_provisional_reissue(centre_clerk, application.pk)
    with pytest.raises(Conflict):
        services.accept_school_provisional_reissue(centre_clerk, application.pk)
    assert CardJob.objects.count() == 1


def test_a_police_station_clerk_may_not_accept_it(school, station_clerk, provisional):
    application = services.submit_school_provisional_reissue(school, **body(provisional))
    with pytest.raises(NotPermitted):
        services.accept_school_provisional_reissue(station_clerk, application.pk)
    application.refresh_from_db()
    assert application.state == "submitted" and not CardJob.objects.exists()


# --- the API walk -------------------------------------------------------------------------------------


def post(client, url, data, **headers):
    return client.post(url, data, content_type="application/json", **headers)


def test_the_school_terminal_applies_over_the_api_and_the_centre_accepts(client, login_as, school, centre_clerk,
                                                                         provisional):
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {school.token}"}
    wrong = post(client, "/api/v1/school-provisional-reissues", body(provisional, birth_date="2001-01-01"), **bearer)
    assert wrong.status_code == 422 and wrong.json()["error"]["field"] == "birth_date"
    assert not SchoolProvisionalReissue.objects.exists()
    sent = post(client, "/api/v1/school-provisional-reissues", body(provisional), **bearer)
    assert sent.status_code == 201, sent.content
    assert (sent.json()["state"], sent.json()["school"]) == ("submitted", "明石自動車教習所")
    login_as(client, centre_clerk)
    listed = client.get("/api/v1/school-provisional-reissues").json()
    assert [row["id"] for row in listed] == [sent.json()["id"]]
    accepted = post(client, f"/api/v1/school-provisional-reissues/{sent.json()['id']}/accept", {})
    assert accepted.status_code == 201, accepted.content
    assert (accepted.json()["card_kind"], accepted.json()["reissue_ground"]) == ("provisional", "lost")
    again = post(client, f"/api/v1/school-provisional-reissues/{sent.json()['id']}/accept", {})
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_accepted"


# --- the staff page -----------------------------------------------------------------------------------


def test_the_staff_page_shows_the_school_application_and_accepting_it_requests_the_card(client, login_as, school,
                                                                                       centre_clerk, provisional):
    application = services.submit_school_provisional_reissue(school, **body(provisional))
    login_as(client, centre_clerk)
    page = client.get("/cards/provisional/school-reissues/").content.decode()
    assert "明石自動車教習所" in page and "亡失" in page and "教習中に亡失" in page and "lost" not in page
    answer = client.post(f"/cards/provisional/school-reissues/{application.pk}/accept/")
    job = CardJob.objects.get()
    assert answer.status_code == 302 and answer["Location"].endswith(f"/{job.pk}/")
    again = client.post(f"/cards/provisional/school-reissues/{application.pk}/accept/", follow=True)
    assert again.status_code == 409 and "この申請はすでに受理されています。" in again.content.decode()
    assert CardJob.objects.count() == 1


def test_a_clerk_of_another_prefecture_sees_no_application(client, login_as, make_operator, school, provisional):
    services.submit_school_provisional_reissue(school, **body(provisional))
    login_as(client, make_operator("osaka_counter", ["counter"], "27-001"))
    page = client.get("/cards/provisional/school-reissues/").content.decode()
    assert "受理待ちの申請はありません。" in page


# --- the return, and the school following its applications ------------------------------------------


REASON = "教習生でなくなったため（退校）"


def test_the_centre_returns_an_application_with_its_reason_and_the_school_reads_it(
        client, school, centre_clerk, provisional):
    application = services.submit_school_provisional_reissue(school, **body(provisional))
    with pytest.raises(InvalidInput) as refused:
        services.return_school_provisional_reissue(centre_clerk, application.pk, reason="  ")
    assert refused.value.field == "reason"
    returned = services.return_school_provisional_reissue(centre_clerk, application.pk, reason=REASON)
    assert (returned.state, returned.return_reason) == ("returned", REASON) and not CardJob.objects.exists()
    event = AuditEvent.objects.get(action="cards.provisional.school_reissue_return")
    assert event.detail["legal_basis"] == "規程第15条第6項"
    assert HistoryEvent.objects.filter(event_type="provisional.school_reissue_returned").count() == 1
    with pytest.raises(Conflict):  # neither returned twice nor accepted after
        services.accept_school_provisional_reissue(centre_clerk, application.pk)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {school.token}"}
    mine = client.get("/api/v1/school-provisional-reissues", **bearer)
    assert mine.status_code == 200
    assert [(r["id"], r["state"], r["return_reason"]) for r in mine.json()] == [(application.pk, "returned", REASON)]
    assert AuditEvent.objects.filter(action="cards.provisional.school_reissue_list").count() == 1
    again = services.submit_school_provisional_reissue(school, **body(provisional))  # the school may apply anew
    assert again.state == "submitted"


def test_a_school_sees_only_its_own_applications(client, make_device, school, provisional):
    services.submit_school_provisional_reissue(school, **body(provisional))
    other = school_terminal(make_device, "27", code="27-S01")  # another school (of 大阪)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {other.token}"}
    assert client.get("/api/v1/school-provisional-reissues", **bearer).json() == []


def test_a_station_clerk_may_not_return_it_and_nothing_changes(school, station_clerk, provisional):
    application = services.submit_school_provisional_reissue(school, **body(provisional))
    with pytest.raises(NotPermitted):
        services.return_school_provisional_reissue(station_clerk, application.pk, reason=REASON)
    assert SchoolProvisionalReissue.objects.get(pk=application.pk).state == "submitted"


def test_the_staff_page_returns_it_and_refuses_an_empty_reason(client, login_as, school, centre_clerk, provisional):
    application = services.submit_school_provisional_reissue(school, **body(provisional))
    login_as(client, centre_clerk)
    url = f"/cards/provisional/school-reissues/{application.pk}/return/"
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 422 and "返戻の理由を入力してください" in refused.content.decode()
    done = client.post(url, {"reason": REASON}, follow=True)
    assert "理由を付して返戻しました" in done.content.decode()
    assert SchoolProvisionalReissue.objects.get(pk=application.pk).state == "returned"


def test_the_return_over_the_api_answers_a_structured_error(client, login_as, school, centre_clerk, provisional):
    application = services.submit_school_provisional_reissue(school, **body(provisional))
    login_as(client, centre_clerk)
    url = f"/api/v1/school-provisional-reissues/{application.pk}/return"
    error = post(client, url, {"reason": "あ" * 201})
    assert error.status_code == 422 and error.json()["error"]["field"] == "reason"
    done = post(client, url, {"reason": REASON})
    assert done.status_code == 200 and done.json()["state_label"] == "返戻（受理しない）"
