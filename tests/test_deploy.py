"""The deploy build (as .github/workflows/deploy.yml runs it) served under a
sub-path like a GitHub project site: every internal link and asset answers 200,
and `twg check-links` agrees; plus the link checker's own failure cases."""

from __future__ import annotations

import re
import subprocess
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup, SoupStrainer

from conftest import serve
from twg.cli.main import main
from twg.outputs.linkcheck import check_site

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://example.github.io/repo/"
ASSET_ATTRS = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src"}


def _deploy_build(site: Path) -> None:
    # The deploy workflow's build step, word for word but for the site's address.
    assert main(["build", "--data", str(ROOT / "data"), "--config", str(ROOT / "mkdocs.yml"),
                 "--site-dir", str(site), "--site-url", SITE_URL]) == 0


def _get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.headers.get_content_type(), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, "", b""


def _links(url: str, body: bytes) -> Iterator[str]:
    soup = BeautifulSoup(body, "html.parser", parse_only=SoupStrainer(list(ASSET_ATTRS)))
    for tag, attr in ASSET_ATTRS.items():
        for el in soup.find_all(tag):
            link = el.get(attr)
            if link and not (tag == "link" and {"preconnect", "dns-prefetch"} & set(el.get("rel", []))):
                yield link


def _crawl(deploy_site: Path, deploy_url: str) -> tuple[list[str], int]:
    """Fetch every page and everything it links to or loads; return what failed and how many addresses."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(deploy_url))
    # Start from every page (record pages are not all in the navigation), then follow links, a wave at a time.
    pages = (p.relative_to(deploy_site).as_posix() for p in sorted(deploy_site.rglob("*.html")))
    wave = [urljoin(deploy_url, p.removesuffix("index.html")) for p in pages]  # addresses as links write them
    seen: set[str] = set(wave)
    referrer: dict[str, str] = {}
    broken: list[str] = []
    with ThreadPoolExecutor(8) as pool:
        while wave:
            following: list[str] = []
            for url, (status, ctype, body) in zip(wave, list(pool.map(_get, wave)), strict=True):
                where = f"{url} (linked from {referrer.get(url, 'the site itself')})"
                rel = urlsplit(url).path[len("/repo/"):]
                if status != 200:
                    broken.append(f"{status} {where}")
                elif (rel.endswith("/") or not rel) and not (deploy_site / rel / "index.html").is_file():
                    # GitHub Pages answers a directory only with its index.html (this test server lists it).
                    broken.append(f"no index.html: {where}")
                elif ctype == "text/html":
                    for link in _links(url, body):
                        target = urldefrag(urljoin(url, link))[0]
                        if target.startswith(SITE_URL):  # absolute links to the deployed site (404 page, canonical)
                            target = deploy_url + target[len(SITE_URL):]
                        if not target.startswith(origin):
                            continue  # external
                        if not target.startswith(deploy_url):
                            broken.append(f"outside /repo/: {link} on {url}")
                        elif target not in seen:
                            seen.add(target)
                            referrer[target] = url
                            following.append(target)
            wave = following
    return broken, len(seen)


def _dates_problem(site: Path) -> str | None:
    """The group and meeting pages carry their data file's last commit date (none in a shallow clone)."""
    shallow = subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=ROOT, capture_output=True, text=True)
    last = subprocess.run(["git", "log", "-1", "--format=%cd", "--date=format-local:%Y-%m-%d", "--", "data/groups/rwssh.yml"],
                          cwd=ROOT, capture_output=True, text=True, env={"TZ": "UTC", "PATH": "/usr/bin:/bin"})
    expected = last.stdout.strip() if shallow.stdout.strip() == "false" else ""
    for page in ("groups/rwssh/index.html", "groups/rwssh/meetings/7/index.html"):
        when = BeautifulSoup((site / page).read_text(), "html.parser").select_one(".twg-source time")
        shown = when["datetime"] if when else ""
        if shown != expected:
            return f"{page}: last updated {shown or 'not shown'}, git says {expected or 'no date'}"
    return None


def _sitemap_problems(site: Path) -> list[str]:
    """The theme's sitemap lists the pages and the record pages (added through on_template_context)."""
    import gzip

    out = []
    for prefix in ("", "km/"):
        text = (site / prefix / "sitemap.xml").read_text(encoding="utf-8")
        if gzip.decompress((site / prefix / "sitemap.xml.gz").read_bytes()).decode("utf-8") != text:
            out.append(f"{prefix}sitemap.xml.gz is not sitemap.xml")
        records = sorted(p.parent.relative_to(site / prefix).as_posix() for p in (site / prefix / "groups").glob("*/meetings/*/index.html"))
        for url in [f"{SITE_URL}{prefix}groups/rwssh/"] + [f"{SITE_URL}{prefix}{r}/" for r in records]:
            if f"<loc>{url}</loc>" not in text:
                out.append(f"{url} missing from {prefix}sitemap.xml")
        if not records or text.count("<loc>") != len(set(re.findall(r"<loc>([^<]+)</loc>", text))):
            out.append(f"{prefix}sitemap.xml: no records, or an address twice")
    return out[:20]


def test_deploy_build_works_under_a_sub_path(tmp_path: Path) -> None:
    # One test, one build: xdist would build once per worker for a shared fixture.
    site = tmp_path / "_site"
    _deploy_build(site)
    httpd, url = serve(site, "/repo/")
    try:
        broken, fetched = _crawl(site, url)
    finally:
        httpd.shutdown()
    checker = [str(b) for b in check_site(site, "/repo/")]
    page = (site / "groups" / "rwssh" / "index.html").read_text()
    problems = {
        "HTTP crawl under /repo/": broken[:20],
        "twg check-links --prefix /repo/": checker[:20],
        "canonical address": [] if f'<link rel="canonical" href="{SITE_URL}groups/rwssh/">' in page else ["missing"],
        "sitemap": _sitemap_problems(site),
        "last updated": [d] if (d := _dates_problem(site)) else [],
    }
    failed = {k: v for k, v in problems.items() if v}
    assert not failed, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in failed.items())
    assert fetched > 100  # pages, stylesheets, scripts, images, search files


# --- the link checker's own failure cases ------------------------------------------------

def test_link_checker_reports_each_kind_of_break(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "x.css").write_text("")
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">A</h2><img src="../assets/pic.png" alt="">')
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="assets/x.css"><link rel="preconnect" href="/nowhere">'
        '<a href="a/">ok</a><a href="a/#here">ok</a><a href="a">ok (redirect)</a><a href="#top" id="top">ok</a>'
        '<a href="https://example.org/x">external</a><a href="mailto:x@example.org">mail</a>'
        '<a href="b/">missing page</a><a href="a/#gone">missing anchor</a><a href="/a/">root-relative</a>'
        '<a href="/repo/a/#here">ok with prefix</a><a href="../../up/">outside</a>'
    )
    broken = {(b.page, b.link): b.reason for b in check_site(tmp_path, "/repo/")}
    assert set(broken) == {("index.html", "b/"), ("index.html", "a/#gone"), ("index.html", "/a/"),
                           ("index.html", "../../up/"), ("a/index.html", "../assets/pic.png")}
    assert "sub-path" in broken[("index.html", "/a/")] and "'gone'" in broken[("index.html", "a/#gone")]
    assert main(["check-links", str(tmp_path), "--prefix", "/repo/"]) == 1
    assert "5 broken internal link(s) in 2 pages" in capsys.readouterr().err
