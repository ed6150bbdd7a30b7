"""`twg serve` re-renders only the pages whose inputs changed (outputs/pages.py's memo): after
each kind of edit, the pages it reuses must be exactly the pages a fresh build makes."""

from __future__ import annotations

import re
from pathlib import Path


from twg.data import loading
from twg.data.dataset import LoadMemo
from twg.outputs import pages
from twg.outputs.records import Record


def _edit(path: Path, pattern: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed, n = re.subn(pattern, new, text, count=1, flags=re.M)
    assert n == 1, f"{path.name}: no line matches {pattern!r}"
    path.write_text(changed, encoding="utf-8")


def _rendered(items: list) -> dict[str, str]:  # noqa: ANN001
    return {p.output_path if isinstance(p, Record) else p.src_uri: (p.body if isinstance(p, Record) else p.content) for p in items}


# Each edit in turn on the same served session: a group's fact, a meeting, a report, a round,
# a coordination meeting.
EDITS = [
    ("groups/rwssh.yml", r"^sector: .*$", "sector: Water for every village"),
    ("groups/rwssh.yml", r"^(    title: )7th TWG-RWSSH meeting$", r"\g<1>Seventh TWG-RWSSH meeting"),
    ("groups/rwssh.yml", r"^(      - \{activity: national-forum, status: )on_schedule", r"\g<1>completed"),
    ("rounds.yml", r"^(    title: )15th GDCC$", r"\g<1>Fifteenth GDCC"),
    ("coordination.yml", r"^(    title: )1st GDCC meeting$", r"\g<1>First GDCC meeting"),
]


def test_memo_reuses_only_what_did_not_change(data_copy: Path) -> None:
    memo: pages.PageMemo = {}
    load = LoadMemo()
    list(pages.generate(loading.load(data_copy, load), "en", memo))  # the first build fills the memo
    for name, pattern, new in EDITS:
        _edit(data_copy / name, pattern, new)
        served = _rendered(list(pages.generate(loading.load(data_copy, load), "en", memo)))
        fresh = _rendered(list(pages.generate(loading.load(data_copy), "en")))
        assert served.keys() == fresh.keys()
        stale = [uri for uri in fresh if served[uri] != fresh[uri]]
        assert stale == [], f"after editing {name} ({new}): {stale}"
        assert any(new.split("\\g<1>")[-1].split(": ")[-1] in text for text in fresh.values())  # the edit shows
