"""The 前歴通知書 rules (規程第21条第2号, 第22条第2号) and the 事後取消し・事後停止 ones (第41条の4), a matrix per rule, run by
tests/dispositions/test_permissions.py (where the core test looks for every rule's matrix). "own" actors belong
to 兵庫 28-001, "other" to 大阪 27-001. 「審査」 of the case's prefecture reports that the 拒否等処分 cannot be
made (the record: a 兵庫 case); 「窓口」「審査」 of its prefecture hand the 前歴通知書 (the record: a 兵庫 entry);
the list admits 「窓口」「審査」「決定」 anywhere (the queryset shows their own prefecture). Devices do none of it."""

import pytest
from django.utils import timezone
from tests.conftest import matrix_rows
from tests.dispositions.conftest import revocation_case
from tests.dispositions.test_handoff_permissions import KINDS
from tests.violations.conftest import SYSTEM

from menkyo.dispositions.models import Case, CaseState, PriorRecordNotice
from menkyo.registry import services as registry

pytestmark = pytest.mark.django_db

PRIOR_RECORD_MATRIX = {
    "dispositions.enter_prior_record": matrix_rows("case_officer", devices_by_role=False),
    "dispositions.hand_prior_record": matrix_rows("counter", "case_officer", devices_by_role=False),
    "dispositions.list_prior_records": matrix_rows("counter", "case_officer", "decision", anywhere=True,
                                                   devices_by_role=False),
}
PRIOR_RECORD_RECORDS = {"dispositions.enter_prior_record": ("case",),
                        "dispositions.hand_prior_record": ("prior_record",)}
PRIOR_RECORD_DEVICE_KIND_MATRIX = {rule: [(kind, False, False) for kind in KINDS] for rule in PRIOR_RECORD_MATRIX}


def hyogo_prior_record(holder_data) -> PriorRecordNotice:
    """A 兵庫 driver's entry (written directly: the service is tested in test_prior_records.py)."""
    case = revocation_case(registry.register_holder(SYSTEM, holder_data))
    Case.objects.filter(pk=case.pk).update(state=CaseState.STRUCK_OUT, kind="refusal")
    return PriorRecordNotice.objects.create(case=case, reason="処分ができない", points=15, standard="拒否（欠格期間1年）",
                                            contents="累積点数15点", entered_on=timezone.localdate(), entered_by="test")


#: The records of the matrices above, by the name in :data:`PRIOR_RECORD_RECORDS`.
PRIOR_RECORD_RECORD_MAKERS = {"prior_record": hyogo_prior_record}


# 事後取消し・事後停止 (規程第41条の4): 「審査」 of the holder's prefecture opens the case (the record: a 兵庫 holder);
# 「審査」「決定」 list (the queryset shows their own prefecture).
PRIOR_RECORD_MATRIX.update({
    "dispositions.open_post_issue": matrix_rows("case_officer", devices_by_role=False),
    "dispositions.list_post_issue": matrix_rows("case_officer", "decision", anywhere=True, devices_by_role=False),
})
PRIOR_RECORD_RECORDS["dispositions.open_post_issue"] = ("hyogo_holder",)
PRIOR_RECORD_DEVICE_KIND_MATRIX.update({rule: [(kind, False, False) for kind in KINDS]
                                        for rule in ("dispositions.open_post_issue", "dispositions.list_post_issue")})
PRIOR_RECORD_RECORD_MAKERS["hyogo_holder"] = lambda holder_data: registry.register_holder(SYSTEM, holder_data).person
