"""The 処分判定 entry form, field by field: rows in, the contract's ``assess`` JSON out, errors back on rows.

The form posts ``as_of``, ``birth_date``, ``applicant``, licence rows
``lic-<i>-<field>`` and event rows ``ev-<i>-<field>``. Blank rows are left
out of the JSON; :func:`read_form` remembers which row each JSON entry came
from so that an engine error's ``path`` (``events[0].date``) lands on the row
and the field the clerk typed it in (違反・処分・講習 2行目の違反日).
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

from django.utils import timezone

from menkyo.core.wareki import wareki
from menkyo.judgement.presentation import (
    ALCOHOL_LABELS,
    EVENT_TYPE_LABELS,
    HIT_AND_RUN_LABELS,
    severity_names,
)
from menkyo.rules import points as points_module
from menkyo.rules.assessment import EVENT_TYPES, LICENCE_KINDS
from menkyo.rules.suspension_course import GRADES

MAX_ROWS = 50
EVENT_ROWS = 3
# Which detail fields a row shows, by event type.
EVENT_FIELDS = {"violation": "violation", "suspension": "days", "deferral": "days", "revocation": "years",
                "refusal": "years", "violator_course": "", "suspension_course": "course",
                "danger_suspension": "days", "probationary_course": "licence", "young_driver_course": "licence"}
SECTION_LABELS = {"licences": "免許", "events": "違反・処分・講習"}
TOP_FIELDS = {"as_of": ("as_of", "判定日"), "person": ("birth_date", "生年月日"),
              "person.birth_date": ("birth_date", "生年月日"), "applicant": ("applicant", "申請者")}
# JSON key of a row → (form field, label).
LICENCE_FIELDS = {"kind": ("kind", "免許の種類"), "acquired": ("acquired", "取得日"),
                  "special_route": ("special_route", "若年特例")}
EVENT_ROW_FIELDS = {
    "type": ("type", "種別"), "date": ("date", "日付"), "code": ("code", "違反行為"),
    "alcohol": ("alcohol", "酒気帯び"), "accident": ("severity", "事故"),
    "accident.severity": ("severity", "事故"), "accident.sole_fault": ("sole_fault", "専ら"),
    "hit_and_run": ("hit_and_run", "あて逃げ・ひき逃げ"), "vehicle": ("", "車両の種類"),
    "days": ("days", "日数"), "disqualification_years": ("years", "欠格期間（年）"),
    "grade": ("grade", "成績"), "days_reduced": ("days_reduced", "短縮日数"), "kind": ("kind", "免許の種類"),
}
_ROW_PATH = re.compile(r"^(events|licences)(?:\[(\d+)\](?:\.(.+))?)?$")


@cache
def form_choices() -> dict[str, Any]:
    """The select options of the field form (violations grouped 一般/特定 with their Japanese names)."""
    rows = points_module.rows().values()
    severities = severity_names()
    return {
        "event_types": {kind: EVENT_TYPE_LABELS.get(kind, kind) for kind in EVENT_TYPES},
        "violations": [
            ("一般違反行為", [(r.code, r.name) for r in rows if not r.specified]),
            ("特定違反行為", [(r.code, r.name) for r in rows if r.specified]),
        ],
        "alcohol": ALCOHOL_LABELS,
        "severity": {"": "なし", **{code: severities[code] for code in points_module.SEVERITIES}},
        "hit_and_run": HIT_AND_RUN_LABELS,
        "grades": GRADES,
        "licence_kinds": LICENCE_KINDS,
    }


def _text(data, key: str) -> str:
    return str(data.get(key, "")).strip()


def date_label(row: dict[str, Any]) -> str:
    """The date field's label on an event row: 違反日 for a violation, else 開始日・受講日."""
    return "違反日" if row["fields"] == "violation" else "開始日・受講日"


def read_event(data, i: int) -> dict[str, Any]:
    """Event row ``i`` of the submitted fields (``ev-<i>-<field>``)."""
    def get(name: str) -> str:
        return _text(data, f"ev-{i}-{name}")
    kind = get("type") or "violation"
    if kind not in EVENT_FIELDS:
        kind = "violation"
    return {
        "index": i, "number": i + 1, "type": kind, "fields": EVENT_FIELDS[kind],
        "date": get("date"), "code": get("code"), "alcohol": get("alcohol") or "none",
        "severity": get("severity"), "sole_fault": bool(get("sole_fault")),
        "hit_and_run": get("hit_and_run") or "none", "days": get("days"), "years": get("years"),
        "grade": get("grade"), "days_reduced": get("days_reduced"), "kind": get("kind"),
        "error": "", "error_field": "",
    }


def read_licence(data, i: int) -> dict[str, Any]:
    """Licence row ``i`` of the submitted fields (``lic-<i>-<field>``)."""
    return {"index": i, "number": i + 1, "kind": _text(data, f"lic-{i}-kind"),
            "acquired": _text(data, f"lic-{i}-acquired"), "special_route": bool(_text(data, f"lic-{i}-special_route")),
            "error": "", "error_field": ""}


def _form(as_of: str, birth_date: str, applicant: bool, licences: list, events: list) -> dict[str, Any]:
    return {"as_of": as_of, "birth_date": birth_date, "applicant": applicant, "errors": {}, "section_errors": {},
            "licences": licences, "events": events, "not_shown": [],
            "next_licence": max((r["index"] for r in licences), default=-1) + 1,
            "next_event": max((r["index"] for r in events), default=-1) + 1, "max_rows": MAX_ROWS}


def blank_form() -> dict[str, Any]:
    """The form as first shown: today, one licence row, three event rows."""
    return _form(timezone.localdate().isoformat(), "", False, [read_licence({}, 0)],
                 [read_event({}, i) for i in range(EVENT_ROWS)])


def _as_text(value: Any) -> str:
    return "" if value is None else str(value)


def form_from_input(data: Any) -> dict[str, Any]:
    """The form filled from a contract ``assess`` input (an example); what it cannot show is listed.

    ``not_shown`` names the input's items the form has no field for (they stay in the JSON box).
    """
    data = data if isinstance(data, dict) else {}
    person = data.get("person") if isinstance(data.get("person"), dict) else {}
    fields: dict[str, Any] = {}
    not_shown: list[str] = []
    licences = data.get("licences") if isinstance(data.get("licences"), list) else []
    for i, item in enumerate(licences[:MAX_ROWS]):
        item = item if isinstance(item, dict) else {}
        fields.update({f"lic-{i}-kind": _as_text(item.get("kind")), f"lic-{i}-acquired": _as_text(item.get("acquired"))})
        if item.get("special_route"):
            fields[f"lic-{i}-special_route"] = "1"
    events = data.get("events") if isinstance(data.get("events"), list) else []
    for i, item in enumerate(events[:MAX_ROWS]):
        item = item if isinstance(item, dict) else {}
        accident = item.get("accident") if isinstance(item.get("accident"), dict) else {}
        fields.update({
            f"ev-{i}-type": _as_text(item.get("type")), f"ev-{i}-date": _as_text(item.get("date")),
            f"ev-{i}-code": _as_text(item.get("code")), f"ev-{i}-alcohol": _as_text(item.get("alcohol")),
            f"ev-{i}-severity": _as_text(accident.get("severity")),
            f"ev-{i}-hit_and_run": _as_text(item.get("hit_and_run")), f"ev-{i}-days": _as_text(item.get("days")),
            f"ev-{i}-years": _as_text(item.get("disqualification_years")), f"ev-{i}-grade": _as_text(item.get("grade")),
            f"ev-{i}-days_reduced": _as_text(item.get("days_reduced")), f"ev-{i}-kind": _as_text(item.get("kind")),
        })
        if accident.get("sole_fault"):
            fields[f"ev-{i}-sole_fault"] = "1"
        if item.get("vehicle"):
            not_shown.append(f"違反・処分・講習 {i + 1}行目の車両の種類（{item['vehicle']}）")
    if len(events) > MAX_ROWS or len(licences) > MAX_ROWS:
        not_shown.append(f"{MAX_ROWS}行を超える行")
    rows_l = [read_licence(fields, i) for i in range(max(len(licences[:MAX_ROWS]), 1))]
    rows_e = [read_event(fields, i) for i in range(max(len(events[:MAX_ROWS]), EVENT_ROWS))]
    form = _form(_as_text(data.get("as_of")), _as_text(person.get("birth_date")), data.get("applicant") is True,
                 rows_l, rows_e)
    form["not_shown"] = not_shown
    return form


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
    elif fields == "licence" and row["kind"]:
        item["kind"] = row["kind"]
    return item


def read_form(data) -> tuple[dict[str, Any], dict[str, Any], dict[str, list[int]]]:
    """(the form to show again, the contract's ``assess`` input, JSON index → row index per list).

    Blank rows are left out of the input; the row maps let an error's ``path`` find its row.
    """
    licences = [read_licence(data, i) for i in _indices(data, "lic", "kind")]
    events = [read_event(data, i) for i in _indices(data, "ev", "type")]
    form = _form(_text(data, "as_of"), _text(data, "birth_date"), bool(_text(data, "applicant")), licences, events)
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


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def check(contract: dict[str, Any]) -> dict[str, Any] | None:
    """Checks the form makes before asking the engine (an error document, or None).

    The engine does not yet reject a birth date in the future or a licence
    acquired before birth; the form does, on the 生年月日 / 取得日 field.
    """
    person = contract.get("person") or {}
    birth, as_of = _day(person.get("birth_date")), _day(contract.get("as_of"))
    if birth and as_of and birth > as_of:
        return {"code": "birth_after_as_of", "path": "person.birth_date",
                "message": f"生年月日（{wareki(birth)}）が判定日（{wareki(as_of)}）より後です。"}
    for j, item in enumerate(contract.get("licences") or []):
        acquired = _day(item.get("acquired"))
        if birth and acquired and acquired < birth:
            return {"code": "acquired_before_birth", "path": f"licences[{j}].acquired",
                    "message": f"取得日（{wareki(acquired)}）が生年月日（{wareki(birth)}）より前です。"}
    return None


def locate(form: dict[str, Any], paths: dict[str, list[int]], path: str | None) -> dict[str, Any]:
    """Where an engine ``path`` is on the form: ``{"label", "field_label", "row", "field", "section", "top"}``.

    ``label`` names it for staff (違反・処分・講習 2行目の違反日), ``field_label`` the
    field alone (違反日, for the message beside the field); ``row`` is the form row
    (or None), ``field`` the form field to mark, ``top`` a top-level field
    (``as_of``/``birth_date``/``applicant``), ``section`` a whole list.
    """
    where: dict[str, Any] = {"label": "入力全体", "field_label": "", "row": None, "field": "", "section": "", "top": ""}
    if not path:
        return where
    if path in TOP_FIELDS or path.split(".")[0] in ("as_of", "applicant"):
        top, label = TOP_FIELDS.get(path, TOP_FIELDS.get(path.split(".")[0], ("", "入力")))
        return dict(where, label=label, field_label=label, top=top)
    if path.startswith("person."):
        return dict(where, label="生年月日", field_label="生年月日", top="birth_date")
    found = _ROW_PATH.match(path)
    if not found:
        return dict(where, label="入力")
    name, index, rest = found.group(1), found.group(2), found.group(3) or ""
    section = SECTION_LABELS[name]
    if index is None or int(index) >= len(paths[name]):
        return dict(where, label=section, section=name)
    row = next(r for r in form[name] if r["index"] == paths[name][int(index)])
    table = LICENCE_FIELDS if name == "licences" else EVENT_ROW_FIELDS
    field, label = table.get(rest, ("", ""))
    if rest == "date":
        label = date_label(row)
    text = f"{section} {row['number']}行目" + (f"の{label}" if label else "")
    return dict(where, label=text, field_label=label, row=row, field=field)


def place_error(form: dict[str, Any], paths: dict[str, list[int]], error: dict[str, Any], message: str) -> str:
    """Put ``message`` next to the field the error's ``path`` names; the Japanese name of that place."""
    where = locate(form, paths, error.get("path"))
    if where["row"] is not None:
        where["row"]["error"] = message
        where["row"]["error_field"] = where["field"]
    elif where["top"]:
        form["errors"][where["top"]] = message
    elif where["section"]:
        form["section_errors"][where["section"]] = message
    return where["label"]
