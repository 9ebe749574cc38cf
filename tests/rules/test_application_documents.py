"""Documents an exam application carries, by date and facts; the 卒業証明書's year."""

from datetime import date

from menkyo.rules.application_documents import Facts, required_documents
from menkyo.rules.graduation import certificate_validity


def codes(day, **facts):
    return [r.code for r in required_documents(day, Facts(**{"holder": False, "foreign_national": False, **facts}))]


def test_a_new_japanese_applicant_brings_a_photo_identity_and_the_resident_record():
    assert codes(date(2026, 11, 27)) == ["photo", "identity", "resident_record"]


def test_from_october_2025_a_foreign_new_applicant_also_brings_the_resident_record():
    assert codes(date(2025, 9, 30), foreign_national=True) == ["photo", "identity", "residence_card"]
    assert codes(date(2025, 10, 1), foreign_national=True) == ["photo", "identity", "resident_record",
                                                                "residence_card"]


def test_a_holder_shows_the_licence_and_a_graduate_the_certificate_and_a_direct_applicant_the_provisional():
    assert codes(date(2026, 1, 5), holder=True, school_graduate=True) == ["photo", "licence", "graduation_certificate"]
    assert "provisional_licence" in codes(date(2026, 1, 5), provisional_route=True)


def test_every_requirement_names_its_source_and_is_marked_as_an_assumption():
    for requirement in required_documents(date(2026, 1, 5), Facts(holder=False, foreign_national=False)):
        assert requirement.reference and requirement.assumption


def test_a_certificate_counts_for_one_year_from_the_graduation_test():
    passed = date(2025, 12, 1)
    assert certificate_validity(passed, date(2026, 11, 30)).valid
    late = certificate_validity(passed, date(2026, 12, 1))
    assert not late.valid and late.last_day == date(2026, 11, 30)
    assert certificate_validity(passed, date(2025, 11, 30)).valid is False  # before the test was passed
    assert certificate_validity(passed, passed).waives == ("skill", "acquisition_course")
