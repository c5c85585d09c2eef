"""Dossier codes: format, uniqueness under concurrency, never reused, device blocks."""

import os
import shutil
import signal
import subprocess
import sys
import threading
from datetime import date, datetime

import pytest
from hypothesis import given, strategies as st

from counter_app import config as config_mod
from counter_app.domain.clock import LOCAL_TZ
from counter_app.domain.codes import CodeFormat
from counter_app.errors import ConfigError, UserInputError
from counter_app.services import codes
from counter_app.services.core import Core
from tests.db.code_writer import RECEIVED


def test_default_format_matches_tt01_example():
    fmt = CodeFormat("{agency}-{yymmdd}-{seq:04d}")
    assert fmt.format("000.17.22.H56", date(2021, 5, 31), 1) == "000.17.22.H56-210531-0001"
    assert fmt.matches("000.17.22.H56-210531-0001")
    assert not fmt.matches("000.17.22.H56-210531-001")


def test_national_2026_sample_format():
    fmt = CodeFormat("{agency}-{yyyymmdd}-{seq:07d}")
    assert fmt.format("G09.20", date(2026, 6, 9), 92637) == "G09.20-20260609-0092637"


@pytest.mark.parametrize("bad", ["{agency}-{seq:04d}", "{agency}-{yymmdd}", "{agency}-{yymmdd}-{seq}",
                                 "{agency}-{yymmdd}-{n:04d}", "{agency}-{yymmdd}-{seq:04d", ""])
def test_bad_templates_refused(bad):
    with pytest.raises(ValueError):
        CodeFormat(bad)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
       st.integers(min_value=1, max_value=9999),
       st.from_regex(r"[0-9A-Z]{3}(\.[0-9A-Z]{2,3}){1,3}", fullmatch=True))
def test_format_and_regex_round_trip(day, seq, agency):
    fmt = CodeFormat("{agency}-{yymmdd}-{seq:04d}")
    m = fmt.regex().match(fmt.format(agency, day, seq))
    assert m and m["agency"] == agency and int(m["seq"]) == seq and m["yymmdd"] == f"{day:%y%m%d}"


def test_sequence_per_day_restarts_and_counts(core):
    first = codes.new_code(core, datetime(2026, 11, 23, 9, tzinfo=LOCAL_TZ))
    second = codes.new_code(core, datetime(2026, 11, 23, 16, tzinfo=LOCAL_TZ))
    next_day = codes.new_code(core, datetime(2026, 11, 25, 8, tzinfo=LOCAL_TZ))
    assert (first, second, next_day) == ("000.17.22.H56-261123-0001", "000.17.22.H56-261123-0002",
                                         "000.17.22.H56-261125-0001")


def test_local_day_is_used_not_utc(core):
    # 23:30 UTC on 22/11 is 06:30 on 23/11 in Hà Nội.
    code = codes.new_code(core, datetime(2026, 11, 22, 23, 30, tzinfo=__import__("datetime").timezone.utc))
    assert "-261123-" in code


def test_block_exhausted_is_a_clear_message(core):
    core.config.codes.block_start, core.config.codes.block_end = 5, 6
    assert codes.new_code(core, RECEIVED).endswith("-0005")
    assert codes.new_code(core, RECEIVED).endswith("-0006")
    with pytest.raises(UserInputError, match="hết khối số"):
        codes.new_code(core, RECEIVED)


def test_missing_agency_code_refused(core):
    core.config.office.code = ""
    with pytest.raises(ConfigError, match="mã định danh"):
        codes.new_code(core, RECEIVED)


def test_overlapping_config_refused():
    cfg = config_mod.Config()
    cfg.codes.block_start, cfg.codes.block_end = 10, 5
    with pytest.raises(ConfigError):
        cfg.validate()


def test_unique_under_concurrent_threads(demo_paths):
    results: list[str] = []
    errors: list[BaseException] = []

    def work():
        try:
            core = Core.open(*demo_paths, system=True)
            for _ in range(40):
                results.append(codes.new_code(core, RECEIVED))
            core.close()
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == len(set(results)) == 160
    assert sorted(int(c[-4:]) for c in results) == list(range(1, 161))


@pytest.mark.slow
def test_unique_under_concurrent_processes(demo_paths):
    procs = [subprocess.Popen([sys.executable, "-m", "tests.db.code_writer", *map(str, demo_paths),
                               "30"], stdout=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [p.communicate(timeout=120)[0].split() for p in procs]
    assert all(p.returncode == 0 for p in procs)
    allocated = [c for out in outputs for c in out]
    assert len(allocated) == len(set(allocated)) == 90
    core = Core.open(*demo_paths, system=True)
    stored = [r[0] for r in core.conn.execute("SELECT code FROM dossier_codes")]
    core.close()
    assert sorted(stored) == sorted(allocated)


@pytest.mark.slow
@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_code_is_never_reused_after_a_crash(demo_paths):
    proc = subprocess.Popen([sys.executable, "-m", "tests.db.code_writer", *map(str, demo_paths),
                             "0"], stdout=subprocess.PIPE, text=True)
    printed = [proc.stdout.readline().strip() for _ in range(25)]
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    core = Core.open(*demo_paths, system=True)
    stored = {r[0] for r in core.conn.execute("SELECT code FROM dossier_codes")}
    assert set(printed) <= stored            # everything handed out was committed
    after = codes.new_code(core, RECEIVED)
    core.close()
    assert after not in stored
    assert int(after[-4:]) == len(stored) + 1


def test_two_devices_with_their_blocks_never_collide(demo_template, tmp_path):
    """Two counters of one office, each with its own database and block, offline."""
    made = []
    for name, block in (("quay1", (1, 4999)), ("quay2", (5000, 9999))):
        folder = tmp_path / name
        folder.mkdir()
        for f in ("db.sqlite", "config.json"):
            shutil.copy(demo_template / f, folder / f)
        core = Core.open(folder / "db.sqlite", folder / "config.json", system=True)
        core.config.codes.block_start, core.config.codes.block_end = block
        made += [codes.new_code(core, RECEIVED) for _ in range(20)]
        core.close()
    assert len(made) == len(set(made)) == 40
    assert made[20].endswith("-5000")
