from django.apps import AppConfig

from menkyo.core.http import MenuEntry


class ViolationsConfig(AppConfig):
    """違反等登録 (規程第28条–第28条の2): violations and accidents reported by stations and other police
    systems, and the assessment of the driver by the law engine after each registration."""

    name = "menkyo.violations"
    label = "violations"
    verbose_name = "違反等登録"
    menu = (
        MenuEntry("violations:register", "違反等登録", "署長等から送付された違反等登録票の登録と点数の判定（規程第28条）。",
                  "violations.list_provisional"),
        MenuEntry("violations:provisional", "仮登録", "電話による仮登録と、違反等登録票の到着による確認（規程第28条の2）。",
                  "violations.list_provisional"),
        MenuEntry("violations:course_notices", "講習・再試験の通知", "違反者講習・初心運転者講習・若年運転者講習・再試験の通知の"
                  "発送と結果（発送待ち・期限経過の一覧）。", "violations.list_course_notices"),
        MenuEntry("violations:warnings", "行政処分警告対象者", "処分の基準の点数に近い自県の運転者の名簿（CSV出力）。",
                  "violations.list_warnings"),
        MenuEntry("violations:jsdc", "累積点数等の通知", "自動車安全運転センターの照会に対する累積点数・運転免許経歴等の"
                  "通知書（規程第33条）。", "violations.list_warnings"),  # the same roles; the page checks its own rule
    )

    def ready(self) -> None:
        # Imported once the apps are ready (the listener imports models): every assessment opens the
        # course notices it calls for (違反者講習 …; violations/courses.py).
        # The courses recorded 受講済 are engine events of every later assessment.
        from menkyo.violations.courses import attended_courses, open_course_notices
        from menkyo.violations.services import ASSESSED, ENGINE_EVENTS

        if open_course_notices not in ASSESSED:
            ASSESSED.append(open_course_notices)
        if attended_courses not in ENGINE_EVENTS:
            ENGINE_EVENTS.append(attended_courses)
        # A 初心運転者講習 recorded 期限経過 opens the 再試験 notice (法第100条の3; violations/course_follow_ups.py).
        from menkyo.violations.course_follow_ups import open_retest_after_missed_course
        from menkyo.violations.courses import COURSE_RESULT_RECORDED

        if open_retest_after_missed_course not in COURSE_RESULT_RECORDED:
            COURSE_RESULT_RECORDED.append(open_retest_after_missed_course)
