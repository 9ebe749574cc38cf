"""The 若年運転者期間に係る取消し rules (規程第41条の2の2) and the 取消手配's (第41条の2第2項, 第41条の2の2第2項). The
matrices run in tests/dispositions/test_permissions.py on a 兵庫 driver's case; "other" actors belong to 大阪 27-001.
「窓口」「審査」 of the case's prefecture execute (as the execution of 第34条); 「審査」 registers the 手配 (or the daily
job); devices do neither."""

from tests.conftest import matrix_rows

from menkyo.core.actors import SystemActor
from menkyo.core.permissions import allowed

YOUNG_MATRIX = {
    "dispositions.revoke_young_driver": matrix_rows("counter", "case_officer", devices_by_role=False),
    "dispositions.register_revocation_alert": matrix_rows("case_officer", devices_by_role=False),
}
YOUNG_RECORDS = {rule: ("case",) for rule in YOUNG_MATRIX}
KINDS = ("card_printer", "kiosk", "omr", "endorsement", "terminal", "other", "school", "scoring",
         "question_authoring", "pass_board", "onestop", "other_system")
YOUNG_DEVICE_KIND_MATRIX = {rule: [(kind, False, False) for kind in KINDS] for rule in YOUNG_MATRIX}


def test_the_daily_job_may_register_a_revocation_alert():
    assert allowed(SystemActor("task:dispositions.revocation_alerts"), "dispositions.register_revocation_alert")
