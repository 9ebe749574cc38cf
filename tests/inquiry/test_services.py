"""照会 (規程第45条): search by number or by name and date of birth, for a purpose; stored and audited once."""

from datetime import date

import pytest
from django.db import connection

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import InvalidInput, NotPermitted
from menkyo.inquiry import services
from menkyo.inquiry.models import Inquiry
from menkyo.registry import services as registry
from menkyo.registry.models import Licence

from .conftest import BIRTH

pytestmark = pytest.mark.django_db


def inquire(actor, **criteria):
    return services.make_inquiry(actor, purpose=criteria.pop("purpose", "窓口事務"), **criteria)


def test_an_inquiry_by_licence_number_answers_status_kinds_expiry_and_conditions(hyogo_counter, hyogo_licence):
    result = inquire(hyogo_counter, licence_number=hyogo_licence.number)
    (match,) = result.matches
    assert match.person.pk == hyogo_licence.person_id and match.licence.status == "valid"
    assert [k.kind_id for k in match.licence.kinds.all()] == ["中型"] and match.home_prefecture == "28"


def test_each_inquiry_is_stored_and_audited_once_with_its_purpose_and_the_persons_found(hyogo_counter, hyogo_licence):
    result = inquire(hyogo_counter, licence_number=hyogo_licence.number, purpose="捜査", case_number="R8-123")
    inquiry = Inquiry.objects.get()
    assert (inquiry.operator, inquiry.criteria, inquiry.purpose, inquiry.person_ids) == (
        hyogo_counter, "licence_number", "捜査", [hyogo_licence.person_id])
    assert inquiry.pk == result.inquiry.pk and hyogo_licence.number not in str(inquiry.__dict__)  # not in clear
    event = AuditEvent.objects.get(action="inquiry.holder.inquire")
    assert (event.outcome, event.purpose, event.person_id, event.object_id) == (
        "ok", "捜査:事件番号R8-123", hyogo_licence.person_id, str(inquiry.pk))
    assert event.detail["person_ids"] == [hyogo_licence.person_id] and event.detail["legal_basis"] == "規程第45条"
    assert inquiry.audit_seq == event.seq


@pytest.mark.parametrize("purpose", ["", "  ", "雑談"])
def test_without_a_known_purpose_nothing_is_read_stored_or_audited(hyogo_counter, hyogo_licence, purpose):
    before = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as refused:
        services.make_inquiry(hyogo_counter, purpose=purpose, licence_number=hyogo_licence.number)
    assert refused.value.field == "purpose"
    assert not Inquiry.objects.exists() and AuditEvent.objects.count() == before


def test_a_wrong_check_digit_is_refused_before_any_search(hyogo_counter, hyogo_licence):
    wrong = hyogo_licence.number[:10] + str((int(hyogo_licence.number[10]) + 1) % 10) + hyogo_licence.number[11]
    with pytest.raises(InvalidInput) as refused:
        inquire(hyogo_counter, licence_number=wrong)
    assert refused.value.field == "licence_number" and not Inquiry.objects.exists()


@pytest.mark.parametrize("kana", ["オオノ ハナコ", "おおの はなこ", "オーノ", "オウノハナコ", "ｵｵﾉ", "ハナコ"])
def test_the_inquiry_role_finds_another_prefectures_holder_by_kana_and_birth_date(hyogo_inquirer, osaka_licence, kana):
    result = inquire(hyogo_inquirer, name_kana=kana, birth_date=BIRTH)
    assert [m.person.pk for m in result.matches] == [osaka_licence.person_id]
    assert result.matches[0].home_prefecture == "27"


@pytest.mark.parametrize("birth", ["昭和55年5月17日", "S55.5.17", "1980-05-17", BIRTH])
def test_the_date_of_birth_may_be_given_in_wareki_or_seireki(hyogo_counter, hyogo_licence, birth):
    assert inquire(hyogo_counter, name_kana="ヤマダ", birth_date=birth).matches


@pytest.mark.parametrize("name", ["大野 花子", "大野", "大野花子"])
def test_a_kanji_name_search_finds_the_holder(hyogo_inquirer, osaka_licence, name):
    assert [m.person.pk for m in inquire(hyogo_inquirer, name=name, birth_date=BIRTH).matches] == [
        osaka_licence.person_id]


def test_a_kanji_search_folds_old_and_variant_forms(hyogo_counter, registrar, holder_data):
    licence = registry.register_holder(registrar, dict(holder_data, name="渡邉 﨑子", name_kana="ワタナベ サキコ"))
    for name in ("渡辺 崎子", "渡邊", "渡邉﨑子"):
        assert [m.person.pk for m in inquire(hyogo_counter, name=name, birth_date=BIRTH).matches] == [licence.person_id]


def test_other_roles_do_not_get_another_prefectures_matches(hyogo_counter, hyogo_licence, osaka_licence):
    result = inquire(hyogo_counter, name_kana="ハナコ", birth_date=BIRTH)
    assert result.matches == []
    assert inquire(hyogo_counter, licence_number=osaka_licence.number).matches == []
    assert Inquiry.objects.filter(person_ids=[]).count() == 2  # the inquiry itself is still recorded


def test_a_name_search_needs_the_date_of_birth(hyogo_counter, hyogo_licence):
    with pytest.raises(InvalidInput) as refused:
        inquire(hyogo_counter, name_kana="ヤマダ")
    assert refused.value.field == "birth_date"


def test_one_criterion_only(hyogo_counter, hyogo_licence):
    with pytest.raises(InvalidInput) as refused:
        inquire(hyogo_counter, licence_number=hyogo_licence.number, name="山田", birth_date=BIRTH)
    assert refused.value.code == "criteria_ambiguous"


def test_candidates_are_ranked_exact_first_and_never_more_than_the_limit(hyogo_counter, registrar, holder_data,
                                                                          monkeypatch):
    monkeypatch.setattr(services, "MAX_MATCHES", 3)
    for kana in ("ヤマダ ハナコ", "ヤマダ タロウ", "ヤマダ ジロウ", "ヤマダ サブロウ", "ヤマ タロウ"):
        registry.register_holder(registrar, dict(holder_data, name_kana=kana))
    result = inquire(hyogo_counter, name_kana="ヤマダ タロウ", birth_date=BIRTH)
    assert result.matches[0].person.name_kana == "ヤマダ タロウ"
    result = inquire(hyogo_counter, name_kana="ヤマダ", birth_date=BIRTH)
    assert len(result.matches) == 3 and result.truncated and Inquiry.objects.last().truncated


def test_by_record_number_of_a_mynumber_licence(hyogo_counter, hyogo_licence):
    Licence.objects.filter(pk=hyogo_licence.pk).update(mynumber_record_number="123456789012", holding_form="both")
    assert [m.person.pk for m in inquire(hyogo_counter, record_number="1234-5678-9012").matches] == [
        hyogo_licence.person_id]


def test_an_auditor_is_refused_and_the_denial_audited(make_operator, hyogo_licence, expect_one_denial):
    auditor = make_operator("auditor", ["audit"])
    with expect_one_denial("inquiry.make_inquiry", "inquiry.holder.inquire"), pytest.raises(NotPermitted):
        inquire(auditor, licence_number=hyogo_licence.number)


def test_the_rate_limit_per_operator_answers_429_in_japanese(hyogo_counter, hyogo_licence, settings):
    settings.MENKYO_INQUIRY_RATE_LIMITS = {"operator": (2, 60)}
    inquire(hyogo_counter, licence_number=hyogo_licence.number)
    inquire(hyogo_counter, licence_number=hyogo_licence.number)
    with pytest.raises(services.TooManyInquiries) as refused:
        inquire(hyogo_counter, licence_number=hyogo_licence.number)
    assert refused.value.status == 429 and "多すぎます" in refused.value.message
    assert Inquiry.objects.count() == 2
    denied = AuditEvent.objects.get(action="inquiry.holder.inquire", outcome="denied")
    assert denied.detail["rate_limit"] == "operator"


def test_a_holder_with_an_expired_licence_still_answers_with_its_status(hyogo_counter, hyogo_licence):
    Licence.objects.filter(pk=hyogo_licence.pk).update(status="expired", expiry_date=date(2024, 6, 17))
    (match,) = inquire(hyogo_counter, licence_number=hyogo_licence.number).matches
    assert match.licence.status == "expired"



def _prepared_statements() -> dict[str, int]:
    """The statements this connection prepared, with how often each was run since."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements")
        return dict(cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_on_postgresql_the_search_and_the_audited_write_are_prepared_statements(hyogo_counter, hyogo_licence):
    inquire(hyogo_counter, licence_number=hyogo_licence.number)
    prepared = _prepared_statements()
    assert any("AS recent" in s and '"registry_person"' in s for s in prepared), prepared  # search, count, alerts
    assert any(s.startswith("WITH head AS") and '"inquiry_inquiry"' in s for s in prepared), prepared


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_behind_a_transaction_pooler_no_prepared_statement_is_made_or_used(hyogo_counter, hyogo_licence, settings):
    settings.MENKYO_PG_PREPARE = False
    before = _prepared_statements()
    (match,) = inquire(hyogo_counter, licence_number=hyogo_licence.number).matches
    assert match.person.pk == hyogo_licence.person_id and _prepared_statements() == before
