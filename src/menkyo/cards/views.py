"""Card pages (免許証の交付, 規程第13条; 交付停止, 第21条) for the 窓口 and 審査 of a centre or station: the
office's queues, a card job with the actions its state allows and its 事務処理票 and 受領書 as PDF,
the issue form of a passed application, and the 交付停止 of the licence division."""

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from menkyo.cards import services
from menkyo.cards.actions import Action
from menkyo.cards.forms import HandOverForm, IssueForm, KeepCardForm, ReasonForm, ReviewIssueForm
from menkyo.cards.models import CardJobState
from menkyo.cards.permissions import HOLD_ISSUE, ISSUE_LICENCE, ISSUE_REVIEW_CARD
from menkyo.core.http import act, domain_view, submit
from menkyo.core.legal import implements
from menkyo.core.models import Affiliation, AffiliationKind
from menkyo.core.permissions import allowed, authorize
from menkyo.counter import services as counter
from menkyo.counter.models import Route
from menkyo.documents.http import pdf_page
from menkyo.gaiji import bitmaps
from menkyo.gaiji.permissions import LOOK_UP_GLYPH

OFFICE_KINDS = (AffiliationKind.LICENCE_CENTRE, AffiliationKind.RENEWAL_CENTRE, AffiliationKind.POLICE_STATION)


@login_required
@domain_view
@implements(services.queues)
def queue_list(request):
    code = request.GET.get("office") or request.user.affiliation_id
    found = services.queues(request.user, code)
    offices = Affiliation.objects.filter(Q(kind__in=OFFICE_KINDS, active=True) | Q(code=found.office.code),
                                         prefecture_id=request.user.prefecture_id)
    return render(request, "cards/queues.html", {"found": found, "offices": offices})


def _gaiji_rows(printed) -> list[dict]:
    """The card's 外字 for the page: each with its picture (PNG data URI) when registered."""
    return [{"glyph": g, "picture": "data:image/png;base64," + base64.b64encode(
        bitmaps.to_png(base64.b64decode(g.base64))).decode("ascii") if g.registered else ""}
        for g in printed.glyphs]


def _job_page(request, job, *, hand_over_form=None, reason_form=None, keep_form=None, status=200):
    hold = services.active_hold(job.person_id)
    printed = services.job_gaiji(job)
    return render(request, "cards/job.html", {
        "gaiji": _gaiji_rows(printed), "gaiji_waiting": services.print_waiting(job, printed) != "",
        "may_look_up_glyph": allowed(request.user, LOOK_UP_GLYPH.name),
        "keep_form": keep_form or KeepCardForm(), "keeping": getattr(job, "keeping", None),
        "job": job, "card": job.licence or job.provisional_licence, "actions": services.actions_for(request.user, job),
        "hold": hold, "hand_over_form": hand_over_form or HandOverForm(), "reason_form": reason_form or ReasonForm(),
        "may_hold": hold is None and job.state != CardJobState.HANDED_OVER
        and allowed(request.user, HOLD_ISSUE.name, job),
        "slip_variants": services.slip_variants(job), "needs_old_card": services.needs_old_card(job),
    }, status=status)


@login_required
@domain_view
def job_detail(request, pk: int):
    return _job_page(request, services.get_card_job(request.user, pk))


@login_required
@domain_view
@implements(services.processing_slip)
def slip_pdf(request, pk: int):
    return pdf_page(request, lambda: services.processing_slip(request.user, pk, request.GET.get("variant", "")))


@login_required
@domain_view
@implements(services.card_receipt)
def receipt_pdf(request, pk: int):
    return pdf_page(request, lambda: services.card_receipt(request.user, pk))


@require_POST
@login_required
@domain_view
@implements(services.send_card)
def job_send(request, pk: int):
    return act(request, lambda: services.send_card(request.user, pk),
               done="免許証を交付所属へ送付しました（送付（交付）用事務処理票を添えてください）。",
               then=reverse("cards:job", args=[pk]))


@require_POST
@login_required
@domain_view
@implements(services.receive_card)
def job_receive(request, pk: int):
    return act(request, lambda: services.receive_card(request.user, pk), done="免許証を受領しました（交付待ち）。",
               then=reverse("cards:job", args=[pk]))


def _with_form(request, pk: int, form, action, done: str, form_name: str):
    """A POSTed form handed to ``action``; its refusal shown on the job page (422)."""
    if submit(request, form, action) is None:
        return _job_page(request, services.get_card_job(request.user, pk), status=422, **{form_name: form})
    messages.success(request, done)
    return redirect("cards:job", pk=pk)


@require_POST
@login_required
@domain_view
@implements(services.hand_over_card)
def job_hand_over(request, pk: int):
    return _with_form(request, pk, HandOverForm(request.POST), lambda data: services.hand_over_card(
        request.user, pk, signature_confirmed=data["signature_confirmed"],
        old_card_collected=data["old_card_collected"]), "免許証を交付しました。", "hand_over_form")


@require_POST
@login_required
@domain_view
@implements(services.retry_card)
def job_retry(request, pk: int):
    return _with_form(request, pk, ReasonForm(request.POST),
                      lambda data: services.retry_card(request.user, pk, reason=data["reason"]),
                      "作成をやり直します（作成機が再び取得します）。", "reason_form")


@require_POST
@login_required
@domain_view
@implements(services.report_issue_hold)
def job_hold(request, pk: int):
    person_id = services.load_job(pk).person_id
    return _with_form(request, pk, ReasonForm(request.POST),
                      lambda data: services.report_issue_hold(request.user, person_id, reason=data["reason"]),
                      "交付停止を通報しました。解除されるまで免許証は交付されません。", "reason_form")


@login_required
@domain_view
@implements(services.issue_licence)
def issue(request, pk: int):
    application = counter.read_application(request.user, pk)
    authorize(request.user, ISSUE_LICENCE.name, application, action=Action.LICENCE_ISSUE,
              person_id=application.person_id)
    requirements = services.issue_requirements(application)
    form = IssueForm(request.POST or None, requirements=requirements)
    job = submit(request, form, lambda _: services.issue_licence(request.user, pk, **form.service_data()))
    if job is None:
        return render(request, "cards/issue.html", {"application": application, "form": form,
                                                    "requirements": requirements},
                      status=422 if request.method == "POST" else 200)
    messages.success(request, f"免許を登録し、免許証の作成を依頼しました（事務処理票番号 {job.slip_number}）。")
    return redirect("cards:job", pk=job.pk)


@login_required
@domain_view
@implements(services.issue_review_card)
def review_issue(request, pk: int):
    """A 審査 (規程第9条・第9条の2): the change asked for, the sittings and their results, the card
    jobs, and — once passed — the form that registers the change and requests the new card."""
    application = counter.read_application(request.user, pk)
    authorize(request.user, ISSUE_REVIEW_CARD.name, application, action=Action.REVIEW_ISSUE,
              person_id=application.person_id)
    if application.route != Route.REVIEW:
        raise Http404("この申請は審査（限定解除・条件解除・申請による条件）ではありません。")
    status = services.review_status(application)
    form = ReviewIssueForm(request.POST if request.method == "POST" else None, at_station=status.at_station)
    job = submit(request, form, lambda _: services.issue_review_card(request.user, pk, **form.service_data()))
    if job is None:
        return render(request, "cards/review.html", {"application": application, "form": form, "status": status},
                      status=422 if request.method == "POST" else 200)
    messages.success(request, f"審査の合格を登録し（{status.change.text}を{'解除' if status.change.removes else '付与'}）、"
                              f"免許証の作成を依頼しました（事務処理票番号 {job.slip_number}）。")
    return redirect("cards:job", pk=job.pk)


def _holds_page(request, form=None, failed=None, status=200):
    return render(request, "cards/holds.html", {"holds": services.holds_for(request.user), "form": form or ReasonForm(),
                                                "failed": failed}, status=status)


@login_required
@domain_view
def hold_list(request):
    return _holds_page(request)


@require_POST
@login_required
@domain_view
@implements(services.release_issue_hold)
def hold_release(request, pk: int):
    form = ReasonForm(request.POST)
    if submit(request, form, lambda data: services.release_issue_hold(request.user, pk, reason=data["reason"])) is None:
        return _holds_page(request, form, failed=pk, status=422)
    messages.success(request, "交付停止を解除しました。停止していた免許証は交付待ちに戻りました。")
    return redirect("cards:holds")
