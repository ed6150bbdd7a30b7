"""Benchmark `twg build` on a synthetic 15-year archive against Hugo, in one run.

    python bench/bench.py            1k, 2.5k and 5k meetings; Hugo reference; serve edit loop
    python bench/bench.py --smoke    one tiny archive through every step (for CI: correctness, not speed)

For each size it writes a synthetic data set (`twg synth`) and builds it fully, with the
search index, four times in a subprocess: cold (empty caches: a fresh CI runner) and warm
(the caches of the build before), each without and with the round PDFs. It reports wall
and CPU time, peak memory (the largest process of the build's process tree, from wait4),
output size, page count and the largest group page gzipped. The same records are exported
as Hugo content in every language (bench/hugo_export.py: the same page count), built with
the minimal Hugo site in bench/hugo/ and indexed by the same Pagefind. On the largest size
it times the edit loop of `twg serve`: change one group file, poll the page until it shows.

Prints a Markdown table, the targets of issue 19 with what holds, and, last,
`ratio_vs_hugo=<ours / Hugo>` (warm full build with PDFs against Hugo + Pagefind of the
same page count). Results also go to WORK/bench.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SIZES = {"1k": (20, 3, 17), "2.5k": (20, 7, 17), "5k": (20, 15, 17)}  # groups, years, meetings a year
SMOKE = {"smoke": (3, 2, 4)}


def run(cmd: list[str], **kw) -> dict:  # noqa: ANN003
    """Run cmd; return wall and CPU seconds and the peak RSS of its process tree.

    wait4 reports the child's usage together with every descendant it waited for
    (mkdocs, pagefind), and ru_maxrss is the largest of those processes."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)
    out = proc.stdout.read().decode("utf-8", "replace") if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{out[-3000:]}")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_rss_mb": usage.ru_maxrss / 1024, "output": out}


def site_stats(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.name.endswith(".html")]
    groups = sorted(site.glob("groups/*/index.html"))
    largest = max(groups, key=lambda p: p.stat().st_size, default=None)
    return {
        "size_mb": sum(p.stat().st_size for p in files) / 1e6,
        "files": len(files),
        "pages": len(pages),
        "largest_group_page": largest.relative_to(site).as_posix() if largest else "",
        "largest_group_kb_gzip": len(gzip.compress(largest.read_bytes(), 6)) / 1024 if largest else 0.0,
    }


def machine() -> dict:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines() if ln.startswith("model name")), platform.processor())
    mem_kb = int(next(ln.split()[1] for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal")))
    load = os.getloadavg()[0]
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gb": round(mem_kb / 1024 / 1024, 1), "python": platform.python_version(), "load_at_start": round(load, 2)}


def synth(data: Path, groups: int, years: int, mpy: int) -> int:
    shutil.rmtree(data, ignore_errors=True)
    run([str(BIN / "twg"), "synth", "--out", str(data), "--groups", str(groups), "--years", str(years), "--meetings-per-year", str(mpy), "--seed", "7"])
    return groups * years * mpy


def build_ours(data: Path, site: Path, pdf: bool, cache: Path) -> dict:
    """`twg build` with its search index; the round PDFs (one per round and language) if pdf.
    cache holds the PDF and font caches: empty for a cold build, kept for a warm one."""
    shutil.rmtree(site, ignore_errors=True)
    env = os.environ | {"TWG_CACHE": str(cache), "XDG_CACHE_HOME": str(cache)}  # never the user's caches
    result = run([str(BIN / "twg"), "build", "--data", str(data), "--site-dir", str(site), *([] if pdf else ["--no-pdf"])], cwd=ROOT, env=env)
    result.pop("output")
    return result | site_stats(site) | {"pdfs": len(list(site.rglob("*.pdf"))), "pdf_mb": sum(p.stat().st_size for p in site.rglob("*.pdf")) / 1e6}


def pagefind() -> str:
    sys.path.insert(0, str(ROOT / "src"))
    from twg.outputs.search import pagefind_binary

    return pagefind_binary()


def build_hugo(data: Path, work: Path) -> dict | None:
    hugo = shutil.which("hugo")
    if not hugo:
        return None
    content, out, source = work / "hugo-content", work / "hugo-site", work / "hugo-source"
    run([sys.executable, str(ROOT / "bench" / "hugo_export.py"), str(data), str(content)], cwd=ROOT)  # not timed: input preparation
    shutil.rmtree(source, ignore_errors=True)
    shutil.copytree(ROOT / "bench" / "hugo", source)  # Hugo writes caches beside its config: keep them out of the repository
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(work / "hugo-cache", ignore_errors=True)
    h = run([hugo, "--source", str(source), "--contentDir", str(content), "--destination", str(out), "--cacheDir", str(work / "hugo-cache"), "--quiet"])
    p = run([pagefind(), "--site", str(out), "--silent"])
    version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.split("+")[0].strip()
    return {
        "version": version, "hugo_wall_s": h["wall_s"], "pagefind_wall_s": p["wall_s"],
        "wall_s": h["wall_s"] + p["wall_s"], "cpu_s": h["cpu_s"] + p["cpu_s"],
        "peak_rss_mb": max(h["peak_rss_mb"], p["peak_rss_mb"]),
    } | site_stats(out)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.read().decode("utf-8", "replace")
    except OSError:
        return None


def edit_loop(data: Path, timeout: float, cache: Path) -> dict:
    """Start `twg serve`, change one group's chair, time until the served page shows it."""
    port = _free_port()
    group_file = sorted((data / "groups").glob("*.yml"))[0]
    url = f"http://127.0.0.1:{port}/groups/{group_file.stem}/"
    log = open(data.parent / "serve.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [str(BIN / "twg"), "serve", "--data", str(data), "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=os.environ | {"TWG_CACHE": str(cache)},
    )
    try:
        started = time.perf_counter()
        while _get(url) is None:
            if proc.poll() is not None or time.perf_counter() - started > timeout:
                raise RuntimeError(f"twg serve did not come up: see {log.name}")
            time.sleep(0.2)
        first_ready = time.perf_counter() - started
        token = f"Edited-{int(time.time())}"
        text = group_file.read_text(encoding="utf-8")
        line = next(ln for ln in text.splitlines() if ln.startswith("chair:"))
        time.sleep(1.1)  # a new mtime second, and past the server's first settle
        edited = time.perf_counter()
        group_file.write_text(text.replace(line, f"chair: {token}", 1), encoding="utf-8")
        while token not in (_get(url) or ""):
            if proc.poll() is not None or time.perf_counter() - edited > timeout:
                raise RuntimeError(f"the edit did not show within {timeout:.0f}s: see {log.name}")
            time.sleep(0.1)
        return {"serve_start_s": first_ready, "edit_to_page_s": time.perf_counter() - edited}
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def table(rows: list[tuple[str, ...]], head: tuple[str, ...]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


# (label, with PDFs, empty caches, one group file edited first): the last is a real deploy after a
# merged pull request (the caches of the build before, one group's meeting changed).
VARIANTS = (("cold, no PDFs", False, True, False), ("warm, no PDFs", False, False, False), ("cold, PDFs", True, True, False),
            ("warm, PDFs", True, False, False), ("warm, PDFs, one group edited", True, False, True))


def edit_one_group(data: Path, token: str) -> None:
    """Change the chair of the first group, as a pull request would."""
    group_file = sorted((data / "groups").glob("*.yml"))[0]
    text = group_file.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("chair:"))
    group_file.write_text(text.replace(line, f"chair: {token}", 1), encoding="utf-8")


def targets(results: dict, largest: str) -> list[tuple[str, bool, str]]:
    """Issue 19's targets (2 cores) against this run: (target, holds, measured)."""
    b = results["builds"]
    cold, warm, edited = b[f"{largest} cold, PDFs"], b[f"{largest} warm, PDFs"], b[f"{largest} warm, PDFs, one group edited"]
    hugo = (results.get("hugo") or {}).get(largest)
    out = [
        ("cold full build with PDFs <= 120 s", cold["wall_s"] <= 120, f"{cold['wall_s']:.1f} s"),
        ("warm full build <= 20 s", warm["wall_s"] <= 20, f"{warm['wall_s']:.1f} s"),
        ("warm full build after one group edited <= 20 s", edited["wall_s"] <= 20, f"{edited['wall_s']:.1f} s"),
    ]
    if hugo:
        out.append(("warm full build <= 5x Hugo + Pagefind (same page count)", warm["wall_s"] <= 5 * hugo["wall_s"], f"{warm['wall_s'] / hugo['wall_s']:.2f}x"))
        out.append(("warm build after one group edited <= 5x Hugo + Pagefind", edited["wall_s"] <= 5 * hugo["wall_s"], f"{edited['wall_s'] / hugo['wall_s']:.2f}x"))
    rss = max(x["peak_rss_mb"] for x in b.values())
    out.append(("peak RSS <= 1 GB", rss <= 1024, f"{rss:.0f} MB"))
    out.append(("site <= 250 MB", warm["size_mb"] <= 250, f"{warm['size_mb']:.0f} MB"))
    if "serve" in results:
        out.append(("serve edit loop <= 3 s", results["serve"]["edit_to_page_s"] <= 3, f"{results['serve']['edit_to_page_s']:.1f} s"))
    sizes = sorted({k.split()[0] for k in b}, key=lambda n: b[f"{n} cold, PDFs"]["meetings"])
    if len(sizes) > 1:
        per = [b[f"{n} warm, PDFs, one group edited"]["wall_s"] / b[f"{n} cold, PDFs"]["meetings"] for n in sizes]
        out.append(("linear growth (ms per meeting, largest / smallest <= 1.25)", per[-1] / per[0] <= 1.25,
                    " -> ".join(f"{x * 1000:.1f}" for x in per) + " ms"))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--smoke", action="store_true", help="one tiny archive: checks the steps, not the speed")
    ap.add_argument("--work", type=Path, default=Path("/tmp/twg-bench"), help="scratch directory (default /tmp/twg-bench)")
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--no-serve", action="store_true")
    ap.add_argument("--sizes", default=",".join(SIZES), help=f"comma-separated subset of {', '.join(SIZES)} (default: all)")
    args = ap.parse_args(argv)
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    wanted = args.sizes.split(",")
    if not args.smoke and not set(wanted) <= set(SIZES):
        ap.error(f"--sizes: choose from {', '.join(SIZES)}")
    sizes = SMOKE if args.smoke else {n: SIZES[n] for n in SIZES if n in wanted}
    info = machine()
    print(f"machine: {info['nproc']} cores, {info['cpu']}, {info['ram_gb']} GB RAM, Python {info['python']}, load {info['load_at_start']}", flush=True)
    results: dict = {"machine": info, "builds": {}, "hugo": {}}
    for name, (g, y, m) in sizes.items():
        data = work / f"data-{name}"
        meetings = synth(data, g, y, m)
        cache = work / f"cache-{name}"
        for variant, pdf, cold, edit in VARIANTS:
            if cold:
                shutil.rmtree(cache, ignore_errors=True)
            if edit:
                edit_one_group(data, f"Bench edit {time.time():.0f}")
            print(f"[{name} {variant}] {g} groups x {y} years x {m} meetings = {meetings} meetings: building…", flush=True)
            b = {"groups": g, "years": y, "meetings": meetings} | build_ours(data, work / f"site-{name}", pdf, cache)
            results["builds"][f"{name} {variant}"] = b
            print(f"[{name} {variant}] {b['wall_s']:.1f}s", flush=True)
        if not args.no_hugo:
            print(f"[hugo {name}] exporting and building…", flush=True)
            hugo = build_hugo(data, work)
            if hugo is None:
                print("[hugo] not installed: skipped (bench/run.sh installs it)", flush=True)
            else:
                results["hugo"][name] = hugo
    largest = list(sizes)[-1]
    if not args.no_serve:
        print(f"[serve] {largest}: edit loop…", flush=True)
        results["serve"] = edit_loop(work / f"data-{largest}", 120 if args.smoke else 900, work / f"cache-{largest}")

    rows = []
    for name in sizes:
        for variant, *_ in VARIANTS:
            b = results["builds"][f"{name} {variant}"]
            rows.append((f"twg build {name} {variant}", str(b["meetings"]), str(b["pages"]), str(b["pdfs"]), f"{b['wall_s']:.1f}", f"{b['cpu_s']:.1f}",
                         f"{b['wall_s'] / b['meetings'] * 1000:.1f}", f"{b['peak_rss_mb']:.0f}", f"{b['size_mb']:.0f}", f"{b['largest_group_kb_gzip']:.0f}"))
        hugo = results["hugo"].get(name)
        if hugo:
            b = results["builds"][f"{name} warm, PDFs"]
            rows.append((f"{hugo['version']} + Pagefind {name}", str(b["meetings"]), str(hugo["pages"]), "0", f"{hugo['wall_s']:.1f}", f"{hugo['cpu_s']:.1f}",
                         f"{hugo['wall_s'] / b['meetings'] * 1000:.1f}", f"{hugo['peak_rss_mb']:.0f}", f"{hugo['size_mb']:.0f}", f"{hugo['largest_group_kb_gzip']:.0f}"))
    print()
    print(table(rows, ("build (with search index)", "meetings", "HTML pages", "PDFs", "wall s", "CPU s", "ms/meeting", "peak RSS MB", "site MB", "largest group page KB gz")))
    hugo = results["hugo"].get(largest)
    if hugo:
        print(f"\nHugo alone {hugo['hugo_wall_s']:.1f}s, Pagefind on its output {hugo['pagefind_wall_s']:.1f}s ({largest}).")
    if "serve" in results:
        s = results["serve"]
        print(f"twg serve on {largest}: first page after {s['serve_start_s']:.1f}s; a saved group file shows in the browser after {s['edit_to_page_s']:.1f}s.")
    results["targets"] = [{"target": t, "holds": ok, "measured": m} for t, ok, m in targets(results, largest)]
    print()
    for t in results["targets"]:
        print(f"- {'met' if t['holds'] else 'NOT met'}: {t['target']}: {t['measured']}")
    (work / "bench.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    if hugo:
        # Like for like: the same pages and the same search index (Hugo makes no PDFs).
        print(f"ratio_vs_hugo={results['builds'][f'{largest} warm, PDFs']['wall_s'] / hugo['wall_s']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
