"""``menkyo demo``: demo operators with the right roles and TOTP devices; idempotent."""

import base64
import io
import re

import pytest
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from menkyo.accounts.models import Operator
from menkyo.audit.models import AuditEvent
from menkyo.registry.models import Person

pytestmark = pytest.mark.django_db

EXPECTED = {
    "counter_hyogo": (["counter"], "28", ""),
    "officer_hyogo": (["case_officer"], "28", ""),
    "decider_hyogo": (["decision"], "28", "section_head"),
    "inquiry_hyogo": (["inquiry"], "28", ""),
    "auditor_hyogo": (["audit"], "28", ""),
    "admin_hyogo": (["admin"], "28", ""),
    "counter_osaka": (["counter"], "27", ""),
    "examiner_hyogo": (["examiner"], "28", ""),
    "counter_ikuta": (["counter"], "28", ""),
}
SECOND_FACTOR = {"decider_hyogo", "auditor_hyogo", "admin_hyogo"}


def demo(*args, holders=200):
    out = io.StringIO()
    call_command("demo", *args, holders=holders, verbosity=0, stdout=out)
    return out.getvalue()


def password_of(output: str, username: str) -> str:
    lines = [line.split() for line in output.splitlines()]
    return next(parts[-1] for parts in lines if parts and parts[0] == username and len(parts) > 3)


def test_demo_creates_holders_and_one_operator_per_role():
    output = demo()
    assert Person.objects.count() == 200 + 1  # the seeded holders and the demo 若年運転者
    prefectures = set(Person.objects.values_list("address_prefecture_id", flat=True))
    assert prefectures == {"28", "27", "13", "01"}
    for username, (roles, prefecture, level) in EXPECTED.items():
        operator = Operator.objects.get(username=username)
        assert operator.roles == roles
        assert operator.affiliation.prefecture_id == prefecture
        assert operator.decision_level == level
        assert operator.check_password(password_of(output, username))
        devices = TOTPDevice.objects.filter(user=operator, confirmed=True)
        assert devices.exists() == (username in SECOND_FACTOR)
    assert "example licence numbers for the lookup page" in output
    for prefecture in ("兵庫", "大阪", "東京", "北海道"):
        assert re.search(rf"^  {prefecture}\s+\d{{12}}, \d{{12}}$", output, re.M), prefecture


def test_printed_totp_secret_matches_the_device():
    output = demo()
    device = TOTPDevice.objects.get(user__username="admin_hyogo")
    secret = base64.b32encode(device.bin_key).decode()
    assert secret in output
    assert device.verify_token(f"{totp(device.bin_key):06d}")


def test_operator_creation_is_audited():
    demo()
    events = AuditEvent.objects.filter(action="accounts.operator.create", actor="system:demo")
    assert sorted(e.detail["username"] for e in events) == sorted(EXPECTED)
    assert AuditEvent.objects.filter(action="registry.seed.batch").count() == 1


def test_rerun_is_idempotent_and_prints_no_passwords():
    first = demo()
    hashes = dict(Operator.objects.values_list("username", "password"))
    second = demo()
    assert Person.objects.count() == 200 + 1  # the seeded holders and the demo 若年運転者
    assert Operator.objects.count() == len(EXPECTED)
    assert dict(Operator.objects.values_list("username", "password")) == hashes
    assert "already exist" in second
    assert password_of(first, "counter_hyogo") not in second
    assert "otpauth://" not in second


def test_reset_passwords_prints_new_working_ones():
    first = demo()
    old_secret = base64.b32encode(TOTPDevice.objects.get(user__username="auditor_hyogo").bin_key)
    output = demo("--reset-passwords")
    operator = Operator.objects.get(username="counter_hyogo")
    assert not operator.check_password(password_of(first, "counter_hyogo"))
    assert operator.check_password(password_of(output, "counter_hyogo"))
    device = TOTPDevice.objects.get(user__username="auditor_hyogo")
    assert base64.b32encode(device.bin_key) != old_secret
    assert AuditEvent.objects.filter(action="accounts.operator.reset_credentials").count() == len(EXPECTED)


def test_demo_passwords_are_one_time_and_must_be_changed_at_first_login(client):
    output = demo()
    assert set(Operator.objects.filter(must_change_password=True).values_list("username", flat=True)) == set(EXPECTED)
    response = client.post("/login/", {"username": "counter_hyogo", "password": password_of(output, "counter_hyogo")})
    assert client.get(response.url).url == "/password/"
    Operator.objects.update(must_change_password=False)  # as if each had changed it
    demo("--reset-passwords")
    assert Operator.objects.filter(must_change_password=True).count() == len(EXPECTED)
    assert "must change" in output


def test_demo_registers_one_active_alert_that_an_inquiry_hits_and_a_rerun_adds_none():
    from menkyo.alerts.models import Alert
    from menkyo.inquiry.services import make_inquiry
    from menkyo.registry.models import Licence

    output = demo()
    alert = Alert.objects.get()
    assert (alert.state, alert.kind, alert.requesting_affiliation_id) == ("active", "disposition", "28-001")
    assert alert.requested_by != alert.approved_by and "demo alert (手配)" in output
    number = Licence.objects.filter(person=alert.person).values_list("number", flat=True).first()
    result = make_inquiry(Operator.objects.get(username="inquiry_hyogo"), purpose="交通取締り",
                          licence_number=number)
    assert [h.alert_id for h in result.matches[0].hits] == [alert.pk]
    demo()
    assert Alert.objects.count() == 1


def test_the_demo_sets_up_the_test_centre_once_with_its_devices_and_forms():
    from menkyo.accounts.models import Device
    from menkyo.counter.models import DrivingSchool
    from menkyo.exams.models import ExamForm

    first = demo()
    assert "demo test centre" in first and first.count("mkd_") == 3
    assert DrivingSchool.objects.get().affiliation.kind == "driving_school"
    assert sorted(Device.objects.values_list("kind", flat=True)) == ["card_printer", "omr", "school"]
    assert sorted(ExamForm.objects.values_list("code", flat=True)) == ["DEMO-F-1", "DEMO-P-1"]
    assert "demo test centre" not in demo()


def test_the_demo_registers_one_young_driver_whose_medium_licence_is_special_and_a_rerun_adds_none():
    from menkyo.registry.models import LicenceKindHeld

    output = demo()
    held = LicenceKindHeld.objects.get(special_course=True)
    assert held.kind_id == "中型" and held.licence.home_prefecture_id == "28"
    assert "demo young driver (若年運転者)" in output and held.licence.number in output
    demo()
    assert LicenceKindHeld.objects.filter(special_course=True).count() == 1
