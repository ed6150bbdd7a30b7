"""Edit-to-browser time of `twg serve`, measured the way an editor sees it.

    python bench/serve_loop.py                 # the real data, then the 5,000-meeting synthetic archive
    python bench/serve_loop.py --real-only     # the real data only (seconds)
    python bench/serve_loop.py --synth DIR     # reuse an archive written by `twg synth`

For each data set: copy it, start `twg serve` on a free port, open a group page in
headless Chromium (Playwright, /usr/bin/chromium or TWG_CHROMIUM), then change that
group's file (its `sector:` line) and time from the write until the open page —
reloaded by the live-reload channel — shows the new text. Repeated --runs times;
prints each run, the median, and the time to the first page. Results also go to
/tmp/twg-bench/serve_loop.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("TWG_CHROMIUM", "/usr/bin/chromium")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.status == 200
    except OSError:
        return False


def measure(data: Path, label: str, runs: int, timeout: float) -> dict:
    from playwright.sync_api import sync_playwright

    group_file = next(p for p in sorted((data / "groups").glob("*.yml")) if re.search(r"^sector: .+$", p.read_text(encoding="utf-8"), re.M))
    port = _free_port()
    url = f"http://127.0.0.1:{port}/groups/{group_file.stem}/"
    log_path = data.parent / f"serve-{label}.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([str(BIN / "twg"), "serve", "--data", str(data), "--dev-addr", f"127.0.0.1:{port}"],
                                cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        started = time.perf_counter()
        while not _up(url):
            if proc.poll() is not None or time.perf_counter() - started > timeout:
                raise RuntimeError(f"twg serve did not come up: see {log_path}")
            time.sleep(0.2)
        first_page = time.perf_counter() - started
        times: list[float] = []
        cpu: list[str] = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.goto(url)
            time.sleep(3)  # let the first search index start; a real editor reads the page first
            for i in range(runs):
                text = group_file.read_text(encoding="utf-8")
                token = f"Edited sector {label} {i} {int(time.time())}"
                new = re.sub(r"^sector: .+$", f"sector: {token}", text, count=1, flags=re.M)
                edited = time.perf_counter()
                group_file.write_text(new, encoding="utf-8")
                page.get_by_text(token).first.wait_for(timeout=timeout * 1000)
                times.append(time.perf_counter() - edited)
                time.sleep(0.2)  # the server's line for this rebuild
                cpu.append(_rebuild_cpu(log_path))
                print(f"  [{label}] run {i + 1}: the edit showed in the browser after {times[-1]:.2f} s "
                      f"(rebuild processor time: {cpu[-1]})", flush=True)
                time.sleep(2)  # as between two saves; the background search index runs meanwhile
            browser.close()
        return {"data": label, "first_page_s": round(first_page, 2), "edit_to_browser_s": [round(t, 2) for t in times],
                "median_s": round(statistics.median(times), 2), "rebuild_processor": cpu, "load_average": os.getloadavg()[0]}
    finally:
        _stop(proc)


def _rebuild_cpu(log_path: Path) -> str:
    """The processor seconds of each language's last rebuild, from the server's log."""
    lines = [ln for ln in log_path.read_text(encoding="utf-8", errors="replace").splitlines() if "Preview updated" in ln]
    m = re.search(r"\(processor: (.*)\)", lines[-1]) if lines else None
    return m.group(1) if m else "?"


def _stop(proc: subprocess.Popen) -> None:
    """Ctrl-C, as an editor stops it; killed only if it does not stop within 30 s."""
    for sig in (signal.SIGINT, signal.SIGKILL):
        os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=30)
            return
        except subprocess.TimeoutExpired:
            continue


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--real-only", action="store_true")
    ap.add_argument("--synth", default=None, help="a directory written by `twg synth` (default: write a 20 × 15 × 17 one)")
    ap.add_argument("--timeout", type=float, default=600)
    args = ap.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    work = Path(tempfile.mkdtemp(prefix="twg-serve-bench-"))
    results = []
    try:
        shutil.copytree(ROOT / "data", work / "real")
        print("[serve] real data", flush=True)
        results.append(measure(work / "real", "real", args.runs, args.timeout))
        if not args.real_only:
            synth = work / "synth5k"
            if args.synth:
                shutil.copytree(args.synth, synth)
            else:
                subprocess.run([str(BIN / "twg"), "synth", "--out", str(synth), "--groups", "20", "--years", "15", "--meetings-per-year", "17"], check=True)
            meetings = sum(len(re.findall(r"^ *- number: ", t, re.M)) for t in (p.read_text(encoding="utf-8") for p in (synth / "groups").glob("*.yml")))
            print(f"[serve] synthetic archive ({meetings} meetings)", flush=True)
            results.append(measure(synth, "synth5k", args.runs, args.timeout) | {"meetings": meetings})
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out = Path("/tmp/twg-bench")
    out.mkdir(exist_ok=True)
    (out / "serve_loop.json").write_text(json.dumps(results, indent=1))
    for r in results:
        print(f"twg serve, {r['data']}: first page after {r['first_page_s']:.1f} s; edit to browser median {r['median_s']:.2f} s "
              f"(runs: {', '.join(f'{t:.2f}' for t in r['edit_to_browser_s'])}; en + km; load average {r['load_average']:.1f}; "
              f"rebuild processor time per language: {' | '.join(r['rebuild_processor'])})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
