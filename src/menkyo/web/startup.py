"""The server refuses insecure defaults (issue 7): outside debug mode it needs real keys.

Started outside the repository without ``MENKYO_VAR`` (or before ``menkyo keys
init``), menkyo would otherwise run with the Django secret published in this
repository — anyone could forge sessions — and without an audit signing key
— no checkpoint would ever be signed. :func:`refuse_insecure_defaults` runs
when the WSGI application is loaded (``menkyo serve``, any WSGI server).
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from menkyo.audit.checkpoints import get_signer, signing_key_path
from menkyo.core.signing import SigningKeyError


def insecure_defaults() -> list[str]:
    """What is missing for a real server (empty when everything is in place or in debug mode)."""
    if settings.DEBUG:
        return []
    problems = []
    if settings.SECRET_KEY == settings.INSECURE_SECRET_KEY or len(settings.SECRET_KEY) < 32:
        problems.append(
            "no real Django secret: set MENKYO_SECRET_KEY or run `menkyo keys init` "
            f"(MENKYO_VAR is {settings.VAR_DIR})"
        )
    try:
        signer = get_signer()
    except SigningKeyError as exc:
        problems.append(f"the audit signing key is unusable: {exc}")
    else:
        if signer is None:
            problems.append(f"no audit signing key at {signing_key_path()}: run `menkyo keys init` "
                            "or set MENKYO_AUDIT_KEY")
    return problems


def refuse_insecure_defaults() -> None:
    """Raise ImproperlyConfigured naming every problem, so the server does not start."""
    problems = insecure_defaults()
    if problems:
        raise ImproperlyConfigured(
            "menkyo refuses to start (MENKYO_DEBUG=1 allows it for development):\n- " + "\n- ".join(problems)
        )
