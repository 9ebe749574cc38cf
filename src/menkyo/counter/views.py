"""Counter pages (申請の受理, 規程第3条・第4条): the office's 申請（届出）簿, the intake form (申請書 +
質問票), an application with its fees and its 申請用写真 (upload and image), withdrawal, the ledger as CSV, and the forms handed out as
PDF (運転免許申請書, 領収書, 運転免許申請に対する通知書)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from menkyo.core.http import csv_response, domain_view, submit
from menkyo.core.legal import implements
from menkyo.core.permissions import allowed
from menkyo.core.wareki import wareki
from menkyo.counter import lapse, renewal, services
from menkyo.counter.api import photo_response
from menkyo.counter.forms import ApplicationForm, LedgerForm, PaymentForm, PhotoForm, ReasonForm
from menkyo.counter.models import APPLICATION, ApplicationState, ApplicationType
from menkyo.counter.permissions import ATTACH_PHOTO
from menkyo.counter.renewal_forms import LectureForm
from menkyo.counter.via import via_of
from menkyo.documents.http import pdf_page
from menkyo.registry.photos import MAX_BYTES as PHOTO_MAX_BYTES
from menkyo.rules.application_photo import photo_standard


def _day(request):
    form = LedgerForm(request.GET or None)
    day = form.cleaned_data["day"] if form.is_valid() and form.cleaned_data["day"] else timezone.localdate()
    return form, day


@login_required
@domain_view
@implements(services.ledger)
def ledger(request):
    form, day = _day(request)
    office = request.user.affiliation
    return render(request, "counter/ledger.html", {
        "rows": services.ledger(request.user, office.code, day), "day": day, "office": office, "form": form,
    })


@login_required
@domain_view
def ledger_csv(request):
    _, day = _day(request)
    office = request.user.affiliation
    rows = services.ledger(request.user, office.code, day)
    header = ["申請簿番号", "受理日", "状態", "申請の種別", "免許の種類", "氏名", "フリガナ", "生年月日", "受理者"]
    return csv_response(f"ledger-{office.code}-{day:%Y%m%d}.csv", header, (
        [a.ledger_number, a.received_on.isoformat(), a.get_state_display(), a.get_application_type_display(),
         a.licence_kind_id, a.person.name, a.person.name_kana, wareki(a.person.birth_date), a.received_by]
        for a in rows))


@login_required
@domain_view
@implements(services.receive_application)
def application_new(request):
    form = ApplicationForm(request.POST or None)
    application = submit(request, form, lambda _: services.receive_application(request.user, form.service_data()))
    if application is None:
        return render(request, "counter/new.html", {"form": form}, status=422 if request.method == "POST" else 200)
    if application.state == ApplicationState.NOT_ACCEPTED:
        messages.warning(request, "受理できない理由があるため、不受理として記録しました。運転免許申請に対する通知書を交付してください。")
    else:
        messages.success(request, f"申請を受理しました（申請（届出）簿 {application.ledger_number}）。")
    return redirect("counter:detail", pk=application.pk)


def _detail(request, application, *, payment_form=None, reason_form=None, photo_form=None, lecture_form=None,
            status=200):
    due = services.fees_due(application)
    renewing = application.application_type == ApplicationType.RENEWAL
    unpaid = next((fee.procedure for fee in due if fee.procedure and not fee.paid), "")
    return render(request, "counter/detail.html", {
        "application": application, "person": application.person, "payments": application.payments.all(),
        "fees_due": due, "review": services.review_of(application), "vehicle_limit": services.vehicle_limit_of(application),
        "payment_form": payment_form or PaymentForm(initial={"procedure_code": unpaid}), "reason_form": reason_form or ReasonForm(),
        "may_withdraw": any(t.name == "withdraw" for t in APPLICATION.available(request.user, application)),
        "closed": application.state in (ApplicationState.NOT_ACCEPTED, ApplicationState.WITHDRAWN),
        # The steps after intake (受験登録, 交付), reached through the reverse relations: counter sits below them.
        "examinees": application.examinees.select_related("centre").order_by("-exam_date", "-pk"),
        "card_jobs": application.card_jobs.order_by("-pk"),
        "photo_form": photo_form or PhotoForm(), "photo_standard": photo_standard(application.received_on),
        "may_attach_photo": application.state in services.PHOTO_STATES and allowed(request.user, ATTACH_PHOTO.name,
                                                                                  application),
        # A renewal (規程第16条): the law engine's answer, the older driver's results, the lecture, what is missing.
        "renewal": renewal.renewal_status(application) if renewing else None,
        "via_renewal": via_of(application) if renewing else None,
        "lecture_form": lecture_form or LectureForm(),
        # 失効後の再取得: the engine's answer kept at intake and the 高齢者講習 still missing.
        "lapse": lapse.section(application) if application.application_type == ApplicationType.LAPSED else None,
    }, status=status)


@login_required
@domain_view
@implements(services.read_application)
def application_detail(request, pk: int):
    return _detail(request, services.read_application(request.user, pk))


@require_POST
@login_required
@domain_view
@implements(services.record_payment)
def payment_new(request, pk: int):
    form = PaymentForm(request.POST)
    payment = submit(request, form, lambda data: services.record_payment(request.user, pk, **data))
    if payment is None:
        return _detail(request, services.read_application(request.user, pk), payment_form=form, status=422)
    messages.success(request, f"{payment.label} {payment.amount:,}円 を収納しました（{payment.slip_number}）。")
    return redirect("counter:detail", pk=pk)


@require_POST
@login_required
@domain_view
@implements(services.attach_photo)
def photo_new(request, pk: int):
    form = PhotoForm(request.POST, request.FILES)
    photo = submit(request, form, lambda data: services.attach_photo(
        request.user, pk, data["photo"].read(PHOTO_MAX_BYTES + 1), taken_on=data["taken_on"], reason=data["reason"]))
    if photo is None:
        return _detail(request, services.read_application(request.user, pk), photo_form=form, status=422)
    messages.success(request, f"申請用写真を登録しました（{photo.width}×{photo.height}画素）。")
    return redirect("counter:detail", pk=pk)


@login_required
@domain_view
@implements(services.application_photo)
def photo_image(request, pk: int):
    return photo_response(services.application_photo(request.user, pk))


@require_POST
@login_required
@domain_view
@implements(services.withdraw_application)
def application_withdraw(request, pk: int):
    form = ReasonForm(request.POST)
    if submit(request, form, lambda data: services.withdraw_application(request.user, pk, **data)) is None:
        return _detail(request, services.read_application(request.user, pk), reason_form=form, status=422)
    messages.success(request, "申請の取下げを記録しました。")
    return redirect("counter:detail", pk=pk)


@login_required
@domain_view
@implements(services.refusal_notice)
def refusal_notice_pdf(request, pk: int):
    return pdf_page(request, lambda: services.refusal_notice(request.user, pk))


@login_required
@domain_view
@implements(services.application_form)
def application_form_pdf(request, pk: int):
    return pdf_page(request, lambda: services.application_form(request.user, pk))


@login_required
@domain_view
@implements(services.fee_receipt)
def fee_receipt_pdf(request, pk: int):
    return pdf_page(request, lambda: services.fee_receipt(request.user, pk))
