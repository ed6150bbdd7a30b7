"""Downloads keep the contract published beside them (issue #13, part 4): every JSON
download validates against the JSON Schema the site publishes under /schema/, read the way
a user of the data would read it (a standard validator, the site's own schema files)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource


def _published_schemas(site: Path) -> Registry:
    return Registry().with_resources(
        (p.name, Resource.from_contents(json.loads(p.read_text(encoding="utf-8")))) for p in (site / "schema").glob("*.schema.json")
    )


def test_every_json_download_validates_against_its_published_schema(real_site: Path) -> None:
    registry = _published_schemas(real_site)
    downloads = sorted((real_site / "downloads").rglob("*.json"))
    assert [p.name for p in downloads if p.name != "datapackage.json"] == ["dataset.json"]  # the whole set
    for path in downloads:
        if path.name == "datapackage.json":
            continue  # its contract is the Data Package profile: tests/test_opendata.py validates it with frictionless
        name = path.stem
        schema_path = real_site / "schema" / f"{name}.schema.json"
        assert schema_path.is_file(), f"{path.relative_to(real_site)} has no published schema ({schema_path.name})"
        validator = Draft202012Validator(json.loads(schema_path.read_text(encoding="utf-8")), registry=registry)
        doc = json.loads(path.read_text(encoding="utf-8"))
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]
        assert not errors, (path.relative_to(real_site), errors[:5], len(errors))


def test_json_downloads_write_no_null_for_what_the_data_leaves_out(real_site: Path) -> None:
    doc = json.loads((real_site / "downloads/all/dataset.json").read_text(encoding="utf-8"))
    nulls: list[str] = []

    def walk(node: object, path: str) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, f"{path}/{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}/{i}")
        elif node is None:
            nulls.append(path)

    walk(doc, "")
    # The only nulls are those the schema means: a draft round's empty 'published', a JMI value 'no data'.
    assert all(p.endswith("/published") or p.rsplit("/", 1)[-1] in ("baseline", "target", "actual") for p in nulls), nulls


def test_a_broken_download_fails_its_schema(real_site: Path) -> None:
    """The check can fail: the shape the downloads had before (null for absent fields) is rejected."""
    registry = _published_schemas(real_site)
    schema = json.loads((real_site / "schema/dataset.schema.json").read_text(encoding="utf-8"))
    doc = json.loads((real_site / "downloads/all/dataset.json").read_text(encoding="utf-8"))
    rwssh = next(g for g in doc["groups"] if g["id"] == "rwssh")
    rwssh["chair"] = None
    rwssh["meetings"][0]["slug"] = "5"
    errors = list(Draft202012Validator(schema, registry=registry).iter_errors(doc))
    assert len(errors) >= 2


# --- the Downloads page documents the columns from the schema vocabulary -------------------

def test_downloads_page_lists_each_coded_columns_values_from_the_schema(real_site: Path) -> None:
    from bs4 import BeautifulSoup

    from twg.data import schemas
    from twg.outputs import columns

    page = BeautifulSoup((real_site / "downloads/index.html").read_text(encoding="utf-8"), "html.parser")
    coded = 0
    for table, cols in columns.TABLES.items():
        rows = page.select(f"table.twg-columns tr[id^='{table}-']")
        assert [r["id"].removeprefix(f"{table}-") for r in rows] == [c.name for c in cols]  # every column, in order
        for c in cols:
            listed = [code.get_text() for code in page.select(f"tr#{table}-{c.name} ul.twg-values > li > code")]
            if c.values:
                coded += 1
                assert listed == list(schemas.vocabulary(c.doc["vocabulary"])), (table, c.name)
            else:
                assert listed == [], (table, c.name)
    assert coded == 4  # status, issues_status, sufficiency, kind
    text = page.get_text(" ")
    assert "extraordinary" not in text  # a meeting kind that does not exist
    sufficiency = [li.get_text() for li in page.select("tr#resources-sufficiency li code")]
    assert "not_stated" not in sufficiency and "not_confirmed" in sufficiency


def test_the_csv_header_is_the_documented_columns(real_site: Path) -> None:
    from twg.outputs import columns

    for table, cols in columns.TABLES.items():
        with (real_site / "downloads/all" / f"{table}.csv").open(encoding="utf-8", newline="") as f:
            header = next(csv.reader(f))
        assert header == [c.name for c in cols]


# --- licence, publisher and contact ----------------------------------------------------------

def test_every_page_states_publisher_licence_and_contact(real_site: Path) -> None:
    import re

    licence_url = "https://creativecommons.org/licenses/by/4.0/"
    # every page of the site; not the embeddable views (embed/), which partners frame inside their own pages
    pages = [p for p in real_site.rglob("*.html") if "pagefind" not in p.parts and "embed" not in p.parts]
    assert len(pages) > 50
    for page in pages:
        html = page.read_text(encoding="utf-8")
        terms = re.search(r'<div class="twg-terms md-typeset".*?</div>\s*</div>', html, re.S)
        assert terms, page.relative_to(real_site)
        block = terms.group(0)
        assert f'rel="license" href="{licence_url}"' in block, page.relative_to(real_site)
        assert "Creative Commons Attribution 4.0" in block
        assert ("demonstration" if page.parts[len(real_site.parts)] != "km" else "ការបង្ហាញសាកល្បង") in block
        if page.name != "404.html":  # the 404 page links from the site root, wherever it is shown
            assert re.search(r'href="((\.\./)*about/|\./)"', block), page.relative_to(real_site)  # contact: the About page
    downloads = (real_site / "downloads/index.html").read_text(encoding="utf-8")
    assert 'id="licence"' in downloads and licence_url in downloads
    assert json.loads((real_site / "downloads/all/dataset.json").read_text(encoding="utf-8"))["site"]["licence"]["id"] == "CC-BY-4.0"
    assert json.loads((real_site / "downloads/all/dataset.json").read_text(encoding="utf-8"))["site"]["licence"]["url"] == licence_url
