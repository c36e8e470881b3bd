"""An accessible PDF of each briefing: tagged PDF/UA-1 from WeasyPrint, made only when
the briefing changes.

The PDF holds what the page holds: the page's own Markdown, read with the site's
extensions and glossary, cleaned like every page, and put into the
pdf/briefing.html template with a print stylesheet. Links point at the website;
pictures come from the site's own files (the checked copies beside the page), never
from the network. Each PDF is kept under the state folder by a hash of everything it is made
from, so a build makes PDFs only for briefings that changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import mimetypes
import os
import posixpath
import re
from datetime import datetime
from importlib import metadata, resources
from urllib.parse import unquote, urljoin, urlsplit

import markdown

from pipeline.content.load import Item
from pipeline.exceptions import BuildError
from pipeline.render import environment, render
from pipeline.settings.config import Config
from pipeline.site import build, engine_hook, pages
from pipeline.text import long_date

TEMPLATE = "pdf/briefing.html"
STYLESHEET = "pdf/briefing.css"
LANGUAGE = "en-GB"
# Local pictures a page refers to (Markdown or HTML): their bytes are part of the hash.
IMAGE_REF = re.compile(
    r"""(?:\]\(\s*<?|src\s*=\s*["'])([^)"'\s>]+?\.(?:png|jpe?g|gif|webp|svg))""", re.IGNORECASE)


def briefing_pdfs(config: Config, site: pages.Site, files: dict[str, str | bytes],
                  now: datetime) -> dict[str, bytes]:
    """A PDF for each briefing on `site`, keyed by id, made now or taken from the cache.

    `files` is the site's files besides its pages (pictures are found there). A briefing
    whose PDF cannot be made gets none, and so no link: one odd file must not stop
    the site.
    """
    cache = build.work_dir(config) / "pdf"
    cache.mkdir(parents=True, exist_ok=True)
    plain = dataclasses.replace(site, pdfs={})    # the page as it is, without its own link
    extensions = build.markdown_extensions(build.user_engine_settings(config))
    shared = _shared_inputs(config) + [extensions]
    made, kept = {}, set()
    for item in site.briefings:
        source = pages.briefing_page(plain, item)
        maker = _Maker(config, item, files, extensions)
        key = hashlib.sha256(json.dumps([shared, source, maker.image_digests(source)])
                             .encode()).hexdigest()[:24]
        path = cache / f"{item.id}.{key}.pdf"
        if not path.exists():
            try:
                data = maker.pdf(source, now)
            except BuildError:
                raise
            except Exception:   # noqa: BLE001 - a fault on one briefing's page, not the build's
                continue
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(data)
            os.replace(tmp, path)
        made[item.id] = path.read_bytes()
        kept.add(path.name)
    for old in cache.iterdir():           # PDFs of old versions and removed briefings
        if old.name not in kept:
            old.unlink()
    return made


def _shared_inputs(config: Config) -> list:
    """What every briefing's PDF depends on besides its own page."""
    template = environment().loader.get_source(environment(), TEMPLATE)[0]
    return [template, _stylesheet(), _weasyprint_version(), config["partnership"],
            config.site_url, build.abbreviations_text(config["glossary"])]


def _stylesheet() -> str:
    return resources.files("pipeline").joinpath("templates", STYLESHEET).read_text("utf-8")


def _weasyprint_version() -> str:
    try:
        return metadata.version("weasyprint")
    except metadata.PackageNotFoundError:
        return ""


class _Maker:
    """Makes one briefing's PDF."""

    def __init__(self, config: Config, item: Item, files: dict[str, str | bytes],
                 extensions: list):
        self.config = config
        self.extensions = extensions
        self.item = item
        self.files = files
        self.page = f"briefings/{item.id}.html"
        self.url = config.site_url + self.page

    def local(self, url: str) -> bytes | None:
        """The bytes of a file of the site (a picture copied beside its page), else None:
        a picture that did not pass the checks is not in the site, nor in the PDF."""
        if not url.startswith(self.config.site_url):
            return None
        rel = posixpath.normpath(unquote(urlsplit(url).path[len(urlsplit(
            self.config.site_url).path):]))
        data = self.files.get(rel)
        return data.encode("utf-8") if isinstance(data, str) else data

    def image_digests(self, source: str) -> list[str]:
        digests = []
        for ref in sorted(set(IMAGE_REF.findall(source))):
            data = self.local(urljoin(self.url, ref))
            digests.append(f"{ref}:{hashlib.sha256(data).hexdigest() if data else ''}")
        return digests

    def html(self, source: str, now: datetime) -> str:
        body = source.split("\n---\n\n", 1)[1]     # the page's front matter goes
        body += "\n\n" + build.abbreviations_text(self.config["glossary"])
        names, configs = [], {}
        for entry in self.extensions:
            name = next(iter(entry)) if isinstance(entry, dict) else str(entry)
            names.append(name)
            if isinstance(entry, dict):
                configs[name] = entry[name] or {}
        content = markdown.markdown(body, extensions=names, extension_configs=configs)
        return render(TEMPLATE, title=self.item.title, lang=LANGUAGE,
                      summary=self.item.meta.get("summary", ""),
                      partnership=self.config["partnership"], address=self.url,
                      generated=long_date(now, self.config.tz),
                      content=engine_hook.clean(content, self._address))

    def _address(self, tag: str, attribute: str, value: str) -> str:
        """Links lead to the website (a page's .md becomes its .html); pictures stay."""
        if tag == "a" and attribute == "href" and not urlsplit(value).scheme \
                and not value.startswith("#"):
            path, hash_, fragment = value.partition("#")
            if path.endswith(".md"):
                path = path[:-3] + ".html"
            return urljoin(self.url, path) + hash_ + fragment
        return value

    def pdf(self, source: str, now: datetime) -> bytes:
        weasyprint = _weasyprint()
        fetcher = _fetcher_class()(self)
        document = weasyprint.HTML(string=self.html(source, now), base_url=self.url,
                                   url_fetcher=fetcher)
        return document.write_pdf(stylesheets=[weasyprint.CSS(string=_stylesheet())],
                                  pdf_variant="pdf/ua-1")


def _weasyprint():
    """WeasyPrint, imported only when a PDF has to be made (it is slow to load)."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        raise BuildError(
            f"briefing PDFs could not be made: WeasyPrint did not load ({exc}).\n  It needs "
            "the Pango library: on Debian or Ubuntu, apt-get install libpango-1.0-0 "
            "libpangoft2-1.0-0. The published site was left as it was.") from None
    return weasyprint


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalOnly(URLFetcher):
        """Serves the site's own files; fetches nothing from the network."""

        def __init__(self, maker: _Maker):
            super().__init__(allowed_protocols=())
            self.maker = maker

        def fetch(self, url, headers=None):
            data = self.maker.local(url)
            if data is None:
                raise ValueError(f"not fetched for the PDF: {url}")
            kind = mimetypes.guess_type(urlsplit(url).path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, data, {"Content-Type": kind})

    return LocalOnly
