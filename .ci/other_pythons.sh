#!/usr/bin/env bash
# The pins on every other supported Python (pyproject.toml's requires-python: 3.11–3.13).
# For each of python3.12 and python3.13 found on this machine (on PATH, or pyenv's versions), it makes a
# venv under .venv-other/, installs every pin of pyproject.toml (dependencies and dev extras) from the
# package index pip is set up with, then runs `manage.py check` and a quick slice of the tests.
# A Python that is not on the machine is reported and skipped; REQUIRE_ALL=1 makes that a failure.
# Usage: .ci/other_pythons.sh [3.12 3.13 …]
set -euo pipefail
cd "$(dirname "$0")/.."

versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(3.12 3.13)
# A quick slice (about a minute): sign-in, accounts and e-mail over SMTP (aiosmtpd), the business rules, and
# the compiled packages at work (lxml and openpyxl: the workbook; python-docx and Pillow: the board paper).
SLICE=(tests/test_views_auth.py tests/test_accounts.py tests/test_login_throttling.py tests/test_services.py
  tests/test_workbook.py tests/test_board_paper.py)

find_python() {
  local v=$1 candidate
  for candidate in "$(command -v "python$v" || true)" "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$v"*/bin/"python$v"; do
    # (A pyenv shim is on PATH even where that version is not selected: it must actually run.)
    if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" -c 'import sys' >/dev/null 2>&1; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

requirements=$(python3 -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; print('\n'.join(p['dependencies'] + p['optional-dependencies']['dev']))")
status=0
ran=0
for v in "${versions[@]}"; do
  printf '\n=== Python %s ===\n' "$v"
  if ! py=$(find_python "$v"); then
    echo "python$v: not on this machine, skipped"
    [ "${REQUIRE_ALL:-0}" = 1 ] && status=1
    continue
  fi
  "$py" --version
  # requires-python must admit this Python (pip refuses to install the project otherwise).
  "$py" - <<'EOF'
import platform, tomllib
from pip._vendor.packaging.specifiers import SpecifierSet
spec = SpecifierSet(tomllib.load(open("pyproject.toml", "rb"))["project"]["requires-python"])
assert platform.python_version() in spec, f"requires-python {spec} excludes {platform.python_version()}"
print(f"requires-python {spec} admits {platform.python_version()}")
EOF
  venv=".venv-other/py$v"
  [ -x "$venv/bin/python" ] || "$py" -m venv "$venv"
  printf '%s\n' "$requirements" > "$venv/requirements.txt"
  # (pip's notes about index folders absent on this machine are left out of the log.)
  if ! "$venv/bin/python" -m pip install --quiet --upgrade pip 2> >(grep -v "^WARNING: Location '.*' is ignored" >&2) \
     || ! "$venv/bin/python" -m pip install --quiet -r "$venv/requirements.txt" 2> >(grep -v "^WARNING: Location '.*' is ignored" >&2); then
    echo "Python $v: the pins did not install"; status=1; continue
  fi
  DJANGO_SECRET_KEY=other-pythons "$venv/bin/python" manage.py check || { status=1; continue; }
  DJANGO_SECRET_KEY=other-pythons "$venv/bin/python" -m pytest -q -p no:cacheprovider "${SLICE[@]}" || status=1
  ran=$((ran + 1))
done
echo
echo "other Pythons: $ran tested, exit $status"
exit $status
