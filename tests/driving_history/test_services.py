"""運転経歴証明書 (規程第42条–第42条の4): who may apply (the law engine), the application with its 経歴証明受理簿
entry and fee, the hand-over with a signature, change of particulars, reissue, return; refusals change
nothing and are audited."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from tests.driving_history.conftest import apply
from tests.payments import paid

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.driving_history import services
from menkyo.driving_history.models import Certificate, Entry
from menkyo.registry.models import HistoryEvent, Licence

pytestmark = pytest.mark.django_db


def test_a_person_whose_whole_licence_was_cancelled_on_application_gets_a_certificate(centre_clerk, cancelled):
    made = services.receive_certificate_application(
        centre_clerk, cancelled.person_id, identity_document="住民票の写し", identity_confirmed=True,
        mynumber_record=True, reason="運転経歴証明書の交付申請", **paid("DH"))
    day = timezone.localdate()
    assert (made.state, made.ground, made.ended_on, made.cancellation_id) == (
        "made", "application_cancellation", day, cancelled.pk)
    assert made.number == f"28-002-{day:%Y}-0001" and made.licence_number == cancelled.licence_number
    assert [k["kind"] for k in made.kinds] == ["普通", "大型"] and made.fee == 1100
    assert made.eligibility["last_day"] == day.replace(year=day.year + 5).isoformat()
    assert list(Entry.objects.values_list("kind", flat=True)) == ["issue", "record"]
    assert made.mynumber_record_requested
    assert AuditEvent.objects.filter(action="driving_history.certificate.receive", outcome="ok").count() == 1
    history = HistoryEvent.objects.get(event_type="driving_history.certificate_made")
    assert history.legal_basis == "規程第42条" and "運転経歴情報の記録の申請あり（未記録）" in history.changes[
        "driving_history_certificate"][1]


def test_the_certificate_is_handed_over_only_with_the_holders_signature(centre_clerk, made):
    with pytest.raises(InvalidInput) as refused:
        services.hand_over_certificate(centre_clerk, made.pk)
    assert refused.value.field == "signature_confirmed"
    done = services.hand_over_certificate(centre_clerk, made.pk, signature_confirmed=True)
    assert (done.state, done.handed_over_on) == ("issued", timezone.localdate())
    assert AuditEvent.objects.filter(action="driving_history.certificate.hand_over", outcome="ok").count() == 1
    assert HistoryEvent.objects.filter(event_type="driving_history.certificate_handed_over").count() == 1


def test_a_person_who_still_holds_a_licence_is_refused_and_nothing_is_written(centre_clerk, licence):
    with pytest.raises(Conflict) as refused:
        apply(centre_clerk, licence.person_id)
    assert refused.value.field == "person_id" and "免許を現に受けている" in refused.value.message
    assert not Certificate.objects.exists() and not Entry.objects.exists()


def test_a_revoked_licence_gives_no_certificate(centre_clerk, licence):
    Licence.objects.filter(pk=licence.pk).update(status="revoked")
    with pytest.raises(Conflict) as refused:
        apply(centre_clerk, licence.person_id)
    assert "取消処分" in refused.value.message


def test_a_licence_lapsed_within_five_years_gives_a_certificate(centre_clerk, licence):
    Licence.objects.filter(pk=licence.pk).update(issue_date=date(2020, 1, 1),
                                                 expiry_date=timezone.localdate() - timedelta(days=400))
    made = apply(centre_clerk, licence.person_id)
    assert made.ground == "lapse" and made.cancellation_id is None


def test_a_licence_lapsed_more_than_five_years_ago_is_refused(centre_clerk, licence):
    Licence.objects.filter(pk=licence.pk).update(issue_date=date(2010, 1, 1), expiry_date=date(2015, 1, 1))
    with pytest.raises(Conflict) as refused:
        apply(centre_clerk, licence.person_id)
    assert "期間" in refused.value.message and not Certificate.objects.exists()


def test_the_identity_document_must_be_checked(centre_clerk, cancelled):
    with pytest.raises(InvalidInput) as refused:
        apply(centre_clerk, cancelled.person_id, identity_confirmed=False)
    assert refused.value.field == "identity_confirmed"
    with pytest.raises(InvalidInput) as refused:
        apply(centre_clerk, cancelled.person_id, identity_document=" ")
    assert refused.value.field == "identity_document" and not Certificate.objects.exists()


def test_a_second_certificate_is_refused_while_one_is_held(centre_clerk, issued):
    with pytest.raises(Conflict) as refused:
        apply(centre_clerk, issued.person_id)
    assert refused.value.code == "already_held" and Certificate.objects.count() == 1


def test_another_prefectures_clerk_is_refused_and_the_denial_is_audited(make_operator, cancelled,
                                                                          expect_one_denial):
    osaka = make_operator("osaka_counter", ["counter"], "27-001")
    with expect_one_denial("driving_history.issue_certificate", "driving_history.certificate.receive"):
        with pytest.raises(NotPermitted):
            apply(osaka, cancelled.person_id)


def test_the_particulars_printed_change_on_notification(centre_clerk, issued):
    with pytest.raises(InvalidInput) as refused:
        services.change_certificate_particulars(centre_clerk, issued.pk, address="兵庫県明石市大久保町1番",
                                                reason="転居")
    assert refused.value.field == "document_confirmed"
    done = services.change_certificate_particulars(centre_clerk, issued.pk, address="兵庫県明石市大久保町1番",
                                                   document_confirmed=True, reason="転居")
    assert done.address == "兵庫県明石市大久保町1番" and done.name == issued.name
    assert Entry.objects.filter(kind="change").count() == 1
    assert AuditEvent.objects.get(action="driving_history.certificate.change").detail["fields"] == ["address"]
    assert HistoryEvent.objects.get(event_type="driving_history.certificate_changed").legal_basis == "規程第42条の2"


def test_a_change_with_nothing_new_is_refused(centre_clerk, issued):
    with pytest.raises(InvalidInput) as refused:
        services.change_certificate_particulars(centre_clerk, issued.pk, address=issued.address,
                                                document_confirmed=True, reason="転居")
    assert refused.value.field == "name" and not Entry.objects.filter(kind="change").exists()


def test_a_lost_certificate_is_reissued_and_the_old_one_is_void(centre_clerk, issued):
    new = services.reissue_certificate(centre_clerk, issued.pk, ground="lost", identity_document="住民票の写し",
                                       reason="紛失", **paid("DH"))
    assert (new.state, new.replaces_id, new.reissue_ground, new.fee) == ("made", issued.pk, "lost", 1100)
    assert Certificate.objects.get(pk=issued.pk).state == "replaced" and new.number != issued.number
    assert AuditEvent.objects.filter(action="driving_history.certificate.replace", outcome="ok").count() == 1
    assert AuditEvent.objects.filter(action="driving_history.certificate.reissue", outcome="ok").count() == 1


def test_a_damaged_certificate_is_reissued_only_in_exchange(centre_clerk, issued):
    with pytest.raises(InvalidInput) as refused:
        services.reissue_certificate(centre_clerk, issued.pk, ground="damaged", reason="破損")
    assert refused.value.field == "old_certificate_collected"
    assert Certificate.objects.get(pk=issued.pk).state == "issued"


def test_a_returned_certificate_is_entered_and_shredded(centre_clerk, issued):
    done = services.return_certificate(centre_clerk, issued.pk, reason="免許を再取得したため")
    assert (done.state, done.returned_on) == ("returned", timezone.localdate())
    assert Entry.objects.filter(kind="return").count() == 1
    assert HistoryEvent.objects.get(event_type="driving_history.certificate_returned").legal_basis == "規程第42条の4"
    with pytest.raises(Conflict):
        services.return_certificate(centre_clerk, issued.pk, reason="二重")


def test_the_certificate_is_a_pdf_and_its_rendering_is_audited(centre_clerk, made):
    pdf = services.certificate_pdf(centre_clerk, made.pk)
    assert pdf.pdf.startswith(b"%PDF") and pdf.filename == f"運転経歴証明書-{made.number}.pdf"
    assert AuditEvent.objects.filter(action="documents.driving_history_certificate.render").count() == 1


def test_the_eligibility_read_is_audited(centre_clerk, cancelled):
    answer = services.check_eligibility(centre_clerk, cancelled.person_id)
    assert answer.eligible and answer.ground == "application_cancellation"
    assert AuditEvent.objects.filter(action="driving_history.eligibility.read").count() == 1
