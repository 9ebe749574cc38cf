"""Renewal pages (更新, 規程第16条; 第17条の3・第17条の4): the intake form, the 更新時講習 attended (a form
on the application page, which shows the law engine's answer and what is still missing), and a
holder's 高齢者講習・認知機能検査・運転技能検査 results with the form that registers one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from menkyo.core.errors import NotFound
from menkyo.core.http import domain_view, submit
from menkyo.core.legal import implements
from menkyo.counter import renewal, services
from menkyo.counter.renewal_forms import ElderlyCheckForm, LectureForm, RenewalForm
from menkyo.counter.views import _detail
from menkyo.registry.models import LicenceStatus


def _or_on_field(form, field: str, action):
    """``action()``; an unknown licence number is told next to its field instead of a 404 page."""
    try:
        return action()
    except NotFound as exc:
        form.add_error(field, exc.message)
        return None


@login_required
@domain_view
@implements(renewal.receive_renewal)
def renewal_new(request):
    return _intake(request, early=False)


@login_required
@domain_view
@implements(renewal.receive_early_renewal)
def early_renewal_new(request):
    """The same intake for a 特例更新 (規程第17条): the reason and its evidence are asked first."""
    return _intake(request, early=True)


@login_required
@domain_view
@implements(renewal.receive_after_hours_renewal)
def after_hours_renewal_new(request):
    """The same intake for an application put in after hours on the last day (規程第16条第10項): the
    day it was put in is asked first."""
    return _intake(request, early=False, after_hours=True)


def _intake(request, *, early: bool, after_hours: bool = False):
    form = RenewalForm(request.POST or None)
    if early:
        del form.fields["after_hours_on"]
    if after_hours:
        del form.fields["early_reason"], form.fields["early_evidence"]
        form.fields["after_hours_on"].required = True
        form.fields["after_hours_on"].error_messages["required"] = "執務時間外に申請された日を入力してください。"
    receive = (renewal.receive_early_renewal if early else renewal.receive_after_hours_renewal if after_hours
               else renewal.receive_renewal)
    application = submit(request, form, lambda _: _or_on_field(
        form, "licence_number", lambda: receive(request.user, form.service_data())))
    if application is None:
        return render(request, "counter/renewal_new.html", {"form": form, "early": early, "after_hours": after_hours},
                      status=422 if request.method == "POST" else 200)
    answer = application.eligibility
    what = "特例更新" if application.early_reason else "更新"
    messages.success(request, f"{what}の申請を受理しました（申請（届出）簿 {application.ledger_number}、"
                              f"{answer['driver_class']}運転者）。")
    if application.person.current_licence and application.person.current_licence.status == LicenceStatus.SUSPENDED:
        messages.warning(request, renewal.SUSPENDED_INTAKE)
    return redirect("counter:detail", pk=application.pk)


@require_POST
@login_required
@domain_view
@implements(renewal.record_lecture)
def lecture_new(request, pk: int):
    form = LectureForm(request.POST)
    lecture = submit(request, form, lambda data: renewal.record_lecture(request.user, pk, mode=data["mode"]))
    if lecture is None:
        return _detail(request, services.read_application(request.user, pk), lecture_form=form, status=422)
    messages.success(request, f"更新時講習（{lecture.get_mode_display()}、{lecture.minutes}分）の受講を記録しました。")
    return redirect("counter:detail", pk=pk)


@login_required
@domain_view
@implements(renewal.register_elderly_check)
def elderly_checks(request):
    """The holder named by ``?licence=`` : their results, and the form that registers one."""
    number = request.GET.get("licence", "")
    form = ElderlyCheckForm(request.POST or None)
    done = submit(request, form, lambda data: renewal.register_elderly_check(
        request.user, {**data, "licence_number": number}))
    if done is not None:
        messages.success(request, f"{done.get_kind_display()}の結果（{done.get_result_display()}）を登録しました。")
        return redirect(f"{request.path}?licence={number}&application={request.GET.get('application', '')}")
    licence, rows = renewal.elderly_checks(request.user, number)
    return render(request, "counter/elderly_checks.html", {
        "licence": licence, "rows": rows, "form": form, "application_id": request.GET.get("application", ""),
    }, status=422 if request.method == "POST" else 200)
