from django.apps import AppConfig

from menkyo.core.http import MenuEntry


class ExamsConfig(AppConfig):
    """免許試験 (規程第5条–第8条): examinees, the 適性・学科・技能試験, written-test scoring, passes."""

    name = "menkyo.exams"
    label = "exams"
    verbose_name = "免許試験"
    menu = (
        MenuEntry("exams:day", "免許試験", "試験場の受験者の一覧、適性・技能試験の結果、合否の登録、不正の処理（規程第4条〜第8条）。",
                  "exams.list_examinees"),
        MenuEntry("written:sheets", "学科試験", "学科試験の答案と得点、要確認の答案、OMR装置の読取ファイルの登録（規程第5条）。",
                  "exams.use_written_test"),
        MenuEntry("written:questions", "学科試験問題", "学科試験問題の登録・使用停止と試験問題の版の作成。",
                  "exams.use_written_test"),
        MenuEntry("exams:pass_board", "合格者発表", "合格者の受験番号の表示（氏名は表示しません、規程第8条）。",
                  "exams.view_pass_board"),
    )
