"""Forms of the 学科試験 pages: a question, a form's assembly, an OMR file, a resolution, a reason.

The services check every value (one Japanese message per field, the same in the API); the forms
carry the text and turn the choices (正しい／誤り) into the values the services take.
"""

import re

from django import forms

from menkyo.core.forms import WarekiDateField
from menkyo.exams.models import TEXT_MAX_LENGTH, ExamType, QuestionType, SheetState
from menkyo.rules import written_test

TRUTH = [("", "選択してください"), ("true", "正しい"), ("false", "誤り")]
ON_PAPER = [("", "選択してください"), ("true", "正（○）"), ("false", "誤（×）"), (written_test.NO_ANSWER, "無記入")]
VALUES = {"true": True, "false": False, written_test.NO_ANSWER: written_test.NO_ANSWER}
SUB_ITEMS = 3
MAX_FILE_BYTES = 2 * 1024 * 1024


def _choice(label, choices, **kwargs):
    return forms.ChoiceField(label=label, choices=choices, required=False, **kwargs)


class QuestionForm(forms.Form):
    exam_type = _choice("試験の区分", [("", "選択してください"), *ExamType.choices])
    question_type = _choice("形式", [("", "選択してください"), *QuestionType.choices])
    code = forms.CharField(label="問題番号（空欄なら自動採番）", required=False, max_length=16)
    text = forms.CharField(label=f"問題文（イラスト問題は場面の説明、{TEXT_MAX_LENGTH}文字以内）", required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    answer = _choice("正答（正誤式）", TRUTH)
    part_1 = forms.CharField(label="小問（1）（イラスト問題）", required=False)
    answer_1 = _choice("小問（1）の正答", TRUTH)
    part_2 = forms.CharField(label="小問（2）", required=False)
    answer_2 = _choice("小問（2）の正答", TRUTH)
    part_3 = forms.CharField(label="小問（3）", required=False)
    answer_3 = _choice("小問（3）の正答", TRUTH)

    def service_data(self) -> dict:
        """What :func:`menkyo.exams.written.create_question` takes."""
        data = self.cleaned_data
        found = {"exam_type": data["exam_type"], "question_type": data["question_type"], "code": data["code"],
                 "text": data["text"], "answer": VALUES.get(data["answer"])}
        if data["question_type"] == QuestionType.ILLUSTRATION:
            numbers = range(1, SUB_ITEMS + 1)
            found["parts"] = [data[f"part_{n}"] for n in numbers]
            found["answer"] = [VALUES.get(data[f"answer_{n}"]) for n in numbers]
        return found


class AssemblyForm(forms.Form):
    exam_type = _choice("試験の区分", [("", "選択してください"), *ExamType.choices])
    code = forms.CharField(label="版番号（英大文字・数字・ハイフン16文字以内）", required=False, max_length=16)
    question_codes = forms.CharField(
        label="使う問題番号（空欄なら問題の構成に従って無作為に選びます；空白・改行・読点で区切る）", required=False,
        widget=forms.Textarea(attrs={"rows": 4}))
    seed = forms.IntegerField(label="乱数の種（空欄なら自動。同じ種で同じ選び方になります）", required=False, min_value=0,
                              error_messages={"invalid": "乱数の種は0以上の整数で入力してください。",
                                              "min_value": "乱数の種は0以上の整数で入力してください。"})

    def service_data(self) -> dict:
        """What :func:`menkyo.exams.written.assemble_form` takes."""
        data = self.cleaned_data
        codes = [c for c in re.split(r"[\s,、，]+", data["question_codes"]) if c]
        return {"exam_type": data["exam_type"], "code": data["code"], "seed": data["seed"],
                "question_codes": codes or None}


class UploadForm(forms.Form):
    file = forms.FileField(label="OMR装置の読取ファイル（CSV）", error_messages={"required": "ファイルを選んでください。"})
    charset = forms.ChoiceField(label="文字コード", choices=[("utf-8", "UTF-8"), ("shift_jis", "Shift_JIS")],
                                required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError("ファイルが大きすぎます（2MBまで）。分けて登録してください。")
        return upload


class ReasonForm(forms.Form):
    reason = forms.CharField(label=f"理由（{TEXT_MAX_LENGTH}文字以内）", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ResolveForm(forms.Form):
    """One choice per unreadable mark (正・誤・無記入, as the paper shows) and the reason."""

    reason = forms.CharField(label="確認の内容（例：答案用紙を目視で確認した）", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, questions: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            for name, label in self.names(question):
                self.fields[name] = _choice(label, ON_PAPER)

    @staticmethod
    def names(question: dict) -> list[tuple[str, str]]:
        no = question["no"]
        if question["type"] == QuestionType.TRUE_FALSE:
            return [(f"q{no}", f"問{no}")]
        return [(f"q{no}_{n}", f"問{no} 小問（{n}）") for n in range(1, len(question["answer"]) + 1)]

    def marks(self) -> dict:
        """What :func:`menkyo.exams.written.resolve_sheet` takes: the question number → the marks."""
        found = {}
        for question in self.questions:
            marks = [VALUES.get(self.cleaned_data[name]) for name, _ in self.names(question)]
            found[str(question["no"])] = marks if question["type"] == QuestionType.ILLUSTRATION else marks[0]
        return found


class SheetFilterForm(forms.Form):
    day = WarekiDateField(label="試験日", required=False)
    state = _choice("状態", [("", "すべて"), *SheetState.choices])
