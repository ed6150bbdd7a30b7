"""Issue 12: a hostile or careless data file is refused with FILE:LINE, never obeyed.

One table per class of input: strict scalars (YAML 1.2 core at most), tags, text hygiene,
ids, links, names and paths. Each row is the edit and the located message it must give.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from twg.data.dataset import DataError, load_dataset

DEMO = """\
id: demo
short_name: TWG-Demo
name: Demo group
sector: Demo sector
source: cdc-2009-progress
action_plans:
  - year: 2009
    activities:
      - id: plan
        title: Make a plan
reports:
  - round: gdcc-15
    source: cdc-2009-progress
    activities:
      - activity: plan
        status: behind_schedule
        reason: Waiting for a consultant.
    progress: Some progress.
meetings:
  - number: 1
    date: 2009-09-01
    source: cdc-2009-progress
    documents:
      - {title: Minutes, url: "https://example.org/minutes.pdf"}
"""


def problems(data_dir: Path) -> list[str]:
    with pytest.raises(DataError) as err:
        load_dataset(data_dir)
    return [str(p) for p in err.value.problems]


def demo(data_dir: Path, old: str = "", new: str = "", name: str = "demo.yml") -> Path:
    assert old in DEMO
    path = data_dir / "groups" / name
    path.write_text(DEMO.replace(old, new, 1) if old else DEMO, encoding="utf-8")
    return path


def test_the_demo_group_is_valid(data_copy: Path) -> None:
    demo(data_copy)
    assert load_dataset(data_copy).group("demo").meetings[0].slug == "1"


N, S, D, U = "  - number: 1\n", "sector: Demo sector\n", "    date: 2009-09-01\n", "https://example.org/minutes.pdf"

SCALARS = [
    # YAML 1.1 numbers that PyYAML would silently turn into other numbers
    (N, "  - number: 010\n", "20: meetings[0].number: '010' has a leading zero (YAML 1.1 readers take it as the octal number 8); write 10"),
    (N, "  - number: 1:20\n", "20: meetings[0].number: expected a whole number, got the text '1:20' (YAML 1.1 readers take this as a base-60 number)"),
    (N, "  - number: 0x10\n", "20: meetings[0].number: '0x10' is a hexadecimal number in YAML; write the number in decimal digits (16)"),
    (N, "  - number: 0o10\n", "20: meetings[0].number: '0o10' is an octal number in YAML; write the number in decimal digits (8)"),
    (N, "  - number: 0b11\n", "20: meetings[0].number: '0b11' is a binary number in YAML; write the number in decimal digits (3)"),
    (N, "  - number: 1_0\n", "20: meetings[0].number: '1_0': write numbers without '_' separators (10)"),
    (N, "  - number: 7.0\n", "20: meetings[0].number: expected a whole number, got the number 7.0; write 7"),
    (N, "  - number: 1e400\n", "20: meetings[0].number: the number 1e400 is too large"),
    (N, "  - number: 123456789012345678901234\n", "20: meetings[0].number: the number 123456789012345678901234 is too large"),
    (N, "  - number: .nan\n", "20: meetings[0].number: '.nan' (not-a-number or infinity) is not allowed"),
    (S, "sector: -.inf\n", "4: sector: '-.inf' (not-a-number or infinity) is not allowed"),
    ("  - year: 2009\n", "  - year: 2009.5\n", "7: action_plans[0].year: expected a whole number, got the number 2009.5; write a whole number"),
    # tags, on every scalar, quoted or not
    (S, 'sector: !!python/object/apply:os.system "echo pwned"\n', "4: sector: YAML tags such as '!!python/object/apply:os.system' are not allowed"),
    (S, "sector: !!str Demo\n", "4: sector: YAML tags such as '!!str' are not allowed"),
    (N, '  - number: !!int "1"\n', "20: meetings[0].number: YAML tags such as '!!int' are not allowed"),
    (S, "sector: !custom x\n", "4: sector: YAML tags such as '!custom' are not allowed"),
    (S, "sector: !<tag:yaml.org,2002:str> x\n", "4: sector: YAML tags such as '!!str' are not allowed"),
    ("action_plans:\n", "action_plans: !!seq\n", "6: action_plans: YAML tags such as '!!seq' are not allowed"),
    # dates: calendar and a sane year range
    (D, "    date: 0000-09-01\n", "21: meetings[0].date: '0000-09-01': the year 0 is outside 1990–2100"),
    (D, "    date: 20009-09-01\n", "21: meetings[0].date: the text '20009-09-01' is not valid: A calendar date written YYYY-MM-DD"),
    (D, "    date: 2009-9-1\n", "21: meetings[0].date: the text '2009-9-1' is not valid"),
    (D, "    date: '١٩٩٩-09-01'\n", "21: meetings[0].date: the text '١٩٩٩-09-01' is not valid"),
]

HYGIENE = [
    (S, "sector: Demo\x00sector\n", "4: sector: the invisible character U+0000 (NUL) is not allowed; delete it (column 13)"),
    (S, "sector: \x1b[31mred\n", "4: sector: the invisible character U+001B (ESCAPE) is not allowed"),
    (S, "sector: Demo\x85sector\n", "4: sector: the invisible character U+0085 (NEXT LINE) is not allowed"),
    (S, 'sector: "Demo\\x07sector"\n', "4: sector: the invisible character U+0007 (BEL) is not allowed; delete it (written as an escape in quotes)"),
    (S, "sector: abc\u202eevil\n", "4: sector: the bidirectional control character U+202E (RIGHT-TO-LEFT OVERRIDE) makes text display in another order"),
    (S, "sector: abc\u2066evil\u2069\n", "4: sector: the bidirectional control character U+2066 (LEFT-TO-RIGHT ISOLATE)"),
    (S, 'sector: "abc\\u202aevil"\n', "4: sector: the bidirectional control character U+202A (LEFT-TO-RIGHT EMBEDDING)"),
    (S, "sector: a\u2028b\n", "4: sector: the separator U+2028 (LINE SEPARATOR) is not allowed"),
    (S, 'sector: "\\ud800"\n', "4: YAML syntax: while parsing a quoted scalar, found invalid Unicode character escape code"),
    (S, "sector: Demo sector  # a comment with \x07 in it\n", "4: (file): the invisible character U+0007 (BEL)"),
    (S, "sector: Demo sector  # \u202e reversed comment\n", "4: (file): the bidirectional control character U+202E"),
    # ids match their pattern exactly (Python's '$' would accept a final newline)
    ("id: demo\n", 'id: "demo\\n"\n', "1: id: the text 'demo\\n' is not valid: Lower-case letters"),
    ("      - id: plan\n", '      - id: "plan\\n"\n', "9: action_plans[0].activities[0].id: the text 'plan\\n' is not valid"),
    ("  - round: gdcc-15\n", '  - round: "gdcc-15\\n"\n', "12: reports[0].round: the text 'gdcc-15\\n' is not valid"),
    ('"https://example.org/minutes.pdf"', '"https://example.org/\\nx"', "24: meetings[0].documents[0].url: the text 'https://example.org/\\nx' is not valid"),
    ("name: Demo group\n", 'name: {"en\\n": Demo group}\n', "3: name.en\\n: the character U+000A (LINE FEED) is not allowed here in a field name"),
]

LINKS = [
    (U, "//evil.example/x", "24: meetings[0].documents[0].url: the text '//evil.example/x' is not valid"),
    (U, "/\\\\evil.example/x", "24: meetings[0].documents[0].url: the text '/\\evil.example/x' is not valid"),
    (U, " javascript:alert(1)", "24: meetings[0].documents[0].url: the text ' javascript:alert(1)' is not valid"),
    (U, "java&#115;cript:alert(1)", "24: meetings[0].documents[0].url: the text 'java&#115;cript:alert(1)' is not valid"),
    (U, "https:///evil.example", "24: meetings[0].documents[0].url: the text 'https:///evil.example' is not valid"),
    (U, "https://example.org\\\\@evil.example", "24: meetings[0].documents[0].url: the text 'https://example.org\\@evil.example' is not valid"),
]


@pytest.mark.parametrize(("old", "new", "expected"), SCALARS + HYGIENE + LINKS, ids=lambda v: repr(v)[:40] if isinstance(v, str) else None)
def test_hostile_value_is_located(data_copy: Path, old: str, new: str, expected: str) -> None:
    demo(data_copy, old, new)
    found = problems(data_copy)
    assert any(f"groups/demo.yml:{expected}" in p for p in found), "\n".join(found)


def test_plain_yaml_12_scalars_keep_what_was_typed(data_copy: Path) -> None:
    demo(data_copy, S, "sector: 1:20\n")
    demo(data_copy, "name: Demo group\n", "name: 'no'\nchair: on\n", name="demo.yml")
    g = load_dataset(data_copy).group("demo")
    assert str(g.name) == "no" and str(g.chair) == "on"


def test_reported_values_cannot_forge_a_line(data_copy: Path) -> None:
    demo(data_copy, "        status: behind_schedule\n", '        status: "late\\ndata/groups/x.yml:1: id: forged \\u202e"\n')
    proc = subprocess.run([sys.executable, "-m", "twg.cli.main", "validate", "--data", str(data_copy)], capture_output=True, text=True)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert not any(line.startswith("data/groups/x.yml") for line in lines)
    assert not any(ch in proc.stdout for ch in "\u202e\x1b")
    assert any("demo.yml:16: reports[0].activities[0].status: the text 'late\\ndata/groups/x.yml:1: id: forged \\u202e'" in line for line in lines)


def test_raw_control_character_is_at_its_line_without_a_tab_hint(data_copy: Path) -> None:
    demo(data_copy, "        title: Make a plan\n", "        title: Make a\x01 plan\n")
    found = problems(data_copy)
    assert any("demo.yml:10: action_plans[0].activities[0].title: the invisible character U+0001" in p for p in found), found
    assert not any("tabs" in p for p in found)


# --- names and paths -----------------------------------------------------------------------

def test_generated_page_ids_are_refused(data_copy: Path) -> None:
    demo(data_copy, "id: demo\n", "id: index\n", name="index.yml")
    rounds = data_copy / "rounds.yml"
    rounds.write_text(rounds.read_text().replace("  - id: gdcc-15\n", "  - id: index\n"))
    found = problems(data_copy)
    assert any("groups/index.yml:1: id: 'index' is the address of the generated list of groups" in p for p in found), found
    line = rounds.read_text().splitlines().index("  - id: index") + 1
    assert any(f"rounds.yml:{line}: rounds[2].id: 'index' is the address of the generated archive of rounds" in p for p in found), found


def test_two_files_for_one_id(data_copy: Path) -> None:
    demo(data_copy)
    demo(data_copy, name="demo.yaml")
    assert any("groups/demo.yaml:1: (file): a second file for the group 'demo' beside demo.yml" in p for p in problems(data_copy))


def test_symlink_is_refused_without_reading_its_target(data_copy: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("id: TOP-SECRET-TOKEN\n")
    (data_copy / "groups" / "leak.yml").symlink_to(secret)
    (data_copy / "groups" / "dangling.yml").symlink_to(tmp_path / "nowhere.yml")
    found = problems(data_copy)
    assert any("groups/leak.yml:1: (file): is a symbolic link" in p for p in found), found
    assert any("groups/dangling.yml:1: (file): is a symbolic link" in p for p in found), found
    assert not any("TOP-SECRET" in p for p in found)


def test_site_file_symlink_is_refused(data_copy: Path) -> None:
    site = data_copy / "site.yml"
    target = data_copy.parent / "site-elsewhere.yml"
    site.rename(target)
    site.symlink_to(target)
    assert any("site.yml:1: (file): is a symbolic link" in p for p in problems(data_copy))


def test_hidden_lock_and_backup_files_are_ignored(data_copy: Path) -> None:
    groups = data_copy / "groups"
    (groups / ".#rwssh.yml").symlink_to("root@host.1234:1700000000")  # Emacs' lock: a dangling link
    (groups / "rwssh.yml~").write_text("id: broken: [")
    (groups / "#rwssh.yml#").write_text("id: broken: [")
    (groups / ".hidden.yml").write_text("id: broken: [")
    proc = subprocess.run([sys.executable, "-m", "twg.cli.main", "validate", "--data", str(data_copy)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_folder_or_pipe_named_like_a_group_is_refused(data_copy: Path) -> None:
    (data_copy / "groups" / "folder.yml").mkdir()
    os.mkfifo(data_copy / "groups" / "pipe.yml")  # reading it would block forever
    found = problems(data_copy)
    assert any("groups/folder.yml:1: (file): is not an ordinary file" in p for p in found)
    assert any("groups/pipe.yml:1: (file): is not an ordinary file" in p for p in found)


@pytest.mark.parametrize(("languages", "expected"), [
    ("[en, km, km]", "languages[2]: duplicate language 'km'"),
    ("[en, km, xx]", "languages[2]: 'xx' is not a known language code"),
])
def test_site_languages(data_copy: Path, languages: str, expected: str) -> None:
    site = data_copy / "site.yml"
    text = site.read_text()
    site.write_text(text.replace("languages: [en, km]", f"languages: {languages}"))
    line = text.splitlines().index("languages: [en, km]") + 1
    assert any(f"site.yml:{line}: {expected}" in p for p in problems(data_copy))
