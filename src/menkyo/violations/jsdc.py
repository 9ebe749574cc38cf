"""規程第33条: 「免許課長は、自動車安全運転センター法第31条の規定により自動車安全運転センター兵庫県事務所長から
照会があつたときは、累積点数、運転免許経歴等について通知するものとする。」

The 照会 comes from the JSDC office (a written request, not a system link: no device kind of the seed's
system diagram stands for the JSDC, and the regulation has the 免許課長 *notify*), so the answer is a
document: staff enter the licence number and the office's 照会 number and date, and
:func:`answer_jsdc_inquiry` renders the 累積点数等通知書 from the register and the latest assessment. The
read is audited with its purpose and the 照会 number (the audit trail is the 提供資料処理簿, procedures.md
B.2 [P37]), and the rendering is audited by the documents app.
"""

from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.core import legal
from menkyo.core.errors import InvalidInput
from menkyo.core.legal import procedure
from menkyo.core.permissions import authorize
from menkyo.core.wareki import wareki
from menkyo.documents.forms import JsdcPointsAnswer
from menkyo.documents.services import RenderedDocument, render_document
from menkyo.registry.models import Licence
from menkyo.violations.actions import JsdcAction
from menkyo.violations.courses import past_date
from menkyo.violations.models import COUNTED_STATES, Assessment, ViolationRecord
from menkyo.violations.permissions import ANSWER_JSDC
from menkyo.violations.services import LICENCE_NUMBER, describe

PURPOSE = "自動車安全運転センター法第31条の照会に対する通知（規程第33条）"
REFERENCE_MAX_LENGTH = 40


@procedure(legal.KITEI_33, rule=ANSWER_JSDC.name)
def answer_jsdc_inquiry(actor, *, licence_number, inquiry_reference, inquiry_date) -> RenderedDocument:
    """The 累積点数等通知書 for the holder of ``licence_number``, answering the JSDC office's 照会
    ``inquiry_reference`` of ``inquiry_date``."""
    licence = _licence(licence_number)
    person = licence.person
    authorize(actor, ANSWER_JSDC.name, licence, action=JsdcAction.ANSWER, person_id=person.pk, purpose=PURPOSE)
    reference = str(inquiry_reference or "").strip()
    if not reference or len(reference) > REFERENCE_MAX_LENGTH:
        raise InvalidInput(f"照会の番号を{REFERENCE_MAX_LENGTH}文字以内で入力してください。", field="inquiry_reference")
    asked = past_date(inquiry_date, "inquiry_date", "照会の日付")
    latest = Assessment.objects.filter(person=person).order_by("-pk").first()
    record(actor, JsdcAction.ANSWER, object_type="person", object_id=person.pk, person_id=person.pk,
           subject_prefecture=licence.home_prefecture_id, purpose=PURPOSE,
           detail={"inquiry_reference": reference, "assessment": latest.pk if latest else None,
                   "legal_basis": str(legal.KITEI_33)})
    form = JsdcPointsAnswer(
        inquiry_reference=reference, inquiry_date=asked, answered_on=timezone.localdate(),
        addressee=f"自動車安全運転センター{licence.home_prefecture.name}事務所長",
        sender=f"{licence.home_prefecture.name}警察本部 運転免許課長", name=person.name, name_kana=person.name_kana,
        birth_date=person.birth_date, licence_number=licence.number, issue_date=licence.issue_date,
        expiry_date=licence.expiry_date,
        kinds=[f"{k.kind_id}（{wareki(k.acquired_on)}取得）" for k in licence.kinds.all()],
        points=latest.points if latest else 0, prior_dispositions=latest.prior_dispositions if latest else 0,
        outcome=latest.outcome_ja if latest else "処分等の基準に該当しない", as_of=latest.as_of if latest else None,
        violations=_counted(person, latest))
    return render_document(actor, form, object_type="person", object_id=person.pk, person_id=person.pk,
                           purpose=PURPOSE, subject_prefecture=licence.home_prefecture_id)


def _licence(number) -> Licence:
    number = str(number or "").strip()
    if not LICENCE_NUMBER.fullmatch(number):
        raise InvalidInput("免許証番号は12桁の数字で入力してください。", field="licence_number")
    licence = Licence.objects.select_related("person", "home_prefecture").filter(number=number).first()
    if licence is None:
        raise InvalidInput("その免許証番号の免許はありません。", field="licence_number")
    return licence


def _counted(person, latest: Assessment | None) -> list[str]:
    """The violations the latest assessment counted (the engine's ``counted_events``: 「date code」)."""
    if latest is None:
        return []
    labels = set(latest.result.get("counted_events", []))
    found = ViolationRecord.objects.filter(person=person, state__in=COUNTED_STATES).order_by("violation_date", "pk")
    return [describe(v) for v in found if f"{v.violation_date.isoformat()} {v.code}" in labels]
