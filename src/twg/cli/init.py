"""`twg init DIR`: write a new site repository that builds at once from the installed package.

The starter files (src/twg/cli/starter/) are Jinja templates with [[ ]] and [% %] as
delimiters, so the pages' own {{ macros }} and the workflows' ${{ expressions }} pass
through untouched. What the site needs beyond them (theme, stylesheets, search page,
templates) comes from the package through the plugin: nothing of the generator is copied.
"""

from __future__ import annotations

from typing import Any

import datetime as dt
import json
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path

from jinja2 import Environment, StrictUndefined

from twg import __version__
from twg.data import migrate
from twg.render import i18n

# Starter folders stored without their leading dot (package data skips hidden files).
_DOTTED = {"github": ".github", "vscode": ".vscode", "gitignore": ".gitignore"}


class InitError(ValueError):
    pass


def repository_url() -> str:
    """The generator's source repository, as the package's metadata names it."""
    try:
        urls = metadata.metadata("twg-site").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "repository":
            return url.strip()
    raise InitError("the installed twg-site names no Repository URL; pass --generator")


def default_generator() -> str:
    """The pip requirement the site's workflows install: this version's tag of the repository
    (the package is not on PyPI yet; once it is, `twg-site==VERSION`)."""
    return f"twg-site @ git+{repository_url()}@v{__version__}"


def _initials(term: str) -> str:
    return "".join(word[0] for word in term.split() if word[:1].isalpha()).upper() or term


@dataclass
class Starter:
    country: str
    coordinator: str
    coordinator_short: str | None = None
    group_term: str = "Working Group"
    groups_term: str | None = None  # default: group_term + "s"
    group_short: str | None = None  # default: initials of group_term
    round_term: str = "Coordination Round"
    round_short: str | None = None
    committee: str | None = None  # the body the rounds report to; default: round_term
    languages: list[str] = field(default_factory=lambda: ["en"])
    title: str | None = None
    generator: str | None = None
    today: dt.date = field(default_factory=dt.date.today)

    def context(self) -> dict[str, object]:
        for code in self.languages:
            if code not in i18n.LANGUAGE_NAMES:
                raise InitError(f"language {code!r} has no interface translation yet (known: {', '.join(sorted(i18n.LANGUAGE_NAMES))})")
        if len(set(self.languages)) != len(self.languages) or not self.languages:
            raise InitError("languages must be listed once each")
        groups_term = self.groups_term or self.group_term + "s"
        return {
            "country": self.country, "coordinator": self.coordinator, "coordinator_short": self.coordinator_short,
            "group_term": self.group_term, "groups_term": groups_term, "group_short": self.group_short or _initials(self.group_term),
            "round_term": self.round_term, "round_short": self.round_short or _initials(self.round_term),
            "committee": self.committee or self.round_term, "languages": self.languages,
            "language_names": [i18n.language_name(code) for code in self.languages],
            "title": self.title or f"{self.country} {groups_term}",
            "generator": self.generator or default_generator(),
            "generator_home": repository_url() if not self.generator else "https://pypi.org/project/twg-site/",
            "today": self.today.isoformat(),
            "schema_version": migrate.CURRENT,
        }


def _environment() -> Environment:
    env = Environment(
        variable_start_string="[[", variable_end_string="]]", block_start_string="[%", block_end_string="%]",
        comment_start_string="[#", comment_end_string="#]", undefined=StrictUndefined, keep_trailing_newline=True,
        autoescape=False,  # plain text files; YAML values go through the `y` filter
    )
    env.filters["y"] = lambda s: json.dumps(str(s), ensure_ascii=False)  # a JSON string is a YAML scalar
    # Editors read the schema of the installed generator's version from the built site (site/
    # after a first `twg build`), so completion matches what validation checks.
    env.globals["schema_comment"] = lambda name: f"# yaml-language-server: $schema={'../../' if name == 'group' else '../'}site/schema/{name}.schema.json"
    return env


def _starter_files() -> list[tuple[str, str]]:
    """(path in the new site, template text) of every starter file."""
    root = resources.files("twg.cli").joinpath("starter")
    out: list[tuple[str, str]] = []

    def walk(node: Any, prefix: str) -> None:  # a Traversable
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.name == "__pycache__":
                continue
            rel = prefix + child.name
            if child.is_dir():
                walk(child, rel + "/")
            else:
                out.append((rel, child.read_text(encoding="utf-8")))

    walk(root, "")
    return [("/".join([_DOTTED.get(p.split("/")[0], p.split("/")[0]), *p.split("/")[1:]]), text) for p, text in out]


def init_site(target: Path, starter: Starter) -> list[Path]:
    """Write a new site repository into target (a new or empty folder); return the files."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InitError(f"{target} exists and is not an empty folder; twg init writes only into a new or empty one")
    context = starter.context()
    env = _environment()
    rendered = [(rel, env.from_string(text).render(context)) for rel, text in _starter_files()]
    written = []
    for rel, text in rendered:
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
