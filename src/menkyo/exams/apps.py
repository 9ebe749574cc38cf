from django.apps import AppConfig


class ExamsConfig(AppConfig):
    """免許試験 (規程第5条–第8条): examinees, the 適性・学科・技能試験, written-test scoring, passes."""

    name = "menkyo.exams"
    label = "exams"
    verbose_name = "免許試験"
