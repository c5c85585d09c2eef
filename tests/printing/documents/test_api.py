"""render_form dispatch, atomic write_pdf, and the forms benchmark."""

from __future__ import annotations

import json
import os

import pytest

from benchmarks import forms as forms_benchmark
from printing.documents import RENDERERS, render_form, write_pdf
from tests.printing.documents import samples


def test_every_form_kind_renders_a_pdf():
    assert sorted(RENDERERS) == [f"form0{i}" for i in range(1, 7)] + ["stop_notice"]
    for kind, make in samples.ALL.items():
        pdf = render_form(kind, make())
        assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")


def test_unknown_kind_and_wrong_data_are_refused():
    with pytest.raises(ValueError, match="form07"):
        render_form("form07", samples.receipt())
    with pytest.raises(TypeError, match="Receipt"):
        render_form("form01", samples.refusal())


def test_copies_must_be_one_or_two():
    with pytest.raises(ValueError):
        render_form("form01", samples.receipt(copies=3))


def test_write_pdf_replaces_the_file_whole(tmp_path):
    target = tmp_path / "giay-tiep-nhan.pdf"
    target.write_bytes(b"old")
    assert write_pdf(target, b"%PDF-new") == target
    assert target.read_bytes() == b"%PDF-new"
    assert os.listdir(tmp_path) == [target.name]


def test_write_pdf_failure_keeps_the_old_file_and_no_temp(tmp_path):
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        write_pdf(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["a.pdf"]


def test_forms_benchmark_runs_and_reports(tmp_path, capsys):
    forms_benchmark.run(size=4, runs=3, as_json=True, data_dir=tmp_path)
    out = json.loads(capsys.readouterr().out)
    assert out["benchmark"] == "forms"
    assert [t["runs"] for t in out["timings"]] == [3, 3]
    assert out["budget_ms"] == 100 and out["documents"] == 4
    assert (tmp_path / "forms-form01.pdf").read_bytes().startswith(b"%PDF-")
