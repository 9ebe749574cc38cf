"""免許の格下げ on request at a renewal (規程第16条第5項ただし書): a 適性検査 that fails the 大型 standard (深視力)
but meets that of the 普自二 the holder also holds offers the 格下げ; asked for, the renewal continues and
renews only 普自二, the 大型 removed in the renewal's transaction with history and audit (at a 警察署, the
registration requested of the 免許課長). Bad kinds, a renewal that passed, another office or role are refused."""

from decimal import Decimal

import pytest
from django.db import connection
from tests.cards.conftest import STATION, next_business_day
from tests.cards.test_renewal import GOOD_EYES, POOR_EYES, aptitude, examiner, pay, receive  # noqa: F401
from tests.documents.pdf import flat, pdf_text
from tests.renewals import renewal_holder

from menkyo.audit.models import AuditEvent
from menkyo.cards import downgrade, renewal
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.counter import renewal as counter_renewal
from menkyo.registry.models import HistoryEvent, Licence

pytestmark = pytest.mark.django_db

POOR_DEPTH = {**GOOD_EYES, "depth_error_cm": Decimal("3.5")}


@pytest.fixture
def truck_driver(holder_data):
    """A 45-year-old holder of 大型 and 普自二, in the renewal window."""
    return renewal_holder(holder_data, age=45, kinds={"大型": 25, "普自二": 18})


@pytest.fixture
def failed(receive, aptitude, truck_driver):  # noqa: F811
    application = receive(truck_driver)
    aptitude(application, POOR_DEPTH)
    assert application.state == "failed" and application.licence_kind_id == "大型"
    return application


def finish(clerk, application, **extra):
    counter_renewal.record_lecture(clerk, application.pk, mode="in_person")
    pay(clerk, application, "renewal", "renewal_lecture_excellent")
    return renewal.renew_licence(clerk, application.pk, **extra)


def test_the_engine_says_the_lower_kind_passes_where_the_higher_one_fails(failed):
    option = downgrade.downgrade_option(failed)
    assert [(j.kind, j.passed) for j in option.judgements] == [("大型", False), ("普自二", True)]
    assert "深視力" in option.judgements[0].failed


def test_a_downgrade_renews_only_the_lower_kind_and_removes_the_higher_one_with_the_renewal(centre_clerk, failed,
                                                                                          truck_driver):
    application = downgrade.request_downgrade(centre_clerk, failed.pk, kinds=["普自二"], reason="格下げの申出")
    assert (application.state, application.licence_kind_id) == ("passed", "普自二")
    assert application.downgrade["removed"] == ["大型"] and application.downgrade["kept"] == ["普自二"]
    request = AuditEvent.objects.get(action="cards.downgrade.request")
    assert request.detail == {"kept": ["普自二"], "removed": ["大型"], "legal_basis": "規程第16条第5項"}
    assert HistoryEvent.objects.get(event_type="renewal.downgrade_requested").legal_basis == "規程第16条第5項"
    assert list(Licence.objects.get(pk=truck_driver.pk).kinds.values_list("kind_id", flat=True)) == ["大型", "普自二"]
    job = finish(centre_clerk, application)
    licence = Licence.objects.get(pk=truck_driver.pk)
    assert list(licence.kinds.values_list("kind_id", flat=True)) == ["普自二"] and job.licence_id == licence.pk
    assert licence.expiry_date.isoformat() == application.eligibility["new_expiry"]
    history = HistoryEvent.objects.get(event_type="licence.downgraded")
    assert history.changes["kinds"] == ["大型・普自二", "普自二"] and "registration" not in history.changes
    assert AuditEvent.objects.get(action="cards.licence.downgrade").detail["removed"] == ["大型"]


def test_the_renewal_form_shows_the_downgrade(centre_clerk, failed):
    downgrade.request_downgrade(centre_clerk, failed.pk, kinds=["普自二"], reason="格下げの申出")
    text = flat(pdf_text(renewal.renewal_form(centre_clerk, failed.pk).pdf))
    assert "申出により格下げ" in text and "大型を除き" in text


def test_at_a_station_the_registration_is_requested_of_the_licence_division(station_clerk, receive, aptitude,  # noqa: F811
                                                                            truck_driver):
    application = receive(truck_driver, clerk=station_clerk)
    aptitude(application, POOR_DEPTH, centre=STATION)
    downgrade.request_downgrade(station_clerk, application.pk, kinds=["普自二"], reason="格下げの申出")
    finish(station_clerk, application, handover_date=next_business_day())
    history = HistoryEvent.objects.get(event_type="licence.downgraded")
    assert "免許課長に格下げの登録を依頼" in history.changes["registration"][1]
    assert AuditEvent.objects.get(action="cards.licence.downgrade").detail["requested_of_licence_division"] is True


@pytest.mark.parametrize(("kinds", "code"), [(["大型"], "kind_not_passed"), ([], "invalid_input"), (["普通"], "invalid_input"),
                                             ("普自二", "invalid_input"), (["大型", "普自二"], "kind_not_passed")])
def test_kinds_kept_that_fail_their_standard_or_are_not_held_are_refused_on_the_field(centre_clerk, failed, kinds,
                                                                                      code):
    with pytest.raises(InvalidInput) as refused:
        downgrade.request_downgrade(centre_clerk, failed.pk, kinds=kinds, reason="格下げの申出")
    assert refused.value.field == "kinds" and refused.value.code == code
    failed.refresh_from_db()
    assert failed.state == "failed" and not failed.downgrade


def test_a_renewal_that_failed_every_standard_or_passed_cannot_be_downgraded(centre_clerk, receive, aptitude,  # noqa: F811
                                                                            truck_driver):
    application = receive(truck_driver)
    aptitude(application, {**POOR_EYES, "depth_error_cm": Decimal("3.5")})
    assert downgrade.downgrade_option(application) is None
    with pytest.raises(Conflict) as refused:
        downgrade.request_downgrade(centre_clerk, application.pk, kinds=["普自二"], reason="格下げの申出")
    assert refused.value.code == "no_downgrade" and "規程第16条第5項" in refused.value.message


def test_a_second_request_is_refused(centre_clerk, failed):
    downgrade.request_downgrade(centre_clerk, failed.pk, kinds=["普自二"], reason="格下げの申出")
    with pytest.raises(Conflict) as refused:
        downgrade.request_downgrade(centre_clerk, failed.pk, kinds=["普自二"], reason="格下げの申出")
    assert refused.value.code == "no_downgrade"


def test_an_examiner_may_not_take_the_request(examiner, failed, expect_one_denial):  # noqa: F811
    with expect_one_denial("cards.request_downgrade", "cards.downgrade.request"), pytest.raises(NotPermitted):
        downgrade.request_downgrade(examiner, failed.pk, kinds=["普自二"], reason="格下げの申出")


def test_another_office_may_not_take_the_request(station_clerk, failed):
    with pytest.raises(NotPermitted):
        downgrade.request_downgrade(station_clerk, failed.pk, kinds=["普自二"], reason="格下げの申出")
    assert AuditEvent.objects.filter(action="cards.downgrade.request", outcome="denied").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_on_postgresql_the_request_and_the_renewal_lock_the_application_and_the_licence(centre_clerk, failed,
                                                                                        locked_tables):
    request = locked_tables(lambda: downgrade.request_downgrade(centre_clerk, failed.pk, kinds=["普自二"],
                                                                 reason="格下げの申出"))
    assert "counter_application" in request and "core_affiliation" not in request
    counter_renewal.record_lecture(centre_clerk, failed.pk, mode="in_person")
    pay(centre_clerk, failed, "renewal", "renewal_lecture_excellent")
    renewed = locked_tables(lambda: renewal.renew_licence(centre_clerk, failed.pk))
    assert {"counter_application", "registry_licence"} <= renewed and "core_affiliation" not in renewed
