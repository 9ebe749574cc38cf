import sys

from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured


class CoreConfig(AppConfig):
    name = "menkyo.core"
    label = "core"
    verbose_name = "共通基盤"

    def ready(self):
        from menkyo.core import audit, recording  # models are ready only now

        recording.install(audit.record)
        validate_rule_parameters()


def validate_rule_parameters() -> None:
    """Load and validate every law parameter file at start-up: a bad file stops the server.

    ``menkyo rules ...`` is exempt so that ``menkyo rules check`` can name
    every bad file itself (and refuses to evaluate while one is bad).
    """
    from menkyo.rules import params

    try:
        params.load_all()
    except (params.ParamFileError, ValueError, OSError) as exc:
        if sys.argv[1:2] == ["rules"]:
            return
        raise ImproperlyConfigured(
            f"法令パラメータファイルが不正なため起動できません: {exc}\n"
            f"（{params.PARAMS_DIR}; `menkyo rules check` で全ファイルを検査できます）"
        ) from exc
