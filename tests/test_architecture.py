"""The layers hold (ADR 0005): no import cycle, and no unexplained import inside a function.

import-linter (``make lint``) checks the layers and cycles; this test checks
the rule it cannot: an import inside a function is allowed only with a
comment that says why (on its line, or on the line just above it).
"""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "menkyo"


def function_level_imports():
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        lines = path.read_text().splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for inner in ast.walk(node):
                    if isinstance(inner, (ast.Import, ast.ImportFrom)):
                        yield path, inner.lineno, lines


def explained(lines: list[str], lineno: int) -> bool:
    """A comment on the import's line, or on a line above it within the same block of imports."""
    number = lineno - 1
    if "#" in lines[number]:
        return True
    while number > 0:
        number -= 1
        line = lines[number].strip()
        if line.startswith("#"):
            return True
        if not (line.startswith(("import ", "from ")) or line == ""):
            return False
    return False


def test_every_import_inside_a_function_says_why():
    unexplained = [
        f"{path.relative_to(SRC.parent)}:{lineno}: {lines[lineno - 1].strip()}"
        for path, lineno, lines in function_level_imports()
        if not explained(lines, lineno)
    ]
    assert not unexplained, "imports inside functions without a comment saying why:\n" + "\n".join(unexplained)
