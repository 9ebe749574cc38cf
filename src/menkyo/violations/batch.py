"""Bulk intake from other police systems (2-13 他システム連携: 交通反則通告・交通事故システム).

A device of kind ``other_system`` (no role; only this) sends up to :data:`MAX_BATCH_ITEMS` reports
at once. Each item is idempotent by ``(source_system, external_reference)`` — the system's name
is kept with the device's prefecture (``28:hansoku``), so two prefectures' systems never collide:
the same reference with the same content answers ``already_registered`` with the earlier record,
with other content it is refused (``reference_reused``); a resend never doubles a point. Each item
is validated, registered, assessed and audited alone, in its own transaction (a savepoint inside
the request's): a bad item is refused with its code and Japanese message while the rest go in.
The assessment runs once per registered item (the person's row locked, in order), which keeps each
item's answer self-contained; a batch of one person's many items assesses them one after another.
"""

import re

from django.db import IntegrityError, transaction

from menkyo.audit.recorder import record
from menkyo.core import legal
from menkyo.core.errors import Conflict, DomainError, InvalidInput
from menkyo.core.legal import procedure
from menkyo.core.permissions import authorize
from menkyo.core.recording import Outcome
from menkyo.violations.actions import Action
from menkyo.violations.models import RecordState, Source, ViolationRecord
from menkyo.violations.permissions import RECEIVE_BATCH
from menkyo.violations.services import _office, _register, content_hash

#: The most items one batch may carry (a system limit, not a law fact).
MAX_BATCH_ITEMS = 1000
NAME = re.compile(r"[A-Za-z0-9._-]{1,32}")
REFERENCE = re.compile(r"[A-Za-z0-9._:/-]{1,64}")

REGISTERED, ALREADY, REFUSED = "registered", "already_registered", "refused"


@procedure(legal.KITEI_28_2, rule=RECEIVE_BATCH.name)
def receive_violation_batch(actor, items, *, source_system: str) -> list[dict]:
    """Register a batch of reports of the device's prefecture; one result per item, in order:
    ``{"index", "external_reference", "result", "violation_id", "code", "message"}``. A malformed batch
    (no items, too many, a bad system name) changes nothing."""
    office = getattr(actor, "affiliation", None)
    authorize(actor, RECEIVE_BATCH.name, office, action=Action.BATCH_RECEIVE)
    if not NAME.fullmatch(str(source_system or "")):
        raise InvalidInput("送信元システム名（source_system）は英数字と ._- の32文字以内です。", field="source_system")
    if not isinstance(items, list) or not items:
        raise InvalidInput("違反等の項目（items）を1件以上指定してください。", field="items")
    if len(items) > MAX_BATCH_ITEMS:
        raise InvalidInput(f"1回に送信できるのは{MAX_BATCH_ITEMS}件までです（{len(items)}件）。", field="items",
                           code="batch_too_large")
    system = f"{office.prefecture_id}:{source_system}"
    results = [_item(actor, system, raw if isinstance(raw, dict) else {}, index) for index, raw in enumerate(items)]
    counts = {kind: sum(1 for r in results if r["result"] == kind) for kind in (REGISTERED, ALREADY, REFUSED)}
    record(actor, Action.BATCH_RECEIVE, object_type="violationbatch", subject_prefecture=office.prefecture_id,
           detail={**counts, "items": len(items), "source_system": system, "legal_basis": str(legal.KITEI_28_2)})
    return results


def _item(actor, system: str, raw: dict, index: int) -> dict:
    reference = str(raw.get("external_reference") or "")[:64]
    try:
        if not REFERENCE.fullmatch(reference):
            raise InvalidInput("送信元の参照番号（external_reference）は英数字と ._:/- の64文字以内です。",
                               field="external_reference")
        earlier = _earlier(system, reference)
        if earlier is not None:
            return _repeated(actor, index, raw, earlier)
        return _apply(actor, system, reference, raw, index)
    except DomainError as error:
        return _refused(actor, index, reference, error)


def _earlier(system: str, reference: str) -> ViolationRecord | None:
    return ViolationRecord.objects.filter(source_system=system, external_reference=reference).first()


def _repeated(actor, index: int, raw: dict, earlier: ViolationRecord) -> dict:
    if earlier.content_hash != content_hash(raw):
        raise Conflict("この参照番号は別の内容で登録済みです。参照番号を確認してください。", field="external_reference",
                       code="reference_reused")
    result = _result(index, earlier.external_reference, ALREADY, earlier.pk,
                     message=f"登録済みです（{earlier.registered_at:%Y-%m-%d %H:%M} 受信、{earlier.get_state_display()}）。")
    _audit(actor, result, earlier.person_id, earlier.prefecture_id)
    return result


def _apply(actor, system: str, reference: str, raw: dict, index: int) -> dict:
    office = _office(actor, raw.get("office_code"))
    if office.prefecture_id != actor.prefecture_id:
        raise InvalidInput("報告した所属（office_code）は本県の所属を指定してください。", field="office_code",
                           code="office_other_prefecture")
    try:
        with transaction.atomic():
            violation = _register(actor, office, raw, state=RecordState.REGISTERED, source=Source.OTHER_SYSTEM,
                                  source_system=system, external_reference=reference)
            result = _result(index, reference, REGISTERED, violation.pk, message="登録しました。")
            _audit(actor, result, violation.person_id, violation.prefecture_id)
            return result
    except IntegrityError:  # the same reference registered meanwhile by another batch
        earlier = _earlier(system, reference)
        if earlier is None:
            raise
        return _repeated(actor, index, raw, earlier)


def _refused(actor, index: int, reference: str, error: DomainError) -> dict:
    result = _result(index, reference, REFUSED, None, code=error.code, message=error.message, field=error.field)
    with transaction.atomic():
        _audit(actor, result, None, actor.prefecture_id)
    return result


def _result(index: int, reference: str, result: str, violation_id, *, code: str = "", message: str = "",
            field: str | None = None) -> dict:
    return {"index": index, "external_reference": reference, "result": result, "violation_id": violation_id,
            "code": code, "message": message, "field": field}


def _audit(actor, result: dict, person_id, prefecture: str) -> None:
    record(actor, Action.BATCH_ITEM, object_type="violationrecord", object_id=result["violation_id"],
           person_id=person_id, subject_prefecture=prefecture,
           outcome=Outcome.ERROR if result["result"] == REFUSED else Outcome.OK,
           detail={"index": result["index"], "result": result["result"], "code": result["code"],
                   "legal_basis": str(legal.KITEI_28_2)})
