import sys

from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured

from menkyo.core.http import MenuEntry
from menkyo.rules import params


class JudgementConfig(AppConfig):
    """The Django side of the law engine: audited evaluation, its API and the simulator."""

    name = "menkyo.judgement"
    label = "judgement"
    verbose_name = "法令判定"
    menu = (
        MenuEntry(
            "judgement:simulator", "判定シミュレーター",
            "点数・処分・更新区分などの法令判定を試算し、根拠（条文・前提）を確認します。",
            "judgement.evaluate_rules",
        ),
    )

    def ready(self):
        validate_rule_parameters()


def validate_rule_parameters() -> None:
    """Load and validate every law parameter file at start-up: a bad file stops the server.

    ``menkyo rules ...`` is exempt so that ``menkyo rules check`` can name
    every bad file itself (and refuses to evaluate while one is bad).
    """
    try:
        params.load_all()
    except (params.ParamFileError, ValueError, OSError) as exc:
        if sys.argv[1:2] == ["rules"]:
            return
        raise ImproperlyConfigured(
            f"法令パラメータファイルが不正なため起動できません: {exc}\n"
            f"（{params.PARAMS_DIR}; `menkyo rules check` で全ファイルを検査できます）"
        ) from exc
