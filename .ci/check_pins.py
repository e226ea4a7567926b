"""Every pinned dependency is on the newest patch release of its series.

The fallback for `audit_dependencies.sh` where no vulnerability database can be reached:
security fixes ship as patch releases, so a pin behind the newest patch of its own
series (e.g. Django 5.2.18 when 5.2.19 is out) is reported and fails the check. It asks
the package index the project installs from (`pip index versions`), one query per pin.
"""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([0-9][0-9A-Za-z.]*)$")


def series(version: str) -> tuple:
    parts = version.split(".")
    return tuple(parts[:2])


def is_final(version: str) -> bool:
    return re.fullmatch(r"[0-9]+(\.[0-9]+)*", version) is not None


def key(version: str) -> tuple:
    return tuple(int(p) for p in version.split("."))


def available(name: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-m", "pip", "index", "versions", name], capture_output=True, text=True, timeout=120
    ).stdout
    match = re.search(r"Available versions: (.*)", out)
    return [v.strip() for v in match.group(1).split(",")] if match else []


def main() -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = project["dependencies"] + [d for group in project["optional-dependencies"].values() for d in group]
    behind, unknown = [], []
    for pin in pins:
        match = PIN.match(pin)
        if not match:
            unknown.append(pin)
            continue
        name, version = match.groups()
        versions = [v for v in available(name) if is_final(v) and series(v) == series(version)]
        if not versions:
            unknown.append(pin)
            continue
        newest = max(versions, key=key)
        status = "ok" if key(newest) <= key(version) else f"BEHIND: {newest} is out"
        print(f"{name:24} {version:12} {status}")
        if status != "ok":
            behind.append(pin)
    for pin in unknown:
        print(f"{pin:37} could not be checked")
    if behind or unknown:
        print(f"pin check: FAILED ({len(behind)} behind, {len(unknown)} unchecked)")
        return 1
    print(f"pin check: all {len(pins)} pins are on the newest patch release of their series")
    return 0


if __name__ == "__main__":
    sys.exit(main())
