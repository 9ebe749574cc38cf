"""The audit viewer in Japanese: what an action and an object are, never an internal code."""

from django import template

from menkyo.core.recording import action_label

register = template.Library()

OBJECT_LABELS = {
    "operator": "操作者", "device": "端末", "licence": "免許", "person": "運転者",
    "provisional_licence": "仮免許", "provisionallicence": "仮免許", "auditcheckpoint": "チェックポイント", "audit_key": "署名鍵",
    "rules": "法令判定", "taskrun": "バッチ処理", "affiliation": "所属", "rolegrant": "役割付与申請",
}


@register.filter
def action_name(action: str) -> str:
    """ ``registry.licence.read`` → 免許の閲覧 (events written before a label existed keep their code)."""
    return action_label(action)


@register.filter
def object_name(object_type: str) -> str:
    return OBJECT_LABELS.get(object_type, object_type)
