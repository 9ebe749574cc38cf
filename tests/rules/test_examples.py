"""The example inputs shipped with the engine (menkyo.rules.examples) all evaluate."""

import copy

import pytest

from menkyo import rules as rules_package
from menkyo.rules import ENTRY_POINTS
from menkyo.rules import cli as rules_cli
from menkyo.rules.examples import ENTRIES, ExampleFileError, examples, load_example

ALL = examples()


def test_a_few_examples_per_entry_point():
    assert set(ENTRIES) == set(ENTRY_POINTS)
    for entry in ENTRY_POINTS:
        assert 3 <= len(examples(entry)) <= 8, entry
    assert len({e.id for e in ALL}) == len(ALL)


@pytest.mark.parametrize("example", ALL, ids=[e.id for e in ALL])
def test_every_example_evaluates_without_error(example):
    result = ENTRY_POINTS[example.entry](copy.deepcopy(example.input))
    assert "error" not in result
    assert any("\u3040" <= ch <= "\u9fff" for ch in example.title)  # a Japanese title
    ok, _ = rules_cli.evaluate(example.entry, example.input)  # as the simulator runs it
    assert ok


def test_inputs_are_json_like_and_fresh_copies():
    first = examples("renewal")[0]
    assert isinstance(first.input["birth_date"], str)
    first.input["birth_date"] = "changed"
    assert examples("renewal")[0].input["birth_date"] != "changed"


def test_a_bad_example_file_is_named(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("entry: points\ntitle_ja: 例\ninput: {}\n", encoding="utf-8")
    with pytest.raises(ExampleFileError, match="bad.yaml"):
        load_example(path)


def test_entry_point_names_stay_functions_whatever_was_imported_first():
    import importlib

    for name in ("renewal", "eligibility", "lapse"):  # submodules named like the entry points
        importlib.import_module(f"menkyo.rules.{name}")
        assert getattr(rules_package, name) is ENTRY_POINTS[name]
