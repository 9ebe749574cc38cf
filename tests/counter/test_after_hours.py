"""A renewal put in outside office hours on the last day of the validity (規程第16条第10項): received as of that
day (the みなす末日 included) and judged on it; any other day, a day in the future, or a day whose next office
day has passed is refused naming why, and nothing is written."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from tests.renewals import NO_TO_ALL, renewal_data, renewal_holder

from menkyo.accounts.services import register_device
from menkyo.audit.models import AuditEvent
from menkyo.core.actors import SystemActor
from menkyo.core.errors import InvalidInput, NotPermitted
from menkyo.core.models import Affiliation
from menkyo.counter import renewal
from menkyo.counter.models import Application
from menkyo.registry.models import HistoryEvent, Licence
from menkyo.registry.services import register_holder
from menkyo.rules.dates import months_after, roll_forward

pytestmark = pytest.mark.django_db


def holder_expiring(holder_data: dict, expiry: date) -> Licence:
    """A 45-year-old holder of 普通 whose printed expiry is ``expiry`` (one month after the birthday)."""
    birthday = months_after(expiry, -1)
    birth = birthday.replace(year=birthday.year - 45)
    licence = register_holder(SystemActor("test"), dict(holder_data, birth_date=birth,
                                                        kinds={"普通": date(birth.year + 20, 8, 1)},
                                                        issue_date=date(birth.year + 20, 8, 1)))
    Licence.objects.filter(pk=licence.pk).update(issue_date=date(expiry.year - 3, 1, 10), expiry_date=expiry)
    return Licence.objects.get(pk=licence.pk)


@pytest.fixture
def holder(holder_data):
    return renewal_holder(holder_data, age=45)


@pytest.fixture
def last_day(holder):
    """The holder's window's last day (the rolled expiry) and the next office day after it."""
    end = roll_forward(holder.expiry_date)
    return end, roll_forward(end + timedelta(days=1))


def test_an_application_put_in_after_hours_on_the_last_day_is_received_as_of_that_day(centre_clerk, holder,
                                                                                       last_day):
    end, next_day = last_day
    application = renewal.receive_renewal(centre_clerk, renewal_data(holder, after_hours_on=end),
                                          received_on=next_day)
    assert (application.received_on, application.ledger_date, application.after_hours) == (end, end, True)
    assert application.eligibility["renewal_window"]["end"] == end.isoformat()
    event = AuditEvent.objects.get(action="counter.renewal.receive")
    assert event.detail["after_hours_on"] == end.isoformat() and event.detail["legal_basis"] == "規程第16条第10項"
    assert HistoryEvent.objects.get(event_type="application.received").legal_basis == "規程第16条第10項"


def test_the_deemed_last_day_after_a_closed_expiry_counts_as_the_last_day(centre_clerk, holder_data):
    licence = holder_expiring(holder_data, date(2026, 11, 29))  # a Sunday: valid to Monday the 30th (みなす末日)
    application = renewal.receive_renewal(centre_clerk, renewal_data(licence, after_hours_on=date(2026, 11, 30)),
                                          received_on=date(2026, 12, 1))
    assert application.received_on == date(2026, 11, 30)
    with pytest.raises(InvalidInput) as sunday:
        renewal.receive_renewal(centre_clerk, renewal_data(licence, after_hours_on=date(2026, 11, 29)),
                                received_on=date(2026, 11, 30))
    assert sunday.value.code == "not_last_day"


def test_a_day_that_is_not_the_last_day_is_refused_naming_the_last_day(centre_clerk, holder, last_day):
    end, _ = last_day
    with pytest.raises(InvalidInput) as refused:
        renewal.receive_renewal(centre_clerk, renewal_data(holder, after_hours_on=end - timedelta(days=1)),
                                received_on=end)
    assert (refused.value.field, refused.value.code) == ("after_hours_on", "not_last_day")
    assert "有効期間の末日" in refused.value.message and "規程第16条第10項" in refused.value.message
    assert not Application.objects.exists() and not AuditEvent.objects.filter(
        action="counter.renewal.receive", outcome="success").exists()


def test_a_day_in_the_future_or_past_its_next_office_day_is_refused(centre_clerk, holder, last_day):
    end, next_day = last_day
    with pytest.raises(InvalidInput) as future:
        renewal.receive_renewal(centre_clerk, renewal_data(holder, after_hours_on=end), received_on=end - timedelta(1))
    with pytest.raises(InvalidInput) as late:
        renewal.receive_renewal(centre_clerk, renewal_data(holder, after_hours_on=end),
                                received_on=next_day + timedelta(days=1))
    assert (future.value.code, late.value.code) == ("after_hours_in_future", "after_hours_too_late")
    assert "翌日" in late.value.message and not Application.objects.exists()


def test_a_day_that_is_not_a_date_or_a_special_renewal_with_it_is_refused_on_the_field(centre_clerk, holder):
    with pytest.raises(InvalidInput) as not_a_date:
        renewal.receive_after_hours_renewal(centre_clerk, renewal_data(holder, after_hours_on="昨日"))
    with pytest.raises(InvalidInput) as early:
        renewal.receive_renewal(centre_clerk, renewal_data(holder, after_hours_on=timezone.localdate(),
                                                           early_reason="abroad", early_evidence="旅券"))
    assert not_a_date.value.field == early.value.field == "after_hours_on"
    assert early.value.code == "early_and_after_hours"


def test_another_prefectures_clerk_may_not_receive_it(make_operator, holder, last_day, expect_one_denial):
    osaka = make_operator("osaka_counter", ["counter"], "27-002")
    Affiliation.objects.filter(code="27-002").update(kind="licence_centre")
    end, next_day = last_day
    with (expect_one_denial("counter.receive_after_hours_renewal", "counter.renewal.receive"),
          pytest.raises(NotPermitted)):
        renewal.receive_renewal(osaka, renewal_data(holder, after_hours_on=end), received_on=next_day)


def test_the_api_receives_it_with_the_day_and_refuses_another_day_on_the_field(client, holder_data, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 12, 1))
    token = register_device(SystemActor("test"), name="明石 受付端末", kind="terminal", affiliation="28-002",
                            roles=["counter"]).token
    licence = holder_expiring(holder_data, date(2026, 11, 30))
    body = {"licence_number": licence.number, "questionnaire": NO_TO_ALL, "documents": ["licence"]}
    wrong = client.post("/api/v1/renewals", {**body, "after_hours_on": "2026-11-27"},
                        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert wrong.status_code == 422 and wrong.json()["error"]["field"] == "after_hours_on"
    early = client.post("/api/v1/after-hours-renewals", {**body, "after_hours_on": "2026-11-30",
                                                        "early_reason": "abroad", "early_evidence": "旅券"},
                        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert early.status_code == 422 and early.json()["error"]["code"] == "early_and_after_hours"
    response = client.post("/api/v1/after-hours-renewals", {**body, "after_hours_on": "2026-11-30"},
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 201, response.json()
    assert response.json()["application"]["received_on"] == "2026-11-30"
    assert Application.objects.get().after_hours


def test_the_intake_page_receives_it_with_the_day_in_wareki_and_the_application_page_says_so(
        client, login_as, centre_clerk, holder_data, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 12, 1))
    licence = holder_expiring(holder_data, date(2026, 11, 30))
    login_as(client, centre_clerk)
    form = {"licence_number": licence.number, "documents": ["licence"],
            **{f"q_{item}": "no" for item in NO_TO_ALL}}
    intake = client.get("/counter/renewals/after-hours/").content.decode()
    assert 'id="after-hours-help"' in intake and 'name="early_reason"' not in intake
    missing = client.post("/counter/renewals/after-hours/", form)
    assert missing.status_code == 422 and "執務時間外に申請された日を入力してください" in missing.content.decode()
    wrong = client.post("/counter/renewals/after-hours/", {**form, "after_hours_on": "令和8年12月1日"})
    assert wrong.status_code == 422 and "執務時間外の申請として受理できるのは" in wrong.content.decode()
    response = client.post("/counter/renewals/after-hours/", {**form, "after_hours_on": "令和8年11月30日"},
                           follow=True)
    body = response.content.decode()
    assert Application.objects.get().received_on == date(2026, 11, 30)
    assert 'id="after-hours"' in body and "規程第16条第10項" in body
