"""Every read of a holder's record names its 照会事由 (issue 7/8): one of a fixed list, with free text
where it is その他 and a case number for 捜査 and 行政処分; without one nothing is read or recorded as read."""

import pytest

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import InvalidInput
from menkyo.registry import services
from menkyo.registry.purposes import ReadPurpose, clean_purpose

pytestmark = pytest.mark.django_db

ISSUE_8_LIST = ["捜査", "交通取締り", "窓口事務", "行政処分", "申請取消", "運転経歴証明書", "国外免許", "死亡等", "その他"]


def reads_recorded():
    return AuditEvent.objects.filter(action__in=["registry.licence.read", "registry.person.read"], outcome="ok")


def test_the_list_is_issue_8s_with_what_each_needs():
    assert [p.value for p in ReadPurpose] == ISSUE_8_LIST
    assert {p.value for p in ReadPurpose if p.needs_case_number} == {"捜査", "行政処分"}
    assert {p.value for p in ReadPurpose if p.needs_text} == {"その他"}


@pytest.mark.parametrize("purpose, text, case, field", [
    ("", "", "", "purpose"),
    ("照会", "", "", "purpose"),  # not on the list
    ("その他", "", "", "purpose_text"),
    ("捜査", "", "", "case_number"),
    ("行政処分", "処分の検討", "", "case_number"),
    ("窓口事務", "あ" * 101, "", "purpose_text"),
    ("捜査", "", "R" * 31, "case_number"),
])
@pytest.mark.parametrize("read", ["licence", "person"])
def test_a_read_without_a_proper_purpose_is_refused_and_nothing_is_recorded_as_read(
        hyogo_counter, hyogo_licence, purpose, text, case, field, read):
    with pytest.raises(InvalidInput) as err:
        if read == "licence":
            services.read_licence(hyogo_counter, hyogo_licence.number, purpose=purpose, purpose_text=text,
                                  case_number=case)
        else:
            services.read_person(hyogo_counter, hyogo_licence.person_id, purpose=purpose, purpose_text=text,
                                 case_number=case)
    assert err.value.field == field and err.value.message
    assert not reads_recorded().exists()


@pytest.mark.parametrize("purpose, text, case, recorded", [
    ("窓口事務", "", "", "窓口事務"),
    ("捜査", "ひき逃げ事件の被疑車両", "R8-123", "捜査:事件番号R8-123:ひき逃げ事件の被疑車両"),
    ("行政処分", "", "処分R8-45", "行政処分:事件番号処分R8-45"),
    ("その他", "本人からの開示請求", "", "その他:本人からの開示請求"),
])
def test_the_audit_event_records_the_purpose_with_its_case_number_and_text(hyogo_counter, hyogo_licence,
                                                                           purpose, text, case, recorded):
    services.read_licence(hyogo_counter, hyogo_licence.number, purpose=purpose, purpose_text=text, case_number=case)
    assert reads_recorded().get().purpose == recorded


def test_the_longest_purpose_fits_the_audit_column():
    longest = clean_purpose("運転経歴証明書", "あ" * 100, "R" * 30)
    assert len(longest) <= AuditEvent._meta.get_field("purpose").max_length


def test_the_api_requires_a_purpose(client, login_as, hyogo_counter, hyogo_licence):
    login_as(client, hyogo_counter)
    for url in (f"/api/v1/licences/{hyogo_licence.number}", f"/api/v1/persons/{hyogo_licence.person_id}"):
        response = client.get(url)
        assert response.status_code == 422 and response.json()["error"]["field"] == "purpose"
        response = client.get(url, {"purpose": "捜査"})
        assert response.status_code == 400
        assert response.json()["error"] == {"code": "invalid_input", "field": "case_number",
                                            "message": "照会事由が「捜査」のときは事件番号等を入力してください。"}
    assert not reads_recorded().exists()
    response = client.get(f"/api/v1/licences/{hyogo_licence.number}",
                          {"purpose": "捜査", "case_number": "R8-1", "purpose_text": "当て逃げ"})
    assert response.status_code == 200 and reads_recorded().get().purpose == "捜査:事件番号R8-1:当て逃げ"


def test_the_openapi_documents_the_purpose_as_required(client):
    schema = client.get("/api/v1/openapi.json").json()
    params = {p["name"]: p for p in schema["paths"]["/api/v1/licences/{number}"]["get"]["parameters"]}
    assert params["purpose"]["required"] is True and "運転経歴証明書" in params["purpose"]["description"]
    assert not params["case_number"].get("required") and not params["purpose_text"].get("required")


@pytest.fixture
def counter_client(client, login_as, hyogo_counter):
    return login_as(client, hyogo_counter)


def test_the_licence_page_without_a_purpose_is_the_lookup_form_with_the_error(counter_client, hyogo_licence):
    response = counter_client.get(f"/registry/licences/{hyogo_licence.number}/")
    html = response.content.decode()
    assert response.status_code == 400 and "照会事由を選択してください" in html
    assert f'value="{hyogo_licence.number}"' in html and "山田 太郎" not in html
    assert not reads_recorded().exists()


def test_the_lookup_form_refuses_a_missing_case_number_before_reading(counter_client, hyogo_licence):
    response = counter_client.get("/registry/lookup/", {"number": hyogo_licence.number, "purpose": "捜査"})
    assert response.status_code == 200
    assert "照会事由が「捜査」のときは事件番号等を入力してください。" in response.content.decode()
    response = counter_client.get("/registry/lookup/", {"number": hyogo_licence.number, "purpose": ""})
    assert "照会事由を選択してください。" in response.content.decode()
    assert not reads_recorded().exists()


def test_the_lookup_form_carries_the_purpose_to_the_licence_page_and_into_the_audit(counter_client, hyogo_licence):
    response = counter_client.get("/registry/lookup/", {"number": hyogo_licence.number, "purpose": "捜査",
                                                        "case_number": "R8-123", "purpose_text": "被疑車両"})
    assert response.status_code == 302
    page = counter_client.get(response.url)
    assert page.status_code == 200 and "山田 太郎" in page.content.decode()
    assert reads_recorded().get().purpose == "捜査:事件番号R8-123:被疑車両"


def test_the_lookup_form_offers_the_fixed_list(counter_client):
    html = counter_client.get("/registry/lookup/").content.decode()
    for code in ISSUE_8_LIST:
        assert f'value="{code}"' in html


def test_the_change_of_particulars_page_reads_with_the_counters_own_purpose(counter_client, hyogo_licence):
    assert counter_client.get(f"/registry/persons/{hyogo_licence.person_id}/particulars/").status_code == 200
    assert AuditEvent.objects.get(action="registry.person.read").purpose == "窓口事務"
