"""Lay out the same round report with three PDF engines, side by side, in one run.

    python bench/pdf_engines.py [--data data] [--round gdcc-15] [--repeat 3] [--out DIR]

WeasyPrint (HTML + CSS in Python), Chromium's print-to-PDF (the same HTML, through
Playwright with the Chromium on PATH) and Typst (PyPI `typst`; the
HTML translated by bench/html_to_typst.py). For each engine and language: seconds per
report (best of --repeat, after one warm-up; start-up cost shown apart), pages and KB,
and PNG renderings of the first page and a Khmer table page by pdftoppm (in --out) to
look at output quality and Khmer shaping.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def weasyprint_engine() -> Callable[[str, str], bytes]:
    from weasyprint import HTML

    return lambda html, lang: HTML(string=html, base_url=str(ROOT)).write_pdf()


def chromium_engine() -> tuple[Callable[[str, str], bytes], Callable[[], None]]:
    from twg.outputs import report_pdf

    printer = report_pdf.ChromiumPrinter()
    return (lambda html, lang: printer.pdf(html)), printer.close


def typst_engine() -> Callable[[str, str], bytes]:
    import typst

    from html_to_typst import convert
    from twg.outputs import webfonts

    font = webfonts.font_for("km")
    fonts = [str(webfonts._source(font).parent)] if font else []
    compiler = typst.Compiler(font_paths=fonts)  # fonts are read once, as a build would
    return lambda html, lang: compiler.compile(input=convert(html, lang).encode(), pdf_tags=False)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT / "data")
    ap.add_argument("--round", default="gdcc-15")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path, default=Path("/tmp/twg-bench/pdf-engines"))
    ap.add_argument("--engines", default="weasyprint,chromium,typst")
    args = ap.parse_args(argv)
    from twg.data import loading
    from twg.outputs import report_pdf

    ds = loading.load(args.data.resolve())
    args.out.mkdir(parents=True, exist_ok=True)
    docs = {lang: report_pdf.round_html(ds, args.round, lang) for lang in ds.site.languages}
    print(f"{args.round} of {args.data}: HTML {', '.join(f'{k} {len(v) // 1024} KB' for k, v in docs.items())}")
    print("| engine | start s | " + " | ".join(f"{lang} s | {lang} pages | {lang} KB" for lang in docs) + " |")
    print("|---|---|" + "---|---|---|" * len(docs))
    for name in args.engines.split(","):
        started = time.perf_counter()
        made = {"weasyprint": weasyprint_engine, "chromium": chromium_engine, "typst": typst_engine}[name]()
        engine, close = made if isinstance(made, tuple) else (made, lambda: None)
        start = time.perf_counter() - started
        cells = []
        for lang, html in docs.items():
            engine(html, lang)  # warm-up: fonts, caches
            best, pdf = float("inf"), b""
            for _ in range(args.repeat):
                t = time.perf_counter()
                pdf = engine(html, lang)
                best = min(best, time.perf_counter() - t)
            path = args.out / f"{name}-{lang}.pdf"
            path.write_bytes(pdf)
            pages = next(ln.split()[-1] for ln in subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout.splitlines() if ln.startswith("Pages:"))
            subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(path), str(args.out / f"{name}-{lang}-p1")], check=True)
            subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", "5", "-l", "5", str(path), str(args.out / f"{name}-{lang}-p5")], check=True)
            cells.append(f"{best:.2f} | {pages} | {len(pdf) // 1024}")
        close()
        print(f"| {name} | {start:.2f} | " + " | ".join(cells) + " |", flush=True)
    print(f"renderings: {args.out}/*.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
