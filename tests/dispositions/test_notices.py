"""The hearing's papers (規程第44条): the notice titled by the hearing's kind (意見の聴取通知書, 聴聞通知書,
弁明通知書) with the proposed disposition, its reason, 期日 and place in 和暦; the 公示; the 変更通知書 naming
the old date; each rendering audited with the PDF's SHA-256, and refused to another prefecture."""

import pytest
from tests.dispositions.conftest import in_days, revocation_case

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import NotPermitted
from menkyo.core.wareki import wareki
from menkyo.dispositions import notices, services
from menkyo.documents.rendering import render_html

pytestmark = pytest.mark.django_db


def paper_html(monkeypatch, hearing, paper, actor):
    """The HTML the PDF is made from (the form handed to documents, captured)."""
    seen = {}
    monkeypatch.setattr(notices, "render_document", lambda actor, form, **kw: seen.setdefault("form", form))
    notices.hearing_paper(actor, hearing, paper)
    return render_html(seen["form"])


@pytest.mark.parametrize(("kind", "days", "points_based", "title"), [
    ("revocation", None, True, "意見の聴取通知書"),
    ("suspension", 120, False, "聴聞通知書"),
    ("suspension", 30, False, "弁明通知書"),
])
def test_the_notice_is_titled_by_the_hearing_kind(licence, officer, monkeypatch, kind, days, points_based, title):
    case = revocation_case(licence)
    services.propose_disposition(officer, case, kind=kind, days=days, years=None if days else 1,
                                 points_based=points_based, reason="累積点数による")
    hearing = services.schedule_hearing(officer, case, hearing_date=in_days(7), place="試験場第2会議室",
                                        notice_served=in_days(0))
    html = paper_html(monkeypatch, hearing, "notice", officer)
    assert title in html and case.proposal_ja in html and "累積点数による" in html
    assert wareki(in_days(7)) in html and "試験場第2会議室" in html and "兵庫県公安委員会" in html


def test_the_change_notice_names_the_old_date_and_the_announcement_the_place(licence, officer, monkeypatch):
    case = revocation_case(licence)
    hearing = services.schedule_hearing(officer, case, hearing_date=in_days(7), place="試験場", notice_served=in_days(0))
    services.reschedule_hearing(officer, hearing, hearing_date=in_days(10), notice_served=in_days(2), reason="申出")
    change = paper_html(monkeypatch, hearing, "change", officer)
    assert "変更通知書" in change and wareki(in_days(7)) in change and wareki(in_days(10)) in change
    assert "公示" in paper_html(monkeypatch, hearing, "announcement", officer)


def test_a_rendering_is_audited_and_another_prefecture_is_refused(licence, officer, osaka_officer):
    case = revocation_case(licence)
    hearing = services.schedule_hearing(officer, case, hearing_date=in_days(7), place="試験場", notice_served=in_days(0))
    rendered = notices.hearing_paper(officer, hearing, "notice")
    event = AuditEvent.objects.get(action="dispositions.notice.render", outcome="ok")
    assert event.detail["sha256"] == rendered.sha256 and event.detail["legal_basis"] == "規程第44条"
    with pytest.raises(NotPermitted):
        notices.hearing_paper(osaka_officer, hearing, "notice")
