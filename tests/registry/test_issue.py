"""Issue in the register (規程第13条): the first licence of an applicant already in the register, and a
kind added to a current licence (種類の追加・併記), with the deemed kinds as the card shows them."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.registry import services
from menkyo.registry.models import HistoryEvent, Licence, LicenceKindHeld, Person
from menkyo.rules import numbers

pytestmark = pytest.mark.django_db

EIGHT_T = "中型車は中型車(8t)に限る"
TODAY = date(2026, 11, 27)


@pytest.fixture
def applicant(db, holder_data):
    """A person entered in the register at intake: no licence yet."""
    return Person.objects.create(**services.clean_person(dict(holder_data, birth_date=date(2005, 5, 17))))


def held(licence):
    return [(k.kind_id, k.acquired_on, k.limitation) for k in LicenceKindHeld.objects.filter(licence=licence)]


def test_a_first_licence_gets_a_number_of_the_address_commission_and_expires_after_the_third_birthday(
        hyogo_counter, applicant):
    licence = services.issue_first_licence(hyogo_counter, applicant.pk, {"普通": TODAY}, conditions=["眼鏡等"],
                                           issue_date=TODAY)
    parsed = numbers.parse(licence.number)
    assert (parsed.commission_code, parsed.year_digits) == ("63", "26")
    assert (licence.issue_date, licence.expiry_date) == (TODAY, date(2029, 6, 17))
    assert (licence.colour, licence.holding_form, licence.conditions) == ("green", "card", ["眼鏡等"])
    assert held(licence) == [("普通", TODAY, "")]
    event = AuditEvent.objects.get(action="registry.licence.issue")
    assert (event.outcome, event.object_id, event.person_id) == ("ok", licence.number, applicant.pk)
    assert event.detail == {"kinds": ["普通"], "legal_basis": "規程第13条"}
    history = HistoryEvent.objects.get(event_type="licence.issued")
    assert history.audit_seq == event.seq and history.changes == {"number": [None, licence.number]}


def test_the_issue_date_may_be_the_handover_date_of_a_station(hyogo_counter, applicant):
    later = timezone.localdate() + timedelta(days=14)
    licence = services.issue_first_licence(hyogo_counter, applicant.pk, {"普通": later}, issue_date=later)
    assert licence.issue_date == later and held(licence) == [("普通", later, "")]


def test_a_person_with_a_current_licence_is_refused_a_second_one(hyogo_counter, hyogo_licence):
    with pytest.raises(Conflict) as refused:
        services.issue_first_licence(hyogo_counter, hyogo_licence.person_id, {"大型": TODAY}, issue_date=TODAY)
    assert refused.value.code == "already_licensed" and "種類の追加" in refused.value.message
    assert Licence.objects.count() == 1


@pytest.mark.parametrize(("kinds", "extra", "field"), [
    ({}, {}, "kinds"),
    ({"普通仮": TODAY}, {}, "kinds"),
    ({"普通": TODAY + timedelta(days=1)}, {}, "kinds"),  # after the issue date
    ({"普通": TODAY}, {"commission": "62"}, "commission"),  # 大阪: not the address's
    ({"普通": TODAY}, {"holding_form": "plastic"}, "holding_form"),
    ({"普通": TODAY}, {"conditions": "眼鏡等"}, "conditions"),
])
def test_bad_input_is_refused_on_its_field_and_writes_nothing(hyogo_counter, applicant, kinds, extra, field):
    with pytest.raises(InvalidInput) as refused:
        services.issue_first_licence(hyogo_counter, applicant.pk, kinds, issue_date=TODAY, **extra)
    assert refused.value.field == field and not Licence.objects.exists()


def test_an_osaka_clerk_cannot_issue_to_a_hyogo_applicant_and_the_denial_is_audited(osaka_counter, applicant,
                                                                                    expect_one_denial):
    with expect_one_denial("registry.issue_licence", "registry.licence.issue"), pytest.raises(NotFound):
        services.issue_first_licence(osaka_counter, applicant.pk, {"普通": TODAY}, issue_date=TODAY)
    assert not Licence.objects.exists()


def test_two_first_licences_of_the_same_day_get_consecutive_numbers(hyogo_counter, applicant, holder_data):
    other = Person.objects.create(**services.clean_person(dict(holder_data, name="山田 次郎", name_kana="ヤマダ ジロウ")))
    first = services.issue_first_licence(hyogo_counter, applicant.pk, {"普通": TODAY}, issue_date=TODAY)
    second = services.issue_first_licence(hyogo_counter, other.pk, {"原付": TODAY}, issue_date=TODAY)
    assert int(second.number[4:10]) == int(first.number[4:10]) + 1


# --- adding a kind ------------------------------------------------------------------------


def test_an_added_kind_is_held_with_its_own_date_and_the_licence_keeps_number_and_expiry(hyogo_counter,
                                                                                        registrar, holder_data):
    licence = services.register_holder(registrar, dict(holder_data, kinds={"普通": date(2018, 4, 1)}))
    number, expiry = licence.number, licence.expiry_date
    services.add_kind(hyogo_counter, licence.pk, "大自二", acquired_on=TODAY, conditions=["眼鏡等"])
    licence.refresh_from_db()
    assert (licence.number, licence.expiry_date, licence.conditions) == (number, expiry, ["眼鏡等"])
    assert held(licence) == [("普通", date(2018, 4, 1), ""), ("大自二", TODAY, "")]
    event = AuditEvent.objects.get(action="registry.kind.add")
    assert (event.outcome, event.object_id, event.detail) == ("ok", number, {"kind": "大自二", "legal_basis": "規程第13条"})
    history = HistoryEvent.objects.get(event_type="licence.kind_added")
    assert history.changes["kinds"] == ["普通", "普通・大自二"] and history.audit_seq == event.seq
    assert history.changes["conditions"] == ["", "眼鏡等"]


def test_a_large_licence_lifts_the_8t_limit_of_a_deemed_medium_licence_and_its_condition(hyogo_counter,
                                                                                         hyogo_licence):
    assert held(hyogo_licence) == [("中型", date(2000, 8, 1), "8t")] and hyogo_licence.conditions == [EIGHT_T]
    services.add_kind(hyogo_counter, hyogo_licence.pk, "大型", acquired_on=TODAY)
    hyogo_licence.refresh_from_db()
    assert held(hyogo_licence) == [("大型", TODAY, ""), ("普通", date(2000, 8, 1), "")]
    assert hyogo_licence.conditions == []


def test_a_moped_licence_keeps_the_deemed_limit(hyogo_counter, hyogo_licence):
    services.add_kind(hyogo_counter, hyogo_licence.pk, "普自二", acquired_on=TODAY)
    hyogo_licence.refresh_from_db()
    assert held(hyogo_licence) == [("中型", date(2000, 8, 1), "8t"), ("普自二", TODAY, "")]
    assert hyogo_licence.conditions == [EIGHT_T]


@pytest.mark.parametrize(("kind", "code"), [("中型", "kind_held_with_limit")])
def test_the_limited_kind_held_is_lifted_by_a_review_not_added(hyogo_counter, hyogo_licence, kind, code):
    with pytest.raises(Conflict) as refused:
        services.add_kind(hyogo_counter, hyogo_licence.pk, kind, acquired_on=TODAY)
    assert refused.value.code == code and "限定解除審査" in refused.value.message


def test_a_kind_already_held_is_refused(hyogo_counter, registrar, holder_data):
    licence = services.register_holder(registrar, dict(holder_data, kinds={"普通": date(2018, 4, 1)}))
    with pytest.raises(Conflict) as refused:
        services.add_kind(hyogo_counter, licence.pk, "普通", acquired_on=TODAY)
    assert refused.value.code == "kind_already_held" and "既に受けています" in refused.value.message
    assert held(licence) == [("普通", date(2018, 4, 1), "")] and not HistoryEvent.objects.filter(
        event_type="licence.kind_added").exists()


@pytest.mark.parametrize(("kind", "field"), [("普通仮", "kind"), ("飛行機", "kind"), ("", "kind")])
def test_a_bad_kind_is_refused_on_the_kind(hyogo_counter, hyogo_licence, kind, field):
    with pytest.raises(InvalidInput) as refused:
        services.add_kind(hyogo_counter, hyogo_licence.pk, kind, acquired_on=TODAY)
    assert refused.value.field == field


def test_a_revoked_licence_gets_no_kind(hyogo_counter, hyogo_licence):
    Licence.objects.filter(pk=hyogo_licence.pk).update(status="revoked")
    with pytest.raises(Conflict) as refused:
        services.add_kind(hyogo_counter, hyogo_licence.pk, "大型", acquired_on=TODAY)
    assert refused.value.code == "licence_not_valid"


def test_an_unknown_licence_is_not_found(hyogo_counter, db):
    with pytest.raises(NotFound):
        services.add_kind(hyogo_counter, 999, "大型", acquired_on=TODAY)


def test_an_osaka_clerk_cannot_add_a_kind_to_a_hyogo_licence_and_the_denial_is_audited(osaka_counter, hyogo_licence,
                                                                                       expect_one_denial):
    with expect_one_denial("registry.issue_licence", "registry.kind.add"), pytest.raises(NotPermitted):
        services.add_kind(osaka_counter, hyogo_licence.pk, "大型", acquired_on=TODAY)
    assert held(hyogo_licence) == [("中型", date(2000, 8, 1), "8t")]
