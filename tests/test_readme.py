"""The README tells a newcomer the truth: its commands are the ones CI runs, its Linux
packages are the ones .ci/run installs, its Windows commands work in PowerShell 5.1 and cmd."""

import re
import shlex
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, re.S)


def ci_packages() -> list[str]:
    value = re.search(r'^PKGS="(.*?)"', CI, re.S | re.M).group(1)
    return value.replace("\\\n", " ").split()


def test_the_first_two_commands_launch_and_test_and_ci_runs_the_second():
    launch, tests = blocks("sh")[:2]
    assert launch.strip().endswith(".venv/bin/counter-app")
    assert tests.strip() == "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' " \
                            "&& .venv/bin/python -m pytest"
    assert tests.strip() in CI.splitlines()


def test_linux_packages_are_exactly_what_ci_installs():
    apt = [b for b in blocks("sh") if "apt-get install" in b]
    assert len(apt) == 1
    assert shlex.split(apt[0])[3:] == ci_packages()
    assert "python3-venv" in README and "python3-venv" in CI


def test_windows_commands_work_in_powershell_51_and_cmd():
    (windows,) = blocks("bat")
    assert "&&" not in windows and "'" not in windows
    lines = windows.strip().splitlines()
    assert lines[0] == "py -3.12 -m venv .venv"
    assert lines[1] == '.venv\\Scripts\\pip install -e ".[test]"'
    assert ".venv\\Scripts\\counter-app" in lines


def test_python_versions_and_extras_are_stated():
    assert f'requires-python = "{PYPROJECT["project"]["requires-python"]}"' in README
    assert "6.12" in README     # the 3.11 PySide6 pin
    for extra in PYPROJECT["project"]["optional-dependencies"]:
        assert f"`{extra}`" in README or extra == "test", extra
