"""Serve the preview on 127.0.0.1 and rebuild it whenever a content file is saved.

Requests are answered from the last good build while the next one runs; a page
reloads itself when its script sees the build number change.
"""

from __future__ import annotations

import errno
import http.server
import os
import signal
import sys
import threading
import webbrowser
from datetime import datetime
from pathlib import Path
from typing import Callable

from pipeline.exceptions import BuildError, CascadeError, UsageError
from pipeline.service import preview as pv
from pipeline.service.watch import ContentWatcher
from pipeline.settings.config import Config
from pipeline.site.build import EngineInProcess
from pipeline.text import plural

VERSION_PATH = "/__preview__/version"
DEBOUNCE_SECONDS = 0.05   # editors write a save as several events; a build follows at once


class Previewer:
    """The current preview build and how to make the next one."""

    def __init__(self, config: Config, scratch: Config, paths: list[Path] | None,
                 now: Callable[[], datetime], say: Callable[[str], None]):
        self.config, self.scratch, self.paths = config, scratch, paths
        self.now, self.say = now, say
        self.version = 0
        self.current: pv.Preview | None = None
        self._lock = threading.Lock()
        self._engine = EngineInProcess()

    def rebuild(self, changed: list[str] | None = None) -> bool:
        """Build again; on failure say why and keep serving the last good build."""
        with self._lock:
            try:
                result = pv.build_preview(self.config, self.scratch, self.now(), self.paths,
                                          self._engine)
            except CascadeError as exc:
                self.say(f"Preview not rebuilt: {exc}")
                return False
            self.current = result
            self.version += 1
        if changed:
            self.say(f"Rebuilt after changes to {', '.join(changed)}.")
        return True

    def page(self, relative: str, page_html: str) -> str:
        current = self.current
        item = current.pages.get(relative) if current else None
        now = current.now if current else self.now()
        return pv.decorate(page_html, item, self.version, now, self.config)


def handler_for(previewer: Previewer, site_dir: Path):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(site_dir), **kwargs)

        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            pass   # the officer's terminal shows rebuilds and problems, not requests

        def do_GET(self):
            if self.path.split("?", 1)[0] == VERSION_PATH:
                return self._send(200, str(previewer.version).encode(), "text/plain")
            target = Path(self.translate_path(self.path))
            if target.is_dir():
                target = target / "index.html"
            if target.suffix != ".html":
                return super().do_GET()
            status = 200
            if not target.is_file():
                status, target = 404, site_dir / "404.html"
            try:
                text = target.read_text(encoding="utf-8")
            except OSError:
                return self.send_error(404)
            relative = target.relative_to(site_dir).as_posix() if status == 200 else ""
            body = previewer.page(relative, text).encode("utf-8")
            return self._send(status, body, "text/html; charset=utf-8")

        def _send(self, status: int, body: bytes, kind: str):
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)
    return Handler


def run(config: Config, paths: list[Path] | None, port: int, now: Callable[[], datetime],
        say: Callable[[str], None], open_browser: bool = True) -> None:
    """Build the preview, serve it until stopped (Ctrl-C or SIGTERM), rebuild on save."""
    with pv.scratch_folder(config) as folder:
        scratch = pv.scratch_config(config, folder)
        previewer = Previewer(config, scratch, paths, now, say)
        try:
            server = http.server.ThreadingHTTPServer(
                ("127.0.0.1", port), handler_for(previewer, scratch.site_dir))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise UsageError(f"--port {port}: that port is in use on 127.0.0.1; choose "
                                 "another, e.g. --port 8766") from None
            raise
        try:
            if not previewer.rebuild():
                raise BuildError("the preview could not be built (see above)")
            if paths and not previewer.current.items:
                raise UsageError(f"{', '.join(str(p) for p in paths)}: no briefing or "
                                 "procedure file there; name a file or folder in "
                                 f"{config.data['content_dir']}/")
            _serve(server, previewer, config, say, open_browser)
        finally:
            server.server_close()


def _serve(server, previewer: Previewer, config: Config, say: Callable[[str], None],
           open_browser: bool) -> None:
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    _announce(previewer, base, say)
    content = config.data["content_dir"]
    watcher = ContentWatcher(config.content_dir,
                             lambda changed: previewer.rebuild([f"{content}/{c}" for c in changed]),
                             DEBOUNCE_SECONDS)
    watcher.start()
    # SIGTERM stops the preview as Ctrl-C does, so the scratch folder is removed.
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    if open_browser:
        _open_browser(_first_page(previewer, base), say)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
        say("Preview stopped.")


def _announce(previewer: Previewer, base: str, say: Callable[[str], None]) -> None:
    current = previewer.current
    n = len(current.items)
    say(f"Previewing {plural(n, 'item')} at {base} (nothing is published; "
        "the page reloads when you save; Ctrl-C to stop).")
    for relative, item in sorted(current.pages.items(), key=lambda p: p[1].rel):
        state = item.state(current.now).replace("-", " ")
        say(f"  {item.rel} ({state}): {base}{relative}")


def _open_browser(url: str, say: Callable[[str], None]) -> None:
    """Open `url` in a graphical browser, in the background. Without a desktop (a server
    reached over SSH) Python would start a text browser in this terminal and the
    preview would wait for it to end: then only the address is printed."""
    desktop = sys.platform in ("darwin", "win32") or any(
        os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY"))
    if desktop:
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    else:
        say(f"Open {url} in your web browser.")


def _first_page(previewer: Previewer, base: str) -> str:
    """The item's page when one file is previewed, else the home page."""
    pages = previewer.current.pages
    return base + next(iter(pages)) if len(pages) == 1 else base
