"""Reissue (再交付, 規程第15条) and 申請による取消し (規程第41条の3) pages, reached from the licence page:
the 再交付申請書 form, the reissue application with its photo, fee and card request, the
cancellation form (範囲・申請者・不利益の説明) and the cancellation with its 申請取消通知書 and the
offer of the 運転経歴証明書."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from menkyo.cards import cancellation as cancellations
from menkyo.cards import reissue as services
from menkyo.cards.forms import CancellationForm, ReissueApplicationForm, ReviewIssueForm
from menkyo.cards.models import CardJob, ReissueGround
from menkyo.cards.services import CENTRES
from menkyo.core.http import domain_view, submit
from menkyo.core.legal import implements
from menkyo.core.permissions import allowed
from menkyo.core.wareki import wareki
from menkyo.counter import services as counter
from menkyo.documents.http import pdf_page
from menkyo.registry import services as registry
from menkyo.registry.purposes import ReadPurpose

REQUEST_ALERT = "alerts.request_alert"


def _licence(request, licence_id: int):
    """The licence, read as the counter's business (照会事由 窓口事務; audited, authorised)."""
    licence = services.load_licence(licence_id)
    registry.read_person(request.user, licence.person_id, purpose=ReadPurpose.COUNTER)
    return licence


@login_required
@domain_view
@implements(services.receive_reissue_application)
def reissue_new(request, licence_id: int):
    licence = _licence(request, licence_id)
    form = ReissueApplicationForm(request.POST or None,
                                  may_request_alert=allowed(request.user, REQUEST_ALERT, request.user.affiliation))
    application = submit(request, form, lambda data: services.receive_reissue_application(
        request.user, licence.pk, ground=data["ground"], theft_alert=data.get("theft_alert", False),
        reason=data["reason"]))
    if application is None:
        return render(request, "cards/reissue_new.html", {"form": form, "licence": licence},
                      status=422 if request.method == "POST" else 200)
    messages.success(request, f"再交付の申請を受理しました（申請（届出）簿 {application.ledger_number}）。"
                              "申請用写真を登録し、手数料を収納してから作成を依頼してください。")
    return redirect("cards:reissue", pk=application.pk)


def _reissue_page(request, application, *, form=None, status=200):
    at_station = application.office.kind not in CENTRES
    return render(request, "cards/reissue.html", {
        "application": application, "licence": application.licence, "fees": counter.fees_due(application),
        "ground": ReissueGround(application.reissue_ground).label,
        "previous_number": services.previous_number(application), "jobs": application.card_jobs.order_by("-pk"),
        "form": form or ReviewIssueForm(at_station=at_station), "at_station": at_station,
    }, status=status)


@login_required
@domain_view
def reissue_detail(request, pk: int):
    counter.read_application(request.user, pk)
    return _reissue_page(request, services.load_reissue_application(pk))


@require_POST
@login_required
@domain_view
@implements(services.request_reissued_card)
def reissue_card(request, pk: int):
    application = services.load_reissue_application(pk)
    form = ReviewIssueForm(request.POST, at_station=application.office.kind not in CENTRES)
    job = submit(request, form, lambda data: services.request_reissued_card(request.user, pk, **form.service_data()))
    if job is None:
        return _reissue_page(request, services.load_reissue_application(pk), form=form, status=422)
    when = "本日交付してください" if not job.sent_to_station else f"交付予定日は{wareki(job.handover_date)}です"
    messages.success(request, f"再交付の免許証の作成を依頼しました（事務処理票番号 {job.slip_number}）。{when}。")
    return redirect("cards:job", pk=job.pk)


@login_required
@domain_view
@implements(services.reissue_application_form)
def reissue_form_pdf(request, pk: int):
    return pdf_page(request, lambda: services.reissue_application_form(request.user, pk))


# --- 申請による取消し ---------------------------------------------------------------------------------


@login_required
@domain_view
@implements(cancellations.cancel_licence_on_application)
def cancel_new(request, licence_id: int):
    licence = _licence(request, licence_id)
    held = list(licence.kinds.all())
    form = CancellationForm(request.POST or None, kinds=[h.kind_id for h in held])
    done = submit(request, form, lambda data: cancellations.cancel_licence_on_application(
        request.user, licence.pk, **data))
    if done is None:
        return render(request, "cards/cancel_new.html", {
            "form": form, "licence": licence, "held": held,
            "at_station": request.user.affiliation.kind not in CENTRES,
        }, status=422 if request.method == "POST" else 200)
    messages.success(request, f"申請による取消しを受理しました（申請取消簿 {done.book_number}）。"
                              "申請取消通知書を交付してください。")
    return redirect("cards:cancellation", pk=done.pk)


@login_required
@domain_view
def cancellation_detail(request, pk: int):
    cancellation = cancellations.get_cancellation(request.user, pk)
    job: CardJob | None = cancellation.card_job
    return render(request, "cards/cancellation.html", {
        "cancellation": cancellation, "job": job,
        "eligible": cancellations.history_certificate_eligible(cancellation),
    })


@login_required
@domain_view
@implements(cancellations.cancellation_notice)
def cancellation_notice_pdf(request, pk: int):
    return pdf_page(request, lambda: cancellations.cancellation_notice(request.user, pk))
