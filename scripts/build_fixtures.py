#!/usr/bin/env python3
"""Regenerate fixtures/*.json from fixtures/source/ without Django.

Usage: ``python3 scripts/build_fixtures.py [--check]`` (same as ``python manage.py
build_fixtures``).  ``--check`` writes nothing and exits 1 if a fixture is out of date.
"""

import argparse
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from actions.seeds import write_fixtures  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; fail if a fixture is out of date")
    args = parser.parse_args(argv)
    changed = write_fixtures(REPO_ROOT, check=args.check)
    verb = "out of date" if args.check else "written"
    for path in changed:
        print(f"{verb}: {path.relative_to(REPO_ROOT)}")
    if not changed:
        print("fixtures are up to date")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
