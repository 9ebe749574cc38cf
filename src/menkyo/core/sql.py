"""Plain SQL for the few statements on the inquiry's hot path (docs/adr/0012-inquiry-hot-path.md).

On the development machine's cores Django builds a statement in 1–1.7 ms of Python; the
indexed lookup it runs costs PostgreSQL about 0.2 ms. So the statements every inquiry runs (the
holder search, the stored inquiry, the audit append) are written out by hand instead.
Values still go through the fields' own conversions: ``get_db_prep_save`` on the way in,
the backend's and the field's converters on the way out. A row written or read here is the
row the ORM would write or read, on SQLite and on PostgreSQL.

On PostgreSQL these statements are also prepared (:func:`cursor`): parsed and planned once per
connection instead of on every inquiry.
"""

import sys

from django.conf import settings
from django.db import connections
from django.db.models import Model

_made: dict = {}


def once(key: tuple, make):
    """``make()`` the first time ``key`` is asked for in this process: SQL text and converters depend
    only on the database alias and the model, and building them costs more than the lookups."""
    if key not in _made:
        _made[key] = make()
    return _made[key]


def cursor(connection):
    """A cursor for the hot path's statements; on PostgreSQL one that prepares what it runs.

    Django binds parameters on the client (the statement goes out as text with the values in it),
    so PostgreSQL parses and plans every statement again; it does so to keep transaction-pooling
    connection poolers working. This cursor binds on the server and prepares each statement the
    first time the connection runs it (``execute(…, prepare=True)``), so PostgreSQL reuses the
    parse and, once it settles on a generic plan, the plan. It is still Django's cursor wrapper:
    errors, ``execute_wrapper`` and query logging behave as with ``connection.cursor()``.
    ``MENKYO_PG_PREPARE=0`` (a transaction-pooling pooler) gives ``connection.cursor()``.
    """
    if connection.vendor != "postgresql" or not settings.MENKYO_PG_PREPARE:
        return connection.cursor()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = connection.connection
    if raw.prepare_threshold is None:  # Django's None turns preparing off; this prepares only when asked
        raw.prepare_threshold = sys.maxsize
    prepared, logged = once(("prepared",), _prepared_cursor_classes)
    return logged(prepared(raw), connection) if connection.queries_logged else connection.make_cursor(prepared(raw))


def _prepared_cursor_classes():
    # Imported here: psycopg is needed only with PostgreSQL.
    from django.db.backends.postgresql.base import CursorDebugWrapper, ServerBindingCursor
    from django.db.backends.utils import CursorWrapper

    class PreparedCursor(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=True, binary=None):
            return super().execute(query, params, prepare=prepare, binary=binary)

    class LoggedPreparedCursor(CursorDebugWrapper):
        """Logs the statement as written: psycopg keeps no text of a prepared statement it runs,
        and Django would log ``None`` (``connection.queries``, ``assertNumQueries`` messages)."""

        def execute(self, sql, params=None):
            with self.debug_sql(sql, params):
                return CursorWrapper.execute(self, sql, params)

    return PreparedCursor, LoggedPreparedCursor


def table(connection, model: type[Model]) -> str:
    """The model's table name, quoted for ``connection``."""
    return connection.ops.quote_name(model._meta.db_table)


def columns(connection, model: type[Model], alias: str) -> str:
    """Every concrete column of ``model`` as ``alias."column"``, in field order (what :class:`Reader` reads)."""
    return once(("columns", connection.alias, model, alias), lambda: ", ".join(
        f"{alias}.{connection.ops.quote_name(f.column)}" for f in model._meta.concrete_fields))


class Reader:
    """Model instances from the :func:`columns` of one model in a plain-SQL row.

    ``Reader.of(connection, Person)(row, start)`` converts ``row[start:start + width]`` as the
    ORM would (dates on SQLite, JSON on both) and returns a saved ``Person``.
    """

    @classmethod
    def of(cls, connection, model: type[Model]) -> "Reader":
        """The reader of ``model`` for ``connection``'s alias (made once per process)."""
        return once(("reader", connection.alias, model), lambda: cls(connection, model))

    def __init__(self, connection, model: type[Model]):
        self.alias, self.model = connection.alias, model
        fields = model._meta.concrete_fields
        self.width = len(fields)
        self.converters = []
        for position, field in enumerate(fields):
            column = field.get_col(model._meta.db_table)
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if found:
                self.converters.append((position, found, column))

    def __call__(self, row, start: int = 0) -> Model:
        values = list(row[start:start + self.width])
        connection = connections[self.alias]
        for position, converters, column in self.converters:
            for convert in converters:
                values[position] = convert(values[position], column, connection)
        return self.model.from_db(self.alias, None, values)


def insert(connection, objs: list[Model]) -> tuple[str, list]:
    """``INSERT INTO … VALUES (…), (…)`` of new instances of one model, and its parameters.

    The primary key is left to the database (append ``RETURNING`` to get it). Each value
    is what ``save()`` would write: ``pre_save`` (``auto_now_add`` sets the instance's field
    too), then ``get_db_prep_save``. Fields with a ``db_default`` are not handled (none of
    the models written this way has one).
    """
    model = type(objs[0])
    fields = _written(model)
    params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for obj in objs for f in fields]
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    return f"{_into(connection, model, fields)} VALUES {', '.join([row] * len(objs))}", params


def copy(connection, objs: list[Model]) -> None:
    """Write new instances of one model with ``COPY … FROM STDIN`` (PostgreSQL): the values as
    :func:`insert` writes them, without a statement to parse or values to quote into it — the cheap
    way to write thousands of rows. No primary keys come back (read them by another unique column)."""
    model = type(objs[0])
    fields = _written(model)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as wrapper, wrapper.cursor.copy(f"COPY {table(connection, model)} ({columns}) FROM STDIN") as out:
        for obj in objs:
            out.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])


def insert_select(connection, obj: Model, computed: dict, source: str) -> tuple[str, list]:
    """``INSERT INTO … SELECT … FROM source`` of one new instance whose ``computed`` columns are SQL.

    ``computed`` maps column names to expressions over ``source`` (another statement's rows in a
    ``WITH``, say), or to ``(expression, parameters)``; every other column is the instance's value
    as :func:`insert` writes it. Parameters of ``source`` go after the returned ones.
    """
    values, params = [], []
    for f in _written(type(obj)):
        expression = computed.get(f.column)
        if expression is None:
            values.append("%s")
            params.append(f.get_db_prep_save(f.pre_save(obj, True), connection))
        elif isinstance(expression, tuple):
            values.append(expression[0])
            params += expression[1]
        else:
            values.append(expression)
    return f"{_into(connection, type(obj), _written(type(obj)))} SELECT {', '.join(values)} FROM {source}", params


def _written(model: type[Model]) -> list:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _into(connection, model: type[Model], fields: list) -> str:
    return once(("into", connection.alias, model), lambda: "INSERT INTO {} ({})".format(
        table(connection, model), ", ".join(connection.ops.quote_name(f.column) for f in fields)))


def saved(obj: Model, pk, connection) -> Model:
    """Mark a new instance written by :func:`insert` as saved with the primary key the database gave it."""
    obj.pk = pk
    obj._state.adding, obj._state.db = False, connection.alias
    return obj
