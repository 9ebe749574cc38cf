"""免許情報記録の書換え (規程第15条の2・第14条・第16条第8項): a マイナ免許証 holder's renewal or notified change
asks for a rewrite; the counter rewrites the record when the holder shows the My Number card and signs
the 受領書; a renewal's application is then 交付済. Audited, in the history, never the My Number."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone
from tests.documents.pdf import flat, pdf_text
from tests.payments import paid
from tests.photos import stored_photo
from tests.renewals import renewal_data, renewal_holder

from menkyo.audit.models import AuditEvent
from menkyo.cards import mynumber, renewal, rewrite, services
from menkyo.cards.models import CardJob, MynumberRewrite
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.counter import renewal as counter_renewal
from menkyo.counter.models import Application
from menkyo.counter.services import record_payment
from menkyo.exams import services as exams
from menkyo.registry import services as registry
from menkyo.registry.models import HistoryEvent, Licence

pytestmark = pytest.mark.django_db

GOOD_EYES = {"acuity_both": "1.0", "acuity_left": "0.8", "acuity_right": "0.9", "corrective_lenses": False,
             "colour_ok": True, "hearing_ok": True, "hearing_aid": False, "motor_ok": True}


def valid_card():
    return timezone.localdate() + timedelta(days=900)


@pytest.fixture
def holder(system, holder_data, centre_clerk):
    """A 兵庫 holder of the マイナ免許証 only (recorded at the 明石 試験場, the card returned)."""
    licence = registry.register_holder(system, dict(holder_data, issue_date=date(2025, 6, 1)))
    Licence.objects.filter(pk=licence.pk).update(photo=stored_photo(licence.person))
    mynumber.record_on_mynumber_card(centre_clerk, licence.pk, **paid(), keep_card=False, card_valid_until=valid_card(),
                                     signature_confirmed=True)
    return Licence.objects.select_related("person").get(pk=licence.pk)


def move(actor, licence, address="兵庫県神戸市中央区加納町6丁目5番2号"):
    person = licence.person
    person.refresh_from_db()
    return registry.change_particulars(actor, person.pk, {"address": address}, reason="記載事項変更届",
                                       expected_version=person.version)


def do(actor, found, **extra):
    values = {"card_valid_until": valid_card(), "signature_confirmed": True, **extra}
    return rewrite.rewrite_mynumber_record(actor, found.pk, **values)


@pytest.fixture
def renewed(centre_clerk, make_operator, holder_data):
    """A マイナ免許証-only holder's renewal completed at the 明石 試験場: the record waits to be rewritten."""
    examiner = make_operator("akashi_examiner", ["examiner"], "28-002")
    holder = renewal_holder(holder_data, age=45, holding_form="mynumber")
    application = counter_renewal.receive_renewal(centre_clerk, renewal_data(holder))
    examinee = exams.register_examinee(examiner, application.pk, centre="28-002", exam_date=timezone.localdate())
    exams.record_aptitude(examiner, examinee.pk, GOOD_EYES)
    exams.register_result(examiner, examinee.pk)
    counter_renewal.record_lecture(centre_clerk, application.pk, mode="online")
    for number, code in enumerate(("renewal", "renewal_lecture_online"), start=1):
        record_payment(centre_clerk, application.pk, procedure_code=code, method="cash",
                       slip_number=f"R-{application.pk}-{number}")
    assert renewal.renew_licence(centre_clerk, application.pk) is None
    return MynumberRewrite.objects.get(application=application)


def test_a_mynumber_only_renewal_asks_for_a_rewrite_and_the_rewrite_completes_the_application(centre_clerk, renewed):
    assert (renewed.cause, renewed.state, renewed.application.state) == ("renewal", "pending", "issuing")
    assert "有効期間の末日" in renewed.changes and not CardJob.objects.exists()
    created = AuditEvent.objects.get(action="cards.mynumber_rewrite.create")
    assert created.detail["legal_basis"] == "規程第16条第8項"
    done = do(centre_clerk, renewed)
    assert (done.state, done.done_office_id, done.signature_confirmed) == ("done", "28-002", True)
    assert Application.objects.get(pk=renewed.application_id).state == "issued"
    event = AuditEvent.objects.get(action="cards.mynumber_rewrite.done")
    assert event.outcome == "ok" and event.detail["application"] == renewed.application_id
    history = HistoryEvent.objects.get(event_type="licence.mynumber_rewritten")
    assert history.legal_basis == "規程第16条第8項" and history.changes["mynumber_record"][1].startswith("書換え済")
    assert AuditEvent.objects.filter(action="counter.application.issue").exists()


def test_a_rewrite_reported_again_changes_nothing(centre_clerk, renewed):
    do(centre_clerk, renewed)
    again = do(centre_clerk, renewed)
    assert again.state == "done" and AuditEvent.objects.filter(action="cards.mynumber_rewrite.done").count() == 1


def test_a_renewal_is_rewritten_only_at_the_office_that_received_it(station_clerk, renewed):
    with pytest.raises(NotPermitted) as refused:
        do(station_clerk, renewed)
    assert "明石" in refused.value.message
    assert AuditEvent.objects.get(action="cards.mynumber_rewrite.done").outcome == "denied"
    assert MynumberRewrite.objects.get(pk=renewed.pk).state == "pending"


def test_a_change_of_address_of_a_mynumber_holder_asks_for_a_rewrite_and_no_endorsement(centre_clerk, holder):
    move(centre_clerk, holder)
    found = MynumberRewrite.objects.get(licence=holder)
    assert (found.cause, found.changes, found.application) == ("particulars", ["住所"], None)
    assert not holder.endorsements.exists()
    assert HistoryEvent.objects.get(event_type="licence.mynumber_rewrite_required").legal_basis == "規程第14条"
    move(centre_clerk, holder, "兵庫県神戸市中央区加納町6丁目5番3号")
    assert MynumberRewrite.objects.filter(licence=holder).count() == 1  # the pending rewrite gathers the changes
    done = do(centre_clerk, found)
    assert done.state == "done" and done.done_by == centre_clerk.actor_name


def test_a_card_holder_gets_no_rewrite(centre_clerk, system, holder_data):
    licence = registry.register_holder(system, dict(holder_data, issue_date=date(2025, 6, 1)))
    move(centre_clerk, licence)
    assert not MynumberRewrite.objects.exists()


def test_the_reader_result_and_the_signature_are_required_and_nothing_changes_without_them(centre_clerk, holder):
    move(centre_clerk, holder)
    found = MynumberRewrite.objects.get()
    for values, field in (({"card_valid_until": None}, "card_valid_until"),
                          ({"card_valid_until": timezone.localdate() - timedelta(days=1)}, "card_valid_until"),
                          ({"signature_confirmed": False}, "signature_confirmed"),
                          ({"reason": "x" * 201}, "reason")):
        with pytest.raises(InvalidInput) as refused:
            do(centre_clerk, found, **values)
        assert refused.value.field == field
    assert MynumberRewrite.objects.get().state == "pending"
    assert not AuditEvent.objects.filter(action="cards.mynumber_rewrite.done").exists()


def test_a_record_reported_lost_is_not_rewritten(centre_clerk, holder):
    move(centre_clerk, holder)
    mynumber.report_mynumber_card_lost(centre_clerk, holder.pk)
    with pytest.raises(Conflict) as refused:
        do(centre_clerk, MynumberRewrite.objects.get())
    assert refused.value.code == "record_lost"


def test_an_active_issue_hold_stops_the_rewrite(centre_clerk, officer, holder):
    move(centre_clerk, holder)
    services.report_issue_hold(officer, holder.person_id, reason="拒否・保留該当")
    with pytest.raises(Conflict) as refused:
        do(centre_clerk, MynumberRewrite.objects.get())
    assert refused.value.code == "issue_held"


def test_another_prefecture_and_another_role_may_not_rewrite(centre_clerk, make_operator, holder, expect_one_denial):
    move(centre_clerk, holder)
    found = MynumberRewrite.objects.get()
    osaka = make_operator("osaka_counter", ["counter"], "27-001")
    with expect_one_denial("cards.rewrite_mynumber_record", "cards.mynumber_rewrite.done"), pytest.raises(NotPermitted):
        do(osaka, found)
    auditor = make_operator("hyogo_reader", ["inquiry"], "28-002")
    with expect_one_denial("cards.rewrite_mynumber_record", "cards.mynumber_rewrite.done"), pytest.raises(NotPermitted):
        do(auditor, found)
    with pytest.raises(NotFound):
        rewrite.rewrite_mynumber_record(centre_clerk, 999_999, card_valid_until=valid_card(), signature_confirmed=True)


def test_the_list_shows_the_own_prefecture_only(centre_clerk, make_operator, holder):
    move(centre_clerk, holder)
    assert [r.licence_id for r in rewrite.list_rewrites(centre_clerk)] == [holder.pk]
    assert rewrite.list_rewrites(make_operator("osaka_counter", ["counter"], "27-001")) == []
    assert rewrite.list_rewrites(centre_clerk, "done") == []
    with pytest.raises(InvalidInput) as refused:
        rewrite.list_rewrites(centre_clerk, "unknown")
    assert refused.value.field == "state"


def test_the_receipt_names_the_cause_and_the_changes_and_never_a_my_number(centre_clerk, holder):
    move(centre_clerk, holder)
    found = MynumberRewrite.objects.get()
    before = flat(pdf_text(rewrite.rewrite_receipt(centre_clerk, found.pk).pdf))
    assert "受領書" in before and "記録事項の変更の届出" in before and "住所" in before
    do(centre_clerk, found)
    after = flat(pdf_text(rewrite.rewrite_receipt(centre_clerk, found.pk).pdf))
    assert holder.number in after and "明石" in after
    assert AuditEvent.objects.filter(action="documents.rewrite_receipt.render").count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_on_postgresql_a_rewrite_locks_its_row_and_the_licence_and_not_the_office(centre_clerk, renewed,
                                                                                  locked_tables):
    locked = locked_tables(lambda: do(centre_clerk, renewed))
    assert {"cards_mynumberrewrite", "registry_licence"} <= locked and "core_affiliation" not in locked


def test_the_renewal_page_links_to_the_rewrite_and_the_rewrite_page_shows_the_application(client, login_as,
                                                                                         centre_clerk, renewed):
    login_as(client, centre_clerk)
    body = client.get(f"/cards/applications/{renewed.application_id}/renew/").content.decode()
    assert f'href="/cards/mynumber-rewrites/{renewed.pk}/"' in body
    page = client.get(f"/cards/mynumber-rewrites/{renewed.pk}/").content.decode()
    assert "免許の更新" in page and "免許証作成中" in page and "明石" in page
