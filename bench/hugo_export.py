"""Write a data directory as Hugo content, for the speed reference in bench.py.

    python bench/hugo_export.py DATA_DIR CONTENT_DIR

From the same loaded model as `twg build`: one page per group (facts, the latest
status table, every report's status table, indicators, meeting list) and one
page per meeting (summary, agenda, decisions, attendance, documents). Markdown
fields stay Markdown so Hugo does that work; tables are HTML, as on our pages.
Every language of the site, as ours builds them (the default at the root, the others
under <lang>/, texts in that language where translated): the same page count.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from markupsafe import escape

from twg.data.dataset import load_dataset
from twg.data.model import Dataset, Group, Meeting, Report, Text


_lang = ["en"]  # the language being exported (export() sets it for each pass)


def _s(text: Text | None) -> str:
    return "" if text is None else text.get(_lang[0], "en")[0]


def _e(text: Text | None) -> str:
    return str(escape(_s(text)))


def _front(title: str, **extra: object) -> str:
    meta = {"title": title, **extra}
    return "---\n" + "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items()) + "\n---\n\n"


def _status_table(report: Report) -> str:
    rows = "".join(
        f"<tr><th>{_e(a.activity.title)}</th><td>{a.status}{' — ' + _e(a.note) if a.note else ''}</td>"
        f"<td>{_e(a.reason)} {_e(a.progress)} {_e(a.recommendation)}</td></tr>"
        for a in report.activities
    )
    return f"<table><thead><tr><th>Activity</th><th>Status</th><th>Notes</th></tr></thead><tbody>{rows}</tbody></table>\n\n"


def _group(g: Group) -> str:
    out = [_front(f"{_s(g.short_name)} — {_s(g.name)}", description=f"Action plan, status and meetings of {_s(g.short_name)}")]
    out.append(f"<dl><dt>Chair</dt><dd>{_e(g.chair)}</dd><dt>Lead partners</dt><dd>{', '.join(_e(p) for p in g.lead_partners)}</dd></dl>\n\n")
    if g.mandate:
        out.append(f"## Mandate\n\n{_s(g.mandate)}\n\n")
    if g.latest_report:
        r = g.latest_report
        out.append(f"## Action plan status: {_e(r.round.title)}\n\n{_status_table(r)}")
        for title, text in (("Specific progress", r.progress), ("Challenges", r.challenges)):
            if text:
                out.append(f"### {title}\n\n{_s(text)}\n\n")
    if g.jmis:
        rows = "".join(f"<tr><td>{escape(j.code or '')}</td><td>{_e(j.title)}</td><td>{escape(str(j.baseline))}</td><td>{escape(str(j.target))}</td></tr>" for j in g.jmis)
        out.append(f"## Joint Monitoring Indicators\n\n<table><tbody>{rows}</tbody></table>\n\n")
    out.append("## Report history\n\n")
    for r in reversed(g.reports):
        out.append(f"<details><summary>{_e(r.round.title)}</summary>\n\n{_status_table(r)}</details>\n\n")
    out.append("## Meetings\n\n")
    out.extend(f"- [{m.when.iso} — {_s(m.title) or 'Meeting'}](meetings/{m.slug}/)\n" for m in g.meetings)
    return "".join(out)


def _meeting(g: Group, m: Meeting) -> str:
    out = [_front(f"{_s(m.title) or 'Meeting'} — {_s(g.short_name)}", date=m.when.iso, description=f"{_s(g.short_name)} meeting, {m.when.iso}")]
    out.append(f"**Date:** {m.when.iso} · **Location:** {_e(m.location)} · **Chair:** {_e(m.chair)}\n\n")
    if m.summary:
        out.append(f"## Summary\n\n{_s(m.summary)}\n\n")
    if m.agenda:
        out.append("## Agenda\n\n" + "".join(f"{i}. {_e(a.title)}\n" for i, a in enumerate(m.agenda, 1)) + "\n")
    if m.decisions:
        out.append("## Decisions\n\n" + "".join(f"- {_e(getattr(d, 'text', d))}\n" for d in m.decisions) + "\n")
    if m.attendance:
        out.append("## Attendance\n\n| Constituency | Participants |\n|---|---|\n" + "".join(f"| {k} | {v} |\n" for k, v in m.attendance.items()) + "\n")
    if m.documents:
        out.append("## Documents\n\n" + "".join(f"- [{_e(d.title)}]({d.url})\n" if d.url else f"- {_e(d.title)}\n" for d in m.documents))
    return "".join(out)


def export(ds: Dataset, content: Path) -> int:
    """Write the Hugo content tree; return the number of pages written."""
    shutil.rmtree(content, ignore_errors=True)
    count = 0
    for i, lang in enumerate(ds.site.languages):
        _lang[0] = lang
        root = content if i == 0 else content / lang
        (root / "groups").mkdir(parents=True)
        (root / "_index.md").write_text(_front(_s(ds.site.title)) + "Working groups and their meetings.\n", encoding="utf-8")
        (root / "groups" / "_index.md").write_text(_front("Groups"), encoding="utf-8")
        count += 2
        for g in ds.groups:
            folder = root / "groups" / g.id
            (folder / "meetings").mkdir(parents=True)
            (folder / "_index.md").write_text(_group(g), encoding="utf-8")
            count += 1
            for m in g.meetings:
                (folder / "meetings" / f"{m.slug}.md").write_text(_meeting(g, m), encoding="utf-8")
                count += 1
    _lang[0] = ds.site.default_language
    return count


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python bench/hugo_export.py DATA_DIR CONTENT_DIR")
    print(export(load_dataset(sys.argv[1]), Path(sys.argv[2])))
