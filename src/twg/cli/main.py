"""The `twg` command: validate, build, serve, and the publishing and scaffolding tools."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from twg.data.dataset import DataError, load_dataset
from twg.cli.output import format_problems, format_warnings, markdown_report


def cmd_validate(args: argparse.Namespace) -> int:
    try:
        ds = load_dataset(args.data)
    except DataError as err:
        print(format_problems(err.problems, args.format))
        print(f"{len(err.problems)} problem(s) found in {args.data}; nothing was built.", file=sys.stderr)
        _write_summary(args.summary, markdown_report(err.problems))
        return 1
    from twg.data.plausibility import warnings

    found = warnings(ds)
    meetings = sum(len(g.meetings) for g in ds.groups)
    if args.strict and found:
        # --strict: a warning is a problem like any other (same formats, exit 1)
        print(format_problems(found, args.format))
        print(f"{len(found)} warning(s) in {args.data}, treated as errors (--strict).", file=sys.stderr)
        _write_summary(args.summary, markdown_report(found))
        return 1
    ok = f"{args.data}: OK — {len(ds.groups)} groups, {len(ds.rounds)} rounds, {meetings} meetings"
    if found:
        ok += f"; {len(found)} warning(s) to look at"
    if args.format == "markdown":
        print(markdown_report([], ok, found))
    elif found:
        print(format_warnings(found, args.format))
    print(ok, file=sys.stderr)
    _write_summary(args.summary, markdown_report([], ok, found))
    return 0


def _write_summary(path: str | None, text: str) -> None:
    """Append (as $GITHUB_STEP_SUMMARY expects) a Markdown report for people."""
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(text + "\n")


def cmd_build(args: argparse.Namespace) -> int:
    from twg.site.build import build_site  # imports mkdocs: only when building

    return build_site(
        args.config, args.site_dir, data=args.data, site_url=args.site_url,
        search=False if args.no_search else None, pdf=False if args.no_pdf else None,
        languages=args.languages.split(",") if args.languages else None,
    )


def cmd_serve(args: argparse.Namespace) -> int:
    from twg.site.build import serve_site

    try:
        return serve_site(args.config, args.dev_addr, data=args.data)
    except KeyboardInterrupt:  # Ctrl-C while still starting (importing, before the server's own handling)
        print("twg serve: stopped", file=sys.stderr)
        return 130


def cmd_init(args: argparse.Namespace) -> int:
    from twg.cli.init import InitError, Starter, init_site

    starter = Starter(
        country=args.country, coordinator=args.coordinator, coordinator_short=args.coordinator_short,
        group_term=args.group_term, groups_term=args.groups_term, group_short=args.group_short,
        round_term=args.round_term, round_short=args.round_short, committee=args.committee,
        languages=[code.strip() for code in args.languages.split(",") if code.strip()], title=args.title, generator=args.generator,
    )
    try:
        written = init_site(Path(args.dir), starter)
    except InitError as err:
        print(f"twg init: {err}", file=sys.stderr)
        return 2
    print(f"{args.dir}: a new site ({len(written)} files). Next: cd {args.dir} && twg validate && twg build", file=sys.stderr)
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from twg.data import migrate

    changed, problems = migrate.migrate(Path(args.data), write=not args.check)
    if problems:
        print(format_problems(problems, "text"))
        print(f"{len(problems)} file(s) cannot be migrated; no file was changed.", file=sys.stderr)
        return 1
    for path, version in changed:
        print(f"{path}: version {version} → {migrate.CURRENT}" + (" (not written: --check)" if args.check else ""), file=sys.stderr)
    if args.check:
        return 1 if changed else 0
    if changed:
        print(f"{len(changed)} file(s) brought to version {migrate.CURRENT} of the data format; run twg validate, then commit them.", file=sys.stderr)
    else:
        print(f"{args.data}: every file is already at version {migrate.CURRENT} of the data format.", file=sys.stderr)
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    from twg.cli.synth import synthesise

    try:
        n = synthesise(args.out, args.groups, args.years, args.meetings_per_year, args.seed)
    except ValueError as err:
        print(f"twg synth: {err}", file=sys.stderr)
        return 2
    print(f"{args.out}: {args.groups} groups, {args.years} years, {n} meetings (synthetic)", file=sys.stderr)
    return 0


def cmd_check_links(args: argparse.Namespace) -> int:
    from twg.outputs.linkcheck import check_site

    broken = check_site(args.site_dir, args.prefix)
    for b in broken:
        print(b)
    pages = sum(1 for _ in Path(args.site_dir).rglob("*.html"))
    print(f"{args.site_dir}: {len(broken)} broken internal link(s) in {pages} pages (served at {args.prefix})", file=sys.stderr)
    return 1 if broken else 0


def cmd_new(args: argparse.Namespace) -> int:
    from twg.cli import scaffold

    data = Path(args.data)
    try:
        if args.what == "group":
            path = scaffold.new_group(data, args.id, args.source, args.short_name, args.name)
        elif args.what == "meeting":
            path = scaffold.new_meeting(data, args.group, args.date, args.number, args.source)
        else:
            path = scaffold.new_report(data, args.group, args.round, args.source)
    except scaffold.ScaffoldError as err:
        print(f"twg new {args.what}: {err}", file=sys.stderr)
        return 1
    print(f"{path}: added a new {args.what}; fill in the values marked by comments, then run twg validate", file=sys.stderr)
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    from twg.cli import changes

    try:
        code, text = changes.run(args.base, args.head, args.data, args.content, args.format, args.site_url)
    except changes.GitError as err:
        print(f"twg changes: {err}", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return code


def cmd_screenshots(args: argparse.Namespace) -> int:
    from twg.cli import screenshots

    return screenshots.main(args.base_site, args.head_site, args.pages, args.pages_from, args.out, args.max_pages, args.summary)


def cmd_round(args: argparse.Namespace) -> int:
    from twg.cli import publish

    return publish.main(args.data, args.round_id, args.date, args.allow_missing)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="twg", description="Working-group data to a public website.")
    sub = parser.add_subparsers(dest="command", required=True)
    data_default = "data"

    p = sub.add_parser("validate", help="check every data file and report all problems as FILE:LINE: field: message")
    p.add_argument("--data", default=data_default, help="data directory (default: data)")
    p.add_argument("--format", choices=("text", "github", "markdown"), default="text", help="github: emit workflow annotations; markdown: a table for people")
    p.add_argument("--summary", metavar="FILE", default=None, help="also append a Markdown report to FILE (e.g. $GITHUB_STEP_SUMMARY)")
    p.add_argument("--strict", action="store_true", help="treat warnings (facts that look wrong) as errors: exit 1 if there are any")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("build", help="validate, build the site strictly and index it for search")
    p.add_argument("--data", default=None, help="data directory (default: the twg plugin's `data` in mkdocs.yml)")
    p.add_argument("--site-dir", default=None, help="output directory (default: the config's site_dir)")
    p.add_argument("--config", default="mkdocs.yml")
    p.add_argument("--no-search", action="store_true", help="skip the search index (faster previews)")
    p.add_argument("--no-pdf", action="store_true", help="skip the printable PDF of each round (faster previews)")
    p.add_argument("--site-url", default=None, help="the deployed address, e.g. https://owner.github.io/repo/ (canonical links, sitemap, feeds)")
    p.add_argument("--languages", default=None, metavar="LIST", help="comma-separated languages to build, e.g. en (default: all of site.yml's)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", help="live preview with rebuild on save")
    p.add_argument("--data", default=None, help="data directory (default: the twg plugin's `data` in mkdocs.yml)")
    p.add_argument("--config", default="mkdocs.yml")
    p.add_argument("--dev-addr", default="127.0.0.1:8000")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("changes", help="say in words what a change of the data does to the published site (e.g. a pull request)")
    p.add_argument("base", metavar="BASE", help="git revision to compare with, e.g. origin/main")
    p.add_argument("head", metavar="HEAD", nargs="?", default=None, help="git revision (default: the working tree)")
    p.add_argument("--data", default=data_default, help="data directory (default: data), at the same place in every revision")
    p.add_argument("--content", default="content", help="hand-written pages (default: content)")
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    p.add_argument("--site-url", default=None, help="the published address, to give every page its full link")
    p.set_defaults(func=cmd_changes)

    p = sub.add_parser("screenshots", help="before/after pictures (360 and 1280 px, Chromium) of the pages a change touches")
    p.add_argument("--base-site", default=None, help="the site built from the base revision (missing: every page is new)")
    p.add_argument("--head-site", required=True, help="the site built from the change")
    p.add_argument("--pages", nargs="*", default=[], help="site-relative addresses, e.g. groups/rwssh/")
    p.add_argument("--pages-from", default=None, metavar="JSON", help="take the pages from `twg changes --format json` output")
    p.add_argument("--max-pages", type=int, default=12)
    p.add_argument("--out", required=True, help="folder for the pictures and their index.html")
    p.add_argument("--summary", metavar="FILE", default=None, help="also append the list to FILE (e.g. $GITHUB_STEP_SUMMARY)")
    p.set_defaults(func=cmd_screenshots)

    p = sub.add_parser("init", help="write a new site repository (mkdocs.yml, data/, content/, workflows) that builds at once")
    p.add_argument("dir", help="the new site's folder (new or empty)")
    p.add_argument("--country", required=True, help="e.g. 'Lao PDR'")
    p.add_argument("--coordinator", required=True, help="the coordinating body, e.g. 'Department of International Cooperation'")
    p.add_argument("--coordinator-short", default=None, help="its abbreviation, e.g. DIC")
    p.add_argument("--group-term", default="Working Group", help="what a group is called, e.g. 'Sector Working Group'")
    p.add_argument("--groups-term", default=None, help="the plural (default: the term + s)")
    p.add_argument("--group-short", default=None, help="the abbreviation (default: the term's initials, e.g. SWG)")
    p.add_argument("--round-term", default="Coordination Round", help="what a round is called, e.g. 'Round Table Meeting'")
    p.add_argument("--round-short", default=None, help="the abbreviation (default: the initials, e.g. RTM)")
    p.add_argument("--committee", default=None, help="the body the rounds report to (default: the round term)")
    p.add_argument("--languages", default="en", help="comma-separated, the first at the site's root, e.g. en,lo")
    p.add_argument("--title", default=None, help="the site's title (default: '<country> <groups term>')")
    p.add_argument("--generator", default=None, help="the pip requirement the workflows install (default: this version's tag of the generator's repository)")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("migrate", help="bring the data files to the data format this generator reads (after upgrading it)")
    p.add_argument("--data", default=data_default, help="data directory (default: data)")
    p.add_argument("--check", action="store_true", help="only list the files that need it; exit 1 if any (for CI)")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("synth", help="write a synthetic data set (for benchmarks; never into data/)")
    p.add_argument("--out", required=True, help="directory to write (new, empty, or written by synth before)")
    p.add_argument("--groups", type=int, default=20)
    p.add_argument("--years", type=int, default=15)
    p.add_argument("--meetings-per-year", type=int, default=17)
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(func=cmd_synth)

    p = sub.add_parser("check-links", help="check that every internal link and asset of a built site exists")
    p.add_argument("site_dir")
    p.add_argument("--prefix", default="/", help="the path the site is served under, e.g. /repo/ for a GitHub project site")
    p.set_defaults(func=cmd_check_links)

    p = sub.add_parser("new", help="start a group file, or add a meeting or report skeleton to a group's file")
    new = p.add_subparsers(dest="what", required=True)
    q = new.add_parser("group", help="write data/groups/ID.yml")
    q.add_argument("--data", default=data_default)
    q.add_argument("id")
    q.add_argument("--source", required=True, help="id of the document (in site.yml 'sources') the facts come from")
    q.add_argument("--short-name", default=None)
    q.add_argument("--name", default=None)
    q = new.add_parser("meeting", help="add a meeting at the end of the group's meetings")
    q.add_argument("--data", default=data_default)
    q.add_argument("group")
    q.add_argument("--date", default=None, help="YYYY-MM-DD (default: today)")
    q.add_argument("--number", type=int, default=None, help="default: the group's last meeting number + 1")
    q.add_argument("--source", default=None, help="default: the group's source")
    q = new.add_parser("report", help="add a report for ROUND, listing the latest action plan's activities")
    q.add_argument("--data", default=data_default)
    q.add_argument("group")
    q.add_argument("round")
    q.add_argument("--source", default=None, help="default: the round's source")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("round", help="publishing after a GDCC: mark a round's consolidated report as published")
    rounds = p.add_subparsers(dest="what", required=True)
    q = rounds.add_parser("publish", help="check every active group reported to ROUND_ID, then set its published date in rounds.yml")
    q.add_argument("round_id", metavar="ROUND_ID")
    q.add_argument("--data", default=data_default)
    q.add_argument("--date", default=None, help="YYYY-MM-DD (default: today)")
    q.add_argument("--allow-missing", action="store_true", help="publish even though some active groups have not reported")
    p.set_defaults(func=cmd_round)

    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
