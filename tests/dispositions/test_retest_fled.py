"""初心運転者取消手配 of one who fled after failing the 再試験 (規程第41条の2第2項前段): registered at once by 「審査」 with
the reason, active at once, released when the 取消 is executed; refused without a reason, twice, for a 再試験 not
failed, by another prefecture or the counter; the page and the API."""

import pytest
from tests.dispositions.conftest import in_days
from tests.dispositions.test_retests import retest_case

from menkyo.alerts.models import Alert
from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.dispositions import retests
from menkyo.dispositions.models import RevocationAlert
from menkyo.dispositions.retest_fled import register_fled_retest_alert
from menkyo.registry.models import HistoryEvent

pytestmark = pytest.mark.django_db


def test_one_who_fled_after_failing_gets_the_novice_alert_at_once_released_by_the_execution(officer, licence):
    case = retest_case(officer, licence)
    done = register_fled_retest_alert(officer, case, reason="不合格の告知後に逃走")
    alert = done.alert
    assert (alert.kind, alert.state, alert.requesting_affiliation_id) == ("novice_revocation", "active", "28-001")
    assert (done.notice_arrived, done.registered_on) == (in_days(0), in_days(0))
    assert AuditEvent.objects.get(action="dispositions.revocation_alert.register").detail["fled"] is True
    assert HistoryEvent.objects.get(event_type="disposition_case.revocation_alert").legal_basis == "規程第41条の2第2項"
    retests.revoke_after_failed_retest(officer, case)
    assert Alert.objects.get().state == "released"


def test_a_reason_is_required_and_a_second_alert_is_refused(officer, licence):
    case = retest_case(officer, licence)
    with pytest.raises(InvalidInput) as refused:
        register_fled_retest_alert(officer, case, reason=" ")
    assert refused.value.code == "reason_required" and not Alert.objects.exists()
    register_fled_retest_alert(officer, case, reason="逃走")
    with pytest.raises(Conflict) as again:
        register_fled_retest_alert(officer, case, reason="逃走")
    assert again.value.code == "already_registered" and RevocationAlert.objects.count() == 1


def test_a_retest_not_taken_is_not_this_alert(officer, licence):
    case = retest_case(officer, licence, result="absent")
    with pytest.raises(Conflict) as refused:
        register_fled_retest_alert(officer, case, reason="逃走")
    assert refused.value.code == "retest_not_failed" and not Alert.objects.exists()


def test_an_executed_case_is_not_alerted(officer, licence):
    case = retest_case(officer, licence)
    retests.revoke_after_failed_retest(officer, case)
    with pytest.raises(Conflict) as refused:
        register_fled_retest_alert(officer, case, reason="逃走")
    assert refused.value.code == "not_pending" and not Alert.objects.exists()


def test_another_prefecture_and_the_counter_may_not_register(officer, osaka_officer, clerk, licence):
    case = retest_case(officer, licence)
    for actor in (osaka_officer, clerk):
        with pytest.raises(NotPermitted):
            register_fled_retest_alert(actor, case, reason="逃走")
    assert not Alert.objects.exists()


def test_the_api_and_the_page_register_it_and_refuse_in_japanese(client, login_as, officer, licence):
    case = retest_case(officer, licence)
    login_as(client, officer)
    page = client.get(f"/dispositions/retests/{case.pk}/").content.decode()
    assert "fled-form" in page
    refused = client.post(f"/dispositions/retests/{case.pk}/fled/", {"reason": ""})
    assert refused.status_code == 422 and "理由" in refused.content.decode() and not Alert.objects.exists()
    bad = client.post(f"/api/v1/disposition-cases/{case.pk}/fled-retest-alert", {"reason": " "},
                      content_type="application/json")
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "reason_required"
    done = client.post(f"/api/v1/disposition-cases/{case.pk}/fled-retest-alert", {"reason": "逃走"},
                       content_type="application/json")
    assert done.status_code == 201 and done.json()["kind"] == "novice_revocation"
    shown = client.get(f"/dispositions/retests/{case.pk}/").content.decode()
    assert "revocation-alert" in shown and "fled-form" not in shown
