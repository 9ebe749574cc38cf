"""The law as code: pure Python, no Django import.

Public contract (shared/spec/rules-contract.md): the same JSON-like dicts in
and out from Python, the CLI (``menkyo rules ...``) and HTTP
(``POST /api/v1/rules/...``)::

    from menkyo.rules import assess, renewal, licence_number, eligibility, lapse, authority

Each raises :class:`menkyo.rules.errors.RulesError` on bad input.
"""

from typing import Any

# ``renewal``, ``eligibility``, ``lapse`` and ``authority`` below share their names with submodules. Python
# binds a submodule to the package attribute of that name when it is first loaded,
# which would replace the function (``from menkyo.rules import renewal`` would then
# give the module, depending on what was imported before). Loading the submodules
# first, before the functions are defined, keeps the names for the functions.
# (None loads the parameter files at import.)
import menkyo.rules.assessment as _assessment_module
import menkyo.rules.authority as _authority_module
import menkyo.rules.eligibility as _eligibility_module
import menkyo.rules.lapse as _lapse_module
import menkyo.rules.numbers as _numbers_module
import menkyo.rules.renewal as _renewal_module


def assess(data: dict[str, Any]) -> dict[str, Any]:
    """Points, 前歴 and the disposition the law prescribes (rules-contract §1)."""
    return _assessment_module.assess_json(data)


def renewal(data: dict[str, Any]) -> dict[str, Any]:
    """Renewal window, class, validity, expiry and requirements (rules-contract §2)."""
    return _renewal_module.renewal_json(data)


def renewal_notice(data: dict[str, Any]) -> dict[str, Any]:
    """What the 更新連絡書 says: :func:`renewal` on the first day of the window."""
    return _renewal_module.notice_json(data)


def licence_number(data: dict[str, Any]) -> dict[str, Any]:
    """Validate or generate a 12-digit licence number (rules-contract §3)."""
    return _numbers_module.licence_number_json(data)


def eligibility(data: dict[str, Any]) -> dict[str, Any]:
    """May this person apply for this kind on this date (ages, prior licences, 特例)."""
    return _eligibility_module.eligibility_json(data)


def lapse(data: dict[str, Any]) -> dict[str, Any]:
    """What a person whose licence lapsed sits when applying again (失効後の再取得, law-rules §5.6)."""
    return _lapse_module.lapse_json(data)


def authority(data: dict[str, Any]) -> dict[str, Any]:
    """Who decides a proposed disposition and which hearing comes first (規程第31条, 法第104条)."""
    return _authority_module.authority_json(data)


# Entry points by the name used in the CLI, the HTTP paths and the scenarios.
ENTRY_POINTS = {
    "assess": assess,
    "renewal": renewal,
    "licence-number": licence_number,
    "eligibility": eligibility,
    "lapse": lapse,
    "authority": authority,
}

__all__ = ["ENTRY_POINTS", "assess", "authority", "eligibility", "lapse", "licence_number", "renewal"]
