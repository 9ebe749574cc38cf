"""docs/procedures.md is generated from the code and stays current."""

import pytest

from menkyo.api import catalogue
from menkyo.core import legal
from menkyo.core.permissions import REGISTRY


def test_docs_procedures_md_is_current():
    assert catalogue.DOCS.read_text() == catalogue.markdown(), (
        "docs/procedures.md is stale: run `menkyo procedures --update-docs`"
    )


def test_every_procedure_checks_a_declared_rule_that_serves_the_same_article():
    for procedure in legal.PROCEDURES:
        rule = REGISTRY[procedure.rule]
        assert rule.legal_basis is not None, procedure.service
        assert rule.legal_basis.sort_key[0] == procedure.basis.sort_key[0], procedure.service


@pytest.mark.parametrize("service, page, operation", [
    ("menkyo.registry.services.change_particulars", "/registry/persons/<int:person_id>/particulars/",
     "PATCH /api/v1/persons/{person_id}"),
    ("menkyo.registry.services.read_licence", "/registry/licences/<str:number>/", "GET /api/v1/licences/{number}"),
])
def test_the_catalogue_finds_the_page_and_the_api_operation_of_a_procedure(service, page, operation):
    entry = next(e for e in catalogue.entries() if e.procedure.service == service)
    assert page in entry.pages and operation in entry.operations


def test_a_procedure_is_found_by_its_article_in_the_docs():
    rows = catalogue.DOCS.read_text().splitlines()
    for procedure in legal.PROCEDURES:
        for basis in (procedure.basis, *procedure.also):
            assert any(row.startswith(f"| {basis.article} |") and f"`{procedure.service}`" in row for row in rows), (
                procedure.service, basis.article)


def test_every_article_of_the_dispositions_chapter_has_a_row():
    """Issue 11's bar: 規程第21条–第44条 each listed with the service that carries it out."""
    listed = {p.basis.sort_key[0] for p in legal.PROCEDURES} | {b.sort_key[0] for p in legal.PROCEDURES for b in p.also}
    assert set(range(21, 45)) - listed == set()
