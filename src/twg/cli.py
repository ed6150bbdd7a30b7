"""The `twg` command: validate, build, serve, and the publishing and scaffolding tools."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Sequence

from .dataset import DataError, load_dataset
from .cli_output import format_problems


def cmd_validate(args: argparse.Namespace) -> int:
    try:
        ds = load_dataset(args.data)
    except DataError as err:
        print(format_problems(err.problems, args.format))
        print(f"{len(err.problems)} problem(s) found in {args.data}; nothing was built.", file=sys.stderr)
        return 1
    meetings = sum(len(g.meetings) for g in ds.groups)
    print(f"{args.data}: OK — {len(ds.groups)} groups, {len(ds.rounds)} rounds, {meetings} meetings", file=sys.stderr)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build_site  # imports mkdocs: only when building

    return build_site(data_dir=args.data, site_dir=args.site_dir, config_file=args.config, search=not args.no_search)


def cmd_serve(args: argparse.Namespace) -> int:
    from .build import serve_site

    return serve_site(data_dir=args.data, config_file=args.config, addr=args.dev_addr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="twg", description="Working-group data to a public website.")
    sub = parser.add_subparsers(dest="command", required=True)
    data_default = os.environ.get("TWG_DATA", "data")

    p = sub.add_parser("validate", help="check every data file and report all problems as FILE:LINE: field: message")
    p.add_argument("--data", default=data_default, help="data directory (default: data)")
    p.add_argument("--format", choices=("text", "github"), default="text", help="github: emit workflow annotations")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("build", help="validate, build the site strictly and index it for search")
    p.add_argument("--data", default=data_default)
    p.add_argument("--site-dir", default=None, help="output directory (default: the config's site_dir)")
    p.add_argument("--config", default="mkdocs.yml")
    p.add_argument("--no-search", action="store_true", help="skip the search index (faster previews)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", help="live preview with rebuild on save")
    p.add_argument("--data", default=data_default)
    p.add_argument("--config", default="mkdocs.yml")
    p.add_argument("--dev-addr", default="127.0.0.1:8000")
    p.set_defaults(func=cmd_serve)

    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
