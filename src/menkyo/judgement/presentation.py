"""The engine's JSON answer as staff read it: Japanese labels, 和暦 dates, the legal basis.

The law engine speaks in stable codes (``signal_red``, ``injury_under_15d``,
``suspension``), stage names (``points``, ``accumulation``) and references that
cite both the statute and the project's research notes ("道路交通法施行令 別表第二;
law-rules §1.1 [S1]"). The counter sees none of that: every code becomes its
Japanese name, every stage a heading, every reference the statute alone, every
date 和暦. The raw answer stays available to experts (``raw``).
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

import yaml

from menkyo.core.wareki import wareki
from menkyo.rules import cli as rules_cli
from menkyo.rules import params
from menkyo.rules import points as points_module
from menkyo.rules.authority import AUTHORITY_LABELS, HEARING_LABELS
from menkyo.rules.authority import KIND_LABELS as DISPOSITION_KIND_LABELS

ENTRY_LABELS = {
    "assess": "処分判定（点数・前歴・処分）",
    "renewal": "更新（区分・有効期間・講習）",
    "licence-number": "免許証番号（検査・生成）",
    "eligibility": "受験資格",
    "lapse": "失効後の再取得（免除される試験・期限）",
    "authority": "処分の決定権者・聴取等",
}
ACTION_LABELS = {
    "none": "処分なし",
    "violator_course": "違反者講習",
    "suspension": "停止",
    "revocation": "取消",
    "deferral": "保留",
    "refusal": "拒否",
}
EVENT_TYPE_LABELS = {
    "violation": "違反",
    "suspension": "停止（処分）",
    "revocation": "取消（処分）",
    "refusal": "拒否（処分）",
    "deferral": "保留（処分）",
    "violator_course": "違反者講習（受講）",
    "suspension_course": "停止処分者講習（受講）",
    "danger_suspension": "危険性帯有による停止（処分）",
    "probationary_course": "初心運転者講習（受講）",
    "young_driver_course": "若年運転者講習（受講）",
}
ALCOHOL_LABELS = {"none": "なし", "lt025": "0.25未満", "ge025": "0.25以上"}
HIT_AND_RUN_LABELS = {"none": "なし", "property": "あて逃げ（物損）", "injury": "ひき逃げ（人身）"}
CLASS_LABELS = {"優良": "優良運転者", "一般": "一般運転者", "違反": "違反運転者等", "初回": "初回更新者"}
HOLDING_FORM_LABELS = {"card": "免許証のみ", "mynumber": "マイナ免許証のみ", "both": "免許証とマイナ免許証"}
COLOUR_LABELS = {"gold": "ゴールド（金）", "blue": "青", "green": "グリーン（緑）"}
REQUIREMENT_LABELS = {
    "elderly_course": "高齢者講習",
    "cognitive_test": "認知機能検査",
    "driving_skill_test": "運転技能検査",
    "temporary_cognitive_test": "臨時認知機能検査",
}
ELIGIBILITY_REASONS = {
    "kind_not_introduced": "その日にはまだ設けられていない免許の種類です",
    "already_held": "既にこの種類の免許を受けています",
    "under_age": "年齢が受験資格に達していません",
    "insufficient_experience": "必要な運転経験（免許を受けていた期間）が足りません",
    "prerequisite_missing": "前提となる免許を受けていません",
}
ROUTE_LABELS = {"normal": "通常の受験資格", "special": "受験資格特例（特例教習の修了）"}
NUMBER_REASONS = {"check_digit": "チェックデジット（11桁目）が合いません",
                  "unknown_commission": "存在しない公安委員会コードです"}
STATUS_LABELS = {"derived": "導出", "unconfirmed": "未確認"}
LAPSE_ROUTE_LABELS = {"aptitude_only": "学科試験・技能試験の免除（適性試験のみ）",
                      "provisional_waived": "仮免許の試験の免除（本免許の試験を受ける）",
                      "full_test": "試験の免除なし（新たに免許試験を受ける）"}
LAPSE_FEE_LABELS = {"lapsed": "失効者等", "lapsed_unavoidable": "やむを得ない理由による失効者等", "direct": "一般"}
TEST_LABELS = {"aptitude": "適性試験", "written": "学科試験", "skill": "技能試験"}

# A heading for every stage of the trace (unknown stages get 「その他の判定」, never the code).
STEP_LABELS = {
    # assess
    "table_date": "適用する点数表",
    "points": "違反の点数",
    "window": "3年以内の判断",
    "clean_reset": "1年以上の無違反期間",
    "minor_exclusion": "軽微違反の特例（3点以下）",
    "licensed_time": "免許を受けていた期間",
    "disposed": "処分済みの点数",
    "violator_course_attended": "違反者講習の受講",
    "suspension_course": "停止処分者講習による短縮",
    "accumulation": "累積点数",
    "prior_dispositions": "前歴",
    "violator_course": "違反者講習の対象",
    "band": "点数の区分（取消・拒否）",
    "specified_table": "特定違反行為の表",
    "revocation_history": "取消歴による欠格期間",
    "outcome": "処分の判定",
    "probationary": "初心運転者期間",
    "young_driver": "若年運転者期間",
    "probationary_course": "初心運転者講習の後（再試験）",
    "young_driver_course": "若年運転者講習の後（特例による免許の取消）",
    "danger_suspension": "危険性帯有による停止",
    # renewal
    "renewal_window": "更新期間",
    "first_licence": "初回更新",
    "early_renewal": "更新期間前の更新",
    "driver_class": "運転者区分",
    "validity_years": "有効期間",
    "new_expiry": "有効期間の末日",
    "elderly": "高齢者講習・認知機能検査",
    "lecture": "更新時講習",
    "driving_skill_test": "運転技能検査",
    "temporary_cognitive_test": "臨時認知機能検査",
    "cognitive_test": "認知機能検査",
    "online_lecture": "オンライン更新時講習",
    "via_renewal": "経由地更新",
    "fees": "手数料",
    # licence-number
    "check_digit": "チェックデジット（11桁目）",
    "commission": "公安委員会コード",
    "reissue_digit": "再交付の回数（12桁目）",
    # eligibility
    "kind": "免許の種類",
    "already_held": "既に受けている免許",
    "prerequisite": "前提となる免許",
    "normal_route": "受験資格（年齢・経験）",
    "special_route": "受験資格特例",
    # lapse
    "lapsed_on": "失効した日",
    "unavoidable": "やむを得ない理由",
    "route": "免除される試験",
    "elderly_course": "高齢者講習",
    # authority
    "threshold": "基準の日数",
    "authority": "決定権者",
    "hearing": "処分前の手続",
    "notice": "通知の期間",
}

# Input fields by JSON key, for error messages and the expert view.
FIELD_LABELS = {
    "as_of": "判定日",
    "person": "本人",
    "birth_date": "生年月日",
    "applicant": "申請者",
    "licences": "免許",
    "kind": "免許の種類",
    "acquired": "取得日",
    "special_route": "若年特例",
    "events": "違反・処分・講習",
    "type": "種別",
    "date": "日付",
    "code": "違反行為",
    "alcohol": "酒気帯び",
    "accident": "事故",
    "severity": "事故の程度",
    "sole_fault": "専ら",
    "hit_and_run": "あて逃げ・ひき逃げ",
    "vehicle": "車両の種類",
    "days": "日数",
    "disqualification_years": "欠格期間（年）",
    "grade": "成績",
    "days_reduced": "短縮日数",
    "application_date": "申請日",
    "first_licensed": "初回取得日",
    "current_expiry": "現在の有効期間の末日",
    "early_renewal": "更新期間前の更新",
    "holding_form": "保有形態",
    "conditions": "免許の条件等",
    "number": "免許証番号",
    "commission_code": "公安委員会コード",
    "year": "年",
    "serial": "一連番号",
    "reissues": "再交付の回数",
    "special_course": "受験資格特例教習の修了",
    "prefecture": "都道府県",
    "unavoidable": "やむを得ない理由",
    "reason": "理由",
    "ended": "理由がやんだ日",
}
ERROR_TITLES = {
    "invalid_json": "JSON として読めません",
    "empty_input": "入力がありません",
    "missing_field": "必要な項目がありません",
    "malformed_date": "日付が正しくありません",
    "event_after_as_of": "判定日より後の日付です",
    "no_table_in_force": "その日に適用できる基準がありません",
    "unknown_violation": "違反行為が一覧にありません",
    "invalid_value": "値が正しくありません",
    "invalid_input": "入力の形式が正しくありません",
    "unknown_entry": "判定の種類が正しくありません",
    "malformed_number": "免許証番号の形式が正しくありません",
    "unknown_commission": "公安委員会コードが存在しません",
    "application_outside_window": "更新期間外の申請です",
    "vehicle_outside_point_system": "違反点数制度の対象外の車両です",
    "internal_error": "内部エラー",
    "birth_after_as_of": "生年月日が判定日より後です",
    "acquired_before_birth": "取得日が生年月日より前です",
    "not_lapsed": "免許は失効していません",
}

_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
_SOURCE_TAG = re.compile(r"\s*\[(?:[SP]\d|P:|[SP][- ])[^\]]*\]")
_NOTE_REF = re.compile(r"(?:law-rules|procedures|source-and-scale|counter-facts)\s*(?:§\s*)?[^;；()（）。、]*")
_PATH_TOKEN = re.compile(r"\b[a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)*")


# --- names of codes ---------------------------------------------------------------------------

@cache
def violation_names() -> dict[str, str]:
    """Violation code → its name in 別表第二 (``signal_red`` → 信号無視（赤色等））."""
    return {code: row.name for code, row in points_module.rows().items()}


@cache
def severity_names() -> dict[str, str]:
    """Accident severity code → name (``injury_under_15d`` → 傷害事故（治療期間15日未満））."""
    latest = params.series("accident_points").entries[-1].value
    names = {code: str(item["name"]) for code, item in latest["severities"].items()}
    for alias, code in points_module.SEVERITY_ALIASES.items():
        names.setdefault(alias, names.get(code, alias))
    return names


@cache
def code_names() -> dict[str, str]:
    """Every code that may appear in the engine's sentences, longest first (so prefixes lose)."""
    names = {**severity_names(), **violation_names()}
    return dict(sorted(names.items(), key=lambda item: -len(item[0])))


@cache
def param_descriptions() -> dict[str, str]:
    """Parameter file → its Japanese description (for the 前提一覧 and 基準 names in errors)."""
    found = {}
    for path in sorted(params.PARAMS_DIR.glob("*.yaml")):
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError, ValueError):
            continue
        if isinstance(doc, dict) and doc.get("description"):
            found[path.stem] = str(doc["description"])
    return found


def param_label(name: str) -> str:
    """``violations.signal_red.points`` → 違反行為に付する基礎点数…（信号無視（赤色等））."""
    file, _, rest = name.partition(".")
    label = param_descriptions().get(file, "判定の基準")
    row = rest.split(".")[0] if rest else ""
    if row:
        label += f"（{violation_names().get(row, row)}）"
    return label


# --- text -------------------------------------------------------------------------------------

def wareki_text(text: str) -> str:
    """Every real ISO date in ``text`` as 和暦 (2026-01-10 → 令和8年1月10日)."""
    def one(match: re.Match) -> str:
        try:
            return wareki(date(int(match.group(1)), int(match.group(2)), int(match.group(3))))
        except ValueError:
            return match.group(0)
    return _ISO_DATE.sub(one, text)


def _closing(text: str, start: int) -> int:
    """Index just after the full-width bracket group opening at ``start`` (nested brackets allowed)."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "（":
            depth += 1
        elif text[i] == "）":
            depth -= 1
            if depth == 0:
                return i + 1
    return len(text)


def _named_codes(text: str) -> str:
    """``signal_red（信号無視（赤色等））`` → 信号無視（赤色等）; a bare ``signal_red`` → its name.

    A code followed by the engine's own wording in brackets keeps that wording
    (``injury_15d（傷害事故（…）、専ら）`` → （傷害事故（…）、専ら）); a bracket that is
    not a name (``speeding_25_30（3点）``) follows the name.
    """
    names = code_names()
    pattern = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(map(re.escape, names)) + r")(?![A-Za-z0-9_])")
    out, pos = [], 0
    for match in pattern.finditer(text):
        if match.start() < pos:
            continue
        name = names[match.group(1)]
        out.append(text[pos:match.start()])
        end = match.end()
        if end < len(text) and text[end] == "（":
            close = _closing(text, end)
            inner = text[end + 1:close - 1]
            if inner.startswith(name[:2]):
                top_level = re.sub(r"（[^（）]*）", "", inner)
                if "、" in top_level:
                    out[-1] = out[-1].rstrip(" ")
                    out.append(f"（{inner}）")
                else:
                    out.append(inner)
            else:
                out.append(f"{name}（{inner}）")
            pos = close
        else:
            out.append(name)
            pos = end
        if not out[-1].endswith("）") and pos < len(text) and re.match(r"[\u3040-\u30ff\u4e00-\u9fff]", text[pos]):
            out.append(" ")  # 安全運転義務違反 酒気帯び…: keep the name apart from the next word
    out.append(text[pos:])
    return "".join(out)


def _drop_note_refs(text: str) -> str:
    """Remove research-note citations (law-rules §…, [S12]) from a sentence, keeping its sense."""
    text = _SOURCE_TAG.sub("", text)
    sentences = []
    for sentence in re.split(r"(?<=。)", text):
        sentence = _NOTE_REF.sub("", sentence)
        sentence = re.sub(r"§\s*[\d.]+[^。）)]*", "", sentence) if "§" in sentence else sentence
        sentences.append(sentence)
    text = "".join(sentences)
    # Tidy what the removals leave: empty brackets, dangling separators.
    for _ in range(3):
        text = re.sub(r"[（(]\s*[、,・;:：]*\s*[)）]", "", text)
        text = re.sub(r"[、,・;:：]\s*(?=[)）])", "", text)
        text = re.sub(r"(?<=[（(])\s*[、,・;:：]\s*", "", text)
        text = re.sub(r"[:：]\s*(?=。)", "", text)
        text = re.sub(r"。\s*(?=[)）])", "", text)
    return text.strip()


def japanese_text(text: str) -> str:
    """An engine sentence for staff: codes named, research citations gone, dates in 和暦."""
    text = _named_codes(str(text))
    text = _drop_note_refs(text)
    text = text.replace("DERIVED", "導出").replace("UNCONFIRMED", "未確認")
    text = re.sub(r"\bvehicle\b", "車両の種類", text)
    text = re.sub(r"(\S+) mod (\d+)", r"\1 を \2 で割った余り", text)
    return wareki_text(text)


def _balanced_groups(text: str) -> list[tuple[int, int]]:
    """Spans of top-level bracket groups, ASCII or full-width."""
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "(（":
            if depth == 0:
                start = i
            depth += 1
        elif ch in ")）" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


def legal_references(reference: str) -> list[str]:
    """The statute parts of an engine reference, one per item, research tags removed.

    "道路交通法 第101条第1項, 施行令 第33条の8 (law-rules §5.1)" → ["道路交通法 第101条第1項、施行令 第33条の8"];
    "施行令 別表第二 備考一; law-rules §2.1 R1–R5" → ["施行令 別表第二 備考一"].
    """
    text = str(reference or "")
    for start, end in reversed(_balanced_groups(text)):
        inner = text[start + 1:end - 1]
        if re.search(r"law-rules|procedures|source-and-scale|counter-facts|§", inner):
            text = text[:start] + text[end:]
    found: list[str] = []
    for part in re.split(r"[;；]", text):
        part = _SOURCE_TAG.sub("", part).strip()
        if not part or re.match(r"(law-rules|procedures|source-and-scale|counter-facts|§)", part):
            continue
        part = part.replace("(", "（").replace(")", "）").replace(", ", "、").replace(",", "、")
        part = wareki_text(re.sub(r"\s+", " ", part)).replace(" （", "（")
        if part not in found:
            found.append(part)
    return found


# --- values -----------------------------------------------------------------------------------

def as_date(value: Any) -> date | None:
    """An ISO date string of the output as a ``date``, else None."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def day_text(value: Any) -> str:
    """An output date as 和暦（西暦） text, as the date fields show 西暦; empty when absent."""
    found = as_date(value)
    return f"{wareki(found)}（{found:%Y-%m-%d}）" if found else ("" if value is None else str(value))


def short_day(value: Any) -> str:
    """An output date as 和暦 only, inside a sentence."""
    found = as_date(value)
    return wareki(found) if found else ("" if value is None else str(value))


def outcome_label(outcome: dict[str, Any] | None) -> str:
    """``{"action": "suspension", "days": 30}`` → 停止30日; 取消（欠格2年）; 処分なし …"""
    if not outcome:
        return "（判定なし）"
    action = outcome.get("action", "")
    label = ACTION_LABELS.get(action, "その他の処分")
    if outcome.get("days") is not None and action in ("suspension", "deferral"):
        return f"{label}{outcome['days']}日"
    if outcome.get("disqualification_years") is not None:
        return f"{label}（欠格{outcome['disqualification_years']}年）"
    return label


def counted_event(label: str) -> str:
    """``2026-01-10 signal_red`` → 令和8年1月10日 信号無視（赤色等）."""
    return japanese_text(label)


def yes_no(value: Any, yes: str = "はい", no: str = "いいえ") -> str:
    return yes if value else no


def _row(label: str, value: Any) -> dict[str, Any]:
    """A labelled line of the result: ``value`` text, or ``lines`` when it is a list."""
    if isinstance(value, list):
        return {"label": label, "value": "", "lines": [str(v) for v in value]}
    return {"label": label, "value": str(value), "lines": []}


def _period_rows(items: list[dict[str, Any]], title: str) -> list[dict[str, Any]]:
    """初心運転者期間 / 若年運転者期間: one row per licence."""
    rows = []
    for item in items:
        met = item.get("meets_criteria")
        text = (f"{item.get('kind', '')}：{short_day(item.get('period_start'))}〜{short_day(item.get('period_end'))}、"
                f"期間中の違反 {item.get('points', 0)}点 → {'基準該当' if met else '基準非該当'}")
        after = item.get("course_date")
        if met and not after:
            text += f"（{short_day(item.get('met_on'))}に該当"
            text += f"、{item['consequence']}の通知）" if item.get("consequence") else "）"
            if item.get("retest_required", False) is None or item.get("revocation_required", False) is None:
                text += "。講習の受講記録なし（講習後の判定はしていない）"
        elif met:
            again = item.get("retest_required") or item.get("revocation_required")
            text += (f"（{short_day(item.get('met_on'))}に該当）。{short_day(after)}に講習受講、"
                     f"受講後の違反 {item.get('points_after_course', 0)}点 → "
                     + (f"再び基準該当（{short_day(item.get('met_again_on'))}）、{item.get('consequence', '')}"
                        if again else "基準非該当"))
        rows.append(text)
    return [_row(title, rows)] if rows else []


def _assess_rows(result: dict[str, Any]) -> tuple[list[dict[str, Any]], set[str]]:
    rows = [
        _row("累積点数", f"{result.get('points', 0)}点"),
        _row("前歴", f"{result.get('prior_dispositions', 0)}回"),
        _row("特定違反行為", "含む" if result.get("includes_specified") else "含まない"),
        _row("計算に含めた違反", [counted_event(e) for e in result.get("counted_events") or []] or "なし"),
    ]
    shown = {"points", "prior_dispositions", "includes_specified", "outcome", "counted_events"}
    if isinstance(result.get("disqualification"), dict):
        d = result["disqualification"]
        rows.append(_row("欠格期間", f"{short_day(d.get('from'))} から {short_day(d.get('until'))} まで"))
        shown.add("disqualification")
    if isinstance(result.get("violator_course"), dict):
        course = result["violator_course"]
        if course.get("other_points"):
            rows.append(_row("違反者講習の対象の点数", f"{course.get('points', 0)}点（その後の違反 {course['other_points']}点）"))
        if isinstance(course.get("if_attended"), dict):
            rows.append(_row("違反者講習を受講した場合", outcome_label(course["if_attended"])))
        rows.append(_row("違反者講習を受講しない場合", outcome_label(course.get("if_not_attended"))))
        shown.add("violator_course")
    if isinstance(result.get("suspension_course_options"), dict):
        o = result["suspension_course_options"]
        grades = "、".join(f"{g} {d}日" for g, d in (o.get("reductions") or {}).items())
        rows.append(_row("停止処分者講習", f"{o.get('course', '')}（停止{o.get('table_days', '')}日）"
                                           f"　成績別の短縮日数：{grades}"))
        shown.add("suspension_course_options")
    if isinstance(result.get("suspension_course"), list):
        rows.append(_row("受講した停止処分者講習", [
            f"{short_day(c.get('date'))} 受講（{short_day(c.get('suspension_date'))}からの停止{c.get('suspension_days')}日）"
            + (f"・成績{c['grade']}" if c.get("grade") else "")
            + f" → {c.get('days_reduced')}日短縮、停止{c.get('days_remaining')}日（{short_day(c.get('last_day'))}まで）"
            for c in result["suspension_course"] if isinstance(c, dict)]))
        shown.add("suspension_course")
    for key, title in (("probationary", "初心運転者期間"), ("young_driver", "若年運転者期間")):
        if isinstance(result.get(key), list):
            rows += _period_rows(result[key], title)
            shown.add(key)
    return rows, shown


def _renewal_rows(result: dict[str, Any]) -> tuple[list[dict[str, Any]], set[str]]:
    window = result.get("renewal_window") or {}
    cls = result.get("driver_class", "")
    minutes = result.get("lecture_minutes")
    rows = [
        _row("運転者区分", CLASS_LABELS.get(cls, cls)),
        _row("免許証の色", COLOUR_LABELS.get(result.get("colour", ""), "—")),
        _row("有効期間", f"{result.get('validity_years', '')}年"),
        _row("更新期間", f"{day_text(window.get('start'))} から {day_text(window.get('end'))} まで"),
        _row("新しい有効期間の末日（免許証に記載）", day_text(result.get("new_expiry"))),
        _row("有効（休日の翌日まで）", day_text(result.get("valid_through"))),
        _row("更新時講習", f"{minutes}分" if minutes else "なし（受講しない）"),
    ]
    shown = {"renewal_window", "driver_class", "colour", "validity_years", "new_expiry", "valid_through",
             "lecture_minutes", "requires"}
    for key, value in (result.get("requires") or {}).items():
        rows.append(_row(REQUIREMENT_LABELS.get(key, "その他の要件"), "必要" if value else "不要"))
    if "specific_birthday" in result:
        rows.append(_row("特定誕生日", day_text(result["specific_birthday"])))
    if "reference_date" in result:
        rows.append(_row("基準日（区分の判定）", day_text(result["reference_date"])))
    if "early_renewal" in result:
        rows.append(_row("更新期間前の更新", yes_no(result["early_renewal"])))
    if "counted_events" in result:
        rows.append(_row("区分の判定に用いた違反",
                         [counted_event(e) for e in result["counted_events"] or []] or "なし"))
    if "elderly_course_minutes" in result:
        m = result["elderly_course_minutes"]
        rows.append(_row("高齢者講習の時間", f"{m}分" if m else "—"))
    if "temporary_cognitive_test_triggered_by" in result:
        rows.append(_row("臨時認知機能検査の対象となる違反",
                         [counted_event(e) for e in result["temporary_cognitive_test_triggered_by"] or []] or "なし"))
    if "holding_form" in result:
        rows.append(_row("保有形態", HOLDING_FORM_LABELS.get(result["holding_form"], "—")))
    if "online_lecture_allowed" in result:
        rows.append(_row("オンライン更新時講習", "受講できる" if result["online_lecture_allowed"] else "受講できない"))
    if isinstance(result.get("via_renewal"), dict):
        via = result["via_renewal"]
        period = (f"（申請期間 {day_text(via.get('start'))} から {day_text(via.get('end'))} まで）"
                  if via.get("start") else "")
        why = "" if via.get("allowed") or not via.get("reasons") else "：" + "、".join(via["reasons"])
        rows.append(_row("経由地更新", ("できる" if via.get("allowed") else "できない") + period + why))
    if isinstance(result.get("fees"), dict):
        f = result["fees"]
        text = f"{f.get('total', 0):,}円（更新手数料 {f.get('renewal', 0):,}円"
        text += f"・講習手数料 {f['lecture']:,}円）" if f.get("lecture") is not None else "のみ）"
        if f.get("lecture_online") is not None:
            text += f"　オンライン講習の講習手数料 {f['lecture_online']:,}円"
        if f.get("status") != "confirmed":
            text += "　※国の標準額（都道府県の条例により異なることがあります）"
        rows.append(_row("手数料", text))
    shown |= {"fees", "specific_birthday", "reference_date", "early_renewal", "counted_events", "elderly_course_minutes",
              "temporary_cognitive_test_triggered_by", "holding_form", "online_lecture_allowed", "via_renewal"}
    return rows, shown


def _number_rows(result: dict[str, Any]) -> tuple[list[dict[str, Any]], set[str]]:
    labels = [("number", "免許証番号"), ("commission", "公安委員会"), ("commission_code", "公安委員会コード（1〜2桁目）"),
              ("first_licensed_year", "初めて免許を受けた年（西暦下2桁、3〜4桁目）"), ("serial", "一連番号（5〜10桁目）"),
              ("check_digit", "チェックデジット（11桁目）"), ("expected_check_digit", "正しいチェックデジット"),
              ("reissues", "再交付の回数"), ("reissue_digit", "再交付の記号（12桁目）")]
    rows = [_row(label, result[key]) for key, label in labels if result.get(key) is not None]
    if "reason" in result:
        rows.insert(0, _row("無効の理由", NUMBER_REASONS.get(result["reason"], "番号が正しくありません")))
    if result.get("message"):
        rows.insert(1, _row("説明", japanese_text(result["message"])))
    return rows, {key for key, _ in labels} | {"valid", "reason", "message"}


def _eligibility_rows(result: dict[str, Any]) -> tuple[list[dict[str, Any]], set[str]]:
    rows = [_row("受験資格", "あり" if result.get("eligible") else "なし")]
    if result.get("reasons"):
        rows.append(_row("受験できない理由", [ELIGIBILITY_REASONS.get(r, "その他の理由") for r in result["reasons"]]))
    if result.get("route"):
        rows.append(_row("受験資格の根拠", ROUTE_LABELS.get(result["route"], "—")))
    if result.get("age") is not None:
        rows.append(_row("年齢（受験日）", f"{result['age']}歳"))
    return rows, {"eligible", "reasons", "route", "age"}


def _lapse_rows(result: dict[str, Any]) -> tuple[list[dict[str, Any]], set[str]]:
    rows = [_row("有効期間の末日", day_text(result.get("valid_through"))),
            _row("失効した日", day_text(result.get("lapsed_on"))),
            _row("免除", LAPSE_ROUTE_LABELS.get(result.get("route", ""), "—")),
            _row("やむを得ない理由による失効", yes_no(result.get("unavoidable"), "認める", "なし"))]
    if result.get("unavoidable_refused"):
        rows.append(_row("やむを得ない理由を認めない理由", japanese_text(result["unavoidable_refused"])))
    if result.get("last_day"):
        rows.append(_row("この区分で申請できる最後の日", day_text(result["last_day"])))
    if result.get("kinds"):
        rows.append(_row("対象の免許の種類", "・".join(result["kinds"])))
    rows.append(_row("受ける試験", "・".join(TEST_LABELS.get(t, "その他") for t in result.get("tests", []))))
    if result.get("fee_route"):
        rows.append(_row("受験手数料の区分", LAPSE_FEE_LABELS.get(result["fee_route"], "—")))
    elderly = (result.get("requires") or {}).get("elderly_course")
    rows.append(_row("高齢者講習の終了証明書", f"必要（{short_day(result.get('elderly_course_from'))}以降の受講）"
                     if elderly else "不要"))
    if result.get("age") is not None:
        rows.append(_row("年齢（申請日）", f"{result['age']}歳"))
    return rows, {"valid_through", "lapsed_on", "route", "unavoidable", "unavoidable_refused", "last_day", "kinds", "tests",
                  "fee_route", "requires", "elderly_course_from", "age"}


def _authority_rows(result: dict[str, Any]) -> tuple[list[dict[str, Any]], set[str]]:
    days = result.get("days")
    rows = [_row("処分", DISPOSITION_KIND_LABELS.get(result.get("kind", ""), "—") + (f"{days}日" if days else "")),
            _row("点数制度による処分", yes_no(result.get("points_based"))),
            _row("処分前の手続", HEARING_LABELS.get(result.get("hearing", ""), "—")),
            _row("公示", "必要" if result.get("public_announcement") else "不要"),
            _row("基準の日数", f"{result.get('threshold_days')}日")]
    if result.get("notice_days"):
        rows.append(_row("通知の期間", f"期日の{result['notice_days']}日前まで"))
    if result.get("earliest_hearing"):
        rows.append(_row("最も早い期日", day_text(result["earliest_hearing"])))
    return rows, {"kind", "days", "points_based", "hearing", "summons", "public_announcement", "threshold_days",
                  "notice_days", "earliest_hearing", "whereabouts_unknown_days", "authority"}


def _headline(entry: str, result: dict[str, Any]) -> tuple[str, bool]:
    """The big line of the result and whether it is severe (red)."""
    if entry == "assess":
        action = (result.get("outcome") or {}).get("action", "")
        return outcome_label(result.get("outcome")), action not in ("none", "violator_course", "")
    if entry == "renewal":
        cls = result.get("driver_class", "")
        return f"{CLASS_LABELS.get(cls, cls)}（{COLOUR_LABELS.get(result.get('colour', ''), '—')}）", False
    if entry == "licence-number":
        if "valid" not in result and result.get("number"):
            return f"生成した番号：{result['number']}", False
        return ("有効な番号です", False) if result.get("valid") else ("無効な番号です", True)
    if entry == "eligibility":
        return ("受験資格があります", False) if result.get("eligible") else ("受験資格がありません", True)
    if entry == "lapse":
        return LAPSE_ROUTE_LABELS.get(result.get("route", ""), "判定しました"), result.get("route") == "full_test"
    if entry == "authority":
        return f"決定権者：{AUTHORITY_LABELS.get(result.get('authority', ''), '—')}", False
    return "判定しました", False


TITLES = {"assess": "判定結果", "renewal": "更新の判定", "licence-number": "免許証番号", "eligibility": "受験資格",
          "lapse": "失効後の再取得", "authority": "処分の決定権者"}
ROW_BUILDERS = {"assess": _assess_rows, "renewal": _renewal_rows, "licence-number": _number_rows,
                "eligibility": _eligibility_rows, "lapse": _lapse_rows,
                "authority": _authority_rows}


def trace_rows(trace: Any) -> list[dict[str, Any]]:
    """Each step with a Japanese heading, a readable sentence and the statutes it applied."""
    rows = []
    for step in trace if isinstance(trace, list) else []:
        if not isinstance(step, dict):
            continue
        rows.append({
            "heading": STEP_LABELS.get(step.get("step", ""), "その他の判定"),
            "detail": japanese_text(step.get("detail", "")),
            "references": legal_references(step.get("reference", "")),
            "assumption": bool(step.get("assumption")),
            "inputs_json": rules_cli.dumps(step["inputs"], indent=None) if step.get("inputs") else "",
        })
    return rows


def present(entry: str, result: dict[str, Any]) -> dict[str, Any]:
    """What the result template shows: headline, labelled rows, the trace; the rest only for experts."""
    headline, severe = _headline(entry, result)
    rows, shown = ROW_BUILDERS.get(entry, lambda r: ([], set()))(result)
    other = {key: value for key, value in result.items() if key not in shown and key != "trace"}
    return {
        "entry": entry,
        "title": TITLES.get(entry, "判定結果"),
        "headline": headline,
        "severe": severe,
        "rows": rows,
        "trace": trace_rows(result.get("trace")),
        "other_json": rules_cli.dumps(other) if other else "",
        "raw": rules_cli.dumps(result),
    }


# --- errors -----------------------------------------------------------------------------------

def path_label(path: str | None) -> str:
    """An input path in Japanese: ``events[1].date`` → 違反・処分・講習 2件目の日付."""
    if not path:
        return "入力全体"
    parts = []
    for segment in path.split("."):
        m = re.fullmatch(r"([a-z_]+)(?:\[(\d+)\])?", segment)
        if not m:
            return "入力"
        name = FIELD_LABELS.get(m.group(1), "項目")
        if m.group(2) is not None:
            name = f"{name} {int(m.group(2)) + 1}件目"
        parts.append(name)
    if parts[:1] == ["本人"] and len(parts) > 1:
        parts = parts[1:]
    return "の".join(parts)


def error_message(error: dict[str, Any], label=path_label) -> str:
    """The engine's message with its input paths named in Japanese (``label`` names a path)."""
    message = str(error.get("message", ""))
    message = message.replace("判定日 as_of", "判定日")
    message = re.sub(r"「([a-z_]+(?:\.[A-Za-z0-9_\u3040-\u9fff]+)*)」の基準",
                     lambda m: f"「{param_label(m.group(1))}」の基準", message)

    def one(match: re.Match) -> str:
        token = match.group(0)
        head = re.match(r"[a-z_]+", token).group(0)
        if head not in FIELD_LABELS:
            return token
        named = label(token)
        return named if named.startswith("「") else f"「{named}」"
    message = _PATH_TOKEN.sub(one, message)
    message = re.sub(r"[a-z0-9_]+(?: / [a-z0-9_]+)+(?= のいずれか)", _choice_labels, message)
    return japanese_text(re.sub(r"」\s+", "」", message))


def _choice_labels(match: re.Match) -> str:
    """``none / lt025 / ge025`` of an error message → なし / 0.25未満 / 0.25以上（none / lt025 / ge025 と入力）."""
    choices = {**ALCOHOL_LABELS, **HIT_AND_RUN_LABELS, **EVENT_TYPE_LABELS, **severity_names()}
    codes = match.group(0).split(" / ")
    return " / ".join(choices.get(code, code) for code in codes)


def error_view(error: dict[str, Any], label=path_label) -> dict[str, Any]:
    """The error card: a Japanese title and message, where it is; code and path for experts."""
    code = str(error.get("code", ""))
    return {
        "title": ERROR_TITLES.get(code, "入力に誤りがあります"),
        "message": error_message(error, label),
        "where": label(error.get("path")),
        "code": code,
        "path": error.get("path") or "",
    }


def assumption_rows() -> list[dict[str, Any]]:
    """The DERIVED/UNCONFIRMED values in force, for the experts' 前提一覧."""
    try:
        found = params.assumptions()
    except params.ParamFileError:
        return []
    return [
        {
            "label": param_label(name),
            "name": name,
            "since": None if entry.start == date.min else entry.start,
            "status": STATUS_LABELS.get(entry.status, entry.status),
            "references": legal_references(entry.reference),
            "note": japanese_text(entry.note),
        }
        for name, entry in found
    ]
