"""The monthly 更新連絡書 (法第101条第3項; 規程第56条第2項): select, compute, render, write the mail file.

法第101条第3項 obliges the 公安委員会 to send every holder a notice of the renewal window and
what the renewal needs, saying so when the holder will be a 優良運転者; 規程第56条第2項 stops it
for the dead once their deletion is registered. The law fixes no send date: the months the batch
covers come from the law engine's ``renewal_notice_schedule`` (UNCONFIRMED practice).

A batch (:class:`~menkyo.notices.models.NoticeBatch`) for a prefecture and month M:

1. **Selects** the current licences (有効・停止中) of the prefecture expiring in M+2 — their
   window opens in M — for the 更新連絡書, and those expiring in M+6 whose holder the engine
   finds needs the 高齢者講習 (70+) for the 高齢者講習等のお知らせ. Revoked, lapsed, returned and
   deleted (dead) licences are counted and skipped. Each notice keeps what the law engine
   computed for an application on the first day of the window (:func:`menkyo.rules.renewal_notice`).
   One expiry day is one transaction, so a crash loses at most the day in progress, and a rerun
   continues after the last day done.
2. **Renders** the notices as PDF parts of :data:`PART_SIZE` postcards, in parallel worker
   processes when asked; a part already rendered is not rendered again.
3. **Writes the mail file** (発送データ, CSV: the address side of every card, in part and page
   order) for the mailing house, and finishes.

The batch is audited as a batch: its start, each run, the end of the selection (with the
counts), each PDF part and the end — never one event per holder, and never names in the events.
"""

import csv
import hashlib
import os
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from multiprocessing import get_context
from pathlib import Path

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import Count
from django.utils import timezone
from django_tasks import task

from menkyo import rules
from menkyo.audit.recorder import record
from menkyo.core import legal
from menkyo.core.actors import SystemActor
from menkyo.core.errors import Conflict, InvalidInput, NotFound
from menkyo.core.http import csv_cell
from menkyo.core.legal import procedure
from menkyo.core.models import Prefecture
from menkyo.core.permissions import authorize
from menkyo.core.wareki import wareki_month
from menkyo.documents.forms import NoticeCard, RenewalNotices
from menkyo.documents.rendering import Pdf, render_pdf
from menkyo.documents.services import record_rendering
from menkyo.gaiji.fonts import GaijiFont
from menkyo.gaiji.services import current_font
from menkyo.notices.actions import Action
from menkyo.notices.models import (
    BATCH,
    BatchState,
    NoticeBatch,
    NoticeKind,
    NoticePart,
    RenewalNotice,
)
from menkyo.notices.permissions import LIST_BATCHES, RUN_BATCH, VIEW_BATCHES
from menkyo.registry.models import CURRENT_STATUSES, Licence, LicenceKindHeld
from menkyo.rules.dates import add_years, months_after
from menkyo.rules.errors import RulesError
from menkyo.rules.notices import notice_schedule
from menkyo.violations.services import register_events_of

#: Postcards per PDF part: a part renders in well under a minute and prints as one job.
PART_SIZE = 500
#: Licences read and inserted per statement inside one expiry day.
CHUNK = 2000
#: A batch may be made for this month, the month before (a late run) and up to this many ahead.
MONTHS_AHEAD = 6

LECTURES = {"優良": "優良運転者講習", "一般": "一般運転者講習", "違反": "違反運転者講習", "初回": "初回更新者講習"}
REQUIREMENTS = {"elderly_course": "高齢者講習", "cognitive_test": "認知機能検査", "driving_skill_test": "運転技能検査"}
#: What is kept of the law engine's answer on each notice (the trace is not: it is recomputed).
SNAPSHOT_KEYS = ("driver_class", "validity_years", "new_expiry", "colour", "lecture_minutes", "requires",
                 "elderly_course_minutes", "online_lecture_allowed", "via_renewal", "fees", "specific_birthday",
                 "reference_date")
#: Japanese for the reasons a licence got no notice (the batch page shows the counts).
SKIP_REASONS = {
    "revoked": "取消", "lapsed": "失効", "surrendered": "返納", "deceased": "死亡等抹消（規程第56条第2項）",
    "not_elderly": "高齢者講習の対象外", "window_elsewhere": "更新期間の開始が対象月でない",
    "engine_error": "記録の不整合（更新期間を計算できない）", "already_notified": "通知済み",
}


# --- starting and reading ------------------------------------------------------------------


def first_of_month(text_or_day) -> date:
    """The first day of the month given as ``2027-01`` (or a date); a specific Japanese error otherwise."""
    if isinstance(text_or_day, date):
        return text_or_day.replace(day=1)
    text = str(text_or_day or "").strip()
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise InvalidInput(f"対象月「{text[:20]}」は「2027-01」の形（西暦の年-月）で入力してください。",
                           field="month") from None


@procedure(legal.KITEI_56_2, rule=RUN_BATCH.name)
def start_batch(actor, month, *, prefecture: str | None = None) -> NoticeBatch:
    """Start the notices of ``month`` for the actor's prefecture (a system actor names one).

    A month already started is returned as it is (a batch is made once per prefecture and month);
    a month before last month or more than :data:`MONTHS_AHEAD` ahead is refused.
    """
    month = first_of_month(month)
    code = prefecture or actor.prefecture_id
    if not Prefecture.objects.filter(code=code).exists():
        raise InvalidInput(f"都道府県コード「{str(code)[:8]}」はありません。", field="prefecture")
    authorize(actor, RUN_BATCH.name, NoticeBatch(prefecture_id=code), action=Action.BATCH_START)
    this_month = timezone.localdate().replace(day=1)
    if not months_after(this_month, -1) <= month <= months_after(this_month, MONTHS_AHEAD):
        raise InvalidInput(
            f"対象月は{wareki_month(months_after(this_month, -1))}から"
            f"{wareki_month(months_after(this_month, MONTHS_AHEAD))}までの月を指定してください。", field="month")
    with transaction.atomic():
        batch, created = NoticeBatch.objects.get_or_create(
            prefecture_id=code, month=month, defaults={"started_by": actor.actor_name})
        if created:
            record(actor, Action.BATCH_START, object_type="noticebatch", object_id=batch.pk,
                   subject_prefecture=code, detail={"month": f"{month:%Y-%m}",
                                                    "legal_basis": str(legal.KITEI_56_2)})
    return batch


def batches(actor) -> list[NoticeBatch]:
    """The batches of the actor's prefecture, newest month first (counts only: no personal data)."""
    authorize(actor, LIST_BATCHES.name, action=Action.BATCH_LIST)
    return list(NoticeBatch.objects.visible_to(actor).annotate(parts_done=Count("parts"))[:36])


def get_batch(actor, batch_id: int) -> NoticeBatch:
    """One batch with its progress (``parts_done``), if the actor may see it."""
    batch = NoticeBatch.objects.annotate(parts_done=Count("parts")).filter(pk=batch_id).first()
    if batch is None:
        raise NotFound("その更新連絡書の作成はありません。")
    authorize(actor, VIEW_BATCHES.name, batch, action=Action.BATCH_READ)
    return batch


def skipped_labels(batch: NoticeBatch) -> list[tuple[str, int]]:
    """The skipped counts in Japanese, largest first."""
    skipped = batch.counts.get("skipped", {})
    return [(SKIP_REASONS.get(code, code), n) for code, n in sorted(skipped.items(), key=lambda kv: -kv[1])]


# --- running ---------------------------------------------------------------------------------


@dataclass
class Progress:
    """What a run reports as it goes (the command prints it; the page reads the batch row)."""

    phase: str  # select | render | mail
    done: int
    total: int


def run_batch(actor, batch_id: int, *, workers: int = 1, report=None) -> NoticeBatch:
    """Do whatever is left of the batch: select, render, write the mail file, finish (restartable)."""
    batch = NoticeBatch.objects.get(pk=batch_id)
    authorize(actor, RUN_BATCH.name, batch, action=Action.BATCH_RUN)
    record(actor, Action.BATCH_RUN, object_type="noticebatch", object_id=batch.pk,
           subject_prefecture=batch.prefecture_id,
           detail={"state": batch.state, "renewal_through": str(batch.renewal_through or ""),
                   "elderly_through": str(batch.elderly_through or ""), "workers": workers})
    report = report or (lambda progress: None)
    if batch.state == BatchState.SELECTING:
        select_notices(actor, batch, report=report)
    if batch.state == BatchState.RENDERING:
        render_parts(actor, batch, workers=workers, report=report)
        digest = write_mail_file(batch)
        report(Progress("mail", 1, 1))
        BATCH.apply(actor, batch, "finish", reason=f"PDF {batch.parts_total}分冊・発送データ作成",
                    finished_at=timezone.now(), mail_file_sha256=digest)
    return batch


@task()
def run_batch_task(batch_id: int) -> dict:
    """The batch as a background task for ``menkyo worker`` (queued from the page and the API)."""
    batch = run_batch(SystemActor("task:notices.batch"), batch_id)
    return {"batch": batch.pk, "state": batch.state, "parts": batch.parts_total}


# --- 1. selection ----------------------------------------------------------------------------


def expiry_days(batch: NoticeBatch, kind: str) -> list[date]:
    """The expiry days whose licences the batch notifies with ``kind`` (a whole calendar month)."""
    schedule = notice_schedule(batch.month)
    ahead = (schedule.renewal_expiry_months_ahead if kind == NoticeKind.RENEWAL
             else schedule.elderly_expiry_months_ahead)
    first = months_after(batch.month, ahead)
    last = months_after(first, 1) - timedelta(days=1)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def select_notices(actor, batch: NoticeBatch, *, report=None) -> None:
    """Write the notices day by day after the last day done, then move the batch to rendering."""
    report = report or (lambda progress: None)
    plan = [(kind, day) for kind in (NoticeKind.RENEWAL, NoticeKind.ELDERLY) for day in expiry_days(batch, kind)]
    for done, (kind, day) in enumerate(plan, 1):
        select_day(batch, kind, day)
        report(Progress("select", done, len(plan)))
    batch.refresh_from_db()
    parts = plan_parts(batch)
    counts = batch.counts
    BATCH.apply(actor, batch, "selected", parts_total=len(parts),
                reason=f"更新連絡書 {counts.get('renewal', 0)}件・お知らせ {counts.get('elderly', 0)}件・"
                       f"除外 {sum(counts.get('skipped', {}).values())}件")


def select_day(batch: NoticeBatch, kind: str, day: date) -> None:
    """Write the ``kind`` notices of the licences expiring on ``day``, in one transaction, once."""
    through_field = f"{kind}_through"
    with transaction.atomic():
        locked = NoticeBatch.objects.select_for_update().get(pk=batch.pk)
        through = getattr(locked, through_field)
        if through is not None and through >= day:
            return  # done by an earlier run
        notices, skipped = Counter(), Counter()
        for chunk in _licences_expiring(locked, kind, day):
            made, reasons = _notices_for(locked, kind, chunk)
            RenewalNotice.objects.bulk_create(made, batch_size=CHUNK)
            notices[kind] += len(made)
            skipped.update(reasons)
        counts = locked.counts
        counts[kind] = counts.get(kind, 0) + notices[kind]
        counts["skipped"] = dict(Counter(counts.get("skipped", {})) + skipped)
        setattr(locked, through_field, day)
        locked.save(update_fields=[through_field, "counts"])
    batch.counts, batch.renewal_through, batch.elderly_through = (
        locked.counts, locked.renewal_through, locked.elderly_through)


def _licences_expiring(batch: NoticeBatch, kind: str, day: date):
    """Chunks of the prefecture's licences printed to expire on ``day`` (the elderly: 69 and over)."""
    found = Licence.objects.filter(home_prefecture_id=batch.prefecture_id, expiry_date=day)
    if kind == NoticeKind.ELDERLY:
        found = found.filter(person__birth_date__lte=add_years(day, -69))
    rows = list(found.order_by("id").values(
        "id", "number", "status", "expiry_date", "holding_form", "person_id", "person__birth_date",
        "home_commission__name"))
    for start in range(0, len(rows), CHUNK):
        yield rows[start:start + CHUNK]


def _notices_for(batch: NoticeBatch, kind: str, rows: list[dict]) -> tuple[list[RenewalNotice], Counter]:
    """The notices for one chunk of licences, and why the others get none."""
    skipped: Counter = Counter()
    current = [row for row in rows if row["status"] in CURRENT_STATUSES]
    skipped.update(row["status"] for row in rows if row["status"] not in CURRENT_STATUSES)
    ids = [row["id"] for row in current]
    notified = set(RenewalNotice.objects.filter(licence_id__in=ids, kind=kind).filter(
        expiry_date__in={row["expiry_date"] for row in current}).values_list("licence_id", flat=True))
    kinds: dict[int, list[dict]] = {}
    for held in LicenceKindHeld.objects.filter(licence_id__in=ids).values("licence_id", "kind_id", "acquired_on"):
        kinds.setdefault(held["licence_id"], []).append(
            {"kind": held["kind_id"], "acquired": held["acquired_on"].isoformat()})
    records = register_events_of([row["person_id"] for row in current if row["id"] not in notified])
    made = []
    for row in current:
        if row["id"] in notified:
            skipped["already_notified"] += 1
            continue
        notice, reason = _notice(batch, kind, row, kinds.get(row["id"], []), records.get(row["person_id"], []))
        if notice is None:
            skipped[reason] += 1
        else:
            made.append(notice)
    return made, skipped


def _notice(batch: NoticeBatch, kind: str, row: dict, kinds: list[dict], events: list[dict]
            ) -> tuple[RenewalNotice | None, str]:
    """One licence's notice from the law engine, judged on the holder's record in the register
    (``events``: whether the notice may say 優良運転者, 法第101条第3項), or the reason it gets none."""
    try:
        answer = rules.renewal_notice({
            "birth_date": row["person__birth_date"].isoformat(), "current_expiry": row["expiry_date"].isoformat(),
            "licences": kinds, "events": events, "holding_form": row["holding_form"],
            "prefecture": batch.prefecture_id,
        })
    except RulesError:
        return None, "engine_error"
    window_start = date.fromisoformat(answer["renewal_window"]["start"])
    if kind == NoticeKind.RENEWAL and window_start.replace(day=1) != batch.month:
        return None, "window_elsewhere"
    if kind == NoticeKind.ELDERLY and not any(answer["requires"].values()):
        return None, "not_elderly"
    return RenewalNotice(
        batch=batch, kind=kind, licence_id=row["id"], person_id=row["person_id"], expiry_date=row["expiry_date"],
        window_start=window_start, window_end=date.fromisoformat(answer["renewal_window"]["end"]),
        snapshot={key: answer[key] for key in SNAPSHOT_KEYS if key in answer},
    ), ""


# --- 2. PDF parts ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PartPlan:
    number: int
    kind: str
    first_id: int
    last_id: int


def plan_parts(batch: NoticeBatch) -> list[PartPlan]:
    """The batch's notices in parts of :data:`PART_SIZE`, per kind, in id order (fixed once selected)."""
    parts: list[PartPlan] = []
    for kind in (NoticeKind.RENEWAL, NoticeKind.ELDERLY):
        ids = list(RenewalNotice.objects.filter(batch=batch, kind=kind).order_by("id").values_list("id", flat=True))
        for start in range(0, len(ids), PART_SIZE):
            chunk = ids[start:start + PART_SIZE]
            parts.append(PartPlan(len(parts) + 1, kind, chunk[0], chunk[-1]))
    return parts


def batch_dir(batch: NoticeBatch) -> Path:
    """Where the batch's PDFs and mail file are written (personal data: owner-only)."""
    path = Path(settings.MENKYO["NOTICES_DIR"]) / f"{batch.prefecture_id}-{batch.month:%Y-%m}"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def part_path(batch: NoticeBatch, number: int) -> Path:
    return batch_dir(batch) / f"part-{number:04d}.pdf"


def render_parts(actor, batch: NoticeBatch, *, workers: int = 1, report=None) -> None:
    """Render every part not yet rendered; ``workers`` > 1 renders in that many processes, with at
    most two parts a process in flight (a month's forms are never all in memory)."""
    report = report or (lambda progress: None)
    done = set(batch.parts.values_list("number", flat=True))
    todo = [plan for plan in plan_parts(batch) if plan.number not in done]
    gaiji = FixedFont(current_font())  # read here: the rendering processes never touch the database
    finished = len(done)

    def kept(plan: PartPlan, form: RenewalNotices | None, pdf: Pdf | None) -> None:
        nonlocal finished
        keep_part(actor, batch, plan, form, pdf)
        finished += 1
        report(Progress("render", finished, batch.parts_total))

    if workers <= 1:
        for plan in todo:
            form = notice_form(batch, plan)
            kept(plan, form, render_pdf(form, gaiji=gaiji) if form else None)
        return
    if not connection.in_atomic_block:
        connections.close_all()  # the children must not inherit the parent's database connections
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
        flight: deque = deque()
        for plan in todo:
            form = notice_form(batch, plan)
            flight.append((plan, form, pool.submit(render_pdf, form, gaiji=gaiji) if form else None))
            while len(flight) >= 2 * workers:
                plan_, form_, future = flight.popleft()
                kept(plan_, form_, future.result() if future else None)
        for plan_, form_, future in flight:
            kept(plan_, form_, future.result() if future else None)


@dataclass(frozen=True)
class FixedFont:
    """The 外字 font read once by the batch, handed to every rendering (picklable, unlike a lambda)."""

    font: GaijiFont

    def __call__(self) -> GaijiFont:
        return self.font


def notice_form(batch: NoticeBatch, plan: PartPlan) -> RenewalNotices | None:
    """The PDF form of one part: a postcard per notice still to be mailed (None: none is)."""
    cards = [notice_card(notice) for notice in printable(batch, plan).select_related("person",
                                                                                     "licence__home_commission")]
    if not cards:
        return None
    return RenewalNotices(part_key=f"{batch.prefecture_id}-{batch.month:%Y-%m}-{plan.number:04d}", cards=cards)


def printable(batch: NoticeBatch, plan: PartPlan):
    """The part's notices still to be mailed: a licence deleted since (a death, 規程第56条第2項) or
    no longer current (取消・返納) is left out of the PDF and the mail file."""
    return RenewalNotice.objects.filter(batch=batch, kind=plan.kind, id__gte=plan.first_id, id__lte=plan.last_id,
                                        licence__status__in=CURRENT_STATUSES).order_by("id")


def notice_card(notice: RenewalNotice) -> NoticeCard:
    """What one postcard prints, from the notice's snapshot."""
    snapshot, person = notice.snapshot, notice.person
    requires = snapshot.get("requires", {})
    if requires.get("elderly_course"):
        lecture = f"高齢者講習（{snapshot.get('elderly_course_minutes', 0)}分）"
    else:
        lecture = f"{LECTURES.get(snapshot.get('driver_class'), '更新時講習')}（{snapshot.get('lecture_minutes', 0)}分）"
    return NoticeCard(
        elderly=notice.kind == NoticeKind.ELDERLY, issuer=notice.licence.home_commission.name,
        postal_code=person.postal_code, address=person.address, name=person.name,
        licence_number=notice.licence.number, window_start=notice.window_start, window_end=notice.window_end,
        lecture=lecture, good_driver=snapshot.get("driver_class") == "優良",
        fee=(snapshot.get("fees") or {}).get("total"),
        via_allowed=bool((snapshot.get("via_renewal") or {}).get("allowed")),
        online_lecture=bool(snapshot.get("online_lecture_allowed")),
        requirements=[label for key, label in REQUIREMENTS.items() if requires.get(key)],
    )


def keep_part(actor, batch: NoticeBatch, plan: PartPlan, form: RenewalNotices | None,
              pdf: Pdf | None) -> None:
    """Write a rendered part to its file and record it (row and audit event in one transaction); a
    part whose every notice was stopped since the selection is recorded with no pages and no file."""
    if form is None or pdf is None:
        NoticePart.objects.create(batch=batch, number=plan.number, kind=plan.kind, first_id=plan.first_id,
                                  last_id=plan.last_id, pages=0, sha256="")
        return
    _write_private(part_path(batch, plan.number), pdf.content)
    with transaction.atomic():
        rendered = record_rendering(actor, form, pdf, object_type="noticebatch", object_id=batch.pk,
                                    subject_prefecture=batch.prefecture_id)
        NoticePart.objects.create(batch=batch, number=plan.number, kind=plan.kind, first_id=plan.first_id,
                                  last_id=plan.last_id, pages=pdf.pages, sha256=rendered.sha256)


# --- 3. the mail file ------------------------------------------------------------------------

MAIL_COLUMNS = ("通番", "種別", "分冊", "頁", "郵便番号", "住所", "氏名", "免許証番号", "更新期間の初日", "更新期間の末日")


def mail_path(batch: NoticeBatch) -> Path:
    return batch_dir(batch) / "mail.csv"


def write_mail_file(batch: NoticeBatch) -> str:
    """The 発送データ (UTF-8 CSV with a BOM, names exactly as registered, no cell read as a formula),
    in part and page order; its SHA-256."""
    path = mail_path(batch)
    temporary = path.with_suffix(".tmp")
    serial = 0
    with open(_private(temporary), "w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out)
        writer.writerow(MAIL_COLUMNS)
        for part in batch.parts.order_by("number"):
            rows = (printable(batch, part)
                    .values_list("person__postal_code", "person__address", "person__name",
                                                "licence__number", "window_start", "window_end"))
            for page, (postal, address, name, number, start, end) in enumerate(rows.iterator(chunk_size=CHUNK), 1):
                serial += 1
                writer.writerow([csv_cell(cell) for cell in (
                    serial, NoticeKind(part.kind).label, part.number, page, postal, address, name, number,
                    start.isoformat(), end.isoformat())])
    os.replace(temporary, path)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _private(path: Path) -> Path:
    """``path`` created owner-read/write only (it holds names and addresses)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    return path


def _write_private(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` atomically (a crash leaves the old file or none), owner-only."""
    temporary = path.with_suffix(".tmp")
    _private(temporary).write_bytes(content)
    os.replace(temporary, path)


# --- downloads -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Download:
    filename: str  # Japanese, for browsers that read filename*
    ascii_filename: str
    content_type: str
    content: bytes


def mail_file(actor, batch_id: int) -> Download:
    """The finished batch's mail file (audited: it names every addressee)."""
    batch = _finished(actor, batch_id, Action.MAIL_FILE_READ)
    content = mail_path(batch).read_bytes()
    record(actor, Action.MAIL_FILE_READ, object_type="noticebatch", object_id=batch.pk,
           subject_prefecture=batch.prefecture_id, detail={"sha256": hashlib.sha256(content).hexdigest()})
    key = f"{batch.prefecture_id}-{batch.month:%Y-%m}"
    return Download(f"更新連絡書発送データ-{key}.csv", f"renewal-notices-mail-{key}.csv", "text/csv; charset=utf-8",
                    content)


def part_pdf(actor, batch_id: int, number: int) -> Download:
    """One rendered part of the batch (audited)."""
    batch = _finished(actor, batch_id, Action.PART_READ, done=False)
    part = batch.parts.filter(number=number).first()
    if part is None:
        raise NotFound(f"分冊{number}はまだ作成されていません。")
    if not part.pages:
        raise NotFound(f"分冊{number}は全件が発送停止（死亡等）となったため、PDFはありません。")
    content = part_path(batch, number).read_bytes()
    record(actor, Action.PART_READ, object_type="noticebatch", object_id=batch.pk,
           subject_prefecture=batch.prefecture_id, detail={"part": number, "sha256": part.sha256})
    key = f"{batch.prefecture_id}-{batch.month:%Y-%m}-{number:04d}"
    return Download(f"更新連絡書-{key}.pdf", f"renewal-notices-{key}.pdf", "application/pdf", content)


def _finished(actor, batch_id: int, action: str, *, done: bool = True) -> NoticeBatch:
    batch = NoticeBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        raise NotFound("その更新連絡書の作成はありません。")
    authorize(actor, RUN_BATCH.name, batch, action=action)
    if done and batch.state != BatchState.DONE:
        raise Conflict("発送データは作成の完了後に出力できます。", field="state", code="batch_not_done")
    return batch
