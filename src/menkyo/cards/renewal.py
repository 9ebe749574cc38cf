"""Completing a renewal (免許証等の更新, 規程第16条第2項–第8項): the licence renewed in the register and its
card requested.

:func:`renew_licence` takes a renewal application whose 適性検査 was passed (an ``exams`` sitting,
規程第16条第1項), whose older driver's results, 更新時講習 and fees are all in (``counter.renewal``), and
in one transaction: gives the licence its new 交付年月日, expiry and colour from the law engine's
answer kept at intake (history with before and after, 規程第16条), changes the conditions the
適性検査 calls for (眼鏡等 added, 第16条第4項; lifted when no longer needed, 第3項), and requests the
card as after a test — handed over today at a centre, on the 交付予定日 a station names (第16条第2項
後段・第7項・第8項) — through the card pages of the first issue.

A holder of a マイナ免許証 only (保有形態 ``mynumber``) gets no plastic card: the licence is renewed
and a 免許情報記録の書換え is requested (``cards.rewrite``, 第16条第8項); the application stays
免許証作成中 until the counter rewrites the record on the My Number card, which completes it.

A failed 適性検査 blocks the renewal naming the standard (第16条第5項), unless the holder asked for a
格下げ (``cards.downgrade``): the higher kinds are then removed in the renewal's transaction and the
conditions follow the standard of the kinds kept.

:func:`renewal_form` hands out the 運転免許証等更新申請書 (規則別記様式第18) pre-filled, as PDF.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q

from menkyo.audit.recorder import record
from menkyo.cards.actions import Action
from menkyo.cards.downgrade import (
    DowngradeOption,
    downgrade_option,
    downgrade_text,
    remove_downgraded_kinds,
)
from menkyo.cards.models import CardJob
from menkyo.cards.permissions import RENEW_LICENCE
from menkyo.cards.rewrite import request_rewrite_for_renewal
from menkyo.cards.services import (
    CENTRES,
    _application,
    _carry_photo,
    _check_office,
    _check_photo,
    _create_job,
    _handover_date,
    _producing_centre,
    _reason,
    today,
)
from menkyo.cards.suspended_renewal import renewable_status, suspension_text
from menkyo.core import legal
from menkyo.core.errors import Conflict
from menkyo.core.legal import procedure
from menkyo.core.permissions import authorize
from menkyo.counter import renewal as counter_renewal
from menkyo.counter.models import (
    APPLICATION,
    Application,
    ApplicationState,
    ApplicationType,
    QuestionnaireItem,
    ViaRenewal,
)
from menkyo.counter.permissions import VIEW_APPLICATIONS
from menkyo.counter.services import _application_for
from menkyo.documents.actions import Action as DocumentAction
from menkyo.documents.forms import EarlyRenewalForm, QuestionnaireAnswer, RenewalForm
from menkyo.documents.services import RenderedDocument, render_document
from menkyo.exams.models import AptitudeResult, Examinee
from menkyo.registry import services as registry
from menkyo.registry.models import HoldingForm, Licence
from menkyo.rules import kinds as rules_kinds
from menkyo.rules.dates import one_month_after
from menkyo.rules.renewal import early_renewal_reasons
from menkyo.rules.suspended_renewal import SuspendedRenewal

#: The conditions the 適性検査 decides (施行規則第23条: 眼鏡等, 補聴器); others stay as they are.
APTITUDE_CONDITIONS = ("glasses", "hearing_aid")


@procedure(legal.KITEI_16, rule=RENEW_LICENCE.name)
def renew_licence(actor, application_id: int, *, handover_date: date | None = None,
                  reason: str = "免許証の更新") -> CardJob | None:
    """Renew the licence of a renewal application and request its card (規程第16条). Refused, naming
    what is missing, until the 適性検査 is passed (a failed standard is named), every older driver's
    result the engine requires is registered, the lecture is recorded and the fees are paid. Returns
    the card job, or None for a マイナ免許証-only holder (the record on the card is to be rewritten)."""
    application = _application(application_id)
    authorize(actor, RENEW_LICENCE.name, application, action=Action.LICENCE_RENEW, person_id=application.person_id)
    _check_office(actor, application, application.office, Action.LICENCE_RENEW,
                  "この申請は{office}で受理したものです。更新の手続は受理した所属で行います（規程第16条）。")
    _check_renewable(application)
    licence = application.person.current_licence
    if licence is None:  # ended since the intake (取消・返納・失効・死亡): refused naming its status
        renewable_status(application.person.licences.order_by("-pk").first(), today())
    card = licence.holding_form != HoldingForm.MYNUMBER
    if card:
        _check_photo(application)
    day = today()
    centre = _producing_centre(application.office)
    handover = _handover_date(application.office, handover_date, day) if card else day
    reason = _reason(reason)
    with transaction.atomic():
        application = Application.objects.select_for_update(of=("self", "person")).select_related(
            "person", "office").get(pk=application.pk)
        _check_renewable(application)
        licence = Licence.objects.select_for_update().get(pk=licence.pk)
        suspended = renewable_status(licence, day)  # 停止中: renewed, the card kept (cards.suspended_renewal)
        remove_downgraded_kinds(actor, application, licence, reason)
        event = _write_renewal(actor, application, licence, handover, reason, suspended)
        _change_conditions(actor, application, licence, reason)
        job = None
        if card:
            _carry_photo(application, licence)
            job = _create_job(application, centre, handover, licence, None, day)
            if licence.holding_form == HoldingForm.BOTH:  # 2枚持ち: the record beside the card
                request_rewrite_for_renewal(actor, None, licence, event)
        else:
            request_rewrite_for_renewal(actor, application, licence, event)
        APPLICATION.apply(actor, application, "start_issue", reason=reason, licence=licence)
    return job


def _check_renewable(application: Application) -> None:
    """A renewal with its 適性検査 passed and nothing missing (each missing step named)."""
    if application.application_type != ApplicationType.RENEWAL:
        raise Conflict("この申請は更新の申請ではありません。", field="application_id", code="not_a_renewal")
    if ViaRenewal.objects.filter(Q(application=application) | Q(home_application=application)).exists():
        raise Conflict("経由申請の更新は、住所地の都道府県が経由申請の画面で行います（規程第17条の2第3項）。",
                       field="application_id", code="via_renewal")
    if application.state == ApplicationState.FAILED:
        raise Conflict(f"適性検査の合格基準を満たしていないため更新できません（{failed_standards(application)}、"
                       "規程第16条第5項）。", field="application_id", code="aptitude_failed")
    status = counter_renewal.renewal_status(application)
    if status.blockers:
        raise Conflict("次のことが済んでいないため更新できません：" + "／".join(status.blockers) + "。",
                       field="application_id", code="renewal_incomplete")
    if application.state != ApplicationState.PASSED:
        raise Conflict(f"「{application.get_state_display()}」の申請は更新できません。", field="application_id",
                       code="illegal_state")


def latest_aptitude(application: Application) -> AptitudeResult | None:
    return AptitudeResult.objects.filter(examinee__application=application).order_by("-recorded_at", "-pk").first()


def failed_standards(application: Application) -> str:
    """The standards the latest 適性検査 did not meet, as the law engine named them."""
    result = latest_aptitude(application)
    names = [f["message"].rstrip("。") for f in (result.failed_standards if result else [])]
    return "・".join(names) or "適性検査が不合格"


def _write_renewal(actor, application: Application, licence: Licence, issue_date: date, reason: str,
                   suspended: SuspendedRenewal | None = None):
    """The licence's new 交付年月日, expiry and colour (the engine's answer kept at intake), audited and
    in the history with before and after. A 停止中 licence stays 停止中 (its 停止 unchanged); the audit
    detail carries the law engine's ``suspended_renewal`` step."""
    answer = application.eligibility
    before = {"issue_date": licence.issue_date, "expiry_date": licence.expiry_date, "colour": licence.colour}
    licence.issue_date = issue_date
    licence.expiry_date = date.fromisoformat(answer["new_expiry"])
    licence.colour = answer["colour"]
    licence.version += 1
    licence.save(update_fields=["issue_date", "expiry_date", "colour", "version"])
    event = record(actor, Action.LICENCE_RENEW, object_type="licence", object_id=licence.number,
                   person_id=licence.person_id, subject_prefecture=licence.home_prefecture_id,
                   detail={"application": application.pk, "driver_class": answer["driver_class"],
                           "validity_years": answer["validity_years"], "colour": licence.colour,
                           "card": licence.holding_form != HoldingForm.MYNUMBER, "legal_basis": str(legal.KITEI_16),
                           **({"suspended_renewal": suspended.trace} if suspended else {})})
    registry.add_history(actor, application.person, licence, "licence.renewed",
                         {field: (value, getattr(licence, field)) for field, value in before.items()},
                         reason, legal.KITEI_16, event)
    return event


def _change_conditions(actor, application: Application, licence: Licence, reason: str) -> None:
    """The conditions the 適性検査 decides follow its result: added when it calls for them (第16条第4項),
    lifted when it met the standard without them (第16条第3項)."""
    result = latest_aptitude(application)
    decided = {rules_kinds.condition_text(code) for code in APTITUDE_CONDITIONS}
    conditions = application.downgrade.get("conditions", []) if application.downgrade else (
        result.conditions if result else [])
    wanted = set(conditions) & decided
    added = [text for text in sorted(wanted) if text not in licence.conditions]
    removed = [text for text in licence.conditions if text in decided and text not in wanted]
    if added or removed:
        registry.change_conditions(actor, licence.pk, removed=removed, added=added, reason=reason,
                                   legal_basis=legal.KITEI_16_4 if added else legal.KITEI_16_3)
        licence.refresh_from_db()


@dataclass(frozen=True)
class RenewalPage:
    """What the renewal page shows (no audit: the page has read the application)."""

    status: counter_renewal.RenewalStatus
    sittings: list
    jobs: list[CardJob]
    at_station: bool
    card: bool  # a plastic card is made (not a マイナ免許証-only holder)
    failed: str  # the standards a failed 適性検査 did not meet
    downgrade: DowngradeOption | None  # the kinds judged, when a 格下げ may be asked for
    suspended: str = ""  # a 停止中 holder: what happens to the 停止 and the card (cards.suspended_renewal)


def renewal_page(application: Application) -> RenewalPage:
    licence = application.person.current_licence or application.licence
    sittings = list(Examinee.objects.filter(application=application).select_related("centre", "aptitude")
                    .order_by("pk"))
    return RenewalPage(counter_renewal.renewal_status(application), sittings,
                       list(CardJob.objects.filter(application=application).order_by("pk")),
                       application.office.kind not in CENTRES,
                       licence is None or licence.holding_form != HoldingForm.MYNUMBER,
                       failed_standards(application) if application.state == ApplicationState.FAILED else "",
                       downgrade_option(application), suspension_text(application.person_id))


@procedure(legal.KITEI_4, rule=VIEW_APPLICATIONS.name)
def renewal_form(actor, application_id: int) -> RenderedDocument:
    """The 運転免許証等更新申請書 (規則別記様式第18) with the 質問票, pre-filled from the licence and the law
    engine's answer kept at intake, for the holder to check and sign (規程第16条第1項); the 適性検査の結果欄
    carries the recorded result, or stays empty. A 特例更新 gets the 特例更新申請書 (規則別記様式第18の2, 規程第17条)
    with its reason. Not a renewal: 409 ``document_not_applicable``."""
    application = _application_for(actor, application_id, VIEW_APPLICATIONS.name,
                                    DocumentAction.RENEWAL_FORM_RENDER)
    if application.application_type != ApplicationType.RENEWAL:
        raise Conflict("運転免許証等更新申請書は更新の申請について作成します。", field="application_id",
                       code="document_not_applicable")
    person, answer = application.person, application.eligibility
    licence = application.licence or person.current_licence
    requirements = counter_renewal.elderly_status(application)
    early = {"early_reason": early_renewal_reasons(application.received_on).value.get(application.early_reason, ""),
             "early_evidence": application.early_evidence} if application.early_reason else {}
    form = (EarlyRenewalForm if early else RenewalForm)(
        **early, applied_on=application.received_on, addressee=f"{application.prefecture.name}公安委員会", name=person.name,
        name_kana=person.name_kana, birth_date=person.birth_date, address=person.address,
        licence_number=licence.number, current_expiry=one_month_after(date.fromisoformat(answer["specific_birthday"])),
        kinds="・".join(k.label for k in licence.kinds.all()), conditions="・".join(licence.conditions),
        driver_class=answer["driver_class"], validity_years=answer["validity_years"],
        new_expiry=date.fromisoformat(answer["new_expiry"]), lecture=_lecture_text(answer),
        elderly=[r.label for r in requirements],
        questionnaire=[QuestionnaireAnswer(item.label, application.questionnaire.get(item.value))
                       for item in QuestionnaireItem],
        aptitude=_aptitude_text(application), fee_total=(answer.get("fees") or {}).get("total"),
        office=application.office.name, ledger_number=application.ledger_number)
    return render_document(actor, form, object_type="application", object_id=application.pk,
                           person_id=application.person_id, subject_prefecture=application.prefecture_id)


def _lecture_text(answer: dict) -> str:
    minutes = answer.get("lecture_minutes")
    return f"{answer['driver_class']}運転者講習 {minutes}分" if minutes else "なし（高齢者講習を受講）"


def _aptitude_text(application: Application) -> str:
    result = latest_aptitude(application)
    if result is None:
        return ""
    if not result.passed:
        return f"不合格（{failed_standards(application)}）" + downgrade_text(application)
    return "合格" + (f"（{'・'.join(result.conditions)}）" if result.conditions else "")
