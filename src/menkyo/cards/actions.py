"""Audit action names of the cards app (``cards.<object>.<verb>``)."""

from enum import StrEnum

from menkyo.core.recording import describe_actions


class Action(StrEnum):
    LICENCE_ISSUE = "cards.licence.issue"
    REVIEW_ISSUE = "cards.review.issue"  # a passed 審査: the conditions changed and the new card requested
    JOB_LIST = "cards.job.list"
    JOB_READ = "cards.job.read"
    JOB_FETCH = "cards.job.fetch"
    JOB_PRODUCE = "cards.job.produce"
    JOB_FAIL = "cards.job.fail"
    JOB_RETRY = "cards.job.retry"  # staff offer a job the printers gave up on to them again
    JOB_SEND = "cards.job.send"
    JOB_RECEIVE = "cards.job.receive"
    JOB_HAND_OVER = "cards.job.hand_over"
    JOB_HOLD = "cards.job.hold"
    JOB_RESUME = "cards.job.resume"
    HOLD_REPORT = "cards.hold.report"
    HOLD_RELEASE = "cards.hold.release"
    PROVISIONAL_READ = "cards.provisional.read"
    PROVISIONAL_REISSUE = "cards.provisional.reissue"
    PROVISIONAL_RETURN = "cards.provisional.return"
    PROVISIONAL_SCHOOL_REISSUE = "cards.provisional.school_reissue"
    PROVISIONAL_SCHOOL_REISSUE_ACCEPT = "cards.provisional.school_reissue_accept"
    PROVISIONAL_SCHOOL_REISSUE_RETURN = "cards.provisional.school_reissue_return"
    PROVISIONAL_SCHOOL_REISSUE_LIST = "cards.provisional.school_reissue_list"  # a school reads its own applications
    REISSUE_RECEIVE = "cards.reissue.receive"  # 再交付申請の受理 (the old card invalid on loss/theft)
    REISSUE_REQUEST_CARD = "cards.reissue.request_card"  # the reissued card requested from the printer
    LICENCE_SURRENDER = "cards.licence.surrender"  # the whole licence 返納 (the workflow's transition)
    CANCELLATION_RECEIVE = "cards.cancellation.receive"  # 申請による取消し
    CANCELLATION_READ = "cards.cancellation.read"
    LICENCE_RENEW = "cards.licence.renew"  # 規程第16条: the licence renewed and its card requested
    DOWNGRADE_REQUEST = "cards.downgrade.request"  # 規程第16条第5項: 格下げ asked after a failed 適性検査
    LICENCE_DOWNGRADE = "cards.licence.downgrade"  # 規程第16条第5項: the higher kinds removed at the renewal
    MYNUMBER_RECORD = "cards.mynumber.record"  # 規程第15条の2: the licence recorded on a My Number card
    MYNUMBER_CARD_ISSUE = "cards.mynumber.card_issue"  # 規程第15条の2: a card for a マイナ免許証 holder
    MYNUMBER_CARD_RETURN = "cards.mynumber.card_return"  # 規程第15条の3: the card returned, マイナ only
    MYNUMBER_ERASE = "cards.mynumber.erase"  # 規程第15条の3: the record erased, card only
    MYNUMBER_LOSS = "cards.mynumber.loss"  # 規程第15条の4: the My Number card lost
    MYNUMBER_FOUND = "cards.mynumber.found"  # 規程第15条の4: the My Number card found
    MYNUMBER_MOVE = "cards.mynumber.move"  # 規程第15条の2: the record written on a new My Number card
    MYNUMBER_READ = "cards.mynumber.read"  # the licence's マイナ免許証 record and procedures read
    ENDORSEMENT_CREATE = "cards.endorsement.create"  # 規程第14条: a 裏書 to write on the card's back
    ENDORSEMENT_LIST = "cards.endorsement.list"
    ENDORSEMENT_FETCH = "cards.endorsement.fetch"  # the 追記装置 takes the 裏書 of a card shown
    ENDORSEMENT_COMPLETE = "cards.endorsement.complete"
    ENDORSEMENT_CANCEL = "cards.endorsement.cancel"  # the card was replaced since: nothing to write
    REWRITE_CREATE = "cards.mynumber_rewrite.create"  # a 免許情報記録の書換え to do
    REWRITE_LIST = "cards.mynumber_rewrite.list"
    REWRITE_READ = "cards.mynumber_rewrite.read"
    REWRITE_DONE = "cards.mynumber_rewrite.done"  # the record rewritten at the counter
    ONESTOP_RECEIVE = "cards.onestop.receive"  # a batch of municipal address changes (ワンストップ)
    ONESTOP_ITEM = "cards.onestop.item"  # one change of a batch: applied, repeated or refused
    ONESTOP_LIST = "cards.onestop.list"
    ONESTOP_READ = "cards.onestop.read"
    # Renewal while suspended (規程第16条, 第34条第3項, 第43条): the new card kept, its keeping receipt, returned.
    JOB_KEEP = "cards.job.keep"
    JOB_KEEP_RETURN = "cards.job.keep_return"
    KEEPING_RECEIPT_RENDER = "cards.keeping_receipt.render"


describe_actions({
    Action.LICENCE_ISSUE: "免許の交付（登録と作成依頼）", Action.REVIEW_ISSUE: "審査の合格による条件等の変更と作成依頼",
    Action.JOB_LIST: "作成・交付の一覧",
    Action.JOB_READ: "作成・交付の閲覧", Action.JOB_FETCH: "作成待ちの取得（作成機）",
    Action.JOB_PRODUCE: "免許証の作成", Action.JOB_FAIL: "免許証の作成失敗",
    Action.JOB_RETRY: "免許証の作成のやり直し", Action.JOB_SEND: "免許証の送付",
    Action.JOB_RECEIVE: "免許証の受領（交付所属）", Action.JOB_HAND_OVER: "免許証の交付",
    Action.JOB_HOLD: "交付の停止", Action.JOB_RESUME: "交付停止の解除（交付待ちへ）",
    Action.HOLD_REPORT: "交付停止の通報", Action.HOLD_RELEASE: "交付停止の解除",
    Action.PROVISIONAL_READ: "仮免許の閲覧", Action.PROVISIONAL_REISSUE: "仮免許証の再交付",
    Action.PROVISIONAL_RETURN: "仮免許証の返納",
    Action.PROVISIONAL_SCHOOL_REISSUE: "教習所からの仮免許証の再交付の申請",
    Action.PROVISIONAL_SCHOOL_REISSUE_ACCEPT: "教習所からの仮免許証の再交付の申請の受理",
    Action.PROVISIONAL_SCHOOL_REISSUE_RETURN: "教習所からの仮免許証の再交付の申請の返戻",
    Action.PROVISIONAL_SCHOOL_REISSUE_LIST: "教習所による自校の再交付の申請の状況の確認",
    Action.REISSUE_RECEIVE: "免許証の再交付の申請の受理", Action.REISSUE_REQUEST_CARD: "再交付の免許証の作成依頼",
    Action.LICENCE_SURRENDER: "免許の返納（全部の取消し）", Action.CANCELLATION_RECEIVE: "申請による免許の取消し", Action.CANCELLATION_READ: "申請による取消しの閲覧",
    Action.LICENCE_RENEW: "免許の更新（登録と作成依頼）",
    Action.DOWNGRADE_REQUEST: "免許の格下げの申出", Action.LICENCE_DOWNGRADE: "免許の格下げ（上位の種類の削除）",
    Action.MYNUMBER_RECORD: "マイナ免許証の記録", Action.MYNUMBER_CARD_ISSUE: "マイナ免許証の保有者への免許証の交付",
    Action.MYNUMBER_CARD_RETURN: "保有状況変更による免許証の返納", Action.MYNUMBER_ERASE: "免許情報記録の抹消",
    Action.MYNUMBER_LOSS: "マイナ免許証の紛失等の申出", Action.MYNUMBER_FOUND: "マイナ免許証の発見の申出",
    Action.MYNUMBER_MOVE: "新しい個人番号カードへの記録", Action.MYNUMBER_READ: "マイナ免許証の記録・手続の閲覧",
    Action.ENDORSEMENT_CREATE: "免許証の裏書（追記）の作成", Action.ENDORSEMENT_LIST: "裏書（追記）の一覧",
    Action.ENDORSEMENT_FETCH: "追記待ちの取得（追記装置）", Action.ENDORSEMENT_COMPLETE: "免許証の裏書（追記）の完了",
    Action.ENDORSEMENT_CANCEL: "裏書（追記）の取消し（免許証の交替）",
    Action.REWRITE_CREATE: "免許情報記録の書換え待ちの作成", Action.REWRITE_LIST: "免許情報記録の書換え待ちの一覧",
    Action.REWRITE_READ: "免許情報記録の書換えの閲覧", Action.REWRITE_DONE: "免許情報記録の書換え",
    Action.ONESTOP_RECEIVE: "住所変更ワンストップの受信", Action.ONESTOP_ITEM: "住所変更ワンストップの項目の反映",
    Action.ONESTOP_LIST: "住所変更ワンストップの受信の一覧", Action.ONESTOP_READ: "住所変更ワンストップの受信の閲覧",
})
describe_actions({
    Action.JOB_KEEP: "更新後の免許証の保管（停止期間中）", Action.JOB_KEEP_RETURN: "保管した更新後の免許証の返還（停止の終期）",
    Action.KEEPING_RECEIPT_RENDER: "免許証保管証の作成",
})
