"""The conditions of a licence changed by a 審査 (規程第9条第3項, 第9条の2): a 限定 or condition lifted,
a condition asked for added, with history and audit; bad input changes nothing."""

from datetime import date

import pytest

from menkyo.audit.models import AuditEvent
from menkyo.core import legal
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.registry import services
from menkyo.registry.models import HistoryEvent, LicenceKindHeld, LicenceStatus

pytestmark = pytest.mark.django_db

AT = "普通車はAT車に限る"
EIGHT_T = "中型車は中型車(8t)に限る"


@pytest.fixture
def at_licence(registrar, holder_data):
    """A 普通 AT限定 holder (普通 acquired 2018: no deemed limit), with 眼鏡等."""
    return services.register_holder(registrar, dict(holder_data, kinds={"普通": date(2018, 4, 1)},
                                                    conditions=["眼鏡等", AT]))


def change(actor, licence, **kwargs):
    values = {"removed": [], "added": [], "reason": "限定解除審査に合格", "legal_basis": legal.KITEI_9_P3, **kwargs}
    return services.change_conditions(actor, licence.pk, **values)


def test_lifting_the_at_limit_removes_its_condition_and_keeps_number_and_expiry(hyogo_counter, at_licence):
    number, expiry = at_licence.number, at_licence.expiry_date
    licence = change(hyogo_counter, at_licence, removed=[AT])
    licence.refresh_from_db()
    assert (licence.number, licence.expiry_date, licence.conditions) == (number, expiry, ["眼鏡等"])
    event = AuditEvent.objects.get(action="registry.conditions.change")
    assert (event.outcome, event.object_id, event.person_id) == ("ok", number, licence.person_id)
    assert event.detail == {"removed": 1, "added": 0, "limits_lifted": 0, "legal_basis": "規程第9条第3項"}
    history = HistoryEvent.objects.get(event_type="licence.conditions_changed")
    assert history.changes == {"conditions": [f"眼鏡等・{AT}", "眼鏡等"]}
    assert (history.audit_seq, history.legal_basis, history.reason) == (event.seq, "規程第9条第3項", "限定解除審査に合格")


def test_lifting_the_deemed_8t_limit_makes_the_kind_unlimited(hyogo_counter, hyogo_licence):
    change(hyogo_counter, hyogo_licence, removed=[EIGHT_T])
    hyogo_licence.refresh_from_db()
    assert hyogo_licence.conditions == []
    assert list(LicenceKindHeld.objects.filter(licence=hyogo_licence).values_list("kind_id", "limitation")) == [
        ("中型", "")]
    history = HistoryEvent.objects.get(event_type="licence.conditions_changed")
    assert history.changes["kinds"] == ["中型（8t限定）", "中型"]


def test_a_condition_asked_for_is_added_under_article_9_2(hyogo_counter, at_licence):
    change(hyogo_counter, at_licence, removed=[AT], reason="x")  # now without the AT condition
    licence = change(hyogo_counter, at_licence, added=[AT], reason="申請による条件の付与", legal_basis=legal.KITEI_9_2)
    assert licence.conditions == ["眼鏡等", AT]
    assert HistoryEvent.objects.filter(event_type="licence.conditions_changed").latest("pk").legal_basis == "規程第9条の2"


@pytest.mark.parametrize(("kwargs", "field", "code"), [
    ({"removed": ["補聴器"]}, "removed", "condition_not_held"),
    ({"added": ["眼鏡等"]}, "added", "condition_already_held"),
    ({}, "removed", "invalid"),
    ({"removed": [AT], "added": [AT]}, "added", "invalid"),
    ({"removed": [AT], "reason": " "}, "reason", "invalid"),
])
def test_bad_input_names_the_field_and_changes_nothing(hyogo_counter, at_licence, kwargs, field, code):
    with pytest.raises(InvalidInput) as refused:
        change(hyogo_counter, at_licence, **kwargs)
    assert refused.value.field == field and (code == "invalid" or refused.value.code == code)
    at_licence.refresh_from_db()
    assert at_licence.conditions == ["眼鏡等", AT] and not HistoryEvent.objects.filter(
        event_type="licence.conditions_changed").exists()


def test_an_unknown_licence_is_not_found(hyogo_counter):
    with pytest.raises(NotFound) as refused:
        services.change_conditions(hyogo_counter, 999999, removed=[AT], reason="x", legal_basis=legal.KITEI_9_P3)
    assert refused.value.field == "licence_id"


def test_a_licence_no_longer_valid_is_refused(hyogo_counter, at_licence):
    at_licence.status = LicenceStatus.REVOKED
    at_licence.save(update_fields=["status"])
    with pytest.raises(Conflict) as refused:
        change(hyogo_counter, at_licence, removed=[AT])
    assert refused.value.code == "licence_not_valid"


def test_another_prefecture_is_refused_and_the_refusal_is_audited(osaka_counter, at_licence, expect_one_denial):
    with expect_one_denial("registry.change_conditions", "registry.conditions.change"), \
            pytest.raises(NotPermitted):
        change(osaka_counter, at_licence, removed=[AT])
    at_licence.refresh_from_db()
    assert AT in at_licence.conditions


def test_an_inquiry_operator_may_not_change_conditions(make_operator, at_licence, expect_one_denial):
    inquirer = make_operator("hyogo_inquiry", ["inquiry"], "28-001")
    with expect_one_denial("registry.change_conditions", "registry.conditions.change"), \
            pytest.raises(NotPermitted):
        change(inquirer, at_licence, removed=[AT])
