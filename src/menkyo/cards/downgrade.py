"""免許の格下げ on request at a renewal (規程第16条第5項ただし書).

When the renewal's 適性検査 does not meet the standard of the highest kind held (the application's
kind), the renewal is refused (第16条第5項本文) — unless renewing only lower kinds whose standard
(規則第23条, ``rules.aptitude``) the same measurements meet removes the danger: then, at the holder's
request, the higher kinds are replaced by the lower ones and the licence is renewed.

- :func:`downgrade_option` judges the latest 適性検査's measurements against the standard of every kind
  on the licence (the law engine, on the test day): the page offers the 格下げ when one passes.
- :func:`request_downgrade` takes the holder's request with the kinds kept: each must meet its
  standard, at least one is removed, and none removed is a lower kind a kept one covers (the
  cancellation's rule, ``cards.cancellation.split_kinds``). The application passes (``downgrade``,
  規程第16条第5項) with its kind the highest kept, and the engine's answer for the kept kinds (their
  conditions, 眼鏡等) is kept on it.
- :func:`remove_downgraded_kinds` is called by ``cards.renewal.renew_licence`` in the renewal's
  transaction: the kinds removed leave the licence (history and audit) before it is renewed. At a
  警察署 the registration of the 格下げ is requested of the 免許課長 (第16条第5項後段): the history
  and the audit event say so.

Decisions: only kinds the holder holds are kept (a lower kind covered by the removed one but not
held — 普通 of a 大型-only holder — is not granted here: its 取得年月日 is not settled); the deemed
limit conditions of a removed 中型（8t限定） stay printed, as in the 申請による取消し.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.cards.actions import Action
from menkyo.cards.cancellation_book import split_kinds
from menkyo.cards.models import CancellationScope
from menkyo.cards.permissions import REQUEST_DOWNGRADE
from menkyo.cards.services import CENTRES, _check_office
from menkyo.core import legal
from menkyo.core.errors import Conflict, InvalidInput
from menkyo.core.legal import procedure
from menkyo.counter.models import APPLICATION, Application, ApplicationState, ApplicationType
from menkyo.counter.services import _application_for
from menkyo.exams.models import AptitudeResult
from menkyo.registry import services as registry
from menkyo.registry.models import Licence, LicenceKindHeld
from menkyo.rules.aptitude import aptitude
from menkyo.rules.errors import RulesError

MEASUREMENTS = ("acuity_both", "acuity_left", "acuity_right", "corrective_lenses", "visual_field_degrees",
                "depth_error_cm", "colour_ok", "hearing_ok", "hearing_aid", "motor_ok")


@dataclass(frozen=True)
class KindJudgement:
    """One kind on the licence judged by the law engine against the failed 適性検査's measurements."""

    kind: str
    label: str
    passed: bool
    failed: str  # the standards not met, as the engine names them ("" when passed)
    conditions: list[str]
    trace: list


@dataclass(frozen=True)
class DowngradeOption:
    judgements: list[KindJudgement]

    @property
    def passing(self) -> list[KindJudgement]:
        return [j for j in self.judgements if j.passed]


def _latest(application: Application) -> AptitudeResult | None:
    return (AptitudeResult.objects.filter(examinee__application=application).select_related("examinee")
            .order_by("-recorded_at", "-pk").first())


def downgrade_option(application: Application) -> DowngradeOption | None:
    """For a renewal whose latest 適性検査 failed and no 格下げ yet: every kind held judged against its
    measurements; None when not applicable or no kind passes (nothing to keep)."""
    if (application.application_type != ApplicationType.RENEWAL or application.state != ApplicationState.FAILED
            or application.downgrade):
        return None
    result = _latest(application)
    licence = application.person.current_licence
    if result is None or result.passed or licence is None:
        return None
    option = DowngradeOption([_judge(result, held) for held in licence.kinds.select_related("kind")])
    return option if option.passing else None


def _judge(result: AptitudeResult, held: LicenceKindHeld) -> KindJudgement:
    measurements = {key: getattr(result, key) for key in MEASUREMENTS if getattr(result, key) is not None}
    try:
        answer = aptitude({"date": result.examinee.exam_date, "kind": held.kind_id, "holds_licence": True,
                           "limited": bool(held.limitation), "measurements": measurements})
    except RulesError as error:  # a measurement this kind needs was not taken (深視力 …)
        return KindJudgement(held.kind_id, held.label, False, error.message, [], [])
    failed = "・".join(f["message"].rstrip("。") for f in answer["failed_standards"])
    return KindJudgement(held.kind_id, held.label, answer["passed"], failed, answer["conditions"], answer["trace"])


@procedure(legal.KITEI_16_5, rule=REQUEST_DOWNGRADE.name)
def request_downgrade(actor, application_id: int, *, kinds, reason: str) -> Application:
    """The holder asks for a 格下げ after a failed 適性検査 (規程第16条第5項ただし書): ``kinds`` are the
    kinds kept, each meeting its standard with the same measurements; the others are removed when
    the licence is renewed. The application passes (the renewal continues: lecture, fees, then
    ``renew_licence``). Refused when no kind passes, for a kind that does not, for all or none."""
    application = _application_for(actor, application_id, REQUEST_DOWNGRADE.name, Action.DOWNGRADE_REQUEST)
    _check_office(actor, application, application.office, Action.DOWNGRADE_REQUEST,
                  "この申請は{office}で受理したものです。格下げの申出は受理した所属で扱います（規程第16条）。")
    option = downgrade_option(application)
    if option is None:
        raise Conflict("格下げの申出を受けられる申請ではありません（適性検査が不合格の更新の申請で、下位の種類の合格基準に"
                       "適合するときに限ります。規程第16条第5項）。", field="application_id", code="no_downgrade")
    reason = registry.clean_reason(reason)
    kept = _kept(option, kinds)
    licence = application.person.current_licence
    held = list(licence.kinds.select_related("kind"))
    split = split_kinds(held, CancellationScope.HIGHER, [h.kind_id for h in held if h.kind_id not in kept],
                        timezone.localdate())
    judged = {j.kind: j for j in option.judgements}
    top = split.kept[0]
    downgrade = {"kept": [h.kind_id for h in split.kept], "removed": [h.kind_id for h in split.cancelled],
                 "conditions": sorted({c for h in split.kept for c in judged[h.kind_id].conditions}),
                 "trace": judged[top.kind_id].trace, "requested_on": timezone.localdate().isoformat()}
    with transaction.atomic():
        APPLICATION.apply(actor, application, "downgrade", reason=reason, downgrade=downgrade,
                          licence_kind_id=top.kind_id)
        event = record(actor, Action.DOWNGRADE_REQUEST, object_type="application", object_id=application.pk,
                       person_id=application.person_id, subject_prefecture=application.prefecture_id,
                       detail={"kept": downgrade["kept"], "removed": downgrade["removed"],
                               "legal_basis": str(legal.KITEI_16_5)})
        registry.add_history(actor, application.person, licence, "renewal.downgrade_requested",
                             {"kinds": ["・".join(h.label for h in held), "・".join(h.label for h in split.kept)]},
                             reason, legal.KITEI_16_5, event)
    application.refresh_from_db()
    return application


def _kept(option: DowngradeOption, kinds) -> set[str]:
    if isinstance(kinds, str) or not isinstance(kinds, list | tuple | set) or not kinds:
        raise InvalidInput("引き続き受ける（更新する）免許の種類を選んでください。", field="kinds")
    judged = {j.kind: j for j in option.judgements}
    for kind in kinds:
        if kind not in judged:
            raise InvalidInput("引き続き受ける免許の種類は、現に受けている種類から選んでください。", field="kinds")
        if not judged[kind].passed:
            raise InvalidInput(f"{judged[kind].label}免許は適性検査の合格基準に適合しません（{judged[kind].failed}）。"
                               "合格基準に適合する種類のみ更新できます。", field="kinds", code="kind_not_passed")
    return set(kinds)


def remove_downgraded_kinds(actor, application: Application, licence: Licence, reason: str) -> None:
    """In the renewal's transaction: the kinds the 格下げ removes leave the licence, with history and
    audit; at a 警察署 the registration is requested of the 免許課長 (規程第16条第5項後段)."""
    removed = application.downgrade.get("removed") if application.downgrade else None
    if not removed:
        return
    held = list(licence.kinds.select_related("kind"))
    going = [h for h in held if h.kind_id in removed]
    if len(going) != len(removed):
        raise Conflict("格下げの申出の後に免許の種類が変わっています。申出をやり直してください。", field="application_id",
                       code="kinds_changed")
    LicenceKindHeld.objects.filter(pk__in=[h.pk for h in going]).delete()
    station = application.office.kind not in CENTRES
    event = record(actor, Action.LICENCE_DOWNGRADE, object_type="licence", object_id=licence.number,
                   person_id=licence.person_id, subject_prefecture=licence.home_prefecture_id,
                   detail={"application": application.pk, "removed": removed, "kept": application.downgrade["kept"],
                           "requested_of_licence_division": station, "legal_basis": str(legal.KITEI_16_5)})
    changes = {"kinds": ["・".join(h.label for h in held), "・".join(h.label for h in held if h not in going)]}
    if station:
        changes["registration"] = [None, f"{application.office.name}から免許課長に格下げの登録を依頼"]
    registry.add_history(actor, application.person, licence, "licence.downgraded", changes, reason,
                         legal.KITEI_16_5, event)


def downgrade_text(application: Application) -> str:
    """The 格下げ as the renewal form and the pages say it (empty when none)."""
    if not application.downgrade:
        return ""
    return (f"申出により格下げ（{'・'.join(application.downgrade['removed'])}を除き、"
            f"{'・'.join(application.downgrade['kept'])}を更新。規程第16条第5項）")

