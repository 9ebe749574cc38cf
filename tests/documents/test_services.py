"""render_document: the PDF with its SHA-256, one audit event per rendering (form, hash, pages,
article — no personal data), no query but the audit append; pdf_response: inline, never cached,
a Japanese file name with an ASCII alternative."""

import hashlib
import json
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.documents.pdf import pdf_text
from tests.documents.samples import NAME

from menkyo.audit.models import AuditEvent
from menkyo.core.recording import action_label
from menkyo.documents.http import content_disposition, pdf_response
from menkyo.documents.services import render_document

pytestmark = pytest.mark.django_db


def test_a_rendering_is_audited_with_the_sha256_of_the_pdf_handed_out(hyogo_counter, exam_ticket):
    rendered = render_document(hyogo_counter, exam_ticket, object_type="examinee", object_id=41, person_id=7,
                               subject_prefecture="28")
    assert rendered.sha256 == hashlib.sha256(rendered.pdf).hexdigest() and rendered.pages == 1
    assert (rendered.form, rendered.filename) == ("exam_ticket", "受験票-2026-11-27-0012.pdf")
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.outcome, event.object_type, event.object_id, event.person_id) == (
        "documents.exam_ticket.render", "ok", "examinee", "41", 7)
    assert (event.actor, event.affiliation_code, event.subject_prefecture_code) == ("hyogo_counter", "28-001", "28")
    assert event.detail == {"form": "exam_ticket", "sha256": rendered.sha256, "pages": 1, "legal_basis": "規程第4条"}
    assert action_label(event.action) == "受験（登録）票の作成"


def test_each_form_records_its_own_action_and_article(hyogo_counter, any_form):
    render_document(hyogo_counter, any_form, object_type="application", object_id=1)
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == f"documents.{any_form.code}.render"
    assert event.detail["legal_basis"] == str(any_form.legal_basis)


def test_the_audit_event_holds_no_personal_data_from_the_form(hyogo_counter, refusal_notice):
    render_document(hyogo_counter, refusal_notice, object_type="application", object_id=3, purpose="通知書の交付")
    event = AuditEvent.objects.order_by("-seq").first()
    stored = json.dumps(event.detail, ensure_ascii=False)
    for personal in (NAME, "ヨシダ", "荷山町", "年齢", "2008"):
        assert personal not in stored
    assert event.purpose == "通知書の交付"


def test_every_rendering_is_audited_again_a_reprint_with_the_same_hash(hyogo_counter, receipt):
    first = render_document(hyogo_counter, receipt, object_type="payment", object_id=9)
    again = render_document(hyogo_counter, receipt, object_type="payment", object_id=9)
    events = AuditEvent.objects.filter(action="documents.receipt.render", object_id="9")
    assert events.count() == 2 and {e.detail["sha256"] for e in events} == {first.sha256} == {again.sha256}


def test_the_template_queries_nothing_only_the_audit_trail_is_written(hyogo_counter, application_form):
    with CaptureQueriesContext(connection) as queries:
        render_document(hyogo_counter, application_form, object_type="application", object_id=5)
    statements = [q["sql"] for q in queries.captured_queries]
    assert statements and all("core_audit" in sql or sql.upper().startswith(("SAVEPOINT", "RELEASE"))
                              for sql in statements), statements


def test_something_that_is_not_a_form_is_refused(hyogo_counter):
    with pytest.raises(TypeError, match="not a form"):
        render_document(hyogo_counter, {"template": "documents/receipt.html"}, object_type="x", object_id=1)
    assert not AuditEvent.objects.filter(action__startswith="documents.").exists()


def test_the_pdf_is_answered_inline_never_cached_with_both_file_names(hyogo_counter, exam_ticket):
    rendered = render_document(hyogo_counter, exam_ticket, object_type="examinee", object_id=41)
    response = pdf_response(rendered)
    assert response["Content-Type"] == "application/pdf" and response["Cache-Control"] == "no-store"
    assert response["Content-Length"] == str(len(rendered.pdf)) and response.content == rendered.pdf
    disposition = response["Content-Disposition"]
    assert disposition.startswith('inline; filename="exam-ticket-2026-11-27-0012.pdf"; filename*=UTF-8\'\'')
    assert disposition.isascii() and unquote(disposition.split("''", 1)[1]) == "受験票-2026-11-27-0012.pdf"
    assert "受験（登録）票" in pdf_text(response.content)


def test_a_file_name_that_could_break_the_header_is_refused():
    assert content_disposition("領収書.pdf", "receipt.pdf", inline=False).startswith('attachment; filename="receipt.pdf"')
    for bad in ('a".pdf', "a\r\nSet-Cookie: x", "領収書.pdf", "a;b.pdf"):
        with pytest.raises(ValueError):
            content_disposition("領収書.pdf", bad)
