"""Per-request context (request id, terminal) available to services without passing it around."""

import contextvars
import hashlib
import uuid

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("menkyo_request_id", default="")


def new_request_id() -> str:
    return uuid.uuid4().hex


def set_request_id(value: str) -> contextvars.Token:
    return _request_id.set(value)


def reset_request_id(token: contextvars.Token) -> None:
    _request_id.reset(token)


def current_request_id() -> str:
    return _request_id.get()


# --- the terminal a request came from (照会履歴確認: one account on two terminals, the 佐賀 case) ---

_terminal: contextvars.ContextVar[tuple[str | None, str]] = contextvars.ContextVar(
    "menkyo_terminal", default=(None, ""))


def terminal_id(session_key: str = "", authorization: str = "") -> str:
    """A stable, non-secret name for the terminal session: a hash, never the secret itself.

    A browser session is named by SHA-256 of its session key; an API client by
    SHA-256 of the public part of its bearer token (``mkd_<key_id>``, the part
    before the secret). 32 hex characters; "" when there is neither.
    """
    if session_key:
        source = "session:" + session_key
    elif authorization.startswith("Bearer "):
        token = authorization.removeprefix("Bearer ").strip()
        source = "token:" + token.rpartition("_")[0]  # drop the secret after the last "_"
    else:
        return ""
    return hashlib.sha256(source.encode()).hexdigest()[:32]


def set_terminal(client_address: str | None, terminal: str) -> contextvars.Token:
    return _terminal.set((client_address or None, terminal))


def reset_terminal(token: contextvars.Token) -> None:
    _terminal.reset(token)


def current_terminal() -> tuple[str | None, str]:
    """(client address, terminal id) of the request being served; (None, "") outside a request."""
    return _terminal.get()
