"""違反等登録 pages (規程第28条–第28条の2): register a 違反等登録票, the 仮登録 queue with confirm and
delete, a person's 違反・点数 (records with points, the latest assessment), an assessment's trace."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from menkyo.core.http import domain_view, submit
from menkyo.core.legal import implements
from menkyo.core.permissions import allowed
from menkyo.judgement.presentation import present
from menkyo.violations import services
from menkyo.violations.forms import ConfirmForm, DeleteForm, ProvisionalForm, ViolationForm
from menkyo.violations.models import RECORDS
from menkyo.violations.permissions import REGISTER, REGISTER_PROVISIONAL


def _done(request, violation, verb: str):
    latest = violation.person.assessments.order_by("-pk").first()
    messages.success(request, f"{verb}しました（{services.describe(violation)}）。累積点数 {latest.points}点、"
                              f"処分等の基準：{latest.outcome_ja}。")
    return redirect("violations:person", person_id=violation.person_id)


@login_required
@domain_view
@implements(services.register_violation)
def register(request):
    """The 違反等登録票 form of the licence division."""
    form = ViolationForm(request.POST or None, actor=request.user)
    if request.method == "POST":
        violation = submit(request, form, lambda data: services.register_violation(request.user, **form.report()))
        if violation is not None:
            return _done(request, violation, "違反等登録")
    return render(request, "violations/register.html", {
        "form": form, "may_register": allowed(request.user, REGISTER.name, request.user.affiliation),
    }, status=422 if form.errors else 200)


@login_required
@domain_view
@implements(services.register_provisional_violation)
def provisional(request):
    """The 仮登録 queue of the prefecture and the form a phone report is taken with."""
    form = ProvisionalForm(request.POST or None, actor=request.user)
    if request.method == "POST":
        violation = submit(request, form,
                           lambda data: services.register_provisional_violation(request.user, **form.report()))
        if violation is not None:
            return _done(request, violation, "仮登録")
    return render(request, "violations/provisional.html", {
        "queue": services.provisional_queue(request.user), "form": form,
        "may_register": allowed(request.user, REGISTER_PROVISIONAL.name, request.user.affiliation),
    }, status=422 if form.errors else 200)


@login_required
@domain_view
def person(request, person_id: int):
    """A person's 違反・点数: every record with its points, the latest assessment, what may be done."""
    subject, violations, latest = services.person_violations(request.user, person_id)
    rows = [{"v": v, "name": services.violation_name(v),
             "actions": {t.name for t in RECORDS.available(request.user, v)}} for v in violations]
    return render(request, "violations/person.html", {
        "person": subject, "rows": rows, "latest": latest, "confirm_form": ConfirmForm(), "delete_form": DeleteForm(),
    })


@login_required
@domain_view
def assessment(request, pk: int):
    """The law engine's answer with its trace (判定の根拠)."""
    found = services.get_assessment(request.user, pk)
    return render(request, "violations/assessment.html", {"assessment": found, "result": present("assess", found.result)})


@require_POST
@login_required
@domain_view
@implements(services.confirm_violation)
def confirm(request, pk: int):
    violation = services.load_violation(pk)
    form = ConfirmForm(request.POST)
    done = submit(request, form, lambda data: services.confirm_violation(request.user, violation, **data))
    return _after(request, violation, done, form, "仮登録を確認し、登録しました。")


@require_POST
@login_required
@domain_view
@implements(services.delete_violation)
def delete(request, pk: int):
    violation = services.load_violation(pk)
    form = DeleteForm(request.POST)
    done = submit(request, form, lambda data: services.delete_violation(request.user, violation, **data))
    return _after(request, violation, done, form, "違反等登録を抹消しました。")


def _after(request, violation, done, form, message: str):
    if done is None:
        errors = "、".join(str(e) for errors in form.errors.values() for e in errors) or "入力を確認してください。"
        messages.error(request, errors)
    else:
        messages.success(request, message)
    return redirect("violations:person", person_id=violation.person_id)
