"""判定シミュレーター: ask the law engine "what would the law decide?" and show why, in Japanese.

For counter staff and case officers ("why is this person at 30 days?"). The
page evaluates exactly what the CLI and the HTTP API evaluate; what staff see
is made by :mod:`~menkyo.judgement.presentation` (labels, 和暦, the statutes),
the field form by :mod:`~menkyo.judgement.forms`, the examples come from
:mod:`~menkyo.judgement.examples`. The JSON box stays for experts.

Access: rule ``judgement.evaluate_rules`` (窓口・審査・決定・照会; the page reads
no record). Every evaluation is audited as ``judgement.rules.<entry>`` with its
outcome, never the input; a refusal is audited by :func:`authorize`.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from menkyo.core.http import domain_view
from menkyo.core.permissions import authorize
from menkyo.judgement import forms
from menkyo.judgement.actions import SIMULATOR_OPEN
from menkyo.judgement.examples import examples as example_list
from menkyo.judgement.permissions import EVALUATE_RULES
from menkyo.judgement.presentation import ENTRY_LABELS, assumption_rows, error_view, present
from menkyo.judgement.services import evaluate_text, status_of
from menkyo.rules import ENTRY_POINTS
from menkyo.rules import cli as rules_cli


def examples() -> list[dict[str, Any]]:
    """The examples as the page lists them: id, entry, title, its kind in Japanese, the input as JSON text."""
    return [dict(item, entry_label=ENTRY_LABELS.get(item["entry"], item["entry"]),
                 text=rules_cli.dumps(rules_cli.normalise(item["input"])))
            for item in example_list()]


def _parsed(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@domain_view
def simulator(request):
    """GET: the form (``?example=<id>`` loads an example); POST: evaluate, audit, show."""
    authorize(request.user, EVALUATE_RULES.name, action=SIMULATOR_OPEN)
    listed = examples()
    entry = request.POST.get("entry") or request.GET.get("entry") or "assess"
    entry = entry if entry in ENTRY_POINTS else "assess"
    text = request.POST.get("input", "")
    chosen = request.GET.get("example", "") if request.method == "GET" else ""
    from_form = request.method == "POST" and request.POST.get("source") == "form"
    form, paths = forms.blank_form(), None
    example = next((e for e in listed if e["id"] == chosen), None)
    if example is not None:
        entry, text = example["entry"], example["text"]
        if entry == "assess":
            form = forms.form_from_input(example["input"])
    elif from_form:
        form, data, paths = forms.read_form(request.POST)
        entry, text = "assess", rules_cli.dumps(data)
    elif request.method == "POST" and entry == "assess" and isinstance(_parsed(text), dict):
        form = forms.form_from_input(_parsed(text))
    context: dict[str, Any] = {
        "entries": ENTRY_LABELS, "entry": entry, "entry_label": ENTRY_LABELS[entry], "input_text": text,
        "examples": listed, "chosen": chosen, "example": example, "form": form, "choices": forms.form_choices(),
        "assumptions": assumption_rows(), "from_form": from_form,
        # The experts' JSON box is open when it is the only way in, or was just used.
        "json_open": entry != "assess" or (request.method == "POST" and not from_form),
    }
    status = 200
    if request.method == "POST":
        context["evaluated"] = True
        if from_form:
            status = _evaluate_form(request, form, paths, text, context)
        else:
            status = evaluate(request, entry, text, context)
        if request.htmx:
            status = 200  # htmx swaps only 2xx answers; the error is in the fragment
    # The field form's htmx request takes the whole page and picks the form, the JSON and the result from it.
    fragment = request.htmx and request.method == "POST" and not from_form
    template = "judgement/simulator_result.html" if fragment else "judgement/simulator.html"
    return render(request, template, context, status=status)


def _evaluate_form(request, form: dict[str, Any], paths, text: str, context: dict[str, Any]) -> int:
    """The field form: the form's own checks, then the engine; an error goes next to its field."""
    error = forms.check(json.loads(text))
    status = 400
    if error is None:
        status = evaluate(request, "assess", text, context)
        error = context.get("raw_error")
    if error is not None:
        full = lambda path: forms.locate(form, paths, path)["label"]  # noqa: E731
        short = lambda path: forms.locate(form, paths, path)["field_label"] or full(path)  # noqa: E731
        context["error"] = error_view(error, full)
        forms.place_error(form, paths, error, error_view(error, short)["message"])
    return status


@never_cache
@login_required
@require_http_methods(["GET"])
@domain_view
def simulator_row(request):
    """One row of the field form (htmx): ``kind=event|licence``, ``index``; ``add=1`` also moves the 行を追加 button."""
    authorize(request.user, EVALUATE_RULES.name, action=SIMULATOR_OPEN)
    kind = request.GET.get("kind", "event")
    index = request.GET.get("index", "")
    if kind not in ("event", "licence") or not index.isdigit() or int(index) >= forms.MAX_ROWS:
        return HttpResponseBadRequest("行を追加できません。")
    i = int(index)
    row = forms.read_event(request.GET, i) if kind == "event" else forms.read_licence(request.GET, i)
    context = {"row": row, "choices": forms.form_choices(), "add": request.GET.get("add") == "1", "next": i + 1,
               "max_rows": forms.MAX_ROWS}
    return render(request, f"judgement/simulator_{kind}_row.html", context)


def evaluate(request, entry: str, text: str, context: dict[str, Any]) -> int:
    """Run the engine on ``text``, audit the outcome, fill ``context``; the HTTP status."""
    if not text.strip():
        error = {"code": "empty_input", "message": "入力（JSON）を貼り付けてください。", "path": None}
        context.update(raw_error=error, error=error_view(error))
        return 400
    ok, result = evaluate_text(request.user, entry, text, channel="simulator")
    if not ok:
        context.update(raw_error=result["error"], error=error_view(result["error"]))
        return status_of(ok, result)
    context["result"] = present(entry, result)
    return 200
