"""初心運転者取消手配 of one who fled after failing the 再試験 (規程第41条の2第2項前段: 「再試験に不合格となった後逃走等の
理由により即時に運転免許取消処分を執行できなかった者については、速やかに運転者管理システムへの初心運転者取消手配登録を
行うものとする」) — the first half of the paragraph whose second half (the 意見の聴取 missed) is ``revocation_alerts``.

:func:`register_fled_retest_alert` takes a ``retest`` case still 審査中 whose 再試験 was recorded 不合格 (the one
``retests.revoke_after_failed_retest`` executes at once) and the reason it could not be (逃走等), and raises the same
``alerts.Alert`` (初心運転者取消手配, active at once) with the same ``RevocationAlert`` link as the second half; the
execution, when the person is found, releases it (規程第47条; ``retests._execute``). The link's 「通知の到達日」 and
「30日経過後」 carry the day of the 不合格 (no hearing, no 30 days: 「速やかに」).
"""

from django.db import transaction
from django.utils import timezone

from menkyo.alerts import services as alerts
from menkyo.alerts.models import AlertKind
from menkyo.audit.recorder import record
from menkyo.core import legal
from menkyo.core.errors import Conflict, InvalidInput
from menkyo.core.legal import procedure
from menkyo.core.permissions import authorize
from menkyo.dispositions import execution
from menkyo.dispositions.actions import YoungRevocationAction as Action
from menkyo.dispositions.models import Case, CaseState, RevocationAlert
from menkyo.dispositions.permissions import REGISTER_REVOCATION_ALERT
from menkyo.dispositions.retests import failed_notice
from menkyo.dispositions.services import _history


@procedure(legal.KITEI_41NO2_P2, rule=REGISTER_REVOCATION_ALERT.name)
def register_fled_retest_alert(actor, case: Case, *, reason: str) -> RevocationAlert:
    """Register the 初心運転者取消手配 of one who failed the 再試験 and could not be revoked at once because they fled
    (逃走等; 規程第41条の2第2項前段): at once, with the reason; the later execution releases it."""
    authorize(actor, REGISTER_REVOCATION_ALERT.name, case, action=Action.ALERT, person_id=case.person_id)
    notice = failed_notice(case)
    if case.state != CaseState.REVIEW:
        raise Conflict("再試験の不合格で、まだ取消処分を執行していない事案だけが対象です。", code="not_pending")
    note = str(reason or "").strip()[:200]
    if not note:
        raise InvalidInput("即時に執行できなかった理由（逃走等）を入力してください。", field="reason", code="reason_required")
    day, failed_on = timezone.localdate(), notice.result_on or timezone.localdate()
    basis = legal.KITEI_41NO2_P2
    with transaction.atomic():
        execution._lock(case)
        if RevocationAlert.objects.filter(case=case).exists():
            raise Conflict("この処分事案の取消手配は登録済みです。", code="already_registered")
        alert = alerts.register_revocation_alert(
            actor, kind=AlertKind.NOVICE_REVOCATION, person=case.person, affiliation=actor.affiliation,
            case_owner=actor if hasattr(actor, "username") else None, case_number=f"処分事案第{case.pk}号",
            basis=basis, reason=f"再試験に不合格となった後、即時に取消処分を執行できなかった（{note}、{basis}）")
        done = RevocationAlert.objects.create(case=case, alert=alert, notice_arrived=failed_on, due_from=failed_on,
                                              registered_on=day, registered_by=actor.actor_name)
        event = record(actor, Action.ALERT, object_type="case", object_id=case.pk, person_id=case.person_id,
                       subject_prefecture=case.prefecture_id,
                       detail={"alert": alert.pk, "kind": AlertKind.NOVICE_REVOCATION, "fled": True,
                               "legal_basis": str(basis)})
        _history(actor, case, "disposition_case.revocation_alert",
                 {"alert": (None, AlertKind(AlertKind.NOVICE_REVOCATION).label)},
                 f"初心運転者取消手配の登録（再試験の不合格後、即時に執行できなかった：{note}）", basis, event)
    return done
