"""The one error of the law engine: precise, structured, never a traceback."""


class RulesError(ValueError):
    """Bad input or a question the law tables cannot answer.

    ``code`` is stable (``unknown_violation``, ``malformed_date``,
    ``no_table_in_force``, ``event_after_as_of`` …), ``message`` is Japanese
    for staff, ``path`` points into the input (``events[3].code``).
    """

    def __init__(self, code: str, message: str, path: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.path = path

    def as_dict(self) -> dict[str, dict[str, str | None]]:
        return {"error": {"code": self.code, "message": self.message, "path": self.path}}
