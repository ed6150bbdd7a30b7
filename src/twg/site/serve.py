"""`twg serve`: the whole site as it will be published, rebuilt on save, problems shown in the browser.

One server process serves one site directory laid out like the deployed site: the
default language at the root and every other language under <lang>/, each built by
its own long-lived process (forked once, so the languages rebuild side by side and
each keeps the dirty-build memory of its own pages), plus the search index (Pagefind,
refreshed in the background after each save), the round PDFs (laid out on first
request), the schemas, downloads and feeds.

While the data has problems, every page the browser asks for is a page listing them
as FILE:LINE: field: message; the live-reload channel takes an open page there too,
and back to the site once the file is fixed.

Like build.py, this module imports mkdocs.
"""

from __future__ import annotations

import html
import logging
import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Iterable

from twg.data import loading
from twg.data.dataset import DataError
from twg.data.problems import Problem

log = logging.getLogger("twg.serve")

_PDF = re.compile(r"(?:(?P<lang>[a-z]{2,3})/)?rounds/(?P<round>[A-Za-z0-9_.-]+)/report\.pdf")


# ---------------------------------------------------------------------------------------------
# One language's build (in the server process for the default language, in a worker for the others)

def _config(config_file: str, options: dict[str, Any], site_dir: Path | None = None, lang: str | None = None) -> Any:
    """The preview's MkDocs config of one language. Not strict: MkDocs counts its own warnings
    (its note on dirty builds among them) in strict mode; `twg build` and CI stay strict."""
    from mkdocs.config import load_config

    from twg.site.build import plugin_overrides

    kwargs: dict[str, Any] = {"config_file": config_file, "strict": False, "plugins": plugin_overrides(config_file, {**options, "language": lang})}
    if site_dir is not None:
        kwargs["site_dir"] = str(site_dir)
    return load_config(**kwargs)


def _start_serving(cfg: Any) -> None:
    """As `mkdocs serve` starts: the twg plugin makes its ServeCache (kept by this process's plugin
    instance for every later build). The downloads are this module's (the background run)."""
    from twg.site.build import twg_plugin

    cfg.plugins.on_startup(command="serve", dirty=True)
    cache = twg_plugin(cfg).serve_cache
    assert cache is not None  # made by on_startup(command="serve")
    cache.downloads = False


def _build_language(config_file: str, options: dict[str, Any], site_dir: Path, lang: str, default: str, serve_url: str, first: bool) -> Any:
    from mkdocs.commands.build import build

    out = site_dir if lang == default else site_dir / lang
    cfg = _config(config_file, options, out, lang)
    cfg.site_url = serve_url  # the plugin adds <lang>/ for the other languages
    if first:
        _start_serving(cfg)
    build(cfg, serve_url=serve_url + ("" if lang == default else f"{lang}/"), dirty=True)
    return cfg


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) < 4000 else text[:4000] + " …"


def _worker(conn: Any, config_file: str, options: dict[str, Any], site_dir: str, lang: str, default: str, serve_url: str) -> None:
    """A language's builder: waits for 'build', builds, answers ('ok', None, cpu seconds) or ('error', text, cpu seconds)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server process decides when to stop
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # and stops a builder with SIGTERM, at once
    first = True
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg != "build":
            return
        cpu = time.process_time()
        try:
            _build_language(config_file, options, Path(site_dir), lang, default, serve_url, first)
            first = False
            conn.send(("ok", None, time.process_time() - cpu))
        except BaseException as exc:  # noqa: BLE001 - every failure is shown in the browser
            conn.send(("error", f"{lang}: {_describe(exc)}", time.process_time() - cpu))


class _Worker:
    def __init__(self, lang: str, *args: Any) -> None:
        ctx = multiprocessing.get_context("fork")
        self.lang = lang
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker, args=(child, *args), name=f"twg-serve-{lang}", daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        """At once, even in the middle of a build: a builder keeps nothing worth finishing."""
        self.process.terminate()
        self.process.join(timeout=10)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


# ---------------------------------------------------------------------------------------------
# Downloads and search index, in the background

class _Background:
    """After a save, once the editor has paused for a moment, rewrites the data downloads and
    re-indexes each language for search (outputs/refresh.py) in a low-priority subprocess. A new
    save stops a run under way: the pages being rebuilt get the processor, and the run starts
    again from the new data once that build is done."""

    QUIET = 1.0  # seconds without a save before starting

    def __init__(self, site_dir: Path, data_root: Path, languages: list[str]) -> None:
        self.cmd = [sys.executable, "-m", "twg.outputs.refresh", str(site_dir), str(data_root), *languages]
        self._cond = threading.Condition()
        self._due: float | None = None  # when to start the next run
        self._stopping = False
        self._proc: subprocess.Popen[bytes] | None = None
        self.runs = 0  # finished runs
        self.thread = threading.Thread(target=self._loop, name="twg-background", daemon=True)
        self.thread.start()

    def request(self) -> None:
        with self._cond:
            self._due = time.monotonic() + self.QUIET
            self._cond.notify_all()

    def pause(self) -> None:
        """A save: stop the run under way (it is started again by the next request)."""
        with self._cond:
            self._due = None
            if self._proc is not None and self._proc.poll() is None:
                self._proc.terminate()

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._stopping and (self._due is None or time.monotonic() < self._due):
                    self._cond.wait(timeout=None if self._due is None else max(0.0, self._due - time.monotonic()))
                if self._stopping:
                    return
                self._due = None
                self._proc = proc = subprocess.Popen(self.cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                                     preexec_fn=lambda: os.nice(10), start_new_session=True)
            _, err = proc.communicate()
            if proc.returncode == 0:
                self.runs += 1
            elif proc.returncode > 0 and not self._stopping:  # < 0: stopped by a save or by Ctrl-C
                log.warning("background downloads/search index failed: %s", err.decode("utf-8", "replace").strip()[-800:])

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            if self._proc is not None and self._proc.poll() is None:
                self._proc.terminate()
            self._cond.notify_all()
        self.thread.join(timeout=10)


# ---------------------------------------------------------------------------------------------
# The page shown while the data has problems

def problems_page(problems: Iterable[Problem], failure: str | None) -> str:
    problems = list(problems)
    if problems:
        files = sorted({p.path for p in problems})
        title = f"The data has {len(problems)} problem(s) in {len(files)} file(s)"
        intro = ("The preview is not updated while the data has problems, and <code>twg build</code> (and the "
                 "pull request's check) would refuse to build the site. Open each file at the line given, fix "
                 "the field, and save: this page reloads by itself and shows the site again.")
        items = "\n".join(
            f'<li><code class="loc">{html.escape(f"{p.path}:{p.line}")}</code>: <code>{html.escape(p.field)}</code>: '
            f"{html.escape(p.message)}</li>" for p in problems)
        body = f"<ol>\n{items}\n</ol>"
        hint = ("<p>Each line reads <code>FILE:LINE: field: message</code>. The field path counts from 0: "
                "<code>reports[1].activities[3]</code> is the 2nd report's 4th activity. "
                "CONTRIBUTING.md (&ldquo;Messages you may see&rdquo;) shows the usual fixes.</p>")
    else:
        title = "The site could not be built"
        intro = ("The data passed its checks, but building the pages failed (a template, a hand-written page or "
                 "the configuration). The message below says where. Save a fix: this page reloads by itself.")
        body = f"<pre>{html.escape(failure or '')}</pre>"
        hint = ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} — preview</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #fff; }}
main {{ max-width: 60rem; margin: 0 auto; padding: 1.5rem 1rem; }}
h1 {{ font-size: 1.4rem; color: #a40e26; margin-top: 0; }}
ol {{ padding-left: 1.5rem; }} li {{ margin: .5rem 0; overflow-wrap: anywhere; }}
code, pre {{ font-family: ui-monospace, monospace; font-size: .9em; background: #f4f4f4; padding: 0 .2em; }}
pre {{ padding: .75rem; overflow-x: auto; white-space: pre-wrap; }}
.note {{ color: #555; font-size: .9rem; }}
</style></head>
<body><main id="twg-problems">
<h1>{html.escape(title)}</h1>
<p>{intro}</p>
{body}
{hint}
<p class="note">Shown by <code>twg serve</code> only; the published site is never replaced by a broken one.</p>
</main></body></html>
"""


# ---------------------------------------------------------------------------------------------
# The server

def _theme_speedups() -> None:
    """The preview rebuilds the theme in one process again and again: keep what cannot change
    while it runs — the installed themes' list and compiled templates (by the hash of their
    source, so an edited override is compiled anew) — instead of redoing them on every save."""
    import jinja2
    import mkdocs.theme
    from mkdocs import utils

    if getattr(mkdocs.theme.Theme.get_env, "_twg", False):
        return
    utils.get_themes.cache_clear = lambda: None  # type: ignore[method-assign] # installed themes do not change

    class _MemoryBytecode(jinja2.BytecodeCache):
        def __init__(self) -> None:
            self.store: dict[str, bytes] = {}

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            code = self.store.get(bucket.key)
            if code is not None:
                bucket.bytecode_from_string(code)

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            self.store[bucket.key] = bucket.bytecode_to_string()

    cache = _MemoryBytecode()
    listed: dict[tuple[Any, ...], list[str]] = {}
    original = mkdocs.theme.Theme.get_env

    def get_env(self: Any) -> Any:
        env = original(self)
        env.bytecode_cache = cache
        list_templates = env.list_templates

        def cached_list(extensions: Any = None, filter_func: Any = None) -> list[str]:
            # Installed themes never change during a preview; the project's overrides may. MkDocs
            # passes a new filter function each build, the same code with the same settings.
            stamp = tuple(_tree_stamp(Path(d)) if not _installed(d) else (d,) for d in self.dirs)
            key = (stamp, extensions and tuple(extensions), getattr(filter_func, "__qualname__", filter_func))
            if key not in listed:
                listed[key] = list_templates(extensions, filter_func)
            return list(listed[key])

        env.list_templates = cached_list  # type: ignore[method-assign]
        return env

    get_env._twg = True  # type: ignore[attr-defined]
    mkdocs.theme.Theme.get_env = get_env  # type: ignore[method-assign]


def _installed(folder: str) -> bool:
    return "site-packages" in Path(folder).parts or "dist-packages" in Path(folder).parts


def _tree_stamp(folder: Path) -> tuple[Any, ...]:
    return tuple((str(p), p.stat().st_mtime_ns) for p in sorted(folder.rglob("*")) if p.is_file())


class _Quiet(logging.Filter):
    """MkDocs' note on every save that a dirty build may have inaccurate navigation does not
    apply: generated pages are skipped only when their content is unchanged, and the others
    are rebuilt with the whole navigation."""

    DROP = ("A 'dirty' build is being performed", "Building documentation", "Documentation built in",
            "Cleaning site directory", "The following pages are being built only for the preview")

    def filter(self, record: logging.LogRecord) -> bool:
        msg = record.getMessage()
        return not any(d in msg for d in self.DROP)


def _setup_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(_Quiet())
    for name in ("mkdocs", "twg"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.propagate = False
        logger.setLevel(logging.INFO)
    # Per-build chatter of the build and its plugins; warnings still show.
    for name in ("mkdocs.commands.build", "mkdocs.plugins", "mkdocs.structure", "mkdocs.utils", "mkdocs_macros", "twg.build"):
        logging.getLogger(name).setLevel(logging.WARNING)


_WRITES = {"created", "modified", "deleted", "moved", "closed"}


def _ignored(path: str) -> bool:
    """Files no build reads: bytecode, editors' swap, backup and lock files."""
    name = os.path.basename(path)
    return "__pycache__" in path or name.startswith((".#", ".~")) or name.endswith(("~", ".swp", ".swx", ".tmp", ".pyc"))


class Preview:
    def __init__(self, config_file: str, data: str | None, host: str, port: int) -> None:
        from twg.site.build import twg_plugin

        # The preview's options for the twg plugin: PDFs when asked for (pdf()), search in the background.
        self.options: dict[str, Any] = {"data_dir": str(Path(data).resolve()) if data else None, "pdf": False, "search": False}
        self.config_file = config_file
        probe = _config(config_file, self.options)
        self.plugin = twg_plugin(probe)
        self.data_root = self.plugin.root_of(probe)
        self.host, self.port = host, port
        self.serve_url = f"http://{host}:{port}/"
        self.problems: list[Problem] = []
        self.failure: str | None = None
        self.languages = self._languages()
        self.default = self.languages[0]
        self.workers: list[_Worker] = []
        self.first = True
        self.builds = 0  # finished builds, successful or not
        self.pdf_lock = threading.Lock()
        self.background: _Background | None = None
        self.config: Any = None  # the last build's MkDocs config (its plugins are told when serving stops)
        self.site_dir = Path(tempfile.mkdtemp(prefix="twg-serve-"))  # last: close() removes it

    def _languages(self) -> list[str]:
        try:
            return list(loading.load(self.data_root).site.languages)
        except DataError as err:
            self.problems = err.problems
            # Broken at start: the languages as written, so each gets its builder once fixed.
            try:
                import yaml

                langs = yaml.safe_load((self.data_root / "site.yml").read_text(encoding="utf-8")).get("languages")
                if isinstance(langs, list) and langs and all(isinstance(x, str) and re.fullmatch(r"[a-z]{2,3}", x) for x in langs):
                    return langs
            except Exception:  # noqa: BLE001 - any unreadable site.yml: one language until restart
                pass
            return ["en"]

    # --- building ------------------------------------------------------------------------
    def start_workers(self) -> None:
        for lang in self.languages[1:]:
            self.workers.append(_Worker(lang, self.config_file, self.options, str(self.site_dir), lang, self.default, self.serve_url))

    def build(self) -> None:
        """Called on every save (and once at start): check the data, then rebuild every language."""
        started = time.perf_counter()
        try:
            if self.background is not None:
                self.background.pause()
            # The other languages start at once: each process reads the changed file itself, side by side.
            for w in self.workers:
                w.conn.send("build")
            try:
                self._dataset()
            except DataError as err:
                for w in self.workers:
                    w.conn.recv()  # they fail on the same problems
                self.problems, self.failure = err.problems, None
                for p in err.problems:
                    print(p, file=sys.stderr)
                log.warning("%d problem(s) in the data: shown in the browser until fixed; the preview waits.", len(err.problems))
                return
            self.problems = []
            errors = []
            cpu = {self.default: time.process_time()}
            try:
                self.config = _build_language(self.config_file, self.options, self.site_dir, self.default, self.default, self.serve_url, self.first)
                self.first = False
            except Exception as exc:  # noqa: BLE001 - shown in the browser
                errors.append(f"{self.default}: {_describe(exc)}")
            cpu[self.default] = time.process_time() - cpu[self.default]
            for w in self.workers:
                status, text, cpu[w.lang] = w.conn.recv()
                if status != "ok":
                    errors.append(text)
            self.failure = "\n\n".join(errors) or None
            if self.failure:
                log.error("The site could not be built (shown in the browser):\n%s", self.failure)
                return
            self._forget_pdfs()
            if self.background is not None:
                self.background.request()
            # Processor time per language too: on a busy machine it says what the wall time would be alone.
            log.info("Preview updated (%s) in %.2f s (processor: %s)", " + ".join(self.languages), time.perf_counter() - started,
                     ", ".join(f"{lang} {seconds:.2f} s" for lang, seconds in cpu.items()))
        finally:
            self.builds += 1

    def _dataset(self) -> Any:
        """The data as this process's builds see it (the plugin's ServeCache: changed files only)."""
        if self.plugin.serve_cache is None:  # before the first build
            return loading.load(self.data_root)
        return self.plugin.serve_cache.dataset(self.data_root)

    def _forget_pdfs(self) -> None:
        """Round PDFs are laid out when first asked for: after a save, each is made again from the
        new data (unchanged ones come from the PDF cache at once)."""
        for pdf in self.site_dir.glob("rounds/*/report.pdf"):
            pdf.unlink(missing_ok=True)
        for lang in self.languages[1:]:
            for pdf in (self.site_dir / lang).glob("rounds/*/report.pdf"):
                pdf.unlink(missing_ok=True)

    def pdf(self, rel: str) -> None:
        """Lay out rounds/<id>/report.pdf (of a language) if it is asked for and not there yet."""
        m = _PDF.fullmatch(rel)
        if not m or (m.group("lang") and m.group("lang") not in self.languages[1:]):
            return
        out = self.site_dir / rel
        if out.exists() or self.problems or self.failure:
            return
        from twg.outputs import report_pdf

        with self.pdf_lock:
            if out.exists():
                return
            ds = self._dataset()
            if m.group("round") not in {r.id for r in ds.rounds}:
                return
            started = time.perf_counter()
            cache = self.plugin.cache_dir
            report_pdf.write_pdf(report_pdf.round_html(ds, m.group("round"), m.group("lang") or self.default, cache), out, cache)
            log.info("Laid out %s in %.1f s", rel, time.perf_counter() - started)

    # --- serving -------------------------------------------------------------------------
    def server(self) -> Any:
        from mkdocs.livereload import LiveReloadServer

        preview = self

        class Server(LiveReloadServer):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                # inotify where there is one: a save is seen at once instead of at the next poll.
                import watchdog.observers

                self.observer = watchdog.observers.Observer()  # type: ignore[assignment]
                self.build_delay = 0.05

            def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
                """As MkDocs' watch, but only writes count: inotify also reports every file
                opened for reading (the build reads the watched folders), which would loop."""
                import watchdog.events

                path = os.path.abspath(path)
                if path in self._watched_paths:
                    self._watched_paths[path] += 1
                    return
                self._watched_paths[path] = 1

                def changed(event: Any) -> None:
                    if event.is_directory or event.event_type not in _WRITES or _ignored(event.src_path):
                        return
                    with self._rebuild_cond:
                        self._want_rebuild = True
                        self._rebuild_cond.notify_all()

                handler = watchdog.events.FileSystemEventHandler()
                handler.on_any_event = changed  # type: ignore[method-assign]
                self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive)

            def _serve_request(self, environ: Any, start_response: Any) -> Any:
                path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
                if path.startswith("/livereload/"):
                    return super()._serve_request(environ, start_response)
                with self._epoch_cond:  # a save being built: answer once it is done
                    self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
                    epoch = self._visible_epoch
                rel = path.lstrip("/")
                page = path.endswith("/") or path.endswith(".html") or "." not in path.rsplit("/", 1)[-1]
                if page and (preview.problems or preview.failure):
                    content = self._inject_js_into_html(problems_page(preview.problems, preview.failure).encode(), epoch)
                    start_response("500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8"),
                                                                 ("Content-Length", str(len(content))), ("Cache-Control", "no-store")])
                    return [content]
                if rel.endswith("report.pdf"):
                    preview.pdf(rel)
                return super()._serve_request(environ, start_response)

        server = Server(builder=self.build, host=self.host, port=self.port, root=str(self.site_dir))

        def error_page(code: int) -> bytes | None:
            page = self.site_dir / f"{code}.html"
            return page.read_bytes() if page.is_file() else None

        server.error_handler = error_page
        return server

    def watched(self) -> list[str]:
        cfg = _config(self.config_file, {})
        root = Path(cfg.config_file_path).parent
        configured = self.plugin.root_of(cfg)  # mkdocs.yml's data directory: watched only if it is the one served
        paths = [str(self.data_root), cfg.docs_dir, cfg.config_file_path, *(p for p in cfg.watch if (root / p).resolve() != configured)]
        custom = cfg.theme.custom_dir
        if custom:
            paths.append(custom)
        return [p for p in dict.fromkeys(str((root / p).resolve()) for p in paths) if Path(p).exists()]

    def close(self) -> None:
        if self.background is not None:
            self.background.stop()
        for w in self.workers:
            w.stop()
        if self.config is not None:  # let the plugins finish their background work (downloads) first
            try:
                self.config.plugins.on_shutdown()
            except Exception as exc:  # noqa: BLE001 - stopping anyway
                log.warning("while stopping: %s", exc)
        shutil.rmtree(self.site_dir, ignore_errors=True)


def serve(config_file: str = "mkdocs.yml", addr: str = "127.0.0.1:8000", *, data: str | None = None) -> int:
    host, _, port_text = addr.rpartition(":")
    try:
        port = int(port_text)
    except ValueError:
        print(f"twg serve: --dev-addr must be HOST:PORT, e.g. 127.0.0.1:8000 (got '{addr}')", file=sys.stderr)
        return 2
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _setup_logging()
    _theme_speedups()
    from mkdocs.exceptions import MkDocsException

    preview: Preview | None = None

    main_pid = os.getpid()
    stopping = threading.Event()

    def stop(signum: int, frame: Any) -> None:
        if os.getpid() != main_pid:  # a worker forked before it set its own handlers
            if signum == signal.SIGTERM:
                os._exit(0)
            return  # Ctrl-C: the server process decides when to stop
        if stopping.is_set():
            return  # already stopping: let the clean-up finish
        stopping.set()  # kept: an interrupt raised where Python ignores exceptions (logging's
        raise KeyboardInterrupt  # at-fork callback, as the preview forks a worker) is lost

    signal.signal(signal.SIGTERM, stop)
    # Ctrl-C stops the server even when the parent started us with SIGINT ignored (a shell's
    # background job, some CI runners): Python then installs no KeyboardInterrupt handler itself.
    signal.signal(signal.SIGINT, stop)
    server = None
    try:
        try:
            preview = Preview(config_file, data, host or "127.0.0.1", port)
        except MkDocsException as exc:
            print(f"twg serve: {exc}", file=sys.stderr)
            return 1
        server = preview.server()
        try:
            # Listen now: a port in use fails before the first build, and a browser opened
            # during the first build waits for it instead of being refused.
            server.server_bind()
            server.server_activate()
        except OSError as err:
            print(f"twg serve: cannot listen on {addr}: {err.strerror} (choose another with --dev-addr HOST:PORT)", file=sys.stderr)
            return 1
        server.server_bind = server.server_activate = lambda: None  # done above
        preview.start_workers()
        preview.background = _Background(preview.site_dir, preview.data_root, preview.languages)
        log.info("Building the preview (%s) in %s…", " + ".join(preview.languages), preview.site_dir)
        preview.build()
        if stopping.is_set():  # Ctrl-C during the first build whose interrupt was lost
            raise KeyboardInterrupt
        for path in preview.watched():
            server.watch(path)
        log.info("Serving the whole site on %s — Ctrl-C stops", preview.serve_url)
        server.serve()
    except KeyboardInterrupt:
        stopping.set()
        log.info("Stopping…")
    finally:
        stopping.set()
        if server is not None:
            server.shutdown()
        if preview is not None:
            preview.close()
    return 0
