"""The legal-basis vocabulary: every 規程 article and law reference that code names.

No bare ``"規程第14条"`` strings elsewhere: services, history rows, audit
details and permission rules use these constants, and ``docs/procedures.md``
is generated from them (``menkyo procedures --update-docs``): for each
article, the service that carries it out, its permission rule, its page,
its API operation and its tests.

The regulation is 兵庫県警察「運転免許事務取扱規程」(``shared/seeds/003_…``).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class LegalBasis:
    """An article (or paragraph) of the regulation or of the law, with what it is about."""

    sort_key: tuple[int, ...]
    article: str  # as cited: 規程第14条
    title: str  # what it governs, in the regulation's words

    def __str__(self) -> str:
        return self.article


def _kitei(number: int, title: str, *, sub: int = 0, paragraph: int = 0) -> LegalBasis:
    """規程第N条(のM)(第P項)."""
    text = f"規程第{number}条" + (f"の{sub}" if sub else "") + (f"第{paragraph}項" if paragraph else "")
    return LegalBasis((number, sub, paragraph), text, title)


KITEI_3 = _kitei(3, "免許の申請の受理と審査")
KITEI_3_2 = _kitei(3, "教習所からの仮免許試験の申請の受理", paragraph=2)
KITEI_4 = _kitei(4, "申請（届出）簿への登載と受験（登録）票の交付")
KITEI_5 = _kitei(5, "免許試験の実施")
KITEI_6 = _kitei(6, "免許試験の停止")
KITEI_6_2 = _kitei(6, "免許試験の停止・合格後に判明した不正の試験場長への通報", paragraph=2)
KITEI_6_3 = _kitei(6, "合格決定の取消し・受験停止の通知", paragraph=3)
KITEI_7 = _kitei(7, "合格決定取消者等の登録")
KITEI_8 = _kitei(8, "合格者の登録")
KITEI_9 = _kitei(9, "限定解除審査・条件解除（変更）審査")
KITEI_9_P3 = _kitei(9, "限定解除審査等の合格の登録と免許証への記載", paragraph=3)
KITEI_9_2 = _kitei(9, "申請による免許の条件の付与・変更", sub=2)
KITEI_9_2_P2 = _kitei(9, "条件の付与の前の上位免許の取消し（第41条の3に準じて）", sub=2, paragraph=2)
KITEI_13 = _kitei(13, "免許証の交付")
KITEI_13_2 = _kitei(13, "試験場での即日交付（事務処理票・手数料納付書）", paragraph=2)
KITEI_13_3 = _kitei(13, "仮免許証の交付", paragraph=3)
KITEI_13_4 = _kitei(13, "警察署で合格した者の免許証の作成依頼と交付", paragraph=4)
KITEI_13_7 = _kitei(13, "取得時講習の終了証明書の確認", paragraph=7)
KITEI_14 = _kitei(14, "記載事項変更届出の受理")
KITEI_15 = _kitei(15, "免許証の再交付（再交付申請書の確認、試験場での即日交付）")
KITEI_15_2 = _kitei(15, "仮免許証の再交付", paragraph=2)
KITEI_15_6 = _kitei(15, "教習所の教習生に係る仮免許証の再交付（教習所の管理者の申請）", paragraph=6)
KITEI_15NO2 = _kitei(15, "特定免許情報の記録等（マイナ免許証への記録・保有状況変更による免許証の交付）", sub=2)
KITEI_15NO3 = _kitei(15, "保有状況変更に係る免許証の返納・免許情報記録の抹消", sub=3)
KITEI_15NO4 = _kitei(15, "免許証等の紛失等・発見に伴う保有状況の変更の申出", sub=4)
KITEI_16 = _kitei(16, "免許証等の更新（更新申請書の照合・適性検査・事務処理票）")
KITEI_16_3 = _kitei(16, "更新の適性検査の結果による条件の解除", paragraph=3)
KITEI_16_4 = _kitei(16, "更新の適性検査の結果による条件の付与・変更", paragraph=4)
KITEI_16_5 = _kitei(16, "更新の適性検査の結果による更新の拒否と申出による免許の格下げ", paragraph=5)
KITEI_16_8 = _kitei(16, "更新の免許情報記録の書換え（手数料収入用の事務処理票への署名等）", paragraph=8)
KITEI_16_10 = _kitei(16, "有効期間の満了日（みなす末日を含む）の執務時間外の更新の申請", paragraph=10)
KITEI_17 = _kitei(17, "免許証又は免許情報記録の特例更新（更新期間前の更新）")
KITEI_17_2 = _kitei(17, "更新の申請の特例（経由地での受理・適性検査・住所地への送付）", sub=2)
KITEI_17_2_P3 = _kitei(17, "経由地から送付された更新申請の点検・免許証の作成と交付（住所地）", sub=2, paragraph=3)
KITEI_17_3 = _kitei(17, "認知機能検査等の結果の登録", sub=3)
KITEI_17_4 = _kitei(17, "運転技能検査等の結果の登録", sub=4)
KITEI_18 = _kitei(18, "運転者管理ファイル（記録の保管・閲覧）")
KITEI_20_2 = _kitei(20, "仮免許証の返納", paragraph=2)
KITEI_21 = _kitei(21, "拒否・保留該当者の通報（免許証の交付の停止）")
KITEI_22 = _kitei(22, "拒否・保留該当者の処理（運転免許拒否・保留等処分処理票・弁明調書の送付）")
KITEI_41_3 = _kitei(41, "申請による免許の取消し（申請取消簿・申請取消通知書）", sub=3)
KITEI_42 = _kitei(42, "運転経歴証明書の交付・運転経歴情報の記録（経歴証明受理簿・経歴証明事務処理票）")
KITEI_42_2 = _kitei(42, "運転経歴証明書の記載事項の変更", sub=2)
KITEI_42_3 = _kitei(42, "運転経歴証明書の再交付", sub=3)
KITEI_42_4 = _kitei(42, "運転経歴証明書の返納（裁断による廃棄）", sub=4)
KITEI_45 = _kitei(45, "照会（運転者管理ファイルの照会）")
KITEI_46 = _kitei(46, "手配登録（所属長の要請による登録）")
KITEI_46_4 = _kitei(46, "手配該当の通報（要請した所属長・事案を所管する所属長へ）", paragraph=4)
KITEI_47 = _kitei(47, "手配登録等の解除")
KITEI_28 = _kitei(28, "違反等登録（違反等登録票・行政処分書の送付）")
KITEI_28_2 = _kitei(28, "違反等登録票による運転者管理システムへの登録", paragraph=2)
KITEI_28_3 = _kitei(28, "登録対象外と判明した事案の抹消登録依頼", paragraph=3)
KITEI_28_4 = _kitei(28, "登録対象外と判明した事案の不適格抹消登録", paragraph=4)
KITEI_28NO2 = _kitei(28, "違反等仮登録（電話による上申）", sub=2)
KITEI_28NO2_2 = _kitei(28, "仮登録の違反等登録票による登録", sub=2, paragraph=2)
KITEI_30 = _kitei(30, "免許の取消し等処分に係るものの審査（行政処分書による審査）")
KITEI_31 = _kitei(31, "処分の決定（公安委員会・本部長又は交通部長・免許課長）")
KITEI_32 = _kitei(32, "処分猶予登録・抹消登録（不処分事案等の措置）")
KITEI_32_2 = _kitei(32, "処分猶予の説明・処分猶予通知書の交付・請書（誓約書）", paragraph=2)
KITEI_33 = _kitei(33, "自動車安全運転センターの照会に対する累積点数・運転免許経歴等の通知")
KITEI_41NO2 = _kitei(41, "再試験に不合格・不受験の者の取消処分（初心運転者取消登録）", sub=2)
KITEI_34 = _kitei(34, "処分の執行（取消し等処分書の交付・免許証の返納又は保管・免許情報記録の抹消）")
KITEI_35 = _kitei(35, "処分の執行の通報（運転免許取消・停止処分書交付簿・行政処分執行通報受理簿）")
KITEI_36 = _kitei(36, "処分の登録（執行した処分・講習による期間の短縮の運転者管理システムへの登録）")
KITEI_37 = _kitei(37, "執行不能の場合の措置（20日以内の所在調査・執行不能通報書）")
KITEI_43 = _kitei(43, "停止処分者講習の受講者に係る措置（処分期間の短縮・免許証の返還）")
KITEI_46_1 = _kitei(46, "処分手配の登録（執行不能通報書による）", paragraph=1)
KITEI_44 = _kitei(44, "聴聞及び意見の聴取（国家公安委員会規則第26号・第27号）")
KITEI_53 = _kitei(53, "講習（違反者講習・初心運転者講習・若年運転者講習：講習等実施規程その他別に定めるところ）")
KITEI_56 = _kitei(56, "死亡者の通報（死亡者通報連絡票処理簿・死亡者通報連絡票）")
KITEI_56_2 = _kitei(56, "更新連絡書（法第101条第3項の書面）の発送と死亡者への発送停止", paragraph=2)
KITEI_57 = _kitei(57, "申請等を受理しようとする場合の説明（不利益の説明）")
KITEI_58 = _kitei(58, "申請等の拒否の通知（運転免許申請に対する通知書）")
KITEI_29 = _kitei(29, "処分の上申（危険性帯有等行政処分上申書）")
KITEI_39 = _kitei(39, "仮停止（仮停止等事案発生即報書・仮停止・禁止処分通知書の交付・免許証の保管）")
KITEI_39_2 = _kitei(39, "仮停止をした者の弁明（弁明調書）", paragraph=2)
KITEI_39_3 = _kitei(39, "仮停止事案の関係書類の送付（事案発生の日から5日以内）", paragraph=3)
KITEI_40 = _kitei(40, "準仮停止（早期の意見の聴取手続）")


def _system_part(part: str, title: str) -> LegalBasis:
    """A sub-system of the seed's system map (別紙２．システム構成図, ``shared/seeds/000_…``), cited
    where no 規程 article names the work; sorted after every article."""
    major, minor = (int(n) for n in part.split("-"))
    return LegalBasis((10_000, major, minor), f"システム構成図{part}", title)


SYSTEM_2_12 = _system_part("2-12", "免許外字端末システム（免許外字情報登録・照会）")


@dataclass(frozen=True)
class Procedure:
    """A service function that carries out ``basis`` under the permission ``rule``."""

    basis: LegalBasis
    rule: str
    service: str  # dotted path of the service function
    name: str  # the function's name (how tests and docs find it)
    also: tuple[LegalBasis, ...] = ()  # further articles the same act carries out (a row each in the docs)


PROCEDURES: list[Procedure] = []


def procedure(basis: LegalBasis, *, rule: str, also: tuple[LegalBasis, ...] = ()) -> Callable:
    """Mark a service function as the one that carries out ``basis`` (for docs/procedures.md).

    ``also``: articles the regulation writes as separate steps that this one act carries out in the
    system — a paper book or a report to another office that the shared record replaces (e.g. the
    execution is its own 通報 and 登録, 規程第35条・第36条); each gets its row in docs/procedures.md.
    """

    def mark(function: Callable) -> Callable:
        entry = Procedure(basis, rule, f"{function.__module__}.{function.__qualname__}", function.__name__, also)
        PROCEDURES.append(entry)
        function.procedure = entry  # type: ignore[attr-defined]
        return function

    return mark


def implements(service: Callable) -> Callable:
    """Mark a view or an API operation as the way users reach ``service``."""

    def mark(view: Callable) -> Callable:
        view.implements = service.procedure  # type: ignore[attr-defined]
        return view

    return mark
KITEI_23 = _kitei(23, "免許の拒否等処分の決定（運転免許拒否・保留処分通知書の作成と署長への送付）")
KITEI_24 = _kitei(24, "免許の拒否等処分の執行（運転免許拒否・保留処分通知書による通知）")
KITEI_25 = _kitei(25, "保留の期間の満了の通報（保留に係る免許証の処理）")

KITEI_38 = _kitei(38, "処分の移送（行政処分関係書類送付書による他府県公安委員会への送付・事案の処理の依頼）")
KITEI_38_3 = _kitei(38, "他府県公安委員会から送付された事案の処理（第30条から第37条までに準じる）", paragraph=3)
KITEI_38NO2 = _kitei(38, "処分の決定通知及び執行依頼（処分決定通知書・処分執行依頼書）", sub=2)
KITEI_38NO2_2 = _kitei(38, "執行依頼を受けた処分の執行と執行依頼処分通知書による通知", sub=2, paragraph=2)

# 出頭命令 on a 処分手配 hit (ADR 0016 part 7).
KITEI_45_3 = _kitei(45, "処分手配の被処分手配者に該当したときの出頭命令（道路交通法第104条の3第2項）・免許証の保管",
                    paragraph=3)
# 一定の病気等 (規程第26条–第27条の3; ADR 0016 part 5).
KITEI_26 = _kitei(26, "報告徴収（法第101条の5・第107条の3の2の報告の審査）")
KITEI_26NO2 = _kitei(26, "医師の届出の受理（医師の届出受理票・署長から免許課長への送付）", sub=2)
KITEI_26NO2_2 = _kitei(26, "医師の届出による適性検査の受検・診断書の提出の命令の要否", sub=2, paragraph=2)
KITEI_26NO2_4 = _kitei(26, "他府県居住者に係る医師の届出の移送通知（事案の処理の依頼）", sub=2, paragraph=4)
KITEI_26NO3 = _kitei(26, "臨時適性検査等を行う必要がある者の通報（安全運転相談管理システム）", sub=3)
KITEI_26NO3_2 = _kitei(26, "臨時適性検査の実施の通知（臨適通知）・診断書提出命令", sub=3, paragraph=2)
KITEI_26NO3_6 = _kitei(26, "適性検査の受検等命令（適性検査受検命令書・診断書提出命令書の交付）", sub=3, paragraph=6)
KITEI_27 = _kitei(27, "臨時適性検査の結果による取消し・停止・条件の付与（公安委員会・本部長の決定）")
KITEI_27_2 = _kitei(27, "免許試験に合格した者の臨時適性検査の結果による拒否・保留", paragraph=2)
KITEI_27NO2 = _kitei(27, "臨時適性検査等の登録（臨適通知・命令・検査・診断書の提出）", sub=2)
KITEI_27NO3 = _kitei(27, "臨時適性検査の不受検・診断書提出命令に従わない者の取消し・停止（令第39条の2第2項）", sub=3)
KITEI_27NO3_3 = _kitei(27, "適性検査の受検等命令に従わない者の拒否・保留・取消し・停止", sub=3, paragraph=3)
KITEI_26NO3_4 = _kitei(26, "臨時適性検査等の対象者の住所変更（変更後の住所地の公安委員会への引継ぎ）", sub=3, paragraph=4)
KITEI_41 = _kitei(41, "仮免許の取消し（仮運転免許取消事案発生通報書による免許課長への通報）")
KITEI_41_P2 = _kitei(41, "仮免許の取消しの審査・決定と署長等への通報", paragraph=2)
KITEI_41_P3 = _kitei(41, "仮運転免許取消し処分通知書の交付（交付簿・弁明調書・仮免許証の返納）", paragraph=3)
# 暫定停止 (道路交通法第104条の2の3; ADR 0016 part 8).
KITEI_34_3 = _kitei(34, "停止処分の執行（免許証の保管・免許情報記録の抹消、暫定停止等は停止処分者講習を教示しない）",
                    paragraph=3)
KITEI_34_5 = _kitei(34, "暫定停止の解除（運転免許効力停止処分解除通知書による通知）", paragraph=5)
# 運転禁止 of 国際運転免許証・外国運転免許証 holders (道路交通法第107条の5; ADR 0016 "運転禁止").
KITEI_30_2 = _kitei(30, "国際運転免許証等を所持する者の運転禁止の審査（基本量定書（運転禁止））", paragraph=2)
KITEI_31_2 = _kitei(31, "運転禁止の公安委員会の決定（自動車等の運転禁止処分決定書）", paragraph=2)
KITEI_49 = _kitei(49, "国際運転免許証に関する運転禁止の処分（第30条から第38条までの準用：執行・保管）")
# 若年運転者期間に係る免許の取消し (規程第41条の2の2) and the 取消手配 (第41条の2第2項; ADR 0016 part 9).
# ``_kitei`` spells one 「の」; 第41条の2の2 is written out (sorted after 第41条の2's paragraphs).
KITEI_41NO2_P2 = _kitei(41, "再試験不合格後の逃走・意見の聴取の通知到達後30日の不出頭による初心運転者取消手配登録",
                        sub=2, paragraph=2)
KITEI_41NO2NO2 = LegalBasis((41, 2, 2, 0), "規程第41条の2の2",
                            "若年運転者期間に係る免許の取消し（若年運転者取消処分書の交付・若年運転者取消登録）")
KITEI_41NO2NO2_P2 = LegalBasis((41, 2, 2, 2), "規程第41条の2の2第2項",
                               "意見の聴取の通知到達後30日の不出頭による若年運転者取消手配登録")
KITEI_41NO2NO2_P5 = LegalBasis((41, 2, 2, 5), "規程第41条の2の2第5項",
                               "若年運転者取消処分書を交付して執行したときの処理（第34条第3項第1号から第3号まで準用）")
KITEI_41NO2NO2_P6 = LegalBasis((41, 2, 2, 6), "規程第41条の2の2第6項",
                               "署長の執行の通報と行政処分執行通報受理簿への登載（第7項）")
# 事後取消し・事後停止 (道路交通法第90条第5項・第6項; ADR 0016 part 10).
KITEI_41NO4 = _kitei(41, "事後取消し・事後停止（第21条〜第24条・第37条の準用）", sub=4)
# 執行不能 of a 再試験・若年 取消 (規程第41条の2第8項第2号, 第41条の2の2第8項第2号; ADR 0016 part 9 addendum).
KITEI_41NO2_P8 = _kitei(41, "取消しの日に出頭しない者の所在調査（20日）と執行不能の通報（初心運転者取消手配）",
                        sub=2, paragraph=8)
KITEI_41NO2NO2_P8 = LegalBasis((41, 2, 2, 8), "規程第41条の2の2第8項",
                               "取消しの日に出頭しない者の所在調査（20日）と執行不能の通報（若年運転者取消手配）")
# 取消処分書の送付書 (規程第41条の2第3項, 第41条の2の2第3項; ADR 0016 part 9 addendum).
KITEI_41NO2_P3 = _kitei(41, "取消処分書を交付しないときの運転免許取消処分書の送付書による住所地の署長への送付",
                        sub=2, paragraph=3)
KITEI_41NO2NO2_P3 = LegalBasis((41, 2, 2, 3), "規程第41条の2の2第3項",
                               "若年運転者取消処分書を交付しないときの特例取得免許取消処分書の送付書による住所地の署長への送付")
