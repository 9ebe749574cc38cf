"""The 免許証作成機 and 外字 (規程第13条; ic-card.md §1.4): a job's print data carries each 外字 of 氏名・住所・条件
with its IC chip number and the registered glyph; a job with an unregistered 外字 is not given to a printer
(外字の登録待ち) until the glyph is registered — in the service and in the API."""

import base64
import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.gaiji.conftest import RING

from menkyo.api.root import api
from menkyo.cards import services
from menkyo.cards.models import CardJob
from menkyo.core.errors import NotPermitted
from menkyo.gaiji import services as glyphs
from menkyo.registry.models import Person
from menkyo.registry.services import clean_person

pytestmark = pytest.mark.django_db

ADDRESS = "兵庫県神戸市中央区加納町6丁目5番1号"


@pytest.fixture
def glyph_officer(make_operator):
    return make_operator("gaiji_officer", ["case_officer"], "28-001")


@pytest.fixture
def register(glyph_officer):
    def run(code_point, bitmap=RING):
        return glyphs.register_glyph(glyph_officer, code_point=code_point, bitmap=bitmap, reason="氏名に使用")
    return run


@pytest.fixture
def issue_for(centre_clerk, make_application, holder_data, course):
    """issue_for(name, address=…): a person so named, issued a licence at the 明石 試験場: the card job."""
    def run(name, address=ADDRESS, kana="ガイジ テスト"):
        person = Person.objects.create(**clean_person(dict(holder_data, name=name, name_kana=kana, address=address)))
        return services.issue_licence(centre_clerk, make_application(person).pk, course_certificates=course)
    return run


def test_the_printer_gets_each_gaiji_of_name_and_address_with_its_chip_slot_and_registered_glyph(
        printer, issue_for, register):
    register("U+E001")
    register("U+E002")
    job = issue_for("\ue001田 花\ue001", address=ADDRESS + "\ue002荘")
    [card] = services.fetch_card_jobs(printer)
    assert card.job_id == job.pk and card.name == "\ue001田 花\ue001"
    assert [(g.code_point, g.slot, g.chip_mark, g.chip_file, g.fields) for g in card.gaiji] == [
        ("U+E001", 1, "FFF1", "DF1/EF03", ("name",)), ("U+E002", 2, "FFF2", "DF1/EF03", ("address",))]
    first = card.gaiji[0]
    assert (first.identifier, first.version, first.width, first.height, first.bitmap_format) == (
        "GJ000001", 1, 32, 32, "mono1-rows-msb")
    assert base64.b64decode(first.base64) == RING and first.sha256 == hashlib.sha256(RING).hexdigest()


def test_a_card_without_gaiji_has_an_empty_list(printer, centre_job):
    [card] = services.fetch_card_jobs(printer)
    assert card.gaiji == ()


def test_a_job_with_an_unregistered_gaiji_is_passed_over_until_the_glyph_is_registered(printer, issue_for, register):
    waiting = issue_for("\ue003田 待子")
    plain = issue_for("明石 次郎", kana="アカシ ジロウ")
    assert [card.job_id for card in services.fetch_card_jobs(printer)] == [plain.pk]
    waiting.refresh_from_db()
    assert (waiting.printer, waiting.taken_at, waiting.state) == ("", None, "requested")
    assert services.print_waiting(waiting) == "gaiji_unregistered"
    register("U+E003")
    assert services.print_waiting(waiting) == ""
    [card] = services.fetch_card_jobs(printer)
    assert card.job_id == waiting.pk and card.gaiji[0].slot == 1


def test_waiting_jobs_older_than_the_limit_do_not_starve_the_printer(printer, issue_for):
    for n in range(3):
        issue_for(f"\ue004田 {'一二三'[n]}子")
    plain = issue_for("明石 次郎", kana="アカシ ジロウ")
    assert [card.job_id for card in services.fetch_card_jobs(printer, limit=2)] == [plain.pk]


def test_a_produced_job_does_not_show_as_waiting(printer, centre_job, produce):
    produce(centre_job)
    assert services.print_waiting(CardJob.objects.get(pk=centre_job.pk)) == ""


def test_fetching_ten_jobs_with_gaiji_reads_the_glyph_register_once(printer, issue_for, register):
    for n in range(10):
        register(f"U+E{0x100 + n:03X}")
        issue_for(f"{chr(0xE100 + n)}田 \ue100子")
    with CaptureQueriesContext(connection) as queries:
        taken = services.fetch_card_jobs(printer, limit=10)
    assert len(taken) == 10 and all(card.gaiji for card in taken)
    glyph_reads = [q["sql"] for q in queries.captured_queries if "gaiji_glyph" in q["sql"]]
    assert len(glyph_reads) == 1


def outside_audit(queries) -> list[str]:
    """The queries of a fetch but the audit trail's (whose checkpoint every 100 events adds some)."""
    return [q["sql"] for q in queries.captured_queries if "core_audit" not in q["sql"]]


def test_ten_jobs_with_gaiji_cost_one_query_more_than_ten_without(printer, issue_for, register, centre_clerk):
    for n in range(10):
        issue_for(f"明石 {'一二三四五六七八九十'[n]}郎", kana="アカシ イチロウ")
    with CaptureQueriesContext(connection) as plain:
        assert len(services.fetch_card_jobs(printer, limit=10)) == 10
    register("U+E001")
    for n in range(10):
        issue_for(f"\ue001田 {'一二三四五六七八九十'[n]}郎")
    with CaptureQueriesContext(connection) as with_gaiji:
        assert len(services.fetch_card_jobs(printer, limit=10)) == 10
    assert len(outside_audit(with_gaiji)) == len(outside_audit(plain)) + 1


def test_only_the_printer_device_fetches_jobs_with_gaiji(centre_clerk, make_device, issue_for, register):
    register("U+E001")
    issue_for("\ue001田 花子")
    with pytest.raises(NotPermitted):
        services.fetch_card_jobs(centre_clerk)
    with pytest.raises(NotPermitted):
        services.fetch_card_jobs(make_device("terminal"))


# --- API -----------------------------------------------------------------------------------------------


def test_the_pending_api_returns_the_gaiji_with_slot_mark_and_glyph(client, printer, issue_for, register):
    register("U+E001")
    issue_for("\ue001田 花子")
    response = client.get("/api/v1/card-jobs/pending", HTTP_AUTHORIZATION=f"Bearer {printer.token}")
    assert response.status_code == 200
    [card] = response.json()
    [glyph] = card["gaiji"]
    assert {k: glyph[k] for k in ("code_point", "slot", "chip_mark", "chip_file", "fields", "registered")} == {
        "code_point": "U+E001", "slot": 1, "chip_mark": "FFF1", "chip_file": "DF1/EF03", "fields": ["name"],
        "registered": True}
    assert base64.b64decode(glyph["base64"]) == RING and glyph["sha256"] == hashlib.sha256(RING).hexdigest()


def test_the_staff_api_shows_a_job_waiting_for_its_gaiji_with_a_code(client, login_as, centre_clerk, printer,
                                                                     issue_for):
    job = issue_for("\ue009田 花子")
    assert client.get("/api/v1/card-jobs/pending", HTTP_AUTHORIZATION=f"Bearer {printer.token}").json() == []
    login_as(client, centre_clerk)
    shown = client.get(f"/api/v1/card-jobs/{job.pk}").json()
    assert (shown["state"], shown["print_waiting"], shown["gaiji_unregistered"]) == (
        "requested", "gaiji_unregistered", ["U+E009"])
    assert shown["gaiji"][0]["chip_mark"] == "FFFA" and shown["gaiji"][0]["registered"] is False


def test_a_clerk_cannot_fetch_the_printers_jobs_through_the_api(client, login_as, centre_clerk, issue_for):
    issue_for("明石 花子", kana="アカシ ハナコ")
    login_as(client, centre_clerk)
    refused = client.get("/api/v1/card-jobs/pending")
    assert refused.status_code == 403 and CardJob.objects.filter(taken_at__isnull=False).count() == 0


def test_the_openapi_schema_documents_the_printed_gaiji():
    schemas = api.get_openapi_schema()["components"]["schemas"]
    assert "PrintedGaijiOut" in schemas
    assert schemas["CardPrintOut"]["properties"]["gaiji"]["items"]["$ref"].endswith("/PrintedGaijiOut")
    assert "FFFA" in schemas["PrintedGaijiOut"]["properties"]["chip_mark"]["description"]
    assert "gaiji_unregistered" in schemas["CardJobOut"]["properties"]["print_waiting"]["description"]


def test_a_provisional_card_gets_the_gaiji_of_its_holders_name(printer, centre_clerk, make_application, holder_data,
                                                               register):
    register("U+E001")
    person = Person.objects.create(**clean_person(dict(holder_data, name="\ue001田 仮子", name_kana="タツサキダ カリコ")))
    job = services.issue_licence(centre_clerk, make_application(person, kind="普通仮",
                                                                application_type="provisional").pk)
    [card] = services.fetch_card_jobs(printer)
    assert (card.job_id, card.card_kind) == (job.pk, "provisional")
    assert [(g.code_point, g.slot) for g in card.gaiji] == [("U+E001", 1)]
