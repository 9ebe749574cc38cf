"""運転経歴証明書 pages (規程第42条–第42条の4), reached from the licence page and the 申請による取消し page:
the person's certificates and whether they may apply, the application, the certificate with its
hand-over, change of particulars, reissue, return and PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from menkyo.core.http import domain_view, submit
from menkyo.core.legal import implements
from menkyo.core.permissions import allowed
from menkyo.documents.http import pdf_page
from menkyo.driving_history import services
from menkyo.driving_history.forms import (
    ApplicationForm,
    ChangeForm,
    HandOverForm,
    ReissueForm,
    ReturnForm,
)
from menkyo.driving_history.models import CERTIFICATE, CertificateState
from menkyo.driving_history.permissions import ISSUE_CERTIFICATE
from menkyo.registry import services as registry
from menkyo.registry.purposes import ReadPurpose


def _person(request, person_id: int):
    """The person, read as the counter's business (照会事由 運転経歴証明書; audited, authorised)."""
    return registry.read_person(request.user, person_id, purpose=ReadPurpose.DRIVING_RECORD_CERTIFICATE)


@login_required
@domain_view
def person_certificates(request, person_id: int):
    person = _person(request, person_id)
    return render(request, "driving_history/person.html", {
        "person": person, "answer": services.check_eligibility(request.user, person_id),
        "certificates": services.certificates_of(request.user, person),
        "may_issue": allowed(request.user, ISSUE_CERTIFICATE.name, person),
    })


@login_required
@domain_view
@implements(services.receive_certificate_application)
def apply(request, person_id: int):
    person = _person(request, person_id)
    form = ApplicationForm(request.POST or None)
    made = submit(request, form, lambda data: services.receive_certificate_application(request.user, person_id,
                                                                                        **data))
    if made is None:
        return render(request, "driving_history/apply.html", {
            "form": form, "person": person, "answer": services.check_eligibility(request.user, person_id),
            "fee": services.certificate_fee(services.today(), person.home_prefecture_id),
        }, status=422 if request.method == "POST" else 200)
    messages.success(request, f"運転経歴証明書の交付申請を受理し、証明書を作成しました（経歴証明受理簿 {made.number}、"
                              f"手数料 {made.fee:,}円 納付済）。署名等を受けて交付してください。")
    return redirect("driving_history:certificate", pk=made.pk)


@login_required
@domain_view
def certificate_detail(request, pk: int):
    certificate = services.get_certificate(request.user, pk)
    return render(request, "driving_history/certificate.html", {
        "certificate": certificate, "entries": certificate.entries.select_related("office"),
        "may_issue": allowed(request.user, ISSUE_CERTIFICATE.name, certificate),
        "made": certificate.state == CertificateState.MADE, "issued": certificate.state == CertificateState.ISSUED,
        "hand_over_form": HandOverForm(), "state_label": CERTIFICATE.state_label(certificate.state),
    })


def _action_page(request, pk: int, form, service, *, title: str, intro: str, button: str, done: str):
    """One form that acts on a certificate: on success back to the certificate (or the new one)."""
    certificate = services.load_certificate(pk)
    result = submit(request, form, lambda data: service(request.user, pk, **data))
    if result is None:
        return render(request, "driving_history/action.html", {
            "certificate": certificate, "form": form, "title": title, "intro": intro, "button": button,
        }, status=422 if request.method == "POST" else 200)
    messages.success(request, done.format(number=result.number))
    return redirect("driving_history:certificate", pk=result.pk)


@login_required
@domain_view
@implements(services.hand_over_certificate)
def hand_over(request, pk: int):
    return _action_page(request, pk, HandOverForm(request.POST or None), services.hand_over_certificate,
                        title="運転経歴証明書の交付", button="交付する", done="運転経歴証明書 {number} を交付しました。",
                        intro="経歴証明事務処理票に申請者の署名等を受けてから交付してください（規程第42条第1項）。")


@login_required
@domain_view
@implements(services.change_certificate_particulars)
def change(request, pk: int):
    return _action_page(request, pk, ChangeForm(request.POST or None), services.change_certificate_particulars,
                        title="運転経歴証明書の記載事項の変更", button="変更を記載する",
                        done="運転経歴証明書 {number} の記載事項を変更しました。",
                        intro="変更の届出の内容を住民票の写し等で確認し、証明書に記載します（規程第42条の2）。本籍は記載されません。")


@login_required
@domain_view
@implements(services.reissue_certificate)
def reissue(request, pk: int):
    return _action_page(request, pk, ReissueForm(request.POST or None), services.reissue_certificate,
                        title="運転経歴証明書の再交付", button="再交付の申請を受理する",
                        done="再交付の運転経歴証明書 {number} を作成しました。署名等を受けて交付してください。",
                        intro="亡失・滅失は添付書類で確認し、汚損・破損は現に有する証明書と引換えに再交付します（規程第42条の3）。"
                              "元の証明書は失効します。手数料の納付を受け、経歴証明事務処理票の番号を入力してから受理します。")


@login_required
@domain_view
@implements(services.return_certificate)
def return_view(request, pk: int):
    return _action_page(request, pk, ReturnForm(request.POST or None), services.return_certificate,
                        title="運転経歴証明書の返納", button="返納を受理する",
                        done="運転経歴証明書 {number} の返納を受理しました。裁断して廃棄してください。",
                        intro="返納された運転経歴証明書は経歴証明受理簿に登載し、裁断の方法により廃棄します（規程第42条の4）。")


@login_required
@domain_view
@implements(services.certificate_pdf)
def certificate_pdf(request, pk: int):
    return pdf_page(request, lambda: services.certificate_pdf(request.user, pk))


@login_required
@domain_view
@implements(services.certificate_fee_receipt)
def receipt_pdf(request, pk: int):
    return pdf_page(request, lambda: services.certificate_fee_receipt(request.user, pk))
