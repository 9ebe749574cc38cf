"""Audit action names of the notices app (``notices.<object>.<verb>``)."""

from enum import StrEnum

from menkyo.core.recording import describe_actions


class Action(StrEnum):
    BATCH_START = "notices.batch.start"
    BATCH_RUN = "notices.batch.run"  # a run (the first, or a restart after a stop)
    BATCH_SELECT = "notices.batch.select"  # the notices of the month are written (one event per batch)
    BATCH_FINISH = "notices.batch.finish"  # the PDFs and the mail file are written
    BATCH_LIST = "notices.batch.list"
    BATCH_READ = "notices.batch.read"
    MAIL_FILE_READ = "notices.mail_file.read"  # the 発送データ (names and addresses) downloaded
    PART_READ = "notices.part.read"  # one PDF part downloaded
    DEATH_REPORT = "notices.death.report"  # 死亡者通報連絡票 (規程第56条第1項)
    DEATH_REGISTER = "notices.death.register"  # 抹消登録 (第2項)
    DEATH_RETURN = "notices.death.return"
    DEATH_READ = "notices.death.read"
    DEATH_LIST = "notices.death.list"


describe_actions({
    Action.BATCH_START: "更新連絡書の作成開始", Action.BATCH_RUN: "更新連絡書の作成の実行（再開を含む）",
    Action.BATCH_SELECT: "更新連絡書の対象者の抽出",
    Action.BATCH_FINISH: "更新連絡書の作成完了", Action.BATCH_LIST: "更新連絡書の作成状況の一覧",
    Action.BATCH_READ: "更新連絡書の作成状況の閲覧", Action.MAIL_FILE_READ: "更新連絡書の発送データの出力",
    Action.PART_READ: "更新連絡書（PDF）の出力",
    Action.DEATH_REPORT: "死亡者通報連絡票の通報", Action.DEATH_REGISTER: "死亡者の抹消登録",
    Action.DEATH_RETURN: "死亡者通報連絡票の差戻し", Action.DEATH_READ: "死亡者通報連絡票の閲覧",
    Action.DEATH_LIST: "死亡者通報連絡票の一覧",
})
