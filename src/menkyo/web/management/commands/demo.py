"""``menkyo demo``: demo data — synthetic holders and one operator per role — and their logins.

Idempotent. It also registers one active 処分手配 (an alert) on a 兵庫 holder, so an inquiry shows a
hit. The first run seeds ~3,000 synthetic holders in 兵庫, 大阪, 東京 and
北海道 (fixed seed, see :mod:`menkyo.registry.seeding`) if the register is
empty, and creates the demo operators that are missing through
``accounts.services.create_operator`` (audited as ``accounts.operator.create`` by
``system:demo``). Passwords are random and printed once; operators whose roles
need a second factor (決定・監査・管理, ``SECOND_FACTOR_ROLES``) also get a
confirmed TOTP device whose secret is printed once. The printed passwords are
one-time: each demo operator must change theirs at first login
(``must_change_password``, set by the service and by ``--reset-passwords``).
A re-run prints neither unless ``--reset-passwords`` is given.
"""

import base64
import unicodedata
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from menkyo.accounts import services
from menkyo.accounts.actions import Action
from menkyo.accounts.models import SECOND_FACTOR_ROLES, Operator
from menkyo.alerts import services as alerts
from menkyo.alerts.models import Alert, AlertKind
from menkyo.audit.checkpoints import get_signer
from menkyo.audit.models import AuditChainHead
from menkyo.audit.recorder import record
from menkyo.audit.services import create_checkpoint
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation, AffiliationKind, DecisionLevel, Prefecture, Role
from menkyo.counter.models import DrivingSchool
from menkyo.exams import written
from menkyo.registry import seeding
from menkyo.registry import services as registry
from menkyo.registry.models import Licence, LicenceKindHeld, LicenceStatus, Person

ACTOR = SystemActor("demo")
DEMO_SEED = 2026
DEMO_PREFECTURES = ["兵庫", "大阪", "東京", "北海道"]
TOTP_NAME = "demo"

# username, display name, affiliation, role, decision level
DEMO_OPERATORS = (
    ("counter_hyogo", "窓口 一郎", "28-002", Role.COUNTER, ""),
    ("officer_hyogo", "審査 二郎", "28-001", Role.CASE_OFFICER, ""),
    ("decider_hyogo", "決定 三郎", "28-001", Role.DECISION, DecisionLevel.SECTION_HEAD),
    ("inquiry_hyogo", "照会 四郎", "28-001", Role.INQUIRY, ""),
    ("auditor_hyogo", "監査 五郎", "28-001", Role.AUDIT, ""),
    ("admin_hyogo", "管理 六郎", "28-001", Role.ADMIN, ""),
    ("counter_osaka", "窓口 花子", "27-002", Role.COUNTER, ""),
    ("examiner_hyogo", "試験 七郎", "28-002", Role.EXAMINER, ""),
    ("counter_ikuta", "窓口 八郎", "28-101", Role.COUNTER, ""),
)


class Command(BaseCommand):
    help = "Load demo data (holders in 兵庫・大阪・東京・北海道, one operator per role) and print logins."

    def add_arguments(self, parser):
        parser.add_argument("--holders", type=int, default=3000,
                            help="holders to seed when the register is empty (default 3000)")
        parser.add_argument("--reset-passwords", action="store_true",
                            help="give the demo operators new passwords and TOTP secrets, and print them")

    def handle(self, *args, holders, reset_passwords, **options):
        if Person.objects.exists():
            self.stdout.write("demo holders already exist; none added")
        else:
            self.stdout.write(f"seeding {holders} synthetic holders ({'・'.join(DEMO_PREFECTURES)}) …")
            seeding.seed(holders, DEMO_PREFECTURES, seed=DEMO_SEED,
                         progress=options.get("verbosity", 1) > 0)

        logins = []
        existing = set(Operator.objects.filter(username__in=[o[0] for o in DEMO_OPERATORS])
                       .values_list("username", flat=True))
        with transaction.atomic():
            for username, name, affiliation, role, level in DEMO_OPERATORS:
                if username in existing:
                    if reset_passwords:
                        logins.append(self.reset(Operator.objects.get(username=username)))
                    continue
                created = services.create_operator(
                    ACTOR, username=username, display_name=name, affiliation=affiliation,
                    roles=[role], decision_level=level,
                )
                logins.append((created.operator, created.password, self.totp(created.operator)))

        if logins:
            self.print_logins(logins)
        else:
            self.stdout.write("demo operators already exist; passwords are not shown again "
                              "(use --reset-passwords for new ones)")
        self.demo_alert()
        self.demo_young_driver()
        self.demo_test_centre()
        self.print_examples()
        self.sign_checkpoint()

    def demo_alert(self) -> None:
        """One active 処分手配 on the first 兵庫 example holder, so an inquiry shows a hit (once)."""
        if Alert.objects.exists():
            return
        licence = Licence.objects.filter(home_prefecture_id="28", status=LicenceStatus.VALID).order_by("id").first()
        approver = Operator.objects.filter(username="officer_hyogo").first()
        if licence is None or approver is None:
            return
        alert = alerts.request_alert(
            ACTOR, kind=AlertKind.DISPOSITION, licence_number=licence.number, requesting_affiliation="28-001",
            case_owner="inquiry_hyogo", case_number="デモ-処-1",
            reason="運転免許停止処分執行不能通報書の送付（デモ）", expiry_date=timezone.localdate() + timedelta(days=365))
        alerts.approve_alert(approver, alert)
        self.stdout.write(f"\ndemo alert (手配): 処分手配 on 兵庫 licence {licence.number}, 登録済 — an inquiry "
                          "(照会, purpose 交通取締り) by inquiry_hyogo shows the hit; the inbox 通知（手配該当） the notification")

    def demo_young_driver(self) -> None:
        """One 兵庫 holder of 19 whose 中型 was obtained through the 受験資格特例 200 days ago (特例取得免許, in its
        若年運転者期間; law-rules §4.2), so the licence page shows 「特例取得」 and violations open a 若年運転者講習 (once)."""
        if LicenceKindHeld.objects.filter(special_course=True).exists():
            return
        today = timezone.localdate()
        born = (today - timedelta(days=300)).replace(day=1)
        born = born.replace(year=born.year - 19)
        first = born.replace(year=born.year + 18) + timedelta(days=1)
        licence = registry.register_holder(ACTOR, {
            "name": "若葉 特例", "name_kana": "ワカバ トクレイ", "birth_date": born, "sex": "1", "postal_code": "6500001",
            "address": "兵庫県神戸市中央区加納町6丁目5番1号", "honseki": "兵庫県", "commission": "63",
            "kinds": {"普通": first, "中型": today - timedelta(days=200)}, "special_kinds": ["中型"],
            "issue_date": first}, reason="デモ: 受験資格特例による中型の取得")
        self.stdout.write(f"\ndemo young driver (若年運転者): 兵庫 licence {licence.number}, 中型 特例取得 — register "
                          "violations for it and its 若年運転者講習 opens")

    def demo_test_centre(self) -> None:
        """The 明石 試験場's world (once): a 指定自動車教習所 with its terminal, the 試験場's OMR装置 and
        免許証作成機, the sample question bank and one exam form each for 本免許 and 仮免許. Device
        tokens are printed once, like passwords."""
        if DrivingSchool.objects.exists():
            return
        school_office = Affiliation.objects.create(code="28-S01", prefecture_id="28", name="明石中央自動車教習所",
                                                   kind=AffiliationKind.DRIVING_SCHOOL)
        DrivingSchool.objects.create(code="28S01", name="明石中央自動車教習所", prefecture_id="28",
                                     affiliation=school_office)
        devices = [services.register_device(ACTOR, name=name, kind=kind, affiliation=office, roles=[])
                   for name, kind, office in (("明石 免許証作成機1", "card_printer", "28-002"),
                                              ("明石 OMR装置1", "omr", "28-002"),
                                              ("明石中央自動車教習所 端末", "school", "28-S01"))]
        written.load_sample_questions(ACTOR)
        for code, exam_type in (("DEMO-F-1", "first"), ("DEMO-P-1", "provisional")):
            written.assemble_form(ACTOR, code=code, exam_type=exam_type, seed=DEMO_SEED, prefecture="28")
        self.stdout.write("\ndemo test centre (明石運転免許試験場 28-002): school 28S01 明石中央自動車教習所, "
                          "exam forms DEMO-F-1 (本免許) and DEMO-P-1 (仮免許); device tokens (shown only now):")
        for created in devices:
            self.stdout.write(f"  {_pad(created.device.name, 24)} {created.token}")

    @staticmethod
    def totp(operator: Operator) -> TOTPDevice | None:
        """A confirmed TOTP device for operators whose roles need a second factor."""
        if not operator.role_set & SECOND_FACTOR_ROLES:
            return None
        TOTPDevice.objects.filter(user=operator, name=TOTP_NAME).delete()
        return TOTPDevice.objects.create(user=operator, name=TOTP_NAME, confirmed=True)

    def reset(self, operator: Operator):
        password = services.generate_password()
        operator.set_password(password)
        operator.must_change_password = True  # printed on a terminal: one-time, like the first
        operator.save(update_fields=["password", "must_change_password"])
        device = self.totp(operator)
        record(ACTOR, Action.OPERATOR_CREDENTIALS_RESET, object_type="operator",
                     object_id=operator.pk, subject_prefecture=operator.affiliation.prefecture_id,
                     detail={"username": operator.username, "totp": device is not None})
        return operator, password, device

    def print_logins(self, logins) -> None:
        self.stdout.write("\ndemo operators (passwords are shown only now; each operator must change "
                          "theirs at first login):")
        self.stdout.write(f"  {'username':<15} {'role':<6} {'affiliation':<30} password")
        for operator, password, _ in logins:
            roles = "・".join(Role(r).label for r in operator.roles)
            place = f"{operator.affiliation.code} {operator.affiliation.name}"
            self.stdout.write(f"  {operator.username:<15} {_pad(roles, 6)} {_pad(place, 30)} {password}")
        devices = [(op, dev) for op, _, dev in logins if dev is not None]
        if devices:
            self.stdout.write("\nTOTP second factor (enrol in an authenticator app, or "
                              "`oathtool --totp -b SECRET` prints the current code):")
            for operator, device in devices:
                secret = base64.b32encode(device.bin_key).decode()
                self.stdout.write(f"  {operator.username:<15} {secret}")
                self.stdout.write(f"  {'':<15} {device.config_url}")

    def print_examples(self) -> None:
        """Two valid licence numbers of each demo prefecture (an operator reads only their own)."""
        self.stdout.write("\nexample licence numbers for the lookup page (an operator opens only their own "
                          "prefecture's):")
        for prefecture in Prefecture.objects.filter(short_name__in=DEMO_PREFECTURES).order_by("code"):
            numbers = list(
                Licence.objects.filter(home_prefecture=prefecture, status=LicenceStatus.VALID)
                .order_by("id").values_list("number", flat=True)[:2]
            )
            if numbers:
                self.stdout.write(f"  {_pad(prefecture.short_name, 6)} {', '.join(numbers)}")

    def sign_checkpoint(self) -> None:
        """Sign the demo's audit events at once, so `menkyo audit verify` shows a checkpoint from the start."""
        if get_signer() is not None and AuditChainHead.objects.filter(seq__gt=0).exists():
            create_checkpoint(ACTOR, scheduled=True)


def _pad(text: str, width: int) -> str:
    """Left-align ``text`` in ``width`` terminal columns (full-width characters take two)."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - used, 0)
