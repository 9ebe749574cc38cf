"""適性試験 (aptitude test) by the standard of the kind (道路交通法施行規則第23条), pure Python.

Source: ``params/aptitude_standards.yaml`` (counter-facts §2.1). Input::

    {"date", "kind", "holds_licence": bool, "limited": bool?,
     "measurements": {"acuity_both", "acuity_left", "acuity_right", "corrective_lenses",
                      "visual_field_degrees"?, "depth_error_cm"?, "colour_ok", "hearing_ok",
                      "hearing_aid", "motor_ok"}}

Output ``{"passed", "failed_standards": [{"code", "message", "reference"}], "conditions",
"trace"}``. The standards of the kind on ``date`` apply:

- **視力** — 大型・中型・準中型・their 仮免許・けん引・第二種: both eyes 0.8 and each eye 0.5;
  普通・大特・大型二輪・普通二輪・普通仮: 0.7 and 0.3, or for a person with one eye under 0.3
  (or blind) the other eye 0.7 with a visual field of 150°; 原付・小特: both eyes 0.5, or for a
  person blind in one eye (acuity 0.0) the other eye 0.5 with 150°. Corrective lenses allowed.
- **深視力** for the first group: average error of 2 cm or less.
- **色彩識別** (red, blue, yellow) for every kind; waived for a person who already holds a
  licence (``holds_licence``) and applies for another kind.
- **聴力** (90 dB at 10 m, both ears) for the kinds listed in the table; a hearing aid is
  allowed (for 第二種 from 2016-04-01).
- **運動能力** for every kind.

``limited: true`` with 中型 or 準中型 is the deemed 8t/5t-limited licence (law-rules §6.3),
tested at the 普通 standard without 深視力 — an UNCONFIRMED clause, marked in the trace.

``conditions`` (only when passed) are the printed texts that follow from the result: 眼鏡等
when corrective lenses were used for 視力, 補聴器 when a hearing aid was used for 聴力
(``licence_conditions.yaml``). A measurement the standard needs and the input lacks (the
visual field of a one-eyed person, 深視力 for 大型) is ``missing_field`` with its path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from menkyo.rules import params
from menkyo.rules.errors import RulesError
from menkyo.rules.inputs import parse_date, parse_kind, require_mapping
from menkyo.rules.kinds import condition_text
from menkyo.rules.trace import Trace

SUBJECTS = ("acuity", "depth", "colour", "hearing", "motor")
MAX_ACUITY = Decimal("2.0")
MAX_FIELD_DEGREES = 200
MAX_DEPTH_ERROR_CM = Decimal("99.9")
#: The measurements in Japanese (error messages name them; ``path`` names the key).
LABELS = {"acuity_both": "視力（両眼）", "acuity_left": "視力（左）", "acuity_right": "視力（右）",
          "corrective_lenses": "眼鏡等の使用", "visual_field_degrees": "視野（度）",
          "depth_error_cm": "深視力（平均誤差cm）", "colour_ok": "色彩識別", "hearing_ok": "聴力",
          "hearing_aid": "補聴器の使用", "motor_ok": "運動能力", "holds_licence": "免許の保有", "limited": "限定"}


@dataclass(frozen=True, slots=True)
class Standard:
    """One row of the table in force on the day: its code, label, value and legal basis."""

    code: str
    label: str
    value: dict[str, Any]
    reference: str
    assumption: bool


@dataclass
class _Result:
    """What the subjects found, collected while the trace is written."""

    failed: list[dict[str, str]]
    conditions: list[str]
    trace: Trace

    def fail(self, code: str, message: str, standard: Standard) -> None:
        self.failed.append({"code": code, "message": message, "reference": standard.reference})


def standards_for(kind: str, day: date, limited: bool = False) -> tuple[dict[str, Standard], Standard | None]:
    """The standards of ``kind`` on ``day`` by subject, and the deemed-licence row when ``limited``
    made it apply (its acuity row replaces the kind's, and 深視力 falls away)."""
    rows = params.table("aptitude_standards").rows
    deemed = rows["deemed_limited"]
    substitute = None
    if limited:
        if kind not in deemed["kinds"]:
            raise RulesError("invalid_value", f"limited（限定付きのみなし免許）は {'・'.join(deemed['kinds'])} だけです"
                             f"（入力: {kind}）。", "limited")
        substitute = Standard("deemed_limited", str(deemed["label"]), {}, str(deemed["reference"]),
                              deemed["status"] != "confirmed")
    found: dict[str, Standard] = {}
    for code, row in rows.items():
        subject = row["subject"]
        if subject not in SUBJECTS or not _applies(row, kind, substitute is not None):
            continue
        entry = row["standard"].at(day)
        found[subject] = Standard(code, str(row["label"]), entry.value, entry.reference, entry.assumption)
    return found, substitute


def _applies(row: dict[str, Any], kind: str, deemed: bool) -> bool:
    if row["kinds"] == "all":
        return True
    if deemed and row["subject"] in ("acuity", "depth"):
        same_as = params.table("aptitude_standards").rows["deemed_limited"]["same_as"]
        return bool(row["code"] == same_as)
    return kind in row["kinds"]


def aptitude(data: dict[str, Any]) -> dict[str, Any]:
    """Does this applicant meet the aptitude standards of the kind on the day?"""
    data = require_mapping(data, "")
    day = parse_date(data.get("date"), "date")
    assert day is not None
    kind = parse_kind(data.get("kind"), day)
    holds = _flag(data, "holds_licence", "holds_licence")
    limited = _flag(data, "limited", "limited")
    measured = require_mapping(data.get("measurements"), "measurements")
    standards, deemed = standards_for(kind, day, limited)
    result = _Result([], [], Trace())
    if deemed is not None:
        result.trace.add("deemed_limited", f"{kind}（限定付きのみなし免許）: 普通免許の視力の基準により、深視力は求めない",
                         deemed.reference, assumption=deemed.assumption)
    _acuity(standards["acuity"], measured, result)
    if "depth" in standards:
        _depth(standards["depth"], measured, result)
    _colour(standards["colour"], measured, holds, result)
    if "hearing" in standards:
        _hearing(standards["hearing"], measured, result)
    else:
        reference = str(params.table("aptitude_standards").rows["hearing"]["reference"])
        result.trace.add("hearing", f"{kind}免許には聴力の基準はない", reference)
    _motor(standards["motor"], measured, result)
    passed = not result.failed
    return {"passed": passed, "failed_standards": result.failed,
            "conditions": result.conditions if passed else [], "trace": result.trace.as_list()}


def _flag(data: dict[str, Any], key: str, path: str, *, required: bool = False) -> bool:
    value = data.get(key)
    if value is None and not required:
        return False
    if not isinstance(value, bool):
        if value is None:
            raise RulesError("missing_field", f"{LABELS[key]}の結果（適・否）を入力してください。", path)
        raise RulesError("invalid_value", f"{LABELS[key]}は true / false です（入力: {value!r}）。", path)
    return value


def _number(measured: dict[str, Any], key: str, maximum: Decimal, reason: str = "") -> Decimal:
    """A measurement as a Decimal between 0 and ``maximum`` (``reason``: why it is needed)."""
    path = f"measurements.{key}"
    value = measured.get(key)
    if value is None:
        raise RulesError("missing_field", f"{LABELS[key]}の測定値を入力してください{reason}。", path)
    try:
        number = Decimal(str(value)) if not isinstance(value, bool) else Decimal("NaN")
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite() or not Decimal(0) <= number <= maximum:
        raise RulesError("invalid_value", f"{LABELS[key]}は 0〜{maximum} の数値で入力してください（入力: {value!r}）。",
                         path)
    return number


def _acuity(standard: Standard, measured: dict[str, Any], result: _Result) -> None:
    value = standard.value
    both = _number(measured, "acuity_both", MAX_ACUITY)
    left = _number(measured, "acuity_left", MAX_ACUITY)
    right = _number(measured, "acuity_right", MAX_ACUITY)
    lenses = _flag(measured, "corrective_lenses", "measurements.corrective_lenses")
    need_both, need_each = Decimal(str(value["both"])), value.get("each")
    one_eye = value.get("one_eye")
    worse, better = min(left, right), max(left, right)
    if one_eye and (worse == 0 if one_eye["applies"] == "blind" else worse < Decimal(str(need_each))):
        other, degrees = Decimal(str(one_eye["other"])), int(one_eye["field_degrees"])
        weak = "一眼が見えない" if one_eye["applies"] == "blind" else f"一眼の視力が{need_each}に満たない又は一眼が見えない"
        field = _number(measured, "visual_field_degrees", Decimal(MAX_FIELD_DEGREES), f"（{weak}ため、他眼の視野で判定します）")
        ok = better >= other and field >= degrees
        rule = f"視力（{weak}場合、他眼の視力{other}以上、かつ、視野が左右{degrees}度以上）"
        detail = f"左{left}・右{right}、他眼{better}・視野{field}度"
        code = "acuity_one_eye"
    else:
        ok = both >= need_both and (need_each is None or (left >= Decimal(str(need_each)) and right >= Decimal(str(need_each))))
        each_text = f"、かつ、一眼それぞれ{need_each}以上" if need_each is not None else ""
        rule = f"視力（両眼{need_both}以上{each_text}）"
        detail = f"両眼{both}・左{left}・右{right}"
        code = "acuity"
    detail += "（眼鏡等使用）" if lenses else ""
    result.trace.add("acuity", f"{rule}: {detail} → {'適' if ok else '否'}", standard.reference,
                     assumption=standard.assumption)
    if not ok:
        result.fail(code, f"{rule}を満たしません。", standard)
    elif lenses:
        result.conditions.append(condition_text("glasses"))


def _depth(standard: Standard, measured: dict[str, Any], result: _Result) -> None:
    limit = Decimal(str(standard.value["max_average_error_cm"]))
    error = _number(measured, "depth_error_cm", MAX_DEPTH_ERROR_CM, "（この種類の免許には深視力の基準があります）")
    ok = error <= limit
    rule = f"深視力（平均誤差{limit}cm以下）"
    result.trace.add("depth", f"{rule}: 平均誤差{error}cm → {'適' if ok else '否'}", standard.reference,
                     assumption=standard.assumption)
    if not ok:
        result.fail("depth", f"{rule}を満たしません。", standard)


def _colour(standard: Standard, measured: dict[str, Any], holds: bool, result: _Result) -> None:
    colours = "・".join(standard.value["colours"])
    rule = f"色彩識別（{colours}の識別）"
    if holds and standard.value["waived_for_holders"]:
        result.trace.add("colour", f"{rule}: 免許を現に受けている者が他の種類の免許を受けるため免除", standard.reference,
                         assumption=standard.assumption)
        return
    ok = _flag(measured, "colour_ok", "measurements.colour_ok", required=True)
    result.trace.add("colour", f"{rule} → {'適' if ok else '否'}", standard.reference, assumption=standard.assumption)
    if not ok:
        result.fail("colour", f"{rule}を満たしません。", standard)


def _hearing(standard: Standard, measured: dict[str, Any], result: _Result) -> None:
    value = standard.value
    rule = f"聴力（両耳で{value['distance_m']}メートルの距離で{value['db']}デシベルの警音器の音が聞こえること）"
    ok = _flag(measured, "hearing_ok", "measurements.hearing_ok", required=True)
    aid = _flag(measured, "hearing_aid", "measurements.hearing_aid")
    if aid and not value["aid_allowed"]:
        result.trace.add("hearing", f"{standard.label}: 補聴器の使用は認められていない → 否", standard.reference,
                         assumption=standard.assumption)
        result.fail("hearing_aid_not_allowed",
                    f"{standard.label}：この日の基準では補聴器を使用した聴力は認められません。", standard)
        return
    result.trace.add("hearing", f"{rule}{'（補聴器使用）' if aid else ''} → {'適' if ok else '否'}", standard.reference,
                     assumption=standard.assumption)
    if not ok:
        result.fail("hearing", f"{rule}を満たしません。", standard)
    elif aid:
        result.conditions.append(condition_text("hearing_aid"))


def _motor(standard: Standard, measured: dict[str, Any], result: _Result) -> None:
    ok = _flag(measured, "motor_ok", "measurements.motor_ok", required=True)
    rule = f"運動能力（{standard.value['text']}）"
    result.trace.add("motor", f"{rule} → {'適' if ok else '否'}", standard.reference, assumption=standard.assumption)
    if not ok:
        result.fail("motor", f"{rule}を満たしません。", standard)
