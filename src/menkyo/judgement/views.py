"""判定シミュレーター: run the law engine on pasted contract JSON and show the reasons.

For case officers and legal reviewers ("why is this person at 30 days?"). The
page evaluates exactly what :mod:`menkyo.rules.cli` evaluates (the CLI and
the HTTP API give the same answer) and renders the outcome in Japanese, the
dates in 和暦 and the full trace with every assumption marked 「前提（未確認）」.

Access: rule ``rules.simulate`` (窓口・審査・決定・照会; the page reads no
record). Every evaluation is audited as ``rules.<entry>`` with its outcome,
never the input; a refusal is audited by :func:`authorize`.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from menkyo.core.http import domain_view
from menkyo.core.permissions import authorize
from menkyo.judgement.permissions import EVALUATE_RULES
from menkyo.judgement.services import evaluate_text, status_of
from menkyo.rules import ENTRY_POINTS, params
from menkyo.rules import cli as rules_cli
from menkyo.rules import points as points_module
from menkyo.rules.assessment import EVENT_TYPES, LICENCE_KINDS
from menkyo.rules.suspension_course import GRADES

# Audited when the simulator is refused (an evaluation is audited as judgement.rules.<entry>).
SIMULATOR_OPEN = "judgement.simulator.open"

# The scenario files of the source tree (present in a checkout; optional in a deployment).
SCENARIO_DIR = Path(__file__).resolve().parents[3] / "tests" / "scenarios"

ENTRY_LABELS = {
    "assess": "処分判定（点数・前歴・処分）",
    "renewal": "更新（区分・有効期間・講習）",
    "licence-number": "免許証番号（検査・生成）",
    "eligibility": "受験資格",
}

# The contract's own examples (shared/spec/rules-contract.md), always available.
BUILTIN_EXAMPLES: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("assess", "契約書の例：信号無視と専らの軽傷事故", {
        "as_of": "2026-11-22",
        "person": {"birth_date": "1985-04-02"},
        "licences": [{"kind": "普通", "acquired": "2005-06-01"}],
        "applicant": False,
        "events": [
            {"type": "violation", "date": "2026-01-10", "code": "signal_red",
             "accident": {"severity": "injury_under_15d", "sole_fault": True}},
        ],
    }),
    ("renewal", "契約書の例：66歳・軽微違反1回の更新", {
        "application_date": "2026-11-02",
        "birth_date": "1960-11-20",
        "first_licensed": "1980-06-01",
        "current_expiry": "2026-12-20",
        "licences": [{"kind": "普通", "acquired": "1980-06-01"}],
        "events": [{"type": "violation", "date": "2024-03-01", "code": "seatbelt"}],
        "early_renewal": False,
    }),
    ("licence-number", "契約書の例：番号の検査", {"number": "459803358720"}),
    ("licence-number", "契約書の例：番号の生成",
     {"commission_code": "63", "year": 2026, "serial": "012345", "reissues": 0}),
)

ACTION_LABELS = {
    "none": "処分なし",
    "violator_course": "違反者講習",
    "suspension": "停止",
    "revocation": "取消",
    "deferral": "保留",
    "refusal": "拒否",
}
CLASS_LABELS = {"優良": "優良運転者", "一般": "一般運転者", "違反": "違反運転者等", "初回": "初回更新者"}
COLOUR_LABELS = {"gold": "ゴールド（金）", "blue": "青", "green": "グリーン（緑）"}
REQUIREMENT_LABELS = {
    "elderly_course": "高齢者講習",
    "cognitive_test": "認知機能検査",
    "driving_skill_test": "運転技能検査",
    "temporary_cognitive_test": "臨時認知機能検査",
}
KEY_LABELS = {
    "valid": "有効な番号",
    "reason": "理由",
    "number": "免許証番号",
    "commission_code": "公安委員会コード",
    "commission": "公安委員会",
    "first_licensed_year": "初回取得年（西暦下2桁）",
    "serial": "一連番号",
    "check_digit": "チェックディジット",
    "reissues": "再交付の回数",
    "reissue_digit": "再交付記号（12桁目）",
    "early_renewal": "更新期間前の更新",
    "specific_birthday": "特定誕生日",
    "reference_date": "基準日",
    "counted_events": "区分の判定に用いた違反",
    "elderly_course_minutes": "高齢者講習の時間（分）",
    "temporary_cognitive_test_triggered_by": "臨時認知機能検査の対象となる違反",
    "eligible": "受験資格",
    "violator_course": "違反者講習（受講しない場合）",
    "disqualification": "欠格期間（起算日・終了日）",
    "suspension_course_options": "停止処分者講習（成績別の短縮日数）",
    "suspension_course": "停止処分者講習による短縮",
    "probationary": "初心運転者期間の判定",
    "young_driver": "若年運転者期間の判定",
}
STATUS_LABELS = {"derived": "導出", "unconfirmed": "未確認"}
# Output keys rendered by the summary; any other key is listed under その他の項目.
SHOWN_KEYS = {
    "assess": {"points", "prior_dispositions", "includes_specified", "outcome", "counted_events", "trace"},
    "renewal": {"renewal_window", "driver_class", "validity_years", "new_expiry", "valid_through",
                "colour", "lecture_minutes", "requires", "trace"},
}


def outcome_label(outcome: dict[str, Any] | None) -> str:
    """``{"action": "suspension", "days": 30}`` → 停止30日; 取消（欠格2年）; 処分なし …"""
    if not outcome:
        return "（判定なし）"
    action = outcome.get("action", "")
    label = ACTION_LABELS.get(action, action)
    if outcome.get("days") is not None and action in ("suspension", "deferral"):
        return f"{label}{outcome['days']}日"
    if outcome.get("disqualification_years") is not None:
        return f"{label}（欠格{outcome['disqualification_years']}年）"
    return label


def _as_date(value: Any) -> date | None:
    """An ISO date string of the output as a ``date`` (for 和暦), else None."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _example_input(data: dict[str, Any]) -> str:
    return rules_cli.dumps(rules_cli.normalise(data))


@cache
def scenario_examples() -> tuple[tuple[str, str, str, str], ...]:
    """(id, entry, label, JSON input) for every readable scenario file, sorted by file."""
    found = []
    if SCENARIO_DIR.is_dir():
        for path in sorted(SCENARIO_DIR.glob("*/*.yaml")):
            try:
                doc = yaml.safe_load(path.read_text(encoding="utf-8"))
            except (OSError, yaml.YAMLError):
                continue
            if not isinstance(doc, dict) or doc.get("entry") not in ENTRY_POINTS:
                continue
            if not isinstance(doc.get("input"), dict):
                continue
            ident = f"{path.parent.name}/{path.stem}"
            found.append((ident, doc["entry"], str(doc.get("name", path.stem)), _example_input(doc["input"])))
    return tuple(found)


def examples() -> list[dict[str, str]]:
    """Every example input: the contract's, then the scenario files'."""
    items = [
        {"id": f"builtin-{i}", "entry": entry, "label": label, "input": _example_input(data), "group": "契約書の例"}
        for i, (entry, label, data) in enumerate(BUILTIN_EXAMPLES)
    ]
    items += [
        {"id": ident, "entry": entry, "label": label, "input": text, "group": "テストシナリオ"}
        for ident, entry, label, text in scenario_examples()
    ]
    return items


def assumption_rows() -> list[dict[str, Any]]:
    """The DERIVED/UNCONFIRMED values in force, for the page's 前提一覧."""
    try:
        found = params.assumptions()
    except params.ParamFileError:
        return []
    return [
        {
            "name": name,
            "since": None if entry.start == date.min else entry.start,
            "status": STATUS_LABELS.get(entry.status, entry.status),
            "reference": entry.reference,
            "note": entry.note,
        }
        for name, entry in found
    ]


def present(entry: str, result: dict[str, Any]) -> dict[str, Any]:
    """What the result template shows: Japanese labels, real dates for 和暦, the trace."""
    view: dict[str, Any] = {"entry": entry, "raw": rules_cli.dumps(result)}
    view["trace"] = [
        dict(step, inputs_json=rules_cli.dumps(step["inputs"], indent=None) if step.get("inputs") else "")
        for step in result.get("trace", []) if isinstance(step, dict)
    ]
    if entry == "assess":
        view["outcome_label"] = outcome_label(result.get("outcome"))
        view["action"] = (result.get("outcome") or {}).get("action", "")
    elif entry == "renewal":
        window = result.get("renewal_window") or {}
        view["window_start"] = _as_date(window.get("start"))
        view["window_end"] = _as_date(window.get("end"))
        view["new_expiry"] = _as_date(result.get("new_expiry"))
        view["valid_through"] = _as_date(result.get("valid_through"))
        view["class_label"] = CLASS_LABELS.get(result.get("driver_class", ""), result.get("driver_class", ""))
        view["colour_label"] = COLOUR_LABELS.get(result.get("colour", ""), result.get("colour", ""))
        view["requires"] = [
            {"label": REQUIREMENT_LABELS.get(key, key), "required": bool(value)}
            for key, value in (result.get("requires") or {}).items()
        ]
    shown = SHOWN_KEYS.get(entry, {"trace"})
    view["other"] = [
        {"key": key, "label": KEY_LABELS.get(key, ""), "value": value if isinstance(value, (str, int, float, bool)) or value is None
         else rules_cli.dumps(value, indent=None), "date": _as_date(value)}
        for key, value in result.items() if key not in shown
    ]
    view["data"] = result
    return view


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@domain_view
def simulator(request):
    """GET: the form (``?example=<id>`` loads an example); POST: evaluate, audit, show."""
    authorize(request.user, EVALUATE_RULES.name, action=SIMULATOR_OPEN)
    all_examples = examples()
    entry = request.POST.get("entry") or request.GET.get("entry") or "assess"
    text = request.POST.get("input", "")
    chosen = request.GET.get("example", "")
    if request.method == "GET" and chosen:
        example = next((e for e in all_examples if e["id"] == chosen), None)
        if example is not None:
            entry, text = example["entry"], example["input"]
    context: dict[str, Any] = {
        "entries": ENTRY_LABELS,
        "entry": entry if entry in ENTRY_POINTS else "assess",
        "input_text": text,
        "examples": all_examples,
        "chosen": chosen,
        "assumptions": assumption_rows(),
    }
    from_form = request.method == "POST" and request.POST.get("source") == "form"
    if from_form:
        form, data, paths = read_form(request.POST)
        context.update(entry="assess", input_text=rules_cli.dumps(data), form=form)
    else:
        context["form"] = blank_form()
    context["choices"] = form_choices()
    status = 200
    if request.method == "POST":
        context["evaluated"] = True
        status = evaluate(request, context["entry"], context["input_text"], context)
        if from_form and context.get("error"):
            place_error(context, paths)
        if request.htmx:
            status = 200  # htmx swaps only 2xx answers; the error is in the fragment
    # The field form's htmx request takes the whole page and picks the form, the JSON and the result from it.
    fragment = request.htmx and request.method == "POST" and not from_form
    template = "judgement/simulator_result.html" if fragment else "judgement/simulator.html"
    return render(request, template, context, status=status)


@never_cache
@login_required
@require_http_methods(["GET"])
@domain_view
def simulator_row(request):
    """One row of the field form (htmx): ``kind=event|licence``, ``index``; ``add=1`` also moves the 行を追加 button."""
    authorize(request.user, EVALUATE_RULES.name, action=SIMULATOR_OPEN)
    kind = request.GET.get("kind", "event")
    index = request.GET.get("index", "")
    if kind not in ("event", "licence") or not index.isdigit() or int(index) >= MAX_ROWS:
        return HttpResponseBadRequest("行を追加できません。")
    i = int(index)
    row = read_event(request.GET, i) if kind == "event" else read_licence(request.GET, i)
    context = {"row": row, "choices": form_choices(), "add": request.GET.get("add") == "1", "next": i + 1,
               "max_rows": MAX_ROWS}
    return render(request, f"judgement/simulator_{kind}_row.html", context)


def evaluate(request, entry: str, text: str, context: dict[str, Any]) -> int:
    """Run the engine on ``text``, audit the outcome, fill ``context``; the HTTP status."""
    if entry not in ENTRY_POINTS:
        context["error"] = rules_cli.unknown_entry(entry)["error"]
        return 400
    if not text.strip():
        context["error"] = {"code": "empty_input", "message": "入力（JSON）を貼り付けてください。", "path": None}
        return 400
    ok, result = evaluate_text(request.user, entry, text, channel="simulator")
    if not ok:
        context["error"] = result["error"]
        return status_of(ok, result)
    context["result"] = present(entry, result)
    return 200


# --- 入力フォーム (assess, field by field) ---------------------------------------------------------

MAX_ROWS = 50
EVENT_ROWS = 3
EVENT_TYPE_LABELS = {
    "violation": "違反",
    "suspension": "停止（処分）",
    "revocation": "取消（処分）",
    "refusal": "拒否（処分）",
    "deferral": "保留（処分）",
    "violator_course": "違反者講習（受講）",
    "suspension_course": "停止処分者講習（受講）",
}
ALCOHOL_LABELS = {"none": "なし", "lt025": "0.25未満", "ge025": "0.25以上"}
SEVERITY_LABELS = {
    "": "なし",
    "fatal": "死亡",
    "injury_3m": "負傷（治療期間3月以上又は後遺障害）",
    "injury_30d": "負傷（治療期間30日以上）",
    "injury_15d": "負傷（治療期間15日以上）",
    "injury_under_15d": "負傷（治療期間15日未満）",
    "building_damage": "建造物損壊",
}
HIT_AND_RUN_LABELS = {"none": "なし", "property": "あて逃げ（物損）", "injury": "ひき逃げ（人身）"}
# Which detail fields a row shows, by event type.
EVENT_FIELDS = {"violation": "violation", "suspension": "days", "deferral": "days", "revocation": "years",
                "refusal": "years", "violator_course": "", "suspension_course": "course"}
_ROW_PATH = re.compile(r"^(events|licences)\[(\d+)\]")


@cache
def form_choices() -> dict[str, Any]:
    """The select options of the field form (violations grouped 一般/特定 with their Japanese names)."""
    rows = points_module.rows().values()
    return {
        "event_types": {kind: EVENT_TYPE_LABELS.get(kind, kind) for kind in EVENT_TYPES},
        "violations": [
            ("一般違反行為", [(r.code, r.name) for r in rows if not r.specified]),
            ("特定違反行為", [(r.code, r.name) for r in rows if r.specified]),
        ],
        "alcohol": ALCOHOL_LABELS,
        "severity": SEVERITY_LABELS,
        "hit_and_run": HIT_AND_RUN_LABELS,
        "grades": GRADES,
        "licence_kinds": LICENCE_KINDS,
    }


def _text(data, key: str) -> str:
    return str(data.get(key, "")).strip()


def read_event(data, i: int) -> dict[str, Any]:
    """Event row ``i`` of the submitted fields (``ev-<i>-<field>``)."""
    def get(name: str) -> str:
        return _text(data, f"ev-{i}-{name}")
    kind = get("type") or "violation"
    return {
        "index": i, "number": i + 1, "type": kind, "fields": EVENT_FIELDS.get(kind, ""),
        "date": get("date"), "code": get("code"), "alcohol": get("alcohol") or "none",
        "severity": get("severity"), "sole_fault": bool(get("sole_fault")),
        "hit_and_run": get("hit_and_run") or "none", "days": get("days"), "years": get("years"),
        "grade": get("grade"), "days_reduced": get("days_reduced"), "error": "",
    }


def read_licence(data, i: int) -> dict[str, Any]:
    """Licence row ``i`` of the submitted fields (``lic-<i>-<field>``)."""
    return {"index": i, "number": i + 1, "kind": _text(data, f"lic-{i}-kind"),
            "acquired": _text(data, f"lic-{i}-acquired"), "special_route": bool(_text(data, f"lic-{i}-special_route")),
            "error": ""}


def blank_form() -> dict[str, Any]:
    """The form as first shown: today, one licence row, three event rows."""
    return {"as_of": timezone.localdate().isoformat(), "birth_date": "", "applicant": False, "errors": {},
            "licences": [read_licence({}, 0)], "events": [read_event({}, i) for i in range(EVENT_ROWS)],
            "next_licence": 1, "next_event": EVENT_ROWS, "max_rows": MAX_ROWS}


def _indices(data, prefix: str, field: str) -> list[int]:
    pattern = re.compile(rf"^{prefix}-(\d{{1,3}})-{field}$")
    found = {int(m.group(1)) for key in data if (m := pattern.match(key))}
    return sorted(i for i in found if i < MAX_ROWS)


def _event_is_blank(row: dict[str, Any]) -> bool:
    entered = ("date", "code", "severity", "sole_fault", "days", "years", "grade", "days_reduced")
    return (row["type"] == "violation" and not any(row[k] for k in entered)
            and row["alcohol"] == "none" and row["hit_and_run"] == "none")


def _number(item: dict[str, Any], key: str, value: str) -> None:
    """A whole number field: an int when it reads as one, else the text (the engine reports it)."""
    if value:
        try:
            item[key] = int(value)
        except ValueError:
            item[key] = value


def event_json(row: dict[str, Any]) -> dict[str, Any]:
    """The contract's event for a row: only the fields its type uses; omitted fields are the engine's to report."""
    item: dict[str, Any] = {"type": row["type"]}
    if row["date"]:
        item["date"] = row["date"]
    fields = row["fields"]
    if fields == "violation":
        if row["code"]:
            item["code"] = row["code"]
        if row["alcohol"] != "none":
            item["alcohol"] = row["alcohol"]
        if row["severity"]:
            item["accident"] = {"severity": row["severity"], "sole_fault": row["sole_fault"]}
        if row["hit_and_run"] != "none":
            item["hit_and_run"] = row["hit_and_run"]
    elif fields == "days":
        _number(item, "days", row["days"])
    elif fields == "years":
        _number(item, "disqualification_years", row["years"])
    elif fields == "course":
        if row["grade"]:
            item["grade"] = row["grade"]
        _number(item, "days_reduced", row["days_reduced"])
    return item


def read_form(data) -> tuple[dict[str, Any], dict[str, Any], dict[str, list[int]]]:
    """(the form to show again, the contract's ``assess`` input, JSON index → row index per list).

    Blank rows are left out of the input; the row maps let an error's ``path`` find its row.
    """
    licences = [read_licence(data, i) for i in _indices(data, "lic", "kind")]
    events = [read_event(data, i) for i in _indices(data, "ev", "type")]
    form = {"as_of": _text(data, "as_of"), "birth_date": _text(data, "birth_date"),
            "applicant": bool(_text(data, "applicant")), "errors": {}, "licences": licences, "events": events,
            "next_licence": max((r["index"] for r in licences), default=-1) + 1,
            "next_event": max((r["index"] for r in events), default=-1) + 1, "max_rows": MAX_ROWS}
    contract: dict[str, Any] = {}
    if form["as_of"]:
        contract["as_of"] = form["as_of"]
    if form["birth_date"]:
        contract["person"] = {"birth_date": form["birth_date"]}
    paths: dict[str, list[int]] = {"licences": [], "events": []}
    held = []
    for row in licences:
        if not (row["kind"] or row["acquired"] or row["special_route"]):
            continue
        item: dict[str, Any] = {}
        if row["kind"]:
            item["kind"] = row["kind"]
        if row["acquired"]:
            item["acquired"] = row["acquired"]
        if row["special_route"]:
            item["special_route"] = True
        held.append(item)
        paths["licences"].append(row["index"])
    if held:
        contract["licences"] = held
    contract["applicant"] = form["applicant"]
    contract["events"] = []
    for row in events:
        if not _event_is_blank(row):
            contract["events"].append(event_json(row))
            paths["events"].append(row["index"])
    return form, contract, paths


def place_error(context: dict[str, Any], paths: dict[str, list[int]]) -> None:
    """Show the engine's error next to the row (or field) its ``path`` names, and say which row."""
    error, form = context["error"], context["form"]
    path = error.get("path") or ""
    found = _ROW_PATH.match(path)
    if found:
        name, j = found.group(1), int(found.group(2))
        if j < len(paths[name]):
            index = paths[name][j]
            row = next(r for r in form[name] if r["index"] == index)
            row["error"] = error["message"]
            label = "免許" if name == "licences" else "違反・処分・講習"
            context["error_where"] = f"入力フォームの「{label}」{row['number']}行目"
        return
    field = path.split(".")[0]
    if field in ("as_of", "person", "applicant"):
        form["errors"][field] = error["message"]
        context["error_where"] = "入力フォームの「" + {"as_of": "判定日", "person": "生年月日",
                                                    "applicant": "申請者"}[field] + "」"
