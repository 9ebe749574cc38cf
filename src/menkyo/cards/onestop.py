"""住所変更ワンストップ: changes of address notified at a municipality, for マイナ免許証-only holders.

A holder of the マイナ免許証 only who asked for the service (サービス利用申請) need not notify the police
of a move: the municipality's change reaches the licence register (法第95条の5第3項, 府令第21条の13–14;
counter-facts §4.4 — 「住所変更ワンストップ is only for マイナ免許証のみ holders, not 2枚持ち」). The
changes arrive through the API in batches from the link of kind ``onestop`` (a single-purpose device:
no role, only this), and each is applied as the 記載事項変更 of 規程第14条 through
:func:`menkyo.registry.services.change_particulars` — its own audit event and history — by
:class:`OnestopDelegate`, a system actor named after the device (the device itself holds no register
rule; it may only deliver these changes, checked against its own prefecture first).

Each item is idempotent by the sender's ``reference``: an accepted reference is applied once in the
prefecture; the same content sent again is answered ``already_applied`` (pointing at the earlier
item), other content under the same reference is refused (``reference_reused``). A refused item may be
sent again. Each item has its own transaction (a crash in the middle loses no applied item, and the
audit chain is not held for the whole batch); each result — ``accepted``, ``already_applied``,
``refused`` with a code and a Japanese message — is kept and returned. No record rewrite follows: the
municipality updated the My Number card itself (no police visit, counter-facts §4.4).
"""

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction

from menkyo.audit.recorder import record
from menkyo.cards.actions import Action
from menkyo.cards.models import OnestopBatch, OnestopItem
from menkyo.cards.models import OnestopResult as R
from menkyo.cards.permissions import APPLY_ONESTOP, LIST_ONESTOP
from menkyo.cards.services import today
from menkyo.core import legal
from menkyo.core.actors import SystemActor
from menkyo.core.errors import Conflict, DomainError, InvalidInput, NotFound
from menkyo.core.legal import procedure
from menkyo.core.permissions import authorize
from menkyo.core.recording import Outcome
from menkyo.core.wareki import wareki
from menkyo.registry import services as registry
from menkyo.registry.models import HoldingForm, Licence, LicenceStatus

#: The most items one batch may carry (a system limit, not a law fact).
MAX_BATCH_ITEMS = 200
REFERENCE = re.compile(r"[A-Za-z0-9._:-]{1,64}")
LICENCE_NUMBER = re.compile(r"\d{12}")
FIELDS = ("licence_number", "postal_code", "address", "moved_on")


@dataclass(frozen=True)
class OnestopDelegate(SystemActor):
    """The register change of one item, made for the device that delivered it (named in the audit
    trail as ``system:onestop:<device>``), after the device's own rule and prefecture were checked."""


def _delegate(actor) -> OnestopDelegate:
    return OnestopDelegate(f"onestop:{actor.actor_name}")


@procedure(legal.KITEI_14, rule=APPLY_ONESTOP.name)
def receive_onestop_batch(actor, items, *, sender_reference: str = "") -> OnestopBatch:
    """Apply a batch of municipal address changes (at most :data:`MAX_BATCH_ITEMS`), each item
    ``{reference, licence_number, postal_code, address, moved_on}``, and return the batch with its
    items' results. A malformed batch changes nothing; a bad item is refused alone."""
    office = getattr(actor, "affiliation", None)
    authorize(actor, APPLY_ONESTOP.name, office, action=Action.ONESTOP_RECEIVE)
    if not isinstance(items, list) or not items:
        raise InvalidInput("住所変更の項目（items）を1件以上指定してください。", field="items")
    if len(items) > MAX_BATCH_ITEMS:
        raise InvalidInput(f"1回に送信できるのは{MAX_BATCH_ITEMS}件までです（{len(items)}件）。", field="items",
                           code="batch_too_large")
    sender_reference = sender_reference or ""
    if sender_reference and not REFERENCE.fullmatch(sender_reference):
        raise InvalidInput("送信元のバッチ番号は英数字と ._:- の64文字以内です。", field="sender_reference")
    batch = OnestopBatch.objects.create(prefecture_id=office.prefecture_id, device=actor.actor_name,
                                        sender_reference=sender_reference, item_count=len(items))
    results = [_item(actor, batch, raw, index) for index, raw in enumerate(items)]
    counts = {result: sum(1 for item in results if item.result == result) for result in R.values}
    OnestopBatch.objects.filter(pk=batch.pk).update(**counts)
    record(actor, Action.ONESTOP_RECEIVE, object_type="onestopbatch", object_id=batch.pk,
           subject_prefecture=batch.prefecture_id, detail={**counts, "items": len(items),
                                                           "legal_basis": str(legal.KITEI_14)})
    batch.refresh_from_db()
    batch.results = results
    return batch


def _content_hash(raw: dict) -> str:
    content = {name: str(raw.get(name, "")) for name in FIELDS}
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _item(actor, batch: OnestopBatch, raw, index: int) -> OnestopItem:
    raw = raw if isinstance(raw, dict) else {}
    reference = str(raw.get("reference", ""))[:64]
    digest = _content_hash(raw)
    try:
        if not REFERENCE.fullmatch(reference):
            raise InvalidInput(f"{index + 1}件目：参照番号（reference）は英数字と ._:- の64文字以内です。",
                               field="reference")
        earlier = _earlier(batch, reference)
        if earlier is not None:
            return _repeated(actor, batch, reference, digest, earlier)
        return _apply(actor, batch, reference, digest, raw)
    except DomainError as error:
        return _save(actor, batch, reference, digest, R.REFUSED, code=error.code, message=error.message)


def _earlier(batch: OnestopBatch, reference: str) -> OnestopItem | None:
    return OnestopItem.objects.filter(prefecture_id=batch.prefecture_id, reference=reference, result=R.ACCEPTED).first()


def _repeated(actor, batch, reference: str, digest: str, earlier: OnestopItem) -> OnestopItem:
    if earlier.content_hash != digest:
        raise Conflict("この参照番号は別の内容で反映済みです。参照番号を確認してください。", field="reference",
                       code="reference_reused")
    return _save(actor, batch, reference, digest, R.ALREADY_APPLIED, person_id=earlier.person_id, applied=earlier,
                 message=f"反映済みです（{earlier.received_at:%Y-%m-%d %H:%M} 受信）。")


def _clean(raw: dict) -> tuple[str, date]:
    number = str(raw.get("licence_number", ""))
    if not LICENCE_NUMBER.fullmatch(number):
        raise InvalidInput("免許証番号は12桁の数字です。", field="licence_number")
    try:
        moved_on = date.fromisoformat(str(raw.get("moved_on", "")))
    except ValueError:
        raise InvalidInput("異動年月日（moved_on）を YYYY-MM-DD で指定してください。", field="moved_on") from None
    if moved_on > today():
        raise InvalidInput(f"異動年月日（{wareki(moved_on)}）が未来の日付です。", field="moved_on")
    return number, moved_on


def _apply(actor, batch: OnestopBatch, reference: str, digest: str, raw: dict) -> OnestopItem:
    number, moved_on = _clean(raw)
    try:
        with transaction.atomic():
            item = OnestopItem.objects.create(batch=batch, prefecture_id=batch.prefecture_id, reference=reference,
                                              content_hash=digest, result=R.ACCEPTED)
            licence = _licence(batch, number)
            person = licence.person
            registry.change_particulars(
                _delegate(actor), person.pk, {"postal_code": raw.get("postal_code", ""), "address": raw.get("address", "")},
                reason=f"住所変更ワンストップ（市区町村での異動 {wareki(moved_on)}）", expected_version=person.version)
            item.person, item.message = person, "住所を変更しました。"
            item.save(update_fields=["person", "message"])
            _audit(actor, item)
            return item
    except IntegrityError:  # the same reference accepted meanwhile by another batch
        earlier = _earlier(batch, reference)
        if earlier is None:
            raise
        return _repeated(actor, batch, reference, digest, earlier)


def _licence(batch: OnestopBatch, number: str) -> Licence:
    licence = (Licence.objects.select_for_update(of=("self",)).select_related("person")
               .filter(number=number, home_prefecture_id=batch.prefecture_id).first())
    if licence is None:
        raise NotFound("この免許証番号の免許は本県の登録にありません。", field="licence_number")
    if licence.status != LicenceStatus.VALID:
        raise Conflict(f"この免許は「{licence.get_status_display()}」です。", field="licence_number",
                       code="licence_not_valid")
    if licence.holding_form != HoldingForm.MYNUMBER:
        raise Conflict(f"保有形態が「{licence.get_holding_form_display()}」のため反映できません。住所変更ワンストップは"
                       "マイナ免許証のみの方に限られます（記載事項変更届が必要です）。", field="licence_number",
                       code="not_mynumber_only")
    return licence


def _save(actor, batch, reference: str, digest: str, result: str, *, person_id=None, applied=None, code: str = "",
          message: str = "") -> OnestopItem:
    with transaction.atomic():
        item = OnestopItem.objects.create(batch=batch, prefecture_id=batch.prefecture_id, reference=reference,
                                          content_hash=digest, result=result, person_id=person_id, applied=applied,
                                          code=code, message=message[:200])
        _audit(actor, item)
    return item


def _audit(actor, item: OnestopItem) -> None:
    record(actor, Action.ONESTOP_ITEM, object_type="onestopitem", object_id=item.pk, person_id=item.person_id,
           subject_prefecture=item.prefecture_id, outcome=Outcome.ERROR if item.result == R.REFUSED else Outcome.OK,
           detail={"batch": item.batch_id, "result": item.result, "code": item.code,
                   "legal_basis": str(legal.KITEI_14)})


# --- the 免許課's list ---------------------------------------------------------------------------------


@procedure(legal.KITEI_14, rule=LIST_ONESTOP.name)
def list_onestop_batches(actor, limit: int = 50) -> list[OnestopBatch]:
    """The batches received for the actor's prefecture, newest first."""
    authorize(actor, LIST_ONESTOP.name, action=Action.ONESTOP_LIST)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 500:
        raise InvalidInput("件数は1〜500で指定してください。", field="limit")
    return list(OnestopBatch.objects.visible_to(actor).order_by("-received_at", "-pk")[:limit])


@procedure(legal.KITEI_14, rule=LIST_ONESTOP.name)
def get_onestop_batch(actor, batch_id: int) -> OnestopBatch:
    """One batch of the actor's prefecture with its items (the holders' names: a read, audited)."""
    authorize(actor, LIST_ONESTOP.name, action=Action.ONESTOP_READ)
    batch = OnestopBatch.objects.visible_to(actor).filter(pk=batch_id).first()
    if batch is None:
        raise NotFound(f"受信 {batch_id} は見つかりません（自県の受信のみ表示します）。", field="batch_id")
    record(actor, Action.ONESTOP_READ, object_type="onestopbatch", object_id=batch.pk,
           subject_prefecture=batch.prefecture_id)
    batch.results = list(batch.items.select_related("person").order_by("pk"))
    return batch
