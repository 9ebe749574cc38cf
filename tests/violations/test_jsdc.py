"""規程第33条: the 累積点数等通知書 answering the 自動車安全運転センター office's 照会 — points, 前歴 and the licence
history from the register and the latest assessment; the read audited with its purpose and 照会 number."""

from datetime import timedelta

import pytest
from django.utils import timezone
from tests.documents.pdf import flat, pdf_text
from tests.violations.conftest import JUNE, MARCH, report

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import InvalidInput, NotPermitted
from menkyo.violations import jsdc, services

pytestmark = pytest.mark.django_db


def test_the_answer_gives_the_points_and_licence_history_and_is_audited_with_its_purpose(officer, licence):
    for code, day in (("signal_red", MARCH), ("stop_sign", JUNE)):
        services.register_violation(officer, **report(licence, code, day))
    rendered = jsdc.answer_jsdc_inquiry(officer, licence_number=licence.number, inquiry_reference="兵セ第123号",
                                        inquiry_date=timezone.localdate())
    text = flat(pdf_text(rendered.pdf))
    assert "累積点数等通知書" in text and "4点" in text and "信号無視" in text and licence.number in text
    assert "自動車安全運転センター兵庫県事務所長" in text
    event = AuditEvent.objects.get(action="violations.jsdc_answer.create")
    assert event.purpose.startswith("自動車安全運転センター法第31条") and event.detail["inquiry_reference"] == "兵セ第123号"
    assert AuditEvent.objects.filter(action="documents.jsdc_points_answer.render").count() == 1


@pytest.mark.parametrize(("fields", "field"), [
    ({"licence_number": "12345"}, "licence_number"), ({"licence_number": "999999999999"}, "licence_number"),
    ({"inquiry_reference": ""}, "inquiry_reference"), ({"inquiry_date": "tomorrow"}, "inquiry_date")])
def test_bad_input_is_refused_with_its_field(officer, licence, fields, field):
    data = {"licence_number": licence.number, "inquiry_reference": "兵セ第1号",
            "inquiry_date": timezone.localdate(), **fields}
    if data["inquiry_date"] == "tomorrow":
        data["inquiry_date"] = timezone.localdate() + timedelta(days=1)
    with pytest.raises(InvalidInput) as error:
        jsdc.answer_jsdc_inquiry(officer, **data)
    assert error.value.field == field


def test_another_prefectures_officer_is_refused_and_the_refusal_is_audited(osaka_officer, licence):
    with pytest.raises(NotPermitted, match="その都道府県の免許課が通知します"):
        jsdc.answer_jsdc_inquiry(osaka_officer, licence_number=licence.number, inquiry_reference="大セ第1号",
                                 inquiry_date=timezone.localdate())
    assert AuditEvent.objects.filter(action="violations.jsdc_answer.create", outcome="denied").count() == 1


def test_the_page_answers_with_the_pdf_and_shows_errors_in_japanese(client, login_as, officer, clerk, licence):
    login_as(client, officer)
    bad = client.post("/violations/jsdc/", {"licence_number": "1", "inquiry_reference": "兵セ第1号",
                                             "inquiry_date": "令和8年1月5日"})
    assert bad.status_code == 422 and "12桁の数字" in bad.content.decode()
    good = client.post("/violations/jsdc/", {"licence_number": licence.number, "inquiry_reference": "兵セ第1号",
                                              "inquiry_date": "令和8年1月5日"})
    assert good.status_code == 200 and good["Content-Type"] == "application/pdf"
    login_as(client, clerk)
    assert client.get("/violations/jsdc/").status_code == 403
