"""A 2枚持ち holder giving the card back (→ マイナ免許証のみ) with a 経由申請 (規程第17条の2; counter-facts §3.3, rules
``via_card_return``): the 経由地 records it with the application (the fee is the マイナ免許証のみ one); the 住所地
registers the return as it renews (規程第15条の3) and rewrites the record instead of making a card. Only a 2枚持ち
holder has a card to give back. A holder under a 停止 is sent home to renew."""

import pytest
from django.utils import timezone
from tests.cards.test_via import holder, osaka_clerk, osaka_examiner, pass_aptitude, pay, receive  # noqa: F401
from tests.dispositions.conftest import decided
from tests.renewals import NO_TO_ALL, renewal_data, renewal_holder

from menkyo.audit.models import AuditEvent
from menkyo.cards import via as cards_via
from menkyo.cards.models import CardJob, MynumberProcedure, MynumberRewrite
from menkyo.core.errors import InvalidInput
from menkyo.counter import renewal as counter_renewal
from menkyo.counter import via
from menkyo.counter.models import ViaRenewal
from menkyo.dispositions import execution
from menkyo.registry.models import HistoryEvent
from menkyo.rules import fees

pytestmark = pytest.mark.django_db


def fee(code: str, holding_form: str) -> int:
    return fees.fee(code, timezone.localdate(), holding_form, prefecture="28").amount


def test_the_card_given_back_with_a_via_renewal_is_recorded_and_the_fee_is_the_mynumber_only_one(
        osaka_clerk, holder, receive):  # noqa: F811
    received = receive(holder, data={"return_card": True})
    assert received.card_returned and received.state == "received"
    assert received.application.eligibility["fees"]["renewal"] == fee("renewal", "mynumber")
    event = AuditEvent.objects.get(action="counter.via_renewal.receive")
    assert event.detail["card_returned"] is True
    history = HistoryEvent.objects.get(event_type="via_renewal.received")
    assert history.changes["card"][1].startswith("返納（大阪府で受領")
    holder.refresh_from_db()
    assert holder.holding_form == "both"  # the 住所地 registers the return when it renews


def test_the_home_prefecture_registers_the_return_and_rewrites_the_record_without_a_card(
        osaka_clerk, osaka_examiner, centre_clerk, holder, receive):  # noqa: F811
    received = receive(holder, data={"return_card": True})
    pass_aptitude(osaka_examiner, received.application)
    counter_renewal.record_lecture(osaka_clerk, received.application_id, mode="in_person")
    pay(osaka_clerk, received.application, "renewal", "renewal_lecture_excellent", "via_renewal")
    via.send_via_renewal(osaka_clerk, received.pk)
    via.accept_via_renewal(centre_clerk, received.pk)
    assert cards_via.renew_via_licence(centre_clerk, received.pk) is None  # no card job
    holder.refresh_from_db()
    assert holder.holding_form == "mynumber" and not CardJob.objects.filter(licence=holder).exists()
    returned = MynumberProcedure.objects.get(licence=holder)
    assert (returned.kind, returned.holding_before, returned.holding_after) == ("card_return", "both", "mynumber")
    assert MynumberRewrite.objects.filter(licence=holder).exists()
    types = list(HistoryEvent.objects.filter(person_id=holder.person_id).order_by("pk")
                 .values_list("event_type", flat=True))
    assert types.index("licence.card_returned") < types.index("licence.renewed")


def test_without_the_return_the_holder_stays_a_holder_of_both(osaka_clerk, holder):  # noqa: F811
    received = via.receive_via_renewal(osaka_clerk, renewal_data(holder, return_card=False))
    holder.refresh_from_db()
    assert received.state == "received" and not received.card_returned and holder.holding_form == "both"


def test_a_card_return_asked_by_a_holder_who_is_not_a_holder_of_both_is_refused_as_such(osaka_clerk, holder_data):  # noqa: F811
    licence = renewal_holder(holder_data, age=45, holding_form="mynumber")
    with pytest.raises(InvalidInput) as refused:
        via.receive_via_renewal(osaka_clerk, renewal_data(licence, return_card=True))
    assert refused.value.code == "not_both"


def test_the_via_intake_page_receives_the_card_return(client, login_as, osaka_clerk, holder):  # noqa: F811
    login_as(client, osaka_clerk)
    body = {"licence_number": holder.number, "documents": ["licence"], "return_card": "on",
            **{f"q_{key}": "no" for key in NO_TO_ALL}}
    response = client.post("/counter/via-renewals/new/", body)
    assert response.status_code == 302 and ViaRenewal.objects.get().card_returned


def test_the_api_receives_the_card_return_and_refuses_it_for_a_card_only_holder(client, login_as, osaka_clerk,  # noqa: F811
                                                                                 holder, holder_data):  # noqa: F811
    login_as(client, osaka_clerk)
    body = {"documents": ["licence"], "questionnaire": dict(NO_TO_ALL), "return_card": True}
    response = client.post("/api/v1/via-renewals", {"licence_number": holder.number, **body},
                           content_type="application/json")
    assert response.status_code == 201 and ViaRenewal.objects.get().card_returned
    card_only = renewal_holder(holder_data, age=45, holding_form="mynumber", name="マイナ 一子")
    refused = client.post("/api/v1/via-renewals", {"licence_number": card_only.number, **body},
                          content_type="application/json")
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "not_both"


def test_a_suspended_holder_is_sent_home_to_renew_and_nothing_is_written(osaka_clerk, holder, make_operator):  # noqa: F811
    execution.execute_disposition(make_operator("hyogo_clerk", ["counter"], "28-001"), decided(holder, days=30))
    holder.refresh_from_db()
    with pytest.raises(InvalidInput) as refused:
        via.receive_via_renewal(osaka_clerk, renewal_data(holder))
    assert refused.value.code == "suspended_home_only" and "住所地（兵庫県）" in refused.value.message
    assert not ViaRenewal.objects.exists()
