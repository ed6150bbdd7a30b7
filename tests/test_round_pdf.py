"""Round PDFs at scale: a published round's PDF depends on nothing but that round's content
(so the cache CI keeps reuses it), and missing PDFs are laid out in parallel and cached."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from twg.cli import scaffold
from twg.data import loading
from twg.outputs import report_pdf


def _published_html(data: Path) -> dict[tuple[str, str], str]:
    ds = loading.load(data.resolve())
    return {(r.id, lang): report_pdf.round_html(ds, r.id, lang) for r in ds.rounds if r.is_published for lang in ds.site.languages}


def test_a_published_rounds_pdf_ignores_unrelated_changes(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1500000000")
    before = _published_html(data_copy)
    assert len(before) == 6
    # Another day, a new group, another group's new meeting, a draft round with one report.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")
    scaffold.new_group(data_copy, "newcomer", "cdc-2009-progress", "TWG-New", "A group founded after these rounds")
    scaffold.new_meeting(data_copy, "rwssh", date="2021-03-04")
    rounds = data_copy / "rounds.yml"
    rounds.write_text(rounds.read_text(encoding="utf-8") + "  - id: gdcc-16\n    number: 16\n    title: 16th GDCC\n    period: {from: 2009-09, to: 2010-03}\n", encoding="utf-8")
    scaffold.new_report(data_copy, "gender", "gdcc-16")
    after = _published_html(data_copy)
    changed = [key for key in before if before[key] != after[key]]
    assert not changed, f"unrelated changes rewrote the published reports {changed}"
    # The draft round does expect the new group (it is active and has not reported).
    ds = loading.load(data_copy.resolve())
    assert "TWG-New" in report_pdf.round_html(ds, "gdcc-16", "en")
    # The round's own content does change its report, and only its report.
    rwssh = data_copy / "groups" / "rwssh.yml"
    rwssh.write_text(rwssh.read_text(encoding="utf-8").replace("reason: DP representatives were not available and the process of changing of consultant.", "reason: No quorum.", 1), encoding="utf-8")
    edited = _published_html(data_copy)
    assert sorted(key for key in before if before[key] != edited[key]) == [("gdcc-15", "en"), ("gdcc-15", "km")]
    assert "No quorum." in edited[("gdcc-15", "en")]


def test_missing_pdfs_are_laid_out_in_parallel_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWG_CACHE", str(tmp_path / "cache"))
    html = "<!doctype html><html lang='en'><head><meta charset='utf-8'><style>@page {{ size: A4; margin: 20mm; @bottom-center {{ content: 'Page ' counter(page) ' of ' counter(pages); }} }}</style></head><body><h1>{}</h1></body></html>"
    jobs = [report_pdf.Job(html.format(f"Report {i}"), tmp_path / "site" / f"{i}.pdf") for i in range(3)]
    assert report_pdf.lay_out(jobs, workers=2) == 3
    assert report_pdf.lay_out(jobs, workers=2) == 0  # all in the cache now
    report_pdf.write_jobs(jobs + [report_pdf.Job(html.format("Report 3"), tmp_path / "site" / "3.pdf")], workers=2)
    for i in range(4):
        text = subprocess.run(["pdftotext", str(tmp_path / "site" / f"{i}.pdf"), "-"], capture_output=True, text=True, check=True).stdout
        assert f"Report {i}" in text and "Page 1 of 1" in text
    assert len(list((tmp_path / "cache").rglob("*.pdf"))) == 4


def test_the_running_title_is_a_css_string_nothing_can_escape() -> None:
    css = report_pdf.css_string('15th "GDCC"; } </style><script>x</script> ក្រុម')
    assert css.startswith('"') and css.endswith('"') and css.count('"') == 2
    assert not set('<>;{}\'') & set(css)
    assert re.sub(r"\\([0-9a-f]+) ", lambda m: chr(int(m.group(1), 16)), css[1:-1]) == '15th "GDCC"; } </style><script>x</script> ក្រុម'
