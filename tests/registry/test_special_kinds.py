"""特例取得免許 (受験資格特例, 道路交通法第88条第1項第1号ただし書; law-rules §4.2): the register holds, per kind, whether it
was obtained through the 受験資格特例 — entered with the holder or the kind, refused for a kind or a day the 特例 was
not open to, shown 「特例取得」 on the licence page and as ``special_course`` in the API."""

from datetime import date

import pytest

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import InvalidInput
from menkyo.registry import services
from menkyo.registry.models import HistoryEvent, Licence, LicenceKindHeld
from menkyo.rules.eligibility import special_route_open

pytestmark = pytest.mark.django_db
YOUNG = {"birth_date": date(2005, 3, 3), "issue_date": date(2025, 9, 1)}


def young_holder(registrar, holder_data, **extra):
    data = dict(holder_data, **YOUNG, kinds={"普通": date(2023, 4, 1), "中型": date(2025, 9, 1)}, **extra)
    return services.register_holder(registrar, data)


def flags(licence):
    return {k.kind_id: k.special_course for k in LicenceKindHeld.objects.filter(licence=licence)}


def test_a_holder_is_registered_with_the_kinds_obtained_through_the_special_route(registrar, holder_data):
    licence = young_holder(registrar, holder_data, special_kinds=["中型"])
    assert flags(licence) == {"普通": False, "中型": True}
    event = AuditEvent.objects.get(action="registry.holder.register")
    assert event.detail["special_kinds"] == ["中型"]


def test_kinds_are_not_special_unless_named(registrar, holder_data):
    assert flags(young_holder(registrar, holder_data)) == {"普通": False, "中型": False}


@pytest.mark.parametrize(("special", "message"), [
    (["普通"], "受験資格特例によって取得できる種類ではありません"),
    (["大型"], "登録する免許の種類にありません"),
    ("中型", "一覧で指定してください"),
])
def test_a_kind_the_special_route_was_not_open_to_is_refused_and_nothing_written(registrar, holder_data, special,
                                                                                   message):
    with pytest.raises(InvalidInput, match=message) as refused:
        young_holder(registrar, holder_data, special_kinds=special)
    assert refused.value.field == "special_kinds" and not Licence.objects.exists()


def test_a_kind_acquired_before_the_special_route_began_cannot_be_special(registrar, holder_data):
    with pytest.raises(InvalidInput) as refused:
        services.register_holder(registrar, dict(holder_data, kinds={"普通": date(2018, 4, 1), "大型": date(2022, 5, 12)},
                                                 special_kinds=["大型"]))
    assert refused.value.code == "not_special_route" and "令和4年5月12日" in refused.value.message


def test_the_law_engine_says_which_kinds_the_special_route_is_open_to():
    assert special_route_open("大型", date(2022, 5, 13)) and special_route_open("中二", date(2024, 1, 1))
    assert not special_route_open("大型", date(2022, 5, 12)) and not special_route_open("普通", date(2024, 1, 1))


def test_a_kind_added_through_the_special_route_is_held_as_such_and_the_history_says_so(registrar, holder_data):
    licence = services.register_holder(registrar, dict(holder_data, **YOUNG, kinds={"普通": date(2023, 4, 1)}))
    services.add_kind(registrar, licence.pk, "大型", acquired_on=date(2025, 9, 1), special_course=True)
    assert flags(licence) == {"普通": False, "大型": True}
    history = HistoryEvent.objects.get(event_type="licence.kind_added")
    assert history.changes["kinds"][1] == "大型（特例取得）・普通"
    assert AuditEvent.objects.get(action="registry.kind.add").detail["special_course"] is True


def test_adding_a_kind_keeps_the_special_flag_of_the_kinds_held(registrar, holder_data):
    licence = young_holder(registrar, holder_data, special_kinds=["中型"])
    services.add_kind(registrar, licence.pk, "大特", acquired_on=date(2025, 10, 1))
    assert flags(licence) == {"普通": False, "中型": True, "大特": False}


def test_adding_a_special_kind_the_route_was_not_open_to_is_refused(registrar, holder_data):
    licence = services.register_holder(registrar, dict(holder_data, **YOUNG, kinds={"普通": date(2023, 4, 1)}))
    with pytest.raises(InvalidInput) as refused:
        services.add_kind(registrar, licence.pk, "大特", acquired_on=date(2025, 9, 1), special_course=True)
    assert refused.value.field == "special_course" and flags(licence) == {"普通": False}


def test_the_licence_page_shows_the_special_kind_in_japanese(client, hyogo_counter, registrar, holder_data):
    licence = young_holder(registrar, holder_data, special_kinds=["中型"])
    client.force_login(hyogo_counter)
    page = client.get(f"/registry/licences/{licence.number}/?purpose=窓口事務").content.decode()
    assert page.count("（特例取得）") == 1 and "受験資格特例による取得" in page


def test_the_api_gives_the_special_flag_of_each_kind(client, hyogo_counter, registrar, holder_data):
    licence = young_holder(registrar, holder_data, special_kinds=["中型"])
    client.force_login(hyogo_counter)
    body = client.get(f"/api/v1/licences/{licence.number}?purpose=窓口事務").json()
    assert {k["kind"]: k["special_course"] for k in body["kinds"]} == {"中型": True, "普通": False}
