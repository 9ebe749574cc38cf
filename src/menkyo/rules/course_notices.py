"""講習・再試験の通知 (procedures.md A.6): by when the person must attend, and what follows if not.

Four notices follow an assessment: 違反者講習 (法第102条の2; instead of a 30-day 停止, law-rules §3.5),
初心運転者講習 (初心運転者期間の基準該当, §4.1), 若年運転者講習 (受験資格特例, §4.2) and 再試験 (法第100条の3,
after the 初心運転者講習 was not taken or the criterion was met again). Each must be attended (taken)
within **1 month** of receiving the notice; the period is counted from the day after receipt (民法第140条;
stated for 再試験 [P21], assumed for the others — ``params/course_notices.yaml``), so it ends on the
corresponding day of the next month (民法第143条; the month's last day when there is none). When the
day of receipt is not known, the day the notice was sent is used: an assumption stated in the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from menkyo.rules import params
from menkyo.rules.dates import months_after
from menkyo.rules.errors import RulesError

KINDS = ("violator_course", "probationary_course", "young_driver_course", "retest")
SENT_DAY_NOTE = "受領日が記録されていないため、発送日を受領日とみなして期限を計算した"


@dataclass(frozen=True, slots=True)
class CourseDeadline:
    """The last day to attend (take the test) and why."""

    kind: str
    deadline: date
    months: int
    law: str  # the article the notice is given under
    if_not_taken: str  # what follows when the person does not attend
    counted_from: date  # the day of receipt (or of sending, when receipt is not known)
    reference: str
    assumption: bool
    notes: tuple[str, ...]  # the assumptions taken for this kind, to show with the deadline


def course_deadline(kind: str, sent_on: date, received_on: date | None = None) -> CourseDeadline:
    """The deadline of a ``kind`` notice sent on ``sent_on`` (received on ``received_on`` when known)."""
    if kind not in KINDS:
        raise RulesError("invalid_value", f"kind は {', '.join(KINDS)} のいずれかです（入力: {kind!r}）。", "kind")
    if received_on is not None and received_on < sent_on:
        raise RulesError("invalid_value", f"受領日 {received_on.isoformat()} が発送日 {sent_on.isoformat()} より前です。",
                         "received_on")
    entry = params.in_force("course_notices", sent_on)
    rule = entry.value.get(kind)
    if rule is None:
        raise RulesError("no_table_in_force", f"{sent_on.isoformat()} にはこの講習（{kind}）の制度がありません。",
                         "sent_on")
    start = received_on or sent_on
    months = int(rule["months"])
    notes = [SENT_DAY_NOTE] if received_on is None else []
    if rule.get("note"):
        notes.append(str(rule["note"]))
    return CourseDeadline(kind, months_after(start, months), months, str(rule["law"]), str(rule["if_not_taken"]),
                          start, entry.reference, bool(notes), tuple(notes))


#: 道路交通法第100条の3第1項 (law-rules §4.1 「Re-test (再試験): required if the driver does not take the course」
#: [S55, S54]): the notice a course not taken by its deadline leads to. Only the 初心運転者講習 leads to another
#: notice — the 再試験, held after the 初心運転者期間; a missed 違反者講習 or 若年運転者講習 leads to a disposition
#: (``if_not_taken`` above), not to a notice.
NOTICE_AFTER_MISSED: dict[str, str] = {"probationary_course": "retest"}


def notice_after_missed(kind: str) -> str | None:
    """The kind of notice the law prescribes once a ``kind`` course notice's deadline has passed without the
    course taken (期限経過): ``"retest"`` after a 初心運転者講習 (法第100条の3第1項), else ``None``."""
    return NOTICE_AFTER_MISSED.get(kind)
