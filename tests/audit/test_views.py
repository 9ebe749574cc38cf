"""The audit viewer (照会履歴確認) and its CSV export: 監査 role only, own prefecture."""

import csv
import io

import pytest
from django.urls import reverse

from menkyo.audit import recorder
from menkyo.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-seq").first()


def test_auditor_sees_own_prefecture_newest_first(auditor_client, events):
    response = auditor_client.get(reverse("audit:event_list"))
    assert response.status_code == 200
    rows = response.context["page"].object_list
    assert [e.seq for e in rows] == [4, 3, 2, 1]  # seq 5 is Osaka about an Osaka holder
    assert "照会履歴確認" in response.content.decode()
    view = last_event()
    assert view.action == "audit.event.view" and view.actor == "hyogo_auditor"
    assert view.detail["filters"] == {} and view.detail["rows"] == 4


def test_filters_and_the_view_is_audited_with_them(auditor_client, events):
    response = auditor_client.get(reverse("audit:event_list"), {"person_id": "1"})
    assert [e.seq for e in response.context["page"].object_list] == [4, 1]
    response = auditor_client.get(reverse("audit:event_list"), {"actor": "hyogo_counter", "outcome": "denied"})
    assert [e.action for e in response.context["page"].object_list] == ["registry.change_particulars"]
    response = auditor_client.get(reverse("audit:event_list"), {"action": "inquiry.read"})
    assert [e.actor for e in response.context["page"].object_list] == ["osaka_counter"]
    assert last_event().detail["filters"] == {"action": "inquiry.read"}


def test_period_filter(auditor_client, events):
    from django.utils import timezone

    today = timezone.localdate().isoformat()
    response = auditor_client.get(reverse("audit:event_list"), {"date_from": today, "date_to": today})
    assert len(response.context["page"].object_list) == 4
    response = auditor_client.get(reverse("audit:event_list"), {"date_to": "2000-01-01"})
    assert response.context["page"].object_list == []


@pytest.mark.parametrize(
    "params, message",
    [
        ({"date_from": "2025-13-01"}, "開始日：日付は YYYY-MM-DD"),
        ({"date_to": "昨日"}, "終了日：日付は YYYY-MM-DD"),
        ({"date_from": "2025-04-02", "date_to": "2025-04-01"}, "終了日は開始日と同じか"),
        ({"person_id": "abc"}, "運転者IDは数字で"),
    ],
)
def test_bad_filter_shows_error_and_queries_nothing(auditor_client, events, params, message):
    before = AuditEvent.objects.count()
    response = auditor_client.get(reverse("audit:event_list"), params)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["page"] is None
    assert AuditEvent.objects.count() == before  # no audit.view: nothing was read


def test_non_auditor_gets_403_and_the_denial_is_audited(login_as, client, hyogo_counter, events):
    login_as(client, hyogo_counter)
    for name, action in (("audit:event_list", "audit.event.view"), ("audit:export", "audit.event.export")):
        response = client.get(reverse(name))
        assert response.status_code == 403
        assert "監査記録を閲覧する権限がありません" in response.content.decode()
        denied = last_event()
        assert (denied.action, denied.outcome, denied.actor) == (action, "denied", "hyogo_counter")


def test_anonymous_is_sent_to_login_as(login_as, client, events):
    response = client.get(reverse("audit:event_list"))
    assert response.status_code == 302


def test_pagination_50_per_page(auditor_client, hyogo_counter):
    for i in range(55):
        recorder.record(hyogo_counter, "registry.read_holder", person_id=i + 1, subject_prefecture="28")
    first = auditor_client.get(reverse("audit:event_list"))
    assert len(first.context["page"].object_list) == 50
    assert first.context["page"].object_list[0].seq == 55
    second = auditor_client.get(reverse("audit:event_list"), {"page": "2"})
    # 55 reads + the audit.view of page 1 (the auditor's own prefecture)
    assert [e.seq for e in second.context["page"].object_list] == [6, 5, 4, 3, 2, 1]


def test_csv_export_is_streamed_with_bom_and_audited(auditor_client, events):
    response = auditor_client.get(reverse("audit:export"), {"person_id": "1"})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:4] == ["連番", "日時", "操作者種別", "操作者"]
    assert [r[0] for r in rows[1:]] == ["4", "1"]
    export = last_event()
    assert export.action == "audit.event.export"
    assert export.detail["filters"] == {"person_id": "1"} and export.detail["rows"] == 2


def test_csv_export_bad_date_is_refused(auditor_client, events):
    before = AuditEvent.objects.count()
    response = auditor_client.get(reverse("audit:export"), {"date_from": "2025/04/01"})
    assert response.status_code == 400
    assert "開始日：日付は YYYY-MM-DD" in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_other_prefecture_auditor_does_not_see_hyogo_events(login_as, client, make_operator, events):
    login_as(client, make_operator("osaka_auditor", ["audit"], "27-001"))
    response = client.get(reverse("audit:event_list"))
    assert [e.seq for e in response.context["page"].object_list] == [5, 4]  # Osaka's operator's own


def test_htmx_request_gets_the_panel_only(auditor_client, events):
    response = auditor_client.get(reverse("audit:event_list"), {"person_id": "2"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "registry.change_particulars" in html


@pytest.mark.parametrize("purpose", ["=HYPERLINK(\"http://x\")", "+1+2", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"])
def test_csv_cells_that_would_be_formulas_are_exported_as_text(auditor_client, hyogo_counter, purpose):
    recorder.record(hyogo_counter, "registry.licence.read", person_id=7, subject_prefecture="28", purpose=purpose)
    response = auditor_client.get(reverse("audit:export"), {"person_id": "7"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[1][11] == "'" + purpose


def test_the_viewer_names_actions_and_objects_in_japanese(auditor_client, hyogo_counter):
    recorder.record(hyogo_counter, "registry.licence.read", object_type="licence", object_id="1",
                    person_id=3, subject_prefecture="28", purpose="窓口事務")
    html = auditor_client.get(reverse("audit:event_list")).content.decode()
    assert "免許の閲覧" in html and "<td>免許 1</td>" in html


def test_every_audit_action_of_every_app_has_a_japanese_label():
    from menkyo.accounts.actions import Action as AccountsAction
    from menkyo.audit.actions import Action as AuditAction
    from menkyo.core.recording import ACTION_LABELS
    from menkyo.registry.actions import Action as RegistryAction

    for enum in (AccountsAction, AuditAction, RegistryAction):
        for action in enum:
            assert any("\u3040" <= ch <= "\u9fff" for ch in ACTION_LABELS[action.value]), action
