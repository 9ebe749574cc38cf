"""The monthly 更新連絡書 (法第101条第3項; 規程第56条第2項): selection, snapshot, PDF parts, mail file,
restart after a stop, and who may run it."""

import csv
import io
import stat
from datetime import timedelta

import pytest
from django.utils import timezone
from tests.documents.pdf import flat, page_size_mm, pdf_text

from menkyo.audit.models import AuditEvent
from menkyo.core.actors import SystemActor
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.core.wareki import wareki
from menkyo.notices import services
from menkyo.notices.models import BatchState, NoticeBatch, NoticeKind, NoticePart, RenewalNotice
from menkyo.rules.dates import months_after
from menkyo.violations import services as violations

pytestmark = pytest.mark.django_db

BATCH = SystemActor("task:notices.batch")


def run(month, **kwargs):
    batch = services.start_batch(BATCH, month, prefecture="28")
    return services.run_batch(BATCH, batch.pk, **kwargs)


def actions_since(before: int) -> list[str]:
    return list(AuditEvent.objects.filter(seq__gt=before).order_by("seq").values_list("action", flat=True))


def test_the_batch_notifies_those_whose_window_opens_in_the_month_and_the_elderly_six_months_ahead(holders, month):
    batch = run(month)
    notices = {n.licence_id: n for n in RenewalNotice.objects.filter(batch=batch)}
    assert set(notices) == {holders["renewal"].pk, holders["renewal2"].pk, holders["elderly"].pk}
    renewal = notices[holders["renewal"].pk]
    assert renewal.kind == NoticeKind.RENEWAL and renewal.window_start.replace(day=1) == month
    assert renewal.window_end >= renewal.expiry_date == holders["renewal"].expiry_date
    assert renewal.snapshot["driver_class"] == "優良" and renewal.snapshot["fees"]["total"] > 0
    elderly = notices[holders["elderly"].pk]
    assert elderly.kind == NoticeKind.ELDERLY and elderly.expiry_date.replace(day=1) == months_after(month, 6)
    assert elderly.snapshot["requires"] == {"elderly_course": True, "cognitive_test": True, "driving_skill_test": False}
    assert batch.state == BatchState.DONE and batch.counts["renewal"] == 2 and batch.counts["elderly"] == 1


def test_the_dead_revoked_and_other_prefectures_get_no_notice_and_the_dead_are_counted(holders, month):
    batch = run(month)
    noticed = set(RenewalNotice.objects.values_list("licence_id", flat=True))
    assert not noticed & {holders[k].pk for k in ("dead", "revoked", "osaka", "young_later")}
    assert batch.counts["skipped"] == {"deceased": 1, "revoked": 1}
    assert ("死亡等抹消（規程第56条第2項）", 1) in services.skipped_labels(batch)


def test_the_pdf_prints_a_postcard_per_notice_with_the_window_in_wareki(holders, month, notices_dir):
    batch = run(month)
    parts = list(NoticePart.objects.filter(batch=batch).order_by("number"))
    assert [(p.kind, p.pages) for p in parts] == [(NoticeKind.RENEWAL, 2), (NoticeKind.ELDERLY, 1)]
    pdf = services.part_path(batch, 1).read_bytes()
    assert page_size_mm(pdf) == (100.0, 148.0)
    text = flat(pdf_text(pdf))
    renewal = RenewalNotice.objects.get(licence=holders["renewal"])
    assert "更新一郎" in text and holders["renewal"].number in text
    assert f"{wareki(renewal.window_start)}から{wareki(renewal.window_end)}まで" in text
    assert "優良運転者講習" in text and "優良運転者に該当します" in text and "兵庫県公安委員会" in text
    elderly = flat(pdf_text(services.part_path(batch, 2).read_bytes()))
    assert "高齢者講習等のお知らせ" in elderly and "高齢者講習・認知機能検査を受けてください" in elderly
    mode = stat.S_IMODE(services.part_path(batch, 1).stat().st_mode)
    assert mode == 0o600 and stat.S_IMODE(services.batch_dir(batch).stat().st_mode) == 0o700


def test_the_mail_file_lists_every_card_in_part_and_page_order_and_its_reading_is_audited(holders, month,
                                                                                          make_operator):
    batch = run(month)
    officer = make_operator("hyogo_officer", ["case_officer"], "28-001")
    before = AuditEvent.objects.latest("seq").seq
    download = services.mail_file(officer, batch.pk)
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["通番", "種別", "分冊", "頁"]
    assert [(r[0], r[1], r[2], r[3], r[6]) for r in rows[1:]] == [
        ("1", "更新連絡書", "1", "1", "更新 一郎"), ("2", "更新連絡書", "1", "2", "更新 二郎"),
        ("3", "高齢者講習等のお知らせ", "2", "1", "高齢 三郎")]
    assert actions_since(before) == ["notices.mail_file.read"]
    assert batch.mail_file_sha256 and AuditEvent.objects.get(seq__gt=before).detail["sha256"] == batch.mail_file_sha256


def test_the_batch_is_audited_as_a_batch_without_names(holders, month):
    before = AuditEvent.objects.latest("seq").seq
    run(month)
    actions = actions_since(before)
    assert actions == ["notices.batch.start", "notices.batch.run", "notices.batch.select",
                       "documents.renewal_notices.render", "documents.renewal_notices.render",
                       "notices.batch.finish"]
    details = " ".join(str(e.detail) for e in AuditEvent.objects.filter(seq__gt=before))
    assert "更新 一郎" not in details and holders["renewal"].number not in details


def test_a_batch_stopped_while_selecting_resumes_after_the_last_day_done_without_duplicates(holders, month,
                                                                                            monkeypatch):
    real = services.select_day
    calls = []

    def crash_on_the_fifteenth_day(batch, kind, day):
        calls.append(day)
        if len(calls) == 15:
            raise RuntimeError("power cut")
        real(batch, kind, day)

    monkeypatch.setattr(services, "select_day", crash_on_the_fifteenth_day)
    batch = services.start_batch(BATCH, month, prefecture="28")
    with pytest.raises(RuntimeError):
        services.run_batch(BATCH, batch.pk)
    batch.refresh_from_db()
    assert batch.state == BatchState.SELECTING and batch.renewal_through == calls[13]
    monkeypatch.setattr(services, "select_day", real)
    services.run_batch(BATCH, batch.pk)
    batch.refresh_from_db()
    assert batch.state == BatchState.DONE and RenewalNotice.objects.count() == 3
    assert batch.counts == {"renewal": 2, "elderly": 1, "skipped": {"deceased": 1, "revoked": 1}}


def test_a_batch_stopped_while_rendering_renders_only_the_missing_parts(holders, month, monkeypatch):
    monkeypatch.setattr(services, "PART_SIZE", 1)
    real, kept = services.keep_part, []

    def crash_on_the_second_part(actor, batch, plan, form, pdf):
        if kept:
            raise RuntimeError("disk full")
        kept.append(plan.number)
        return real(actor, batch, plan, form, pdf)

    monkeypatch.setattr(services, "keep_part", crash_on_the_second_part)
    batch = services.start_batch(BATCH, month, prefecture="28")
    with pytest.raises(RuntimeError):
        services.run_batch(BATCH, batch.pk)
    monkeypatch.setattr(services, "keep_part", real)
    services.run_batch(BATCH, batch.pk)
    batch.refresh_from_db()
    assert batch.state == BatchState.DONE and batch.parts_total == 3
    assert list(batch.parts.values_list("number", flat=True)) == [1, 2, 3]
    assert AuditEvent.objects.filter(action="documents.renewal_notices.render").count() == 3


def test_a_finished_batch_run_again_does_nothing(holders, month):
    batch = run(month)
    before = AuditEvent.objects.latest("seq").seq
    again = services.run_batch(BATCH, batch.pk)
    assert again.state == BatchState.DONE and actions_since(before) == ["notices.batch.run"]
    assert services.start_batch(BATCH, month, prefecture="28").pk == batch.pk
    assert NoticeBatch.objects.count() == 1


@pytest.mark.parametrize(("text", "message"), [
    ("2027-13", "「2027-01」の形"), ("abc", "「2027-01」の形"), ("", "「2027-01」の形"), ("1999-01", "までの月を指定"),
])
def test_a_bad_month_is_refused_naming_the_field_and_nothing_is_written(make_operator, text, message):
    officer = make_operator("hyogo_officer", ["case_officer"], "28-001")
    before = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as refused:
        services.start_batch(officer, text)
    assert refused.value.field == "month" and message in refused.value.message
    assert not NoticeBatch.objects.exists() and AuditEvent.objects.count() == before


def test_the_mail_file_of_an_unfinished_batch_is_a_conflict(make_operator, month):
    officer = make_operator("hyogo_officer", ["case_officer"], "28-001")
    batch = services.start_batch(officer, month)
    with pytest.raises(Conflict):
        services.mail_file(officer, batch.pk)


def test_a_counter_clerk_cannot_start_a_batch_and_the_refusal_is_audited(hyogo_counter, month, expect_one_denial):
    with expect_one_denial("notices.run_batch", "notices.batch.start"), pytest.raises(NotPermitted) as refused:
        services.start_batch(hyogo_counter, month)
    assert "「審査」" in str(refused.value.message)
    assert not NoticeBatch.objects.exists()


def test_another_prefectures_officer_cannot_read_the_batch(make_operator, month, expect_one_denial):
    batch = services.start_batch(BATCH, month, prefecture="28")
    osaka = make_operator("osaka_officer", ["case_officer"], "27-001")
    with expect_one_denial("notices.view_batches", "notices.batch.read"), pytest.raises(NotPermitted):
        services.get_batch(osaka, batch.pk)
    assert services.batches(osaka) == []


def test_parallel_rendering_gives_the_same_parts(holders, month, monkeypatch, settings):
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        pytest.skip("forking inside the test transaction would share its PostgreSQL connection")
    monkeypatch.setattr(services, "PART_SIZE", 1)
    batch = run(month, workers=2)
    assert batch.state == BatchState.DONE and batch.parts.count() == 3
    assert all(p.pages == 1 for p in batch.parts.all())


def test_a_holder_with_a_violation_in_the_register_is_not_told_he_is_a_good_driver(holders, month, make_operator):
    """法第101条第3項: the notice says whether the holder is a 優良運転者 — judged on the register's record."""
    officer = make_operator("hyogo_notice_officer", ["case_officer"], "28-001")
    violations.register_violation(officer, licence_number=holders["renewal"].number, kind="general",
                                  code="signal_red", violation_date=timezone.localdate() - timedelta(days=300))
    batch = run(month)
    notices = {n.licence_id: n for n in RenewalNotice.objects.filter(batch=batch)}
    assert notices[holders["renewal"].pk].snapshot["driver_class"] == "一般"
    assert notices[holders["renewal2"].pk].snapshot["driver_class"] == "優良"
