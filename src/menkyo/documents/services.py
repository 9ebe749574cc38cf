"""Rendering an official form (様式) as PDF, audited: :func:`render_document`.

A procedure service authorises the user for its own procedure, builds the form's
dataclass (:mod:`menkyo.documents.forms`) from its own records, and hands it over;
``documents`` renders it with WeasyPrint and Noto CJK and records one audit event
``documents.<form>.render`` with the PDF's SHA-256 (a copy shown later can be checked
against the trail). Views and API operations answer with :func:`menkyo.documents.http.pdf_response`.

Usage, in a procedure app (say ``exams``)::

    from menkyo.documents.forms import ExamTicket
    from menkyo.documents.http import pdf_response
    from menkyo.documents.services import render_document

    def exam_ticket(actor, examinee_id: int):                    # exams/services.py
        examinee = _load_examinee(actor, examinee_id)            # authorises (its own rule)
        person = examinee.person
        form = ExamTicket(
            centre=examinee.centre.name, centre_code=examinee.centre_id,
            exam_date=examinee.exam_date, examinee_number=examinee.examinee_number,
            name=person.name, name_kana=person.name_kana, birth_date=person.birth_date,
            kind=examinee.application.licence_kind.name,
            tests=[TestPart(t).label for t in examinee.required_tests],
            photo=photo_bytes_or_none)
        return render_document(actor, form, object_type="examinee", object_id=examinee.pk,
                               person_id=person.pk, subject_prefecture=examinee.prefecture_id)

    def ticket_pdf(request, pk):                                  # exams/views.py
        return pdf_response(services.exam_ticket(request.user, pk))

Rendering takes a tenth to a few tenths of a second (docs/operations.md, "Documents (様式)
as PDF"): render after the procedure's transaction has committed, not inside it.
"""

import hashlib
from dataclasses import dataclass

from menkyo.audit.recorder import record
from menkyo.documents.forms import Form
from menkyo.documents.rendering import Pdf, render_pdf
from menkyo.gaiji.services import current_font


@dataclass(frozen=True)
class RenderedDocument:
    """A rendered form: the PDF, its SHA-256 (hex), its page count and the names to offer."""

    pdf: bytes
    sha256: str
    pages: int
    form: str  # the form's code (exam_ticket …)
    filename: str  # 受験票-2026-11-27-0012.pdf
    ascii_filename: str  # exam-ticket-2026-11-27-0012.pdf
    placeholders: tuple[str, ...] = ()  # 外字 not in the register, printed as 〓 (U+E002 …)


def render_document(actor, form: Form, *, object_type: str, object_id: object, person_id: int | None = None,
                    purpose: str = "", subject_prefecture: str = "") -> RenderedDocument:
    """Render ``form`` as PDF and record ``documents.<form>.render`` on the object it was made for.

    The caller has authorised ``actor`` for the procedure the form belongs to; the audit
    event names the form, the PDF's SHA-256, its pages and the article the form is handed
    out under — never what the form says about the person (that stays in the records). A 外字
    the register lacks is printed as 〓, and the event lists its code point (``gaiji_placeholders``)
    so the office can register it and print the form again.
    """
    if not isinstance(form, Form):
        raise TypeError(f"not a form of menkyo.documents.forms: {type(form).__name__}")
    return record_rendering(actor, form, render_pdf(form, gaiji=current_font), object_type=object_type,
                            object_id=object_id, person_id=person_id, purpose=purpose,
                            subject_prefecture=subject_prefecture)


def record_rendering(actor, form: Form, pdf: Pdf, *, object_type: str, object_id: object,
                     person_id: int | None = None, purpose: str = "", subject_prefecture: str = "") -> RenderedDocument:
    """Record ``documents.<form>.render`` for ``pdf``, rendered from ``form`` by :func:`render_pdf`
    (in another process, when a batch renders in parallel), as :func:`render_document` does."""
    digest = hashlib.sha256(pdf.content).hexdigest()
    detail = {"form": form.code, "sha256": digest, "pages": pdf.pages, "legal_basis": str(form.legal_basis)}
    if pdf.placeholders:
        detail["gaiji_placeholders"] = list(pdf.placeholders)
    record(actor, form.action, object_type=object_type, object_id=object_id, person_id=person_id,
           subject_prefecture=subject_prefecture, purpose=purpose, detail=detail)
    return RenderedDocument(pdf.content, digest, pdf.pages, form.code, form.filename, form.ascii_filename,
                            pdf.placeholders)
