"""Audit action names of the register (``registry.<object>.<verb>``)."""

from enum import StrEnum

from menkyo.core.recording import describe_actions


class Action(StrEnum):
    LOOKUP_OPEN = "registry.lookup.open"  # audited when refused (registry.look_up_holder)
    LICENCE_READ = "registry.licence.read"
    PERSON_READ = "registry.person.read"
    PERSON_CHANGE = "registry.person.change"
    HOLDER_REGISTER = "registry.holder.register"
    PROVISIONAL_REGISTER = "registry.provisional.register"
    LICENCE_ISSUE = "registry.licence.issue"  # a first licence for a person already in the register
    KIND_ADD = "registry.kind.add"  # 種類の追加 (併記)
    CONDITIONS_CHANGE = "registry.conditions.change"  # 限定解除・条件解除・申請による条件の付与 (規程第9条)
    SEED_BATCH = "registry.seed.batch"  # one event per batch of synthetic holders (menkyo seed)

describe_actions({
    Action.LOOKUP_OPEN: "免許証番号検索画面", Action.LICENCE_READ: "免許の閲覧", Action.PERSON_READ: "運転者の閲覧",
    Action.PERSON_CHANGE: "記載事項変更", Action.HOLDER_REGISTER: "免許の交付の登録",
    Action.PROVISIONAL_REGISTER: "仮免許の交付の登録", Action.SEED_BATCH: "合成データの投入",
    Action.LICENCE_ISSUE: "免許の交付の登録（新規取得）", Action.KIND_ADD: "免許の種類の追加（併記）",
    Action.CONDITIONS_CHANGE: "免許の条件等の変更（審査の結果）",
})
