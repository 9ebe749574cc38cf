"""A change of particulars names the version it was based on (issue 7: without ``expected_version``
the optimistic lock was skipped and one of two concurrent changes was silently lost)."""

import pytest

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, InvalidInput
from menkyo.registry import services
from menkyo.registry.models import HistoryEvent, Person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("version", [None, 0, -1, "1", True])
def test_a_change_without_a_usable_version_is_refused_and_changes_nothing(hyogo_counter, hyogo_licence, version):
    with pytest.raises(InvalidInput) as err:
        services.change_particulars(hyogo_counter, hyogo_licence.person_id, {"alias": "ヤマ"}, reason="届出",
                                    expected_version=version)
    assert err.value.field == "expected_version" and "版" in err.value.message
    assert Person.objects.get().alias == "" and Person.objects.get().version == 1


def test_two_changes_from_the_same_version_one_wins_the_other_is_a_conflict(hyogo_counter, make_operator,
                                                                          hyogo_licence):
    officer = make_operator("officer", ["case_officer"])
    services.change_particulars(hyogo_counter, hyogo_licence.person_id, {"alias": "ヤマ"}, reason="届出",
                                expected_version=1)
    with pytest.raises(Conflict) as err:  # read at version 1 too, arrives second
        services.change_particulars(officer, hyogo_licence.person_id, {"name_kana": "ヤマダ タロ"},
                                    reason="届出", expected_version=1)
    assert err.value.status == 409 and "他の操作者が先に更新しました" in err.value.message
    person = Person.objects.get()
    assert (person.alias, person.name_kana, person.version) == ("ヤマ", "ヤマダ タロウ", 2)
    assert HistoryEvent.objects.filter(event_type="person.particulars_changed").count() == 1
    assert AuditEvent.objects.filter(action="registry.person.change", outcome="ok").count() == 1


def test_a_person_without_a_current_licence_is_locked_too(hyogo_counter, hyogo_licence):
    hyogo_licence.status = "lapsed"
    hyogo_licence.save()
    services.change_particulars(hyogo_counter, hyogo_licence.person_id, {"alias": "ヤマ"}, reason="届出",
                                expected_version=1)
    with pytest.raises(Conflict):
        services.change_particulars(hyogo_counter, hyogo_licence.person_id, {"alias": "タロ"}, reason="届出",
                                    expected_version=1)


def test_the_api_requires_expected_version_with_a_japanese_message(client, login_as, hyogo_counter, hyogo_licence):
    login_as(client, hyogo_counter)
    response = client.patch(f"/api/v1/persons/{hyogo_licence.person_id}", {"alias": "ヤマ", "reason": "届出"},
                            content_type="application/json")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "expected_version" and "必須" in error["message"]
    assert Person.objects.get().alias == ""


def test_over_the_api_two_patches_from_the_same_version_give_200_then_409(client, login_as, hyogo_counter,
                                                                          hyogo_licence):
    login_as(client, hyogo_counter)
    url = f"/api/v1/persons/{hyogo_licence.person_id}"
    read = client.get(f"{url}?purpose=窓口事務").json()
    assert read["version"] == 1
    first = client.patch(url, {"alias": "ヤマ", "reason": "届出", "expected_version": read["version"]},
                         content_type="application/json")
    second = client.patch(url, {"alias": "タロ", "reason": "届出", "expected_version": read["version"]},
                          content_type="application/json")
    assert (first.status_code, second.status_code) == (200, 409)
    assert first.json()["version"] == 2 and second.json()["error"]["code"] == "conflict"
    assert Person.objects.get().alias == "ヤマ"


def test_the_page_sends_the_version_it_showed_and_a_stale_form_is_refused_on_the_form(
        client, login_as, hyogo_counter, hyogo_licence):
    login_as(client, hyogo_counter)
    url = f"/registry/persons/{hyogo_licence.person_id}/particulars/"
    assert 'name="version" value="1"' in client.get(url).content.decode()
    form = {"name": "山田 太郎", "name_kana": "ヤマダ タロウ", "alias": "ヤマ", "postal_code": "650-0001",
            "address": "兵庫県神戸市中央区加納町6丁目5番1号", "reason": "届出", "version": 1}
    assert client.post(url, form).status_code == 302
    stale = client.post(url, dict(form, alias="タロ"))
    assert stale.status_code == 200 and "他の操作者が先に更新しました" in stale.content.decode()
    assert Person.objects.get().alias == "ヤマ"
