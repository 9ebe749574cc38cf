"""執行不能 of a 再試験・若年 取消 (規程第41条の2第8項第2号, 第41条の2の2第8項第2号): when the person does not appear on
the 取消しの日 and cannot be found within the 20 days (逃亡・所在不明等), the daily job's 執行不能 registers the case's
初心運転者取消手配 / 若年運転者取消手配 instead of the 処分手配; an ordinary points case still gets the 処分手配; a 取消手配
already registered for the case is reused; the later execution releases it (規程第47条)."""

import pytest
from tests.dispositions.conftest import decided, in_days
from tests.dispositions.test_retest_decided import decided_absent
from tests.dispositions.test_young_revocations import missed, open_day, young_case

from menkyo.alerts.models import Alert
from menkyo.audit.models import AuditEvent
from menkyo.core.actors import SystemActor
from menkyo.dispositions import execution, retests, revocation_alerts, young_revocations
from menkyo.dispositions.models import CaseState, RevocationAlert
from menkyo.registry.models import HistoryEvent

pytestmark = pytest.mark.django_db
BATCH = SystemActor("task:dispositions.search_expired")


def unexecutable(case, officer):
    """Summon ``case`` for today; the daily job on the 21st day marks it 執行不能."""
    execution.summon_for_execution(officer, case, appear_on=in_days(0), place="兵庫県警察本部運転免許課")
    assert execution.unexecutable_due(BATCH, in_days(21)) == 1
    case.refresh_from_db()
    return case


def test_a_young_driver_revocation_not_executed_in_twenty_days_raises_the_youth_revocation_alert(officer, licence):
    case = unexecutable(young_case(officer, licence), officer)
    alert = Alert.objects.get(person=licence.person)
    link = RevocationAlert.objects.get(case=case)
    assert (case.state, alert.kind, alert.state) == (CaseState.UNEXECUTABLE, "youth_revocation", "active")
    assert (case.execution.alert_id, link.alert_id, link.registered_on) == (alert.pk, alert.pk, in_days(21))
    assert (alert.requesting_affiliation_id, alert.case_owner.username) == ("28-001", officer.username)
    audit = AuditEvent.objects.get(action="dispositions.revocation_alert.register")
    assert audit.detail["unexecutable"] and audit.detail["legal_basis"] == "規程第41条の2の2第8項"
    assert HistoryEvent.objects.get(event_type="disposition_case.unexecutable").reason == "執行不能・若年運転者取消手配の登録"


def test_the_young_execution_after_the_search_releases_the_youth_revocation_alert_once(officer, licence):
    case = unexecutable(young_case(officer, licence), officer)
    young_revocations.revoke_young_driver_licence(officer, case, handover_date=open_day())
    alert = Alert.objects.get(person=licence.person)
    assert alert.state == "released"
    assert AuditEvent.objects.filter(action="alerts.alert.release_executed").count() == 1


def test_a_retest_revocation_not_executed_raises_the_novice_revocation_alert_released_by_the_execution(officer,
                                                                                                   licence):
    case = unexecutable(decided_absent(officer, licence), officer)
    alert = Alert.objects.get(person=licence.person)
    assert (alert.kind, case.execution.alert_id, RevocationAlert.objects.get(case=case).alert_id) == (
        "novice_revocation", alert.pk, alert.pk)
    assert AuditEvent.objects.get(action="dispositions.revocation_alert.register").detail["legal_basis"] == \
        "規程第41条の2第8項"
    retests.revoke_decided_retest(officer, case, handover_date=open_day())
    alert.refresh_from_db()
    assert alert.state == "released" and not Alert.objects.filter(kind="disposition").exists()


def test_an_ordinary_points_case_still_gets_the_disposition_alert(officer, licence):
    case = unexecutable(decided(licence, "revocation", days=None, years=1), officer)
    alert = Alert.objects.get(person=licence.person)
    assert (alert.kind, case.execution.alert_id) == ("disposition", alert.pk)
    assert not RevocationAlert.objects.exists()
    assert HistoryEvent.objects.get(event_type="disposition_case.unexecutable").reason == "執行不能・処分手配の登録"


def test_a_revocation_alert_registered_for_the_missed_hearing_is_reused_not_doubled(officer, licence):
    case = young_case(officer, licence)
    missed(case, officer, served=in_days(-40))
    first = revocation_alerts.register_revocation_alert(officer, case)
    case = unexecutable(case, officer)
    assert Alert.objects.filter(person=licence.person).count() == 1
    assert case.execution.alert_id == first.alert_id
    assert not AuditEvent.objects.filter(action="dispositions.revocation_alert.register",
                                         detail__unexecutable=True).exists()
    young_revocations.revoke_young_driver_licence(officer, case, handover_date=open_day())
    assert Alert.objects.get(pk=first.alert_id).state == "released"


def test_the_execution_and_young_pages_name_the_youth_revocation_alert_of_the_unexecutable_case(client, login_as,
                                                                                               officer, licence):
    case = unexecutable(young_case(officer, licence), officer)
    login_as(client, officer)
    page = client.get(f"/dispositions/executions/{case.pk}/").content.decode()
    assert "若年運転者取消手配 手配番号" in page and "処分手配 手配番号" not in page
    young = client.get(f"/dispositions/young-drivers/{case.pk}/").content.decode()
    assert "若年運転者取消手配（手配番号" in young
