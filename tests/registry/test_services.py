"""Register services: scope by prefecture, validation, history and audit (規程第13条・第14条・第18条)."""

from datetime import date

import pytest

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.registry import services
from menkyo.registry.models import HistoryEvent, Licence, Person
from menkyo.rules import numbers

pytestmark = pytest.mark.django_db


def snapshot():
    """Counts and contents that must not change when a request is refused."""
    return (
        list(Person.objects.order_by("pk").values()),
        list(Licence.objects.order_by("pk").values()),
        HistoryEvent.objects.count(),
    )


def test_registering_a_holder_generates_a_valid_number_and_first_expiry(hyogo_licence):
    parsed = numbers.parse(hyogo_licence.number)
    assert parsed.commission_code == "63" and parsed.year_digits == "00"  # first 普通 in 2000
    assert hyogo_licence.home_prefecture_id == "28"
    # First licence: the 3rd birthday after issue (2023-06-01) + 1 month, as printed.
    assert hyogo_licence.expiry_date == date(2026, 6, 17)
    assert hyogo_licence.person.search_kana == "ヤマダタロウ"
    assert (hyogo_licence.person.inquiry_kana, hyogo_licence.person.search_kanji) == ("ヤマタタロ", "山田太郎")
    event = hyogo_licence.history.get()
    assert event.legal_basis == "規程第13条" and event.changes["number"] == [None, hyogo_licence.number]
    audit_event = AuditEvent.objects.get(action="registry.holder.register")
    assert (audit_event.outcome, audit_event.actor, audit_event.object_id) == ("ok", "system:test", hyogo_licence.number)
    assert audit_event.person_id == hyogo_licence.person_id and audit_event.subject_prefecture_code == "28"
    assert audit_event.seq == event.audit_seq and audit_event.detail == {"kinds": ["中型"], "legal_basis": "規程第13条"}


def test_osaka_operator_cannot_register_a_hyogo_holder_and_the_attempt_is_audited(osaka_counter, holder_data):
    with pytest.raises(NotPermitted):
        services.register_holder(osaka_counter, holder_data)
    assert Person.objects.count() == 0 and Licence.objects.count() == 0
    denial = AuditEvent.objects.get()
    assert (denial.action, denial.outcome, denial.actor) == ("registry.holder.register", "denied", "osaka_counter")
    assert denial.subject_prefecture_code == "28" and denial.detail == {"rule": "registry.issue_licence"}


def test_second_holder_of_same_commission_and_year_gets_next_serial(registrar, holder_data, hyogo_licence):
    other = services.register_holder(registrar, dict(holder_data, name="山田 次郎", name_kana="ヤマダ ジロウ"))
    assert int(other.number[4:10]) == int(hyogo_licence.number[4:10]) + 1


def test_osaka_operator_cannot_change_hyogo_holder_and_the_attempt_is_audited(osaka_counter, hyogo_licence):
    before = snapshot()
    with pytest.raises(NotFound):  # like an unknown id: a 403 would tell that the person exists
        services.change_particulars(osaka_counter, hyogo_licence.person_id, {"alias": "ヤマ"}, reason="届出",
                                    expected_version=1)
    assert snapshot() == before
    denial = AuditEvent.objects.get(action="registry.person.change", outcome="denied")
    assert denial.actor == "osaka_counter" and denial.prefecture_code == "27"
    assert denial.person_id == hyogo_licence.person_id and denial.subject_prefecture_code == "28"
    assert denial.detail == {"rule": "registry.change_particulars"}


def test_osaka_operator_cannot_read_hyogo_holder_outside_the_inquiry_path(osaka_counter, hyogo_licence):
    with pytest.raises(NotPermitted):
        services.read_licence(osaka_counter, hyogo_licence.number, purpose="窓口事務")
    assert AuditEvent.objects.filter(action="registry.licence.read", outcome="denied").count() == 1
    assert not AuditEvent.objects.filter(action="registry.licence.read", outcome="ok").exists()


def test_hyogo_counter_reads_and_the_read_is_audited_with_purpose(hyogo_counter, hyogo_licence):
    licence = services.read_licence(hyogo_counter, hyogo_licence.number, purpose="窓口事務")
    assert licence.person.name == "山田 太郎"
    event = AuditEvent.objects.get(action="registry.licence.read")
    assert (event.outcome, event.purpose, event.object_id) == ("ok", "窓口事務", licence.number)


def test_hyogo_counter_reads_a_person_and_the_read_is_audited_with_purpose(hyogo_counter, hyogo_licence):
    person = services.read_person(hyogo_counter, hyogo_licence.person_id, purpose="窓口事務")
    assert person.name == "山田 太郎"
    event = AuditEvent.objects.get(action="registry.person.read")
    assert (event.outcome, event.purpose, event.object_id) == ("ok", "窓口事務", str(person.pk))
    assert event.person_id == person.pk and event.subject_prefecture_code == "28"


def test_osaka_operator_cannot_read_a_hyogo_person_and_the_attempt_is_audited(osaka_counter, hyogo_licence):
    with pytest.raises(NotFound):
        services.read_person(osaka_counter, hyogo_licence.person_id, purpose="窓口事務")
    denial = AuditEvent.objects.get(action="registry.person.read")
    assert (denial.outcome, denial.actor, denial.person_id) == ("denied", "osaka_counter", hyogo_licence.person_id)
    assert denial.detail == {"rule": "registry.read_holder"}


def test_hyogo_counter_changes_address_with_history_and_audit(hyogo_counter, hyogo_licence):
    person = services.change_particulars(
        hyogo_counter, hyogo_licence.person_id,
        {"postal_code": "650-0011", "address": "兵庫県神戸市中央区下山手通5丁目4番1号"},
        reason="住所変更の届出（住民票の写しで確認）", expected_version=1,
    )
    assert person.postal_code == "6500011"
    event = HistoryEvent.objects.get(event_type="person.particulars_changed")
    assert event.legal_basis == "規程第14条" and event.actor == "hyogo_counter"
    assert event.changes["postal_code"] == ["6500001", "6500011"]
    audit_event = AuditEvent.objects.get(action="registry.person.change", outcome="ok")
    assert audit_event.seq == event.audit_seq
    # field names and the article, no personal values
    assert audit_event.detail == {"fields": ["address", "postal_code"], "legal_basis": "規程第14条"}
    assert person.version == 2 and Person.objects.get().version == 2


def test_name_change_keeps_exact_characters_and_updates_search_key(hyogo_counter, hyogo_licence):
    gaiji = "\ue001"  # a 外字 (髙, 𠮷 … outside JIS X 0213) stored as a Private Use Area character
    name = f"\ufa11\ufa10 {gaiji}郎"  # 﨑 and the compatibility 塚 (NFKC would fold it to U+585A)
    person = services.change_particulars(
        hyogo_counter, hyogo_licence.person_id,
        {"name": name, "name_kana": "たかはし ｼﾞﾛｳ"}, reason="婚姻による氏名変更", expected_version=1,
    )
    assert person.name == name and Person.objects.get().name == name and person.gaiji_refs == [gaiji]
    assert person.name_kana == "タカハシ ジロウ" and person.search_kana == "タカハシジロウ"
    assert Person.objects.get().search_kanji == f"崎塚{gaiji}郎" and person.inquiry_kana == "タカハシシロ"


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"name": "   "}, "name"),
        ({"name_kana": "yamada"}, "name_kana"),
        ({"postal_code": "0000000"}, "postal_code"),
        ({"postal_code": "65000"}, "postal_code"),
        ({"postal_code": "1000001", "address": "兵庫県神戸市中央区加納町1"}, "address"),
        ({"birth_date": "2000-01-01"}, "birth_date"),
    ],
)
def test_bad_changes_are_refused_with_the_field_and_change_nothing(hyogo_counter, hyogo_licence, changes, field):
    before = snapshot()
    with pytest.raises(InvalidInput) as err:
        services.change_particulars(hyogo_counter, hyogo_licence.person_id, changes, reason="届出",
                                    expected_version=1)
    assert err.value.field == field and err.value.message
    assert snapshot() == before


def test_move_to_another_prefecture_is_a_transfer_not_a_change(hyogo_counter, hyogo_licence):
    with pytest.raises(Conflict) as err:
        services.change_particulars(
            hyogo_counter, hyogo_licence.person_id,
            {"postal_code": "5300001", "address": "大阪府大阪市北区梅田1丁目1番"}, reason="転居",
            expected_version=1,
        )
    assert "転入" in err.value.message


def test_stale_version_is_refused(hyogo_counter, hyogo_licence):
    with pytest.raises(Conflict):
        services.change_particulars(hyogo_counter, hyogo_licence.person_id, {"alias": "ヤマ"},
                                    reason="届出", expected_version=99)
    assert Person.objects.get().alias == ""


def test_reason_is_required(hyogo_counter, hyogo_licence):
    with pytest.raises(InvalidInput) as err:
        services.change_particulars(hyogo_counter, hyogo_licence.person_id, {"alias": "ヤマ"}, reason=" ",
                                    expected_version=1)
    assert err.value.field == "reason"


def test_wrong_check_digit_is_a_clear_error_before_any_search(hyogo_counter, hyogo_licence):
    number = hyogo_licence.number
    wrong = number[:10] + str((int(number[10]) + 1) % 10) + number[11]
    with pytest.raises(InvalidInput) as err:
        services.read_licence(hyogo_counter, wrong, purpose="窓口事務")
    assert err.value.code == "licence_number_check_digit" and "チェックデジット" in err.value.message


def test_unknown_but_valid_number_is_not_found(hyogo_counter, db):
    with pytest.raises(NotFound):
        services.read_licence(hyogo_counter, numbers.generate("63", 2001, 999), purpose="窓口事務")


@pytest.mark.parametrize(
    "override, field",
    [
        ({"name": ""}, "name"),
        ({"birth_date": date(2100, 1, 1)}, "birth_date"),  # in the future whatever the time zone
        ({"postal_code": "9999999"}, "postal_code"),
        ({"kinds": {"飛行機": date(2000, 1, 1)}}, "kinds"),
        ({"kinds": {"準中型": date(2010, 1, 1)}}, "kinds"),  # 準中型 exists from 2017-03-12
        ({"commission": "99"}, "commission"),
        ({"sex": "9"}, "sex"),
    ],
)
def test_registration_refuses_bad_input_and_writes_nothing(registrar, holder_data, override, field):
    with pytest.raises(InvalidInput) as err:
        services.register_holder(registrar, dict(holder_data, **override))
    assert err.value.field == field
    assert Person.objects.count() == 0 and Licence.objects.count() == 0


def test_honseki_is_only_for_case_officers_and_deciders(make_operator, hyogo_counter):
    officer = make_operator("officer", ["case_officer"])
    assert services.may_see_honseki(officer) and not services.may_see_honseki(hyogo_counter)


def test_provisional_licence_is_registered_for_six_months(hyogo_counter, hyogo_licence):
    provisional = services.register_provisional_licence(
        hyogo_counter, hyogo_licence.person_id, "大型仮", issue_date=date(2026, 4, 1)
    )
    assert provisional.expiry_date == date(2026, 9, 30)
    assert numbers.parse(provisional.number).commission_code == "63"
    assert HistoryEvent.objects.filter(event_type="provisional.issued").count() == 1
    event = AuditEvent.objects.get(action="registry.provisional.register")
    assert (event.outcome, event.actor, event.object_id) == ("ok", "hyogo_counter", provisional.number)
    assert event.person_id == hyogo_licence.person_id and event.detail == {"kind": "大型仮", "legal_basis": "規程第13条第3項"}


@pytest.mark.parametrize("kind", ["普通", "空飛ぶ車仮"])
def test_provisional_licence_needs_a_provisional_kind(hyogo_counter, hyogo_licence, kind):
    with pytest.raises(InvalidInput) as err:
        services.register_provisional_licence(hyogo_counter, hyogo_licence.person_id, kind)
    assert err.value.field == "kind"


def test_provisional_licence_respects_minimum_age(hyogo_counter, registrar, holder_data):
    young = services.register_holder(registrar, dict(holder_data, birth_date=date(2009, 6, 1),
                                                     kinds={"原付": date(2025, 7, 1)}))
    with pytest.raises(InvalidInput) as err:
        services.register_provisional_licence(hyogo_counter, young.person_id, "普通仮",
                                              issue_date=date(2026, 11, 1))
    assert err.value.field == "kind"
    assert "17歳6か月以上でなければ受けられません" in err.value.message and "2026-12-01 に達する" in err.value.message


def _aged(registrar, holder_data, birth: date):
    return services.register_holder(registrar, dict(holder_data, birth_date=birth, kinds={"原付": date(2025, 7, 1)}))


@pytest.mark.parametrize("kind", ["普通仮", "準中型仮"])
def test_a_17_and_a_half_year_old_gets_a_provisional_licence_from_1_april_2026(hyogo_counter, registrar,
                                                                                holder_data, kind):
    person = _aged(registrar, holder_data, date(2008, 10, 1))  # 17 years 6 months on 2026-04-01
    provisional = services.register_provisional_licence(hyogo_counter, person.person_id, kind,
                                                        issue_date=date(2026, 4, 1))
    assert provisional.kind.code == kind and provisional.issue_date == date(2026, 4, 1)


def test_a_17_year_5_month_old_is_refused_with_the_engines_reason(hyogo_counter, registrar, holder_data):
    person = _aged(registrar, holder_data, date(2008, 11, 1))  # 17 years 5 months on 2026-04-01
    with pytest.raises(InvalidInput) as err:
        services.register_provisional_licence(hyogo_counter, person.person_id, "普通仮", issue_date=date(2026, 4, 1))
    assert err.value.field == "kind"
    assert err.value.message == ("普通仮は17歳6か月以上でなければ受けられません（2026-05-01 に達する。2026-04-01 に17歳。"
                                 "道路交通法 第88条第1項第1号（令和6年法律第34号、令和8年4月1日施行））。")
    assert not person.person.provisional_licences.exists()


def test_before_1_april_2026_a_provisional_licence_needs_18(hyogo_counter, registrar, holder_data):
    person = _aged(registrar, holder_data, date(2008, 9, 1))  # 17 years 6 months on 2026-03-01
    with pytest.raises(InvalidInput) as err:
        services.register_provisional_licence(hyogo_counter, person.person_id, "普通仮", issue_date=date(2026, 3, 31))
    assert err.value.field == "kind" and "18歳以上でなければ受けられません" in err.value.message
    adult = _aged(registrar, holder_data, date(2008, 3, 1))
    services.register_provisional_licence(hyogo_counter, adult.person_id, "普通仮", issue_date=date(2026, 3, 31))


def test_a_provisional_kind_not_yet_created_is_refused_on_the_kind(hyogo_counter, registrar, holder_data):
    person = _aged(registrar, holder_data, date(1990, 1, 1))
    with pytest.raises(InvalidInput) as err:
        services.register_provisional_licence(hyogo_counter, person.person_id, "準中型仮", issue_date=date(2017, 3, 1))
    assert err.value.field == "kind" and "2017-03-12 に新設" in err.value.message


def test_osaka_cannot_issue_provisional_licence_to_hyogo_holder(osaka_counter, hyogo_licence):
    with pytest.raises(NotFound):
        services.register_provisional_licence(osaka_counter, hyogo_licence.person_id, "普通仮")
    denial = AuditEvent.objects.get(action="registry.provisional.register")
    assert (denial.outcome, denial.actor, denial.person_id) == ("denied", "osaka_counter", hyogo_licence.person_id)
    assert denial.detail == {"rule": "registry.issue_licence"}
    assert not hyogo_licence.person.provisional_licences.exists()
