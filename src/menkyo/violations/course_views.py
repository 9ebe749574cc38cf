"""講習・再試験の通知 pages: the queues (発送待ち, 期限経過), one notice with its sending and result, its
通知書 (PDF). The services decide (violations/courses.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from menkyo.core.http import domain_view, submit
from menkyo.core.legal import implements
from menkyo.core.permissions import allowed
from menkyo.core.wareki import wareki
from menkyo.documents.http import pdf_page
from menkyo.violations import courses
from menkyo.violations.course_forms import ResultForm, SendForm
from menkyo.violations.permissions import RECORD_COURSE_RESULT, SEND_COURSE_NOTICE


@login_required
@domain_view
def queue(request):
    """The prefecture's notices to send and those past their deadline without a result."""
    return render(request, "violations/course_notices.html", {
        "to_send": courses.course_notice_queue(request.user, "to_send"),
        "overdue": courses.course_notice_queue(request.user, "overdue"),
    })


def _detail(request, notice, send_form=None, result_form=None, status=200):
    lines, points = courses.grounds(notice)
    return render(request, "violations/course_notice.html", {
        "notice": notice, "grounds": lines, "points": points,
        "send_form": send_form or SendForm(), "result_form": result_form or ResultForm(kind=notice.kind),
        "may_send": notice.state == courses.S.PENDING and allowed(request.user, SEND_COURSE_NOTICE.name, notice),
        "may_record": notice.state in courses.OPEN_STATES
        and allowed(request.user, RECORD_COURSE_RESULT.name, notice),
    }, status=status)


@login_required
@domain_view
def detail(request, pk: int):
    return _detail(request, courses.get_course_notice(request.user, pk))


@require_POST
@login_required
@domain_view
@implements(courses.send_course_notice)
def send(request, pk: int):
    notice = courses.load_course_notice(pk)
    form = SendForm(request.POST)
    done = submit(request, form, lambda data: courses.send_course_notice(request.user, notice, **data))
    if done is None:
        return _detail(request, courses.get_course_notice(request.user, pk), send_form=form, status=422)
    messages.success(request, f"{notice.get_kind_display()}の通知の発送を記録しました。期限は{wareki(notice.deadline)}です。")
    return redirect("violations:course_notice", pk=pk)


@require_POST
@login_required
@domain_view
@implements(courses.record_course_result)
def result(request, pk: int):
    notice = courses.load_course_notice(pk)
    form = ResultForm(request.POST, kind=notice.kind)
    done = submit(request, form, lambda data: courses.record_course_result(request.user, notice, **data))
    if done is None:
        return _detail(request, courses.get_course_notice(request.user, pk), result_form=form, status=422)
    messages.success(request, f"{notice.get_kind_display()}の通知に「{notice.get_state_display()}」を記録しました。")
    return redirect("violations:course_notice", pk=pk)


@login_required
@domain_view
def pdf(request, pk: int):
    """The 通知書 (audited rendering)."""
    return pdf_page(request, lambda: courses.course_notice_pdf(request.user, pk))


urlpatterns = [
    path("courses/", queue, name="course_notices"),
    path("courses/<int:pk>/", detail, name="course_notice"),
    path("courses/<int:pk>/send/", send, name="course_notice_send"),
    path("courses/<int:pk>/result/", result, name="course_notice_result"),
    path("courses/<int:pk>/pdf/", pdf, name="course_notice_pdf"),
]
