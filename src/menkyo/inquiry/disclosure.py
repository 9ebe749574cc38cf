"""What an inquiry answer (照会, 規程第45条) discloses, by 照会事由 and by the inquirer's role.

One declarative table in two columns that are intersected: a section is disclosed when the
purpose needs it (:data:`BY_PURPOSE`) **and** one of the inquirer's roles may see it
(:data:`BY_ROLE`). The licence itself — existence, status (有効/停止中/取消/失効/返納…), kinds,
expiry and conditions — is always answered (:data:`ALWAYS`): that is what 規程第45条第2項 answers
from the 免許資料, and every purpose needs it.

Why (docs/operations.md, "What an inquiry answer shows"):

- **history** (registry ``HistoryEvent``): for 捜査, 行政処分, 申請取消 and 運転経歴証明書 only —
  the purposes that judge or certify the holder's past;
- **points**, **open dispositions**, **欠格期間**: the purposes that decide on a disposition or an
  application (捜査 and 行政処分 all three; 交通取締り, 窓口事務, 申請取消 and 国外免許 the open
  dispositions and 欠格期間 — a licence under disposition cannot be surrendered or used abroad;
  運転経歴証明書 the points and dispositions it certifies). They are in the table now and
  **filled when issue 11 lands** (the register does not hold them yet): until then they are
  answered as ``sections_unavailable``, never with made-up values;
- **alerts** (手配, 規程第46条): to 「照会」「審査」「決定」 for 捜査, 交通取締り and 行政処分 — the
  purposes where the inquirer must act on a hit (出頭命令, 保管, 手配元への連絡, 第45条第3項).
  Anyone else whose answer has a hit learns only that there is one and that they must contact
  their supervisor (:data:`WITHHELD_ALERT`): a counter clerk at 窓口事務 must not process an
  application for a wanted person, nor learn what the 手配 is. The hit is recorded and notified
  either way (第46条第4項).

「窓口」 never sees points or alert details; 「審査」「決定」「照会」 see whatever the purpose allows.
A shell command (system actor) sees everything the purpose allows.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from menkyo.core.actors import is_system
from menkyo.core.models import Role
from menkyo.registry.purposes import ReadPurpose


class Section(StrEnum):
    STATUS = "status"
    KINDS = "kinds"
    EXPIRY = "expiry"
    CONDITIONS = "conditions"
    HISTORY = "history"
    POINTS = "points"
    OPEN_DISPOSITIONS = "open_dispositions"
    DISQUALIFICATION = "disqualification"
    ALERTS = "alerts"


S = Section
LABELS = {
    S.STATUS: "状態", S.KINDS: "種類", S.EXPIRY: "有効期間", S.CONDITIONS: "条件等", S.HISTORY: "履歴",
    S.POINTS: "累積点数", S.OPEN_DISPOSITIONS: "未執行・処理中の行政処分", S.DISQUALIFICATION: "欠格期間",
    S.ALERTS: "手配該当の内容",
}
ALWAYS = frozenset({S.STATUS, S.KINDS, S.EXPIRY, S.CONDITIONS})
#: Sections kept by the apps of violations and dispositions, not by the register's own tables.
RECORDED_ELSEWHERE = (S.POINTS, S.OPEN_DISPOSITIONS, S.DISQUALIFICATION)


@dataclass(frozen=True)
class RecordSource:
    """Who fills one section kept elsewhere.

    ``lines(person_ids)`` answers ``{person_id: [Japanese line, …]}`` in one query.
    ``any_sql(on, person)`` is an SQL ``EXISTS`` (and its parameters) over the column ``person``
    that is true whenever ``lines`` could answer a line for that person — it may be true when
    none comes (it only spares the query): the inquiry's search reads it in its own statement, so
    the answer for a holder who has no violations or cases costs no query per section.
    """

    lines: Callable[[list[int]], dict[int, list[str]]]
    any_sql: Callable[..., tuple[str, list]]


#: Who fills them: ``{section: RecordSource}``. The inquiry app registers the violations app's
#: 累積点数 (below it); the dispositions app (above it) registers its own two in its ``ready()``.
RECORDS: dict[Section, RecordSource] = {}

P = ReadPurpose
BY_PURPOSE: dict[ReadPurpose, frozenset[Section]] = {
    P.INVESTIGATION: frozenset({S.HISTORY, S.POINTS, S.OPEN_DISPOSITIONS, S.DISQUALIFICATION, S.ALERTS}),
    P.TRAFFIC_ENFORCEMENT: frozenset({S.OPEN_DISPOSITIONS, S.DISQUALIFICATION, S.ALERTS}),
    P.COUNTER: frozenset({S.OPEN_DISPOSITIONS, S.DISQUALIFICATION}),
    P.ADMINISTRATIVE_DISPOSITION: frozenset({S.HISTORY, S.POINTS, S.OPEN_DISPOSITIONS, S.DISQUALIFICATION,
                                             S.ALERTS}),
    P.CANCELLATION: frozenset({S.HISTORY, S.OPEN_DISPOSITIONS, S.DISQUALIFICATION}),
    P.DRIVING_RECORD_CERTIFICATE: frozenset({S.HISTORY, S.POINTS, S.OPEN_DISPOSITIONS}),
    P.INTERNATIONAL_LICENCE: frozenset({S.OPEN_DISPOSITIONS, S.DISQUALIFICATION}),
    P.DEATH: frozenset(),
    P.OTHER: frozenset(),
}
_ALL = frozenset(Section) - ALWAYS
BY_ROLE: dict[str, frozenset[Section]] = {
    Role.COUNTER: frozenset({S.HISTORY, S.OPEN_DISPOSITIONS, S.DISQUALIFICATION}),
    Role.CASE_OFFICER: _ALL,
    Role.DECISION: _ALL,
    Role.INQUIRY: _ALL,
}
#: What an inquirer who may not see alert details is told when the answer has a hit.
WITHHELD_ALERT = {
    "code": "alert_withheld",
    "message": "この免許者には手配等の登録があります（内容はこの照会では表示できません）。",
    "action": "手続を進める前に上司（審査・決定の担当者）に連絡してください。",
}


@dataclass(frozen=True)
class Disclosure:
    """The sections one answer shows, and those it withholds or cannot fill yet (in table order)."""

    disclosed: frozenset[Section]

    def shows(self, section: Section) -> bool:
        return section in self.disclosed

    @property
    def withheld(self) -> list[str]:
        return [s.value for s in Section if s not in self.disclosed]

    @property
    def unavailable(self) -> list[str]:
        return [s.value for s in RECORDED_ELSEWHERE if s in self.disclosed and s not in RECORDS]

    @property
    def recorded(self) -> list[Section]:
        """The sections kept elsewhere that this answer shows and that a provider fills."""
        return [s for s in RECORDED_ELSEWHERE if s in self.disclosed and s in RECORDS]

    @property
    def withheld_labels(self) -> list[str]:
        return [LABELS[Section(s)] for s in self.withheld]

    @property
    def unavailable_labels(self) -> list[str]:
        return [LABELS[Section(s)] for s in self.unavailable]


def disclosure_for(actor, purpose: str) -> Disclosure:
    """The sections ``actor`` is answered for ``purpose`` (a :class:`ReadPurpose` value)."""
    needed = BY_PURPOSE[ReadPurpose(purpose)]
    if is_system(actor):
        return Disclosure(ALWAYS | needed)
    roles = frozenset().union(*(BY_ROLE.get(r, frozenset()) for r in actor.role_set))
    return Disclosure(ALWAYS | (needed & roles))


def alerts_shown(hits, disclosure: Disclosure) -> list[dict]:
    """The alert entries of one match as the inquirer may see them (``code``, ``message``, ``action`` …).

    Those who may not see alert details get one :data:`WITHHELD_ALERT` entry when there is any hit.
    """
    if not hits:
        return []
    if not disclosure.shows(Section.ALERTS):
        return [dict(WITHHELD_ALERT)]
    return [{"code": h.kind, "message": h.message, "action": h.action, "kind_label": h.kind_label,
             "alert_id": h.alert_id, "requesting_affiliation": h.requesting_affiliation,
             "case_number": h.case_number} for h in hits]


HISTORY_LABELS = {
    "licence.issued": "免許の交付", "provisional.issued": "仮免許の交付",
    "provisional.reissued": "仮免許証の再交付", "provisional.returned": "仮免許証の返納",
    "person.particulars_changed": "記載事項変更",
    "exam.passed": "免許試験の合格", "exam.pass_cancelled": "免許試験の合格の取消し", "exam.barred": "受験停止",
}


def history_label(event_type: str) -> str:
    return HISTORY_LABELS.get(event_type, event_type)
