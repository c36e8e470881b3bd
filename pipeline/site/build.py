"""Write the docs tree, run the site engine into a temporary folder, swap it into site/.

The engine is one subprocess reading one generated mkdocs.yml: the only place
that knows which engine builds the site. The swap exchanges the two folders in
one system call where Linux offers it (renameat2), so a reader or a crash sees
either the complete old site or the complete new one.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime
from importlib import metadata, resources
from pathlib import Path

import jinja2
import yaml

from pipeline.settings.config import Config
from pipeline.evidence import feedback
from pipeline.exceptions import BuildError, ConfigError, FileProblem
from pipeline.site import engine_hook
from pipeline.text import label, long_date

# fenced_code: a ``` block is code on the page, never live HTML.
REQUIRED_EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "fenced_code",
                       "md_in_html", "tables", "toc"]
FENCED_CODE = {"fenced_code", "pymdownx.superfences", "markdown.extensions.fenced_code"}
SECRET_ENV = ("CASCADE_SMTP_PASSWORD", "CASCADE_NOTIFY_API_KEY", "CASCADE_SIGNING_KEY",
              "CASCADE_LOG_KEY")


def work_dir(config: Config) -> Path:
    return config.state_db.parent / "build"


def write_tree(root: Path, files: dict[str, str | bytes]) -> list[str]:
    """Make `root` hold exactly `files`; unchanged files keep their bytes and times.

    Returns the names removed, so their built pages can be removed too.
    """
    removed = []
    wanted = {root / name for name in files}
    for name, content in files.items():
        path = root / name
        data = content.encode("utf-8") if isinstance(content, str) else content
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    if root.exists():
        for path in sorted(root.rglob("*"), reverse=True):
            if path.is_file() and path not in wanted:
                removed.append(path.relative_to(root).as_posix())
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return removed


def assets() -> dict[str, bytes]:
    """The project's own stylesheet (contrast, underlined links, focus, print)."""
    css = resources.files("pipeline.site").joinpath("assets/cascade.css").read_bytes()
    return {"assets/cascade.css": css}


def user_engine_settings(config: Config) -> dict:
    """The user's mkdocs.yml, read safely; a ConfigError names what is wrong with it."""
    path = config.mkdocs_config
    try:
        user = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise ConfigError(f"mkdocs_config: file {path.name} not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ConfigError(f"{path.name}: cannot be read ({why}); it must be a UTF-8 text file "
                          "the account that runs Cascade can read") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path.name}: not valid YAML (Cascade reads it with a safe loader, "
                          f"so !!python tags are not allowed): {str(exc).splitlines()[0]}") \
            from None
    if not isinstance(user, dict):
        raise ConfigError(f"{path.name}: expected a mapping, got {type(user).__name__}")
    return user


def engine_config(config: Config, docs_dir: Path, site_dir: Path, nav: list,
                  abbreviations: Path) -> dict:
    """The user's mkdocs.yml with the parts Cascade owns filled in."""
    path = config.mkdocs_config
    user = user_engine_settings(config)
    base = path.resolve().parent
    cfg = dict(user)
    cfg.update({
        "site_name": config["site_name"],
        "site_url": config.site_url,
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "use_directory_urls": False,  # site/index.html works straight from the disk
        "nav": nav,
        "not_in_nav": "/briefings/*.md\n/procedures/*.md\n/themes/*.md\n/privacy.md\n",
    })
    # The theme overrides print the partnership's name on every printed page, and link
    # every page's footer to the sign-up page (when there is one).
    sign_up = config["subscribe_url"] + "subscribe" if config["subscribe_url"] else ""
    cfg["extra"] = dict(user.get("extra") or {}, cascade_partnership=config["partnership"],
                        cascade_subscribe_url=sign_up)
    if config["subscribe_url"]:   # the choices of the feedback forms (see pages.feedback_meta)
        cfg["extra"]["cascade_feedback"] = {
            "sectors": [[a, label(a, config["glossary"])] for a in config["audiences"]],
            "formats": [list(choice) for choice in feedback.format_choices()],
            "max_comment": feedback.MAX_COMMENT, "max_people": feedback.MAX_PEOPLE}
    cfg["extra_css"] = list(user.get("extra_css") or []) + ["assets/cascade.css"]
    hooks = [str((base / hook).resolve()) for hook in cfg.get("hooks") or []]
    cfg["hooks"] = hooks + [str(Path(__file__).with_name("engine_hook.py"))]
    theme = cfg.get("theme")
    if isinstance(theme, dict):
        cfg["theme"] = dict(theme, custom_dir=str(_overrides(config, theme, base)))
    extensions = markdown_extensions(user)
    # The glossary is appended to every page once, so each expansion is written once.
    extensions.append({"pymdownx.snippets": {"auto_append": [str(abbreviations)],
                                             "check_paths": True}})
    cfg["markdown_extensions"] = extensions
    return cfg


def markdown_extensions(user: dict) -> list:
    """The Markdown extensions pages are read with: the user's and the ones Cascade needs
    (the glossary's snippets extension is added by the caller)."""
    extensions = [e for e in (user.get("markdown_extensions") or [])
                  if _ext_name(e) != "pymdownx.snippets"]
    names = {_ext_name(e) for e in extensions}
    extensions += [name for name in REQUIRED_EXTENSIONS if name not in names
                   and not (name == "fenced_code" and names & FENCED_CODE)]
    return extensions


def _overrides(config: Config, theme: dict, base: Path) -> Path:
    """Cascade's template fixes (e.g. a name for the search dialog), under the user's own."""
    ours = Path(str(resources.files("pipeline.site").joinpath("overrides")))
    if not theme.get("custom_dir"):
        return ours
    merged = work_dir(config) / "overrides"
    if merged.exists():
        shutil.rmtree(merged)
    shutil.copytree(ours, merged)
    shutil.copytree((base / theme["custom_dir"]).resolve(), merged, dirs_exist_ok=True)
    return merged


def _ext_name(entry) -> str:
    return next(iter(entry)) if isinstance(entry, dict) else str(entry)


def abbreviations_text(glossary: dict) -> str:
    return "".join(f"*[{abbr}]: {' '.join(expansion.split())}\n"
                   for abbr, expansion in sorted(glossary.items()))


def run_engine(config_path: Path, incremental: bool = False,
               timeout: float | None = None) -> None:
    """Build the site with the engine; raise BuildError with its last words on failure,
    or when it has not finished after `timeout` seconds (then it is stopped)."""
    env = {k: v for k, v in os.environ.items() if k not in SECRET_ENV}
    env["NO_MKDOCS_2_WARNING"] = "1"  # the theme's end-of-life banner is not a build problem
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file",
               str(config_path)]
    if incremental:
        command.append("--dirty")
    # Its own session: a Ctrl-C meant for `cascade serve` must not kill a build midway;
    # but if Cascade itself dies, the engine dies with it rather than go on writing.
    # PR_SET_PDEATHSIG, looked up here: the child does as little as it can before exec.
    prctl = _libc().prctl if _libc() else None
    die_with_parent = (lambda: prctl(1, signal.SIGKILL)) if prctl else None
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env=env, start_new_session=True, preexec_fn=die_with_parent) as engine:
        try:
            stdout, stderr = engine.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            # The whole session: anything the engine started goes with it.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(engine.pid, signal.SIGKILL)
            engine.communicate()
            raise BuildError(
                f"site build stopped: the site engine had not finished after {timeout:g} s "
                "(build_timeout_seconds); the published site was left as it was.\n  A page "
                "may be too large or too complex for the engine: run `cascade check`, or "
                "raise build_timeout_seconds in cascade.yml if the site has simply grown."
            ) from None
    if engine.returncode != 0:
        lines = [line for line in (stderr or stdout).splitlines() if line.strip()]
        detail = "\n  ".join(lines[-6:]) or f"exit status {engine.returncode}"
        raise BuildError(f"site build failed; the published site was left as it was.\n  "
                         f"{detail}")


class EngineInProcess:
    """The same engine build as run_engine, in this process: for `cascade preview`, where
    starting the engine afresh for every save would take seconds. Between builds it
    keeps the theme's compiled templates and the list of the theme's files (the engine
    lists all 10,000 of them, icons included, on every build): the theme does not change
    while a preview runs. No timeout: the officer previews her own pages and can stop
    the preview."""

    def __init__(self):
        self._templates = _CompiledTemplates()
        self._listings: dict = {}

    def __call__(self, config_path: Path, incremental: bool = False,
                 timeout: float | None = None) -> None:
        import logging

        from mkdocs.commands.build import build as mkdocs_build
        from mkdocs.config import load_config as mkdocs_config

        engine_log = logging.getLogger("mkdocs")
        level = engine_log.level
        engine_log.setLevel(logging.ERROR)   # as --quiet: the "dirty build" notice is expected
        try:
            cfg = mkdocs_config(str(config_path))
            make_env = cfg.theme.get_env

            theme_dirs = tuple(cfg.theme.dirs)

            def env_kept_between_builds():
                env = make_env()
                env.bytecode_cache = self._templates
                list_templates = env.list_templates

                def listed_once(extensions=None, filter_func=None):
                    key = (theme_dirs, extensions, filter_func is None)
                    if key not in self._listings:
                        self._listings[key] = list_templates(extensions, filter_func)
                    return list(self._listings[key])
                env.list_templates = listed_once
                return env
            cfg.theme.get_env = env_kept_between_builds
            mkdocs_build(cfg, dirty=incremental)
        except Exception as exc:   # noqa: BLE001 - as any failure of the engine's process
            raise BuildError(f"site build failed.\n  {type(exc).__name__}: {exc}") from None
        finally:
            engine_log.setLevel(level)


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory, by template name and source checksum."""

    def __init__(self):
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


@functools.cache
def _libc():
    """Linux's C library, for prctl and renameat2; None elsewhere. Found once: finding it
    runs ldconfig."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:
        return None


def _remove_tree(path: Path) -> None:
    """Remove a leftover build folder, even while a dying engine still writes into it."""
    for _attempt in range(50):
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            return
        time.sleep(0.1)
    shutil.rmtree(path)  # still there after five seconds: let the error say why


def build(config: Config, files: dict[str, str | bytes], nav: list, engine=None,
          now: datetime | None = None) -> str:
    """Generate, build into a temporary folder, then swap into site/.

    Returns "full" or "incremental". An incremental build starts from a copy of
    the current site and has the engine rebuild only the pages whose source
    changed; it is used only when everything else the pages depend on (engine
    settings, navigation, glossary, theme and Cascade versions) is as it was at
    the last build. Listing pages, feeds and the search index stay complete
    because Cascade regenerates every page source and the engine hook merges
    the search index. `engine` runs the engine (default: run_engine, a subprocess).
    """
    engine = engine or run_engine
    site_dir = config.site_dir
    recover_interrupted_swap(site_dir)
    work = work_dir(config)
    docs_dir = work / "docs"
    removed = write_tree(docs_dir, files)
    abbreviations = work / "abbreviations.md"
    glossary = abbreviations_text(config["glossary"])
    _write_if_changed(abbreviations, glossary)
    # The day the pages are made, printed on paper copies (see engine_hook): a file
    # beside the engine's settings, not in them, so a new day does not force a full build.
    _write_if_changed(work / engine_hook.GENERATED_NAME,
                      long_date(now or datetime.now(config.tz), config.tz))
    next_dir = _sibling(site_dir, "next")   # recover_interrupted_swap removed any leftover
    engine_yml = work / "mkdocs.yml"
    cfg = engine_config(config, docs_dir, next_dir, nav, abbreviations)
    text = yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True)
    _write_if_changed(engine_yml, text)
    fingerprint = _engine_fingerprint(text, glossary, cfg)
    stamp = work / "engine-fingerprint"
    incremental = (site_dir.is_dir() and (work / engine_hook.CACHE_NAME).exists()
                   and stamp.exists() and stamp.read_text() == fingerprint)
    if incremental:
        shutil.copytree(site_dir, next_dir, symlinks=True)  # copy2 keeps the times --dirty reads
        for name in removed:
            if name.endswith(".md"):
                (next_dir / (name[:-3] + ".html")).unlink(missing_ok=True)
            else:
                (next_dir / name).unlink(missing_ok=True)
    else:
        stamp.unlink(missing_ok=True)
    try:
        engine(engine_yml, incremental, timeout=config["build_timeout_seconds"])
    except BuildError:
        shutil.rmtree(next_dir, ignore_errors=True)
        raise
    try:
        swap_into_place(next_dir, site_dir)
    except OSError as exc:
        shutil.rmtree(next_dir, ignore_errors=True)
        raise FileProblem(f"{config.data['site_dir']}/: the new site could not be put in its "
                          f"place ({exc.strerror or exc}); the previous site was left as it "
                          "was and nothing was logged. Make the folder and the one it is in "
                          "writable by the account that runs Cascade") from None
    stamp.write_text(fingerprint)
    return "incremental" if incremental else "full"


def check_site_dir(config: Config) -> None:
    """Fail before building when site/ cannot be replaced or mkdocs.yml cannot be read,
    so nothing changes."""
    site_dir, name = config.site_dir, config.data["site_dir"]
    if config.mkdocs_config.exists():
        user_engine_settings(config)
    if site_dir.exists() and not site_dir.is_dir():
        raise FileProblem(f"{name}: is a file, not the folder Cascade builds the website into; "
                          "nothing was changed. Move it away (or set site_dir), then run again")
    for folder in (site_dir, site_dir.parent):
        if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
            shown = config.shown(folder)
            raise FileProblem(f"{'the project folder' if shown == '.' else shown + '/'} is "
                              "read-only, so the website cannot be rebuilt; nothing was "
                              "changed. Make it writable by the account that runs Cascade, "
                              "then run again")


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _engine_fingerprint(engine_yml: str, glossary: str, cfg: dict) -> str:
    """Everything besides a page's own source that shapes its built HTML."""
    digest = hashlib.sha256(engine_yml.encode())
    theme = cfg.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        for path in sorted(Path(theme["custom_dir"]).rglob("*")):
            if path.is_file():
                digest.update(path.as_posix().encode() + path.read_bytes())
    digest.update(glossary.encode())
    for name in ("mkdocs", "mkdocs-material", "pymdown-extensions", "Markdown"):
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            pass
    site_package = resources.files("pipeline.site")
    for name in ("engine_hook.py", "build.py"):
        digest.update(site_package.joinpath(name).read_bytes())
    return digest.hexdigest()


def _sibling(site_dir: Path, tag: str) -> Path:
    return site_dir.parent / f".{site_dir.name}.{tag}"


def recover_interrupted_swap(site_dir: Path) -> None:
    """Finish or undo a swap that a crash interrupted, before building again."""
    old = _sibling(site_dir, "old")
    if old.exists():
        if site_dir.exists():
            shutil.rmtree(old)
        else:
            os.rename(old, site_dir)  # the crash came between the two renames
    next_dir = _sibling(site_dir, "next")
    if next_dir.exists():
        _remove_tree(next_dir)


def swap_into_place(new: Path, site_dir: Path) -> None:
    if not site_dir.exists():
        os.rename(new, site_dir)
        return
    if _exchange(new, site_dir):
        shutil.rmtree(new)  # `new` now holds the previous site
        return
    old = _sibling(site_dir, "old")
    os.rename(site_dir, old)
    os.rename(new, site_dir)
    shutil.rmtree(old)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two directories (Linux renameat2 RENAME_EXCHANGE)."""
    libc = _libc()
    renameat2 = getattr(libc, "renameat2", None) if libc else None
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0
