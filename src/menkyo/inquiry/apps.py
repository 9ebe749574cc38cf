from django.apps import AppConfig

from menkyo.core.http import MenuEntry


class InquiryConfig(AppConfig):
    """照会 (規程第45条): find a holder by number or by name and date of birth, for a stated purpose."""

    name = "menkyo.inquiry"
    label = "inquiry"
    verbose_name = "照会"
    menu = (
        MenuEntry("inquiry:search", "照会", "免許証番号・氏名・生年月日から免許者を照会します（照会事由が必要）。",
                  "inquiry.make_inquiry"),
    )

    def ready(self) -> None:
        # The 累積点数 of an answer come from the violations app's assessments (below this app).
        from menkyo.inquiry.disclosure import RECORDS, RecordSource, Section
        from menkyo.violations.lists import points_any_sql, points_lines

        RECORDS.setdefault(Section.POINTS, RecordSource(points_lines, points_any_sql))
