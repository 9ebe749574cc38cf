"""The bulk intake written a chunk at a time: each driver assessed once per chunk with all their items,
the chunk's audit events appended in one go (the chain verifies, checkpoints where due), a fixed
number of queries per chunk, a chunk that cannot be written as one taken item by item. (Two batches
racing on the same references on PostgreSQL: bench/violations' "race" step, with real sessions; the
answer of the loser is test_api's reference-registered-meanwhile test.)"""

import pytest
from django.db import connection
from tests.violations.conftest import JUNE, MARCH, OCTOBER, report

from menkyo.audit import verify
from menkyo.audit.models import AuditCheckpoint, AuditEvent
from menkyo.core import signing
from menkyo.core.errors import Conflict
from menkyo.registry.models import HistoryEvent
from menkyo.violations import batch, services
from menkyo.violations.models import Assessment, ViolationRecord

pytestmark = pytest.mark.django_db


def item(licence, reference, code="signal_red", day=MARCH):
    return {"external_reference": reference, **report(licence, code, day.isoformat())}


def send(link, items):
    return batch.receive_violation_batch(link, items, source_system="hansoku")


def test_a_drivers_items_of_one_batch_are_assessed_once_with_all_of_them(link, licence):
    results = send(link, [item(licence, "A-1"), item(licence, "A-2", "stop_sign", JUNE),
                          item(licence, "A-3", "speeding_20_25", OCTOBER)])
    assert [r["result"] for r in results] == ["registered"] * 3
    assessment = Assessment.objects.get(person=licence.person)
    assert (assessment.points, assessment.action, assessment.cause_id) == (6, "violator_course", results[2]["violation_id"])
    history = HistoryEvent.objects.filter(person=licence.person, event_type="violation.registered")
    assert [h.changes["points"] for h in history] == [[None, 6]] * 3
    assert AuditEvent.objects.filter(action="violations.assessment.create").count() == 1
    assert AuditEvent.objects.filter(action="violations.record.register").count() == 3


def test_each_driver_of_a_batch_is_assessed_on_their_own_records(link, licence, osaka_licence):
    send(link, [item(licence, "B-1"), item(osaka_licence, "B-2", "stop_sign"), item(licence, "B-3", "stop_sign", JUNE)])
    assert Assessment.objects.get(person=licence.person).points == 4
    assert Assessment.objects.get(person=osaka_licence.person).points == 2


def test_the_audit_chain_of_a_batch_verifies_with_a_checkpoint_wherever_one_fell_due(link, licence, settings, tmp_path):
    path = tmp_path / "keys" / "audit-signing.pem"
    path.parent.mkdir()
    signing.create_key_file(path)
    settings.MENKYO = {**settings.MENKYO, "AUDIT_SIGNING_KEY": path, "AUDIT_CHECKPOINT_EVERY": 5}
    send(link, [item(licence, f"C-{i}", day=JUNE) for i in range(12)] + [{"external_reference": "bad ref"}])
    result = verify.verify()
    assert result.ok, result.problem
    seqs = list(AuditCheckpoint.objects.values_list("seq", flat=True))
    assert seqs == list(range(5, result.last_seq + 1, 5))


def test_a_batch_takes_the_same_handful_of_queries_whatever_its_size(link, licence, osaka_licence, monkeypatch,
                                                                     django_assert_max_num_queries):
    monkeypatch.setattr(services, "ASSESSED", [])  # the listeners' own statements are theirs (per driver)
    with django_assert_max_num_queries(30):
        send(link, [item(licence if i % 2 else osaka_licence, f"Q-{i}", day=MARCH) for i in range(40)])
    assert ViolationRecord.objects.count() == 40


def test_every_listener_hears_each_drivers_assessment_once_inside_the_chunks_transaction(link, licence, osaka_licence,
                                                                                        monkeypatch):
    heard = []

    def listen(actor, assessment):
        heard.append((actor, assessment.person_id, assessment.points, connection.in_atomic_block,
                      ViolationRecord.objects.filter(person_id=assessment.person_id).count()))

    monkeypatch.setattr(services, "ASSESSED", [listen])
    send(link, [item(licence, "H-1"), item(osaka_licence, "H-2", "stop_sign"), item(licence, "H-3", "stop_sign", JUNE)])
    assert sorted(heard, key=lambda h: h[2]) == [(link, osaka_licence.person_id, 2, True, 1),
                                                 (link, licence.person_id, 4, True, 2)]


def test_a_chunk_a_listener_refuses_is_taken_item_by_item_and_only_that_drivers_items_are_refused(
        link, licence, osaka_licence, monkeypatch):
    def refuse_osaka(actor, assessment):
        if assessment.person_id == osaka_licence.person_id:
            raise Conflict("事案を開けません。")

    monkeypatch.setattr(services, "ASSESSED", [refuse_osaka])
    results = send(link, [item(licence, "L-1"), item(osaka_licence, "L-2"), item(licence, "L-3", "stop_sign", JUNE)])
    assert [(r["result"], r["code"]) for r in results] == [("registered", ""), ("refused", "conflict"),
                                                           ("registered", "")]
    assert not ViolationRecord.objects.filter(person=osaka_licence.person).exists()
    assert Assessment.objects.filter(person=licence.person).latest("pk").points == 4


def test_chunks_of_a_long_batch_are_written_one_after_another(link, licence, monkeypatch):
    monkeypatch.setattr(batch, "CHUNK_ITEMS", 2)
    results = send(link, [item(licence, f"K-{i}", day=MARCH) for i in range(5)] + [item(licence, "K-0")])
    assert [r["result"] for r in results] == ["registered"] * 5 + ["already_registered"]
    assert Assessment.objects.filter(person=licence.person).count() == 3
    assert Assessment.objects.filter(person=licence.person).latest("pk").points == 10
