"""住所変更ワンストップ: municipal address changes of マイナ免許証-only holders arrive in batches from the link
device; each item is applied as a change of particulars (its own audit and history) or refused alone,
idempotent by its reference. The API answers per item; the 免許課 lists the batches."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone
from tests.payments import paid

from menkyo.audit.models import AuditEvent
from menkyo.cards import mynumber, onestop
from menkyo.cards.models import EndorsementJob, MynumberRewrite, OnestopBatch, OnestopItem
from menkyo.core.errors import InvalidInput, NotFound, NotPermitted
from menkyo.core.models import Affiliation
from menkyo.registry import services as registry
from menkyo.registry.models import HistoryEvent, Person

pytestmark = pytest.mark.django_db
NEW = {"postal_code": "6500001", "address": "兵庫県神戸市中央区加納町6丁目5番2号"}


@pytest.fixture
def link(make_device):
    """The 兵庫 住所変更ワンストップ link (kind ``onestop``: no role)."""
    device = make_device("onestop")
    device.affiliation = Affiliation.objects.get(code="28-001")
    device.save(update_fields=["affiliation"])
    return device


def holder(system, holder_data, clerk, *, form="mynumber", name="山田 太郎", kana="ヤマダ タロウ"):
    licence = registry.register_holder(system, dict(holder_data, name=name, name_kana=kana, issue_date=date(2025, 6, 1)))
    if form != "card":
        mynumber.record_on_mynumber_card(clerk, licence.pk, **paid(), keep_card=form == "both", signature_confirmed=True,
                                         card_valid_until=timezone.localdate() + timedelta(days=900))
    return licence


def item(licence, reference="JLIS-0001", **extra):
    return {"reference": reference, "licence_number": licence.number, **NEW,
            "moved_on": (timezone.localdate() - timedelta(days=2)).isoformat(), **extra}


@pytest.fixture
def only(system, holder_data, centre_clerk):
    return holder(system, holder_data, centre_clerk)


def test_an_address_change_of_a_mynumber_only_holder_is_applied_with_its_audit_and_history(link, only):
    batch = onestop.receive_onestop_batch(link, [item(only)], sender_reference="B-2026-11-27")
    [result] = batch.results
    assert (result.result, batch.accepted, batch.refused) == ("accepted", 1, 0)
    person = Person.objects.get(pk=only.person_id)
    assert (person.address, person.version) == (NEW["address"], 2)
    change = AuditEvent.objects.get(action="registry.person.change")
    assert change.actor == f"system:onestop:{link.actor_name}" and change.detail["fields"] == ["address"]
    history = HistoryEvent.objects.get(event_type="person.particulars_changed")
    assert history.legal_basis == "規程第14条" and "住所変更ワンストップ" in history.reason
    assert AuditEvent.objects.get(action="cards.onestop.item").detail["result"] == "accepted"
    assert AuditEvent.objects.get(action="cards.onestop.receive").detail["accepted"] == 1
    # the municipality updated the My Number card: no rewrite, and no card to endorse
    assert not MynumberRewrite.objects.exists() and not EndorsementJob.objects.exists()


def test_a_reference_sent_again_is_answered_as_already_applied_and_other_content_is_refused(link, only):
    first = onestop.receive_onestop_batch(link, [item(only)]).results[0]
    again = onestop.receive_onestop_batch(link, [item(only)]).results[0]
    assert (again.result, again.applied_id) == ("already_applied", first.pk)
    other = onestop.receive_onestop_batch(link, [item(only, address="兵庫県神戸市中央区加納町6丁目5番9号")]).results[0]
    assert (other.result, other.code) == ("refused", "reference_reused")
    assert Person.objects.get(pk=only.person_id).version == 2
    assert AuditEvent.objects.filter(action="registry.person.change").count() == 1


def test_holders_who_are_not_mynumber_only_and_bad_items_are_refused_one_by_one(system, holder_data, centre_clerk,
                                                                                 link, only):
    both = holder(system, holder_data, centre_clerk, form="both", name="神戸 次郎", kana="コウベ ジロウ")
    card = holder(system, holder_data, centre_clerk, form="card", name="明石 三郎", kana="アカシ サブロウ")
    items = [item(both, "R-1"), item(card, "R-2"), item(only, "R-3", licence_number="12345"),
             item(only, "R-4", moved_on=(timezone.localdate() + timedelta(days=1)).isoformat()),
             item(only, "R 5"), item(only, "R-6", postal_code="5300001", address="大阪府大阪市北区梅田1丁目1番1号"), "not an object",
             item(only, "R-7", licence_number="999999999999"), item(only, "R-8")]
    batch = onestop.receive_onestop_batch(link, items)
    codes = [(i.reference, i.result, i.code) for i in batch.results]
    assert codes[:2] == [("R-1", "refused", "not_mynumber_only"), ("R-2", "refused", "not_mynumber_only")]
    assert [c[1] for c in codes] == ["refused"] * 8 + ["accepted"]
    assert "マイナ免許証のみ" in batch.results[0].message and "12桁" in batch.results[2].message
    assert "転入" in batch.results[5].message and batch.results[7].code == "not_found"
    assert (batch.accepted, batch.refused) == (1, 8)
    assert AuditEvent.objects.filter(action="cards.onestop.item", outcome="error").count() == 8
    assert Person.objects.get(pk=both.person_id).version == 1


def test_a_refused_item_may_be_sent_again(link, only):
    onestop.receive_onestop_batch(link, [item(only, licence_number="000000000000")])
    assert onestop.receive_onestop_batch(link, [item(only)]).results[0].result == "accepted"


def test_a_batch_too_large_or_empty_changes_nothing(link, only):
    for items in ([], [item(only, f"R-{n}") for n in range(onestop.MAX_BATCH_ITEMS + 1)], "x"):
        with pytest.raises(InvalidInput) as refused:
            onestop.receive_onestop_batch(link, items)
        assert refused.value.field == "items"
    with pytest.raises(InvalidInput) as refused:
        onestop.receive_onestop_batch(link, [item(only)], sender_reference="バッチ")
    assert refused.value.field == "sender_reference"
    assert not OnestopBatch.objects.exists() and Person.objects.get(pk=only.person_id).version == 1


def test_only_the_link_of_the_prefecture_delivers(make_device, centre_clerk, only, expect_one_denial):
    terminal = make_device("terminal")
    with expect_one_denial("cards.apply_onestop_address", "cards.onestop.receive"), pytest.raises(NotPermitted):
        onestop.receive_onestop_batch(terminal, [item(only)])
    with expect_one_denial("cards.apply_onestop_address", "cards.onestop.receive"), pytest.raises(NotPermitted):
        onestop.receive_onestop_batch(centre_clerk, [item(only)])
    assert not OnestopItem.objects.exists()
    # another prefecture's link finds no 兵庫 licence: its batch is applied to its own prefecture only
    osaka = make_device("onestop", "other")
    assert onestop.receive_onestop_batch(osaka, [item(only)]).results[0].code == "not_found"
    assert Person.objects.get(pk=only.person_id).version == 1


def test_the_licence_division_lists_the_batches_of_its_prefecture(link, only, officer, make_operator,
                                                                  centre_clerk, expect_one_denial):
    batch = onestop.receive_onestop_batch(link, [item(only)])
    assert [b.pk for b in onestop.list_onestop_batches(officer)] == [batch.pk]
    assert onestop.list_onestop_batches(make_operator("osaka_officer", ["case_officer"], "27-001")) == []
    assert onestop.get_onestop_batch(officer, batch.pk).results[0].person.name == "山田 太郎"
    with pytest.raises(NotFound):
        onestop.get_onestop_batch(make_operator("osaka_officer2", ["case_officer"], "27-001"), batch.pk)
    with expect_one_denial("cards.list_onestop_batches", "cards.onestop.list"), pytest.raises(NotPermitted):
        onestop.list_onestop_batches(centre_clerk)


def test_the_api_answers_per_item(client, link, only, officer, login_as):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {link.token}"}
    body = {"sender_reference": "B-1", "items": [item(only), item(only, "R-2", licence_number="1")]}
    answer = client.post("/api/v1/onestop/address-changes", body, content_type="application/json", **auth)
    assert answer.status_code == 200, answer.content
    results = answer.json()["results"]
    assert [(r["result"], r["code"]) for r in results] == [("accepted", ""), ("refused", "invalid_input")]
    again = client.post("/api/v1/onestop/address-changes", body, content_type="application/json", **auth).json()
    assert again["results"][0]["result"] == "already_applied" and again["results"][0]["applied_item_id"] == results[0]["id"]
    too_many = {"items": [item(only, f"R-{n}") for n in range(201)]}
    refused = client.post("/api/v1/onestop/address-changes", too_many, content_type="application/json", **auth)
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "items"
    login_as(client, officer)
    assert [b["accepted"] for b in client.get("/api/v1/onestop/batches").json()] == [0, 1]
    page = client.get("/cards/onestop/").content.decode()
    assert "住所変更ワンストップの受信" in page and "B-1" in page
    detail = client.get(f"/cards/onestop/{answer.json()['id']}/").content.decode()
    assert "反映済" in detail and "12桁" in detail


def test_a_reference_accepted_meanwhile_by_another_batch_is_answered_as_already_applied(link, only, monkeypatch):
    first = onestop.receive_onestop_batch(link, [item(only)]).results[0]
    real, calls = onestop._earlier, []

    def late(batch, reference):  # the other batch committed after this one looked
        calls.append(reference)
        return None if len(calls) == 1 else real(batch, reference)

    monkeypatch.setattr(onestop, "_earlier", late)
    again = onestop.receive_onestop_batch(link, [item(only)]).results[0]
    assert (again.result, again.applied_id) == ("already_applied", first.pk)
    assert OnestopItem.objects.filter(result="accepted").count() == 1
    assert Person.objects.get(pk=only.person_id).version == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_on_postgresql_an_item_locks_the_licence_row_and_not_the_office_or_the_batch(link, only, locked_tables):
    locked = locked_tables(lambda: onestop.receive_onestop_batch(link, [item(only)]))
    assert "registry_licence" in locked
    assert not locked & {"core_affiliation", "cards_onestopbatch", "registry_person"}
