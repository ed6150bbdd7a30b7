"""Issue 12: a hostile or careless data file is refused with FILE:LINE, never obeyed.

One table per class of input: strict scalars (YAML 1.2 core at most), tags, text hygiene,
ids, links, names and paths. Each row is the edit and the located message it must give.
"""

from __future__ import annotations

import os
import re
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


@pytest.fixture()
def mini(tmp_path: Path) -> Path:
    """The real site.yml and rounds.yml with one small group (demo): fast to check."""
    import shutil

    from conftest import DATA

    data = tmp_path / "data"
    (data / "groups").mkdir(parents=True)
    for name in ("site.yml", "rounds.yml"):
        shutil.copy(DATA / name, data / name)
    demo(data)
    return data


def problems(data_dir: Path) -> list[str]:
    with pytest.raises(DataError) as err:
        load_dataset(data_dir)
    return [str(p) for p in err.value.problems]


def demo(data_dir: Path, old: str = "", new: str = "", name: str = "demo.yml") -> Path:
    assert old in DEMO
    path = data_dir / "groups" / name
    path.write_text(DEMO.replace(old, new, 1) if old else DEMO, encoding="utf-8")
    return path


def test_the_demo_group_is_valid(mini: Path) -> None:
    demo(mini)
    assert load_dataset(mini).group("demo").meetings[0].slug == "1"


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
def test_hostile_value_is_located(mini: Path, old: str, new: str, expected: str) -> None:
    demo(mini, old, new)
    found = problems(mini)
    assert any(f"groups/demo.yml:{expected}" in p for p in found), "\n".join(found)


def test_plain_yaml_12_scalars_keep_what_was_typed(mini: Path) -> None:
    demo(mini, S, "sector: 1:20\n")
    demo(mini, "name: Demo group\n", "name: 'no'\nchair: on\n", name="demo.yml")
    g = load_dataset(mini).group("demo")
    assert str(g.name) == "no" and str(g.chair) == "on"


def test_reported_values_cannot_forge_a_line(mini: Path) -> None:
    demo(mini, "        status: behind_schedule\n", '        status: "late\\ndata/groups/x.yml:1: id: forged \\u202e"\n')
    proc = subprocess.run([sys.executable, "-m", "twg.cli.main", "validate", "--data", str(mini)], capture_output=True, text=True)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert not any(line.startswith("data/groups/x.yml") for line in lines)
    assert not any(ch in proc.stdout for ch in "\u202e\x1b")
    assert any("demo.yml:16: reports[0].activities[0].status: the text 'late\\ndata/groups/x.yml:1: id: forged \\u202e'" in line for line in lines)


def test_raw_control_character_is_at_its_line_without_a_tab_hint(mini: Path) -> None:
    demo(mini, "        title: Make a plan\n", "        title: Make a\x01 plan\n")
    found = problems(mini)
    assert any("demo.yml:10: action_plans[0].activities[0].title: the invisible character U+0001" in p for p in found), found
    assert not any("tabs" in p for p in found)


# --- names and paths -----------------------------------------------------------------------

def test_generated_page_ids_are_refused(mini: Path) -> None:
    demo(mini, "id: demo\n", "id: index\n", name="index.yml")
    rounds = mini / "rounds.yml"
    rounds.write_text(rounds.read_text().replace("  - id: gdcc-15\n", "  - id: index\n"))
    found = problems(mini)
    assert any("groups/index.yml:1: id: 'index' is the address of the generated list of groups" in p for p in found), found
    line = rounds.read_text().splitlines().index("  - id: index") + 1
    assert any(f"rounds.yml:{line}: rounds[2].id: 'index' is the address of the generated archive of rounds" in p for p in found), found


def test_two_files_for_one_id(mini: Path) -> None:
    demo(mini)
    demo(mini, name="demo.yaml")
    assert any("groups/demo.yaml:1: (file): a second file for the group 'demo' beside demo.yml" in p for p in problems(mini))


def test_symlink_is_refused_without_reading_its_target(mini: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("id: TOP-SECRET-TOKEN\n")
    (mini / "groups" / "leak.yml").symlink_to(secret)
    (mini / "groups" / "dangling.yml").symlink_to(tmp_path / "nowhere.yml")
    found = problems(mini)
    assert any("groups/leak.yml:1: (file): is a symbolic link" in p for p in found), found
    assert any("groups/dangling.yml:1: (file): is a symbolic link" in p for p in found), found
    assert not any("TOP-SECRET" in p for p in found)


def test_site_file_symlink_is_refused(mini: Path) -> None:
    site = mini / "site.yml"
    target = mini.parent / "site-elsewhere.yml"
    site.rename(target)
    site.symlink_to(target)
    assert any("site.yml:1: (file): is a symbolic link" in p for p in problems(mini))


def test_hidden_lock_and_backup_files_are_ignored(mini: Path) -> None:
    groups = mini / "groups"
    (groups / ".#demo.yml").symlink_to("root@host.1234:1700000000")  # Emacs' lock: a dangling link
    (groups / "demo.yml~").write_text("id: broken: [")
    (groups / "#demo.yml#").write_text("id: broken: [")
    (groups / ".hidden.yml").write_text("id: broken: [")
    proc = subprocess.run([sys.executable, "-m", "twg.cli.main", "validate", "--data", str(mini)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_folder_or_pipe_named_like_a_group_is_refused(mini: Path) -> None:
    (mini / "groups" / "folder.yml").mkdir()
    os.mkfifo(mini / "groups" / "pipe.yml")  # reading it would block forever
    found = problems(mini)
    assert any("groups/folder.yml:1: (file): is not an ordinary file" in p for p in found)
    assert any("groups/pipe.yml:1: (file): is not an ordinary file" in p for p in found)


@pytest.mark.parametrize(("languages", "expected"), [
    ("[en, km, km]", "languages[2]: duplicate language 'km'"),
    ("[en, km, xx]", "languages[2]: 'xx' is not a known language code"),
])
def test_site_languages(mini: Path, languages: str, expected: str) -> None:
    site = mini / "site.yml"
    text = site.read_text()
    site.write_text(text.replace("languages: [en, km]", f"languages: {languages}"))
    line = text.splitlines().index("languages: [en, km]") + 1
    assert any(f"site.yml:{line}: {expected}" in p for p in problems(mini))


# --- Markdown fields: links from the allow-list only, refused at their line ----------------

SUMMARY = "    source: cdc-2009-progress\n    documents:"


@pytest.mark.parametrize(("link", "expected"), [
    ("[a](javascript:alert(1))", "the link 'javascript:alert(1)' is not allowed"),
    ("![a](javascript:alert(1))", "the link 'javascript:alert(1)' is not allowed"),
    ("[a](java&#115;cript:alert(1))", "the link 'javascript:alert(1)' is not allowed"),
    ("[a]( javascript:alert(1))", "the link 'javascript:alert(1)' is not allowed"),
    ("[a](<javascript:alert(1)>)", "the link 'javascript:alert(1)' is not allowed"),
    ("[a][1]\\n\\n[1]: data:text/html,x", "the link 'data:text/html,x.' is not allowed"),
    ("[a](//evil.example/x)", "the link '//evil.example/x' starts with // and would open another site"),
    ("[a](/\\\\evil.example/x)", "the link '/\\evil.example/x' holds spaces, backslashes or control characters"),
    ("[a](../status.md)", "the link '../status.md' is not allowed"),
    ("[a](/groups/no-such-group/)", "the link '/groups/no-such-group/' leads to no page of this site"),
    ("[a](/groups/demo/meetings/99/)", "the link '/groups/demo/meetings/99/' leads to no page of this site"),
])
def test_markdown_links_outside_the_allow_list_are_located(mini: Path, link: str, expected: str) -> None:
    demo(mini, SUMMARY, f'    summary: "See {link}."\n{SUMMARY}')
    found = problems(mini)
    assert any(f"groups/demo.yml:22: meetings[0].summary: {expected}" in p for p in found), "\n".join(found)


def test_allowed_markdown_links_validate_and_render_relative(mini: Path) -> None:
    from twg.render.renderer import Renderer

    text = "[a](https://example.org/) [b](mailto:a@example.org) [c](/groups/demo/) [d](/rounds/gdcc-15/#status) [e](/about/)"
    demo(mini, SUMMARY, f'    summary: "{text}"\n{SUMMARY}')
    ds = load_dataset(mini)
    html = str(Renderer(ds, "groups/demo/meetings/1/").md(ds.group("demo").meetings[0].summary))
    for href in ('"https://example.org/"', '"mailto:a@example.org"', '"../../"', '"../../../../rounds/gdcc-15/#status"', '"../../../../about/"'):
        assert f"href={href}" in html, html


def test_block_scalar_link_is_reported_at_its_own_line(mini: Path) -> None:
    demo(mini, SUMMARY, f"    summary: |\n      First line.\n\n      See [a](javascript:alert(1)).\n{SUMMARY}")
    assert any("groups/demo.yml:25: meetings[0].summary: the link 'javascript:alert(1)'" in p for p in problems(mini))


def test_renderer_drops_unsafe_links_even_unvalidated() -> None:
    from twg.render.textrender import render_markdown

    html = str(render_markdown("[a](javascript:x) [b](//evil.example/) [c](/\\evil) ![d](data:x) <b>raw</b> [e](https://ok.example/)"))
    assert "javascript" not in html and "evil" not in html and "data:" not in html and "<b>" not in html
    assert 'href="https://ok.example/"' in html


def test_plain_text_is_never_markup_in_html_or_markdown() -> None:
    import random

    import markdown
    from twg.render.textrender import plain_html

    rng = random.Random(12)
    alphabet = list("ab <>&\"'`*_[](){}#|!~:=\\/\n\t") + ["\n\n", "javascript:", "[x](javascript:y)", "{: onclick=x}", "<script>", "    "]
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "footnotes", "tables", "admonition", "toc"])
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 25)))
        html = md.reset().convert(f"<div>{plain_html(text)}</div>\n\nBefore {plain_html(text)} after")
        tags = set(re.findall(r"<([a-z0-9]+)", html))
        assert tags <= {"div", "p"}, (text, html)
        assert "onclick" not in html.replace("onclick=x", "")


# --- Downloads: no formulas, valid JSON --------------------------------------------------------

def test_csv_cells_that_start_a_formula_are_neutralised(mini: Path) -> None:
    import csv
    import io

    from twg.outputs import exports

    text = DEMO.replace("        reason: Waiting for a consultant.\n", "        reason: \"=HYPERLINK(\\\"http://evil.example\\\",\\\"x\\\")\"\n")
    text = text.replace("    progress: Some progress.\n", "    progress: Some progress.\n    recommendations: ['+1 more', '-2 less', '@SUM(A1)', \"\\tTab\", 'plain - text']\n")
    (mini / "groups" / "demo.yml").write_text(text)
    ds = load_dataset(mini)
    rows = list(csv.DictReader(io.StringIO(exports.to_csv("activities", exports.rows(ds, "activities", group_id="demo")))))
    assert rows[0]["reason"] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    for cell in (c for row in rows for c in row.values()):
        assert not cell.startswith(exports.FORMULA_START), cell
    assert exports.csv_cell(-5) == -5 and exports.csv_cell("plain - text") == "plain - text"


def test_json_downloads_are_strict_json(mini: Path) -> None:
    import json

    from twg.outputs import exports

    demo(mini)
    ds = load_dataset(mini)

    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in JSON")

    for path, content in exports.files(ds):
        if path.endswith(".json"):
            json.loads(content, parse_constant=refuse)
    with pytest.raises(ValueError):
        exports._dumps({"x": float("nan")})


# --- one real build of hostile data: every text field of every file carries markup ------------

@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int]:
    import shutil

    import xss
    from conftest import DATA, build

    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(DATA, root / "data")
    count = xss.taint(root / "data", xss.PAYLOAD + xss.LINKS)
    assert build(root / "data", root / "site", search=False) == 0
    return root / "data", root / "site", count


def test_no_markup_from_data_reaches_any_page(hostile_site: tuple[Path, Path, int]) -> None:
    import xss

    data, site, count = hostile_site
    assert count > 500  # titles, names, reasons, summaries… of every file, site.yml included
    assert xss.findings(site) == []
    from bs4 import BeautifulSoup

    home = BeautifulSoup((site / "index.html").read_text(), "html.parser")
    evil = "<script>twgxss(1)</script>"
    # site.yml's names, as text: in <title>, the theme's header, and through the home page's macros
    assert f"Cambodia Technical Working Groups {evil}" in home.title.get_text()
    assert f"Cambodia Technical Working Groups {evil}" in home.select_one(".md-header__topic").get_text()
    assert f"in Cambodia {evil}" in home.h1.get_text()


def test_plain_fields_are_not_markdown_in_the_built_site(hostile_site: tuple[Path, Path, int]) -> None:
    data, site, _ = hostile_site
    page = (site / "groups" / "rwssh" / "index.html").read_text()
    sector = page.split("<dt>Sector</dt><dd>", 1)[1].split("</dd>", 1)[0]
    assert "[a](javascript:twgxss(7))" in sector.replace("&#91;", "[").replace("&#93;", "]")
    assert "<a " not in sector and "<em>" not in sector


def test_round_pdf_html_keeps_data_as_text(hostile_site: tuple[Path, Path, int]) -> None:
    from bs4 import BeautifulSoup

    from twg.outputs.report_pdf import round_html

    ds = load_dataset(hostile_site[0])
    soup = BeautifulSoup(round_html(ds, "gdcc-15"), "html.parser")
    assert not soup.find_all(["script", "iframe", "svg", "img"])
    assert not [a for a in soup.find_all("a") if "javascript" in a.get("href", "") or a.get("href", "").startswith("//")]
    assert "<script>twgxss(1)</script>" in soup.get_text()


# --- editing tools: inside the data directory only, every other byte kept ----------------------

def _crlf_bom(path: Path) -> bytes:
    raw = b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(raw)
    return raw


@pytest.mark.parametrize("group", ["../../outside", "../site", "/tmp/x", "demo/../../x", "Demo", "demo\n"])
def test_twg_new_refuses_paths_outside_the_data_directory(mini: Path, group: str, capsys: pytest.CaptureFixture[str]) -> None:
    from twg.cli.main import main

    (mini.parent / "outside.yml").write_text("id: outside\nmeetings: []\n")
    before = {p: p.read_bytes() for p in mini.parent.rglob("*.yml")}
    assert main(["new", "meeting", group, "--data", str(mini)]) == 1
    assert "is not a group id" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in mini.parent.rglob("*.yml")} == before


def test_twg_new_refuses_a_symlinked_group_file(mini: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from twg.cli.main import main

    target = tmp_path / "elsewhere.yml"
    target.write_text((mini / "groups" / "demo.yml").read_text().replace("id: demo", "id: linked"))
    (mini / "groups" / "linked.yml").symlink_to(target)
    before = target.read_bytes()
    assert main(["new", "meeting", "linked", "--data", str(mini)]) == 1
    assert "is a symbolic link" in capsys.readouterr().err
    (mini / "groups" / "dangling.yml").symlink_to(tmp_path / "nowhere.yml")
    assert main(["new", "group", "dangling", "--data", str(mini), "--source", "cdc-2009-progress"]) == 1
    assert target.read_bytes() == before and not (tmp_path / "nowhere.yml").exists()


def test_twg_new_date_cannot_inject_yaml(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from twg.cli.main import main

    before = (mini / "groups" / "demo.yml").read_bytes()
    assert main(["new", "meeting", "demo", "--data", str(mini), "--date", "2009-10-01\n    id: injected"]) == 1
    assert "--date must be a real date" in capsys.readouterr().err
    assert (mini / "groups" / "demo.yml").read_bytes() == before


def test_twg_new_keeps_bom_crlf_and_every_other_byte(mini: Path) -> None:
    from twg.cli.main import main

    path = mini / "groups" / "demo.yml"
    before = _crlf_bom(path)
    assert load_dataset(mini).group("demo")  # a BOM and CRLF are valid
    assert main(["new", "meeting", "demo", "--data", str(mini), "--date", "2009-10-01"]) == 0
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and b"\n" not in after.replace(b"\r\n", b"")
    cut = next((i for i in range(len(before)) if before[i] != after[i]), len(before))
    assert after.startswith(before[:cut]) and after.endswith(before[cut:])  # only lines added
    assert [m.number for m in load_dataset(mini).group("demo").meetings] == [2, 1]


def test_round_publish_keeps_bom_crlf_and_every_other_byte(mini: Path) -> None:
    from twg.cli import publish

    rounds = mini / "rounds.yml"
    rounds.write_text(rounds.read_text() + "  - id: gdcc-16\n    number: 16\n    title: 16th GDCC\n    published:   # set by twg round publish\n")
    before = _crlf_bom(rounds)
    assert publish.publish(mini, "gdcc-16", "2010-03-01", allow_missing=True).status == "published"
    after = rounds.read_bytes()
    assert after == before.replace(b"    published:   # set by twg round publish\r\n", b"    published: 2010-03-01   # set by twg round publish\r\n")
