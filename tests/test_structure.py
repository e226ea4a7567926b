"""The structure holds: the layering contract (import-linter), module and function sizes.

The layering, in one line: ``owners`` (base) <- ``actions`` <- ``reports`` | ``reminders`` <- ``api`` | ``rollups`` <-
``peopleplan`` (composition). ``.importlinter`` states it; ``lint-imports`` holds the code to it.
"""

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _root_packages() -> list[str]:
    """The project's apps, as ``.importlinter`` names them."""
    import configparser

    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    return config["importlinter"]["root_packages"].split()


APPS = _root_packages()
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def product_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def lint_imports(cwd: Path):
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run([str(LINT_IMPORTS)], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_the_layering_contract_holds():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Apps in layers: peopleplan -> " in result.stdout and "BROKEN" not in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("owners/_probe.py", "import actions.models\n", "owners is not allowed to import actions"),
        ("actions/_probe.py", "from reports import models\n", "actions is not allowed to import reports"),
        ("reports/_probe.py", "import api.models\n", "reports is not allowed to import api"),
        ("reports/exporters/_probe.py", "from reports import services\n", "Exporters only render"),
    ],
)
def test_the_contract_fails_when_a_module_imports_up_the_layers(tmp_path, module, line, broken):
    for app in APPS:
        shutil.copytree(ROOT / app, tmp_path / app, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    (tmp_path / module).write_text(line)
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert broken in result.stdout


def test_no_module_is_over_400_lines():
    long = {str(p.relative_to(ROOT)): n for p in product_modules() if (n := len(p.read_text().splitlines())) > 400}
    assert not long, f"split these by responsibility: {long}"


def test_no_function_is_over_60_lines():
    long = []
    for path in product_modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({length} lines)")
    assert not long, "split these functions: " + "; ".join(long)
