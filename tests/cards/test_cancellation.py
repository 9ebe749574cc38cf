"""申請による免許の取消し (自主返納, 規程第41条の3): the whole licence or only the higher kinds, an agent only
for the whole, the 不利益の説明 (規程第57条), the 申請取消簿 and the 申請取消通知書, the card of the kinds kept."""

from datetime import date

import pytest
from django.utils import timezone
from tests.cards.conftest import next_business_day

from menkyo.audit.models import AuditEvent
from menkyo.cards import cancellation
from menkyo.cards import services as cards
from menkyo.cards.models import CardJob, LicenceCancellation
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.registry import services as registry
from menkyo.registry.models import HistoryEvent, Licence, LicenceKindHeld

pytestmark = pytest.mark.django_db


@pytest.fixture
def licence(system, holder_data):
    """大型・大自二・普通 held by a 兵庫 holder."""
    return registry.register_holder(system, dict(holder_data, issue_date=date(2025, 6, 1), kinds={
        "普通": date(2000, 8, 1), "大自二": date(2002, 4, 1), "大型": date(2010, 3, 1)}))


def cancel(actor, licence, **given):
    values = {"scope": "whole", "disadvantage_explained": True, "reason": "高齢のため運転をやめる", **given}
    return cancellation.cancel_licence_on_application(actor, licence.pk, **values)


def kinds_of(licence):
    return sorted(LicenceKindHeld.objects.filter(licence=licence).values_list("kind_id", flat=True))


def test_the_whole_licence_is_cancelled_at_the_holders_request(centre_clerk, licence):
    done = cancel(centre_clerk, licence)
    assert Licence.objects.get(pk=licence.pk).status == "surrendered"
    assert (done.scope, done.applicant, done.card_job, done.cancelled_on) == (
        "whole", "holder", None, timezone.localdate())
    assert done.book_number == f"28-002-{timezone.localdate():%Y}-0001"
    assert sorted(done.kinds_cancelled) == ["大型", "大自二", "普通"] and done.kinds_kept == []
    assert cancellation.history_certificate_eligible(done)
    assert AuditEvent.objects.filter(action="cards.cancellation.receive", outcome="ok").count() == 1
    assert AuditEvent.objects.filter(action="cards.licence.surrender", outcome="ok").count() == 1
    history = HistoryEvent.objects.get(event_type="licence.cancelled_on_application")
    assert history.changes["status"] == ["有効", "返納（申請による取消し）"] and history.legal_basis == "規程第41条の3"


def test_an_agent_may_apply_for_the_whole_licence(centre_clerk, licence):
    done = cancel(centre_clerk, licence, applicant="agent", agent_name="山田 一郎", agent_relation="長男")
    assert (done.applicant, done.agent_name, done.agent_relation) == ("agent", "山田 一郎", "長男")


def test_an_agent_may_not_apply_for_higher_kinds_only(centre_clerk, licence):
    with pytest.raises(InvalidInput) as refused:
        cancel(centre_clerk, licence, scope="higher", kinds=["大型"], applicant="agent", agent_name="山田 一郎")
    assert refused.value.field == "applicant" and "全部の取消しに限ります" in refused.value.message
    assert kinds_of(licence) == ["大型", "大自二", "普通"] and not LicenceCancellation.objects.exists()


def test_higher_kinds_are_cancelled_and_the_card_of_the_lower_ones_is_made_in_exchange(
        centre_clerk, licence, produce):
    done = cancel(centre_clerk, licence, scope="higher", kinds=["大型", "大自二"])
    assert kinds_of(licence) == ["普通"] and Licence.objects.get(pk=licence.pk).status == "valid"
    assert (sorted(done.kinds_cancelled), done.kinds_kept) == (["大型", "大自二"], ["普通"])
    assert not cancellation.history_certificate_eligible(done)
    job = done.card_job
    assert (job.handover_office_id, job.handover_date, job.reissue_ground) == ("28-002", timezone.localdate(), "")
    produce(job)
    cards.receive_card(centre_clerk, job.pk)
    with pytest.raises(InvalidInput) as refused:
        cards.hand_over_card(centre_clerk, job.pk, signature_confirmed=True)
    assert refused.value.field == "old_card_collected"
    cards.hand_over_card(centre_clerk, job.pk, signature_confirmed=True, old_card_collected=True)
    assert HistoryEvent.objects.get(event_type="card.handed_over").legal_basis == "規程第41条の3"


def test_a_station_names_the_handover_day_of_the_card_of_the_kinds_kept(station_clerk, licence):
    day = next_business_day()
    done = cancel(station_clerk, licence, scope="higher", kinds=["大型"], handover_date=day)
    assert (done.card_job.producing_centre_id, done.card_job.handover_office_id, done.card_job.handover_date) == (
        "28-002", "28-101", day)


def test_a_lower_kind_a_kept_kind_covers_cannot_be_cancelled_alone(centre_clerk, licence):
    with pytest.raises(InvalidInput) as refused:
        cancel(centre_clerk, licence, scope="higher", kinds=["普通"])
    assert refused.value.field == "kinds" and refused.value.code == "not_higher" and "大型" in refused.value.message
    assert kinds_of(licence) == ["大型", "大自二", "普通"] and not CardJob.objects.exists()


def test_cancelling_every_kind_one_by_one_is_the_whole_licence(centre_clerk, licence):
    with pytest.raises(InvalidInput) as refused:
        cancel(centre_clerk, licence, scope="higher", kinds=["大型", "大自二", "普通"])
    assert refused.value.code == "all_kinds"


def test_nothing_is_received_before_the_disadvantages_are_explained(centre_clerk, licence):
    with pytest.raises(InvalidInput) as refused:
        cancel(centre_clerk, licence, disadvantage_explained=False)
    assert refused.value.field == "disadvantage_explained" and "規程第57条" in refused.value.message
    assert Licence.objects.get(pk=licence.pk).status == "valid"


def test_a_suspended_licence_is_not_cancelled_on_application(centre_clerk, licence):
    Licence.objects.filter(pk=licence.pk).update(status="suspended")
    with pytest.raises(Conflict) as refused:
        cancel(centre_clerk, licence)
    assert refused.value.code == "not_valid" and "停止中" in refused.value.message


def test_another_prefecture_is_refused_and_the_refusal_audited(make_operator, licence, expect_one_denial):
    osaka = make_operator("osaka_counter", ["counter"], "27-001")
    with expect_one_denial("cards.cancel_licence", "cards.cancellation.receive"), pytest.raises(NotPermitted):
        cancel(osaka, licence)


def test_the_cancellation_notice_is_a_pdf_and_its_rendering_audited(centre_clerk, licence):
    done = cancel(centre_clerk, licence)
    rendered = cancellation.cancellation_notice(centre_clerk, done.pk)
    assert rendered.pdf.startswith(b"%PDF") and rendered.filename == f"申請取消通知書-{done.book_number}.pdf"
    assert AuditEvent.objects.filter(action="documents.cancellation_notice.render").count() == 1


def test_the_book_numbers_follow_each_other_per_office(centre_clerk, system, holder_data, licence):
    other = registry.register_holder(system, dict(holder_data, name="山田 次郎", issue_date=date(2025, 6, 1)))
    first, second = cancel(centre_clerk, licence), cancel(centre_clerk, other)
    assert (first.book_number[-4:], second.book_number[-4:]) == ("0001", "0002")


def test_another_prefecture_does_not_get_the_notice(make_operator, centre_clerk, licence, expect_one_denial):
    done = cancel(centre_clerk, licence)
    osaka = make_operator("osaka_counter", ["counter"], "27-001")
    with expect_one_denial("cards.cancel_licence", "documents.cancellation_notice.render"), \
            pytest.raises(NotPermitted):
        cancellation.cancellation_notice(osaka, done.pk)
