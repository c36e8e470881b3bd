"""The inline styles every email shares, and the sanitising of content.

Email clients ignore style sheets and strip most of HTML, so the layout
(templates/mail/) is tables marked role="presentation" (screen readers skip
them), with every style inline, no images, and colours that pass WCAG AA
contrast. Everything from front matter is escaped by the templates, and Markdown
from a briefing's body is rendered and then cleaned with nh3 to a short list of
tags, each given its inline style, before it goes into a message.
"""

from __future__ import annotations

import functools
import html
import re

import markdown
import nh3
from markupsafe import Markup

FONT = "font-family:Arial,Helvetica,sans-serif;"
TEXT = "#0b0c0c"
LINK = "#1d70b8"
MUTED = "#505a5f"
STYLES = {
    "p": f"margin:0 0 12px;{FONT}font-size:16px;line-height:1.5;color:{TEXT};",
    "a": f"color:{LINK};text-decoration:underline;",
    "ul": "margin:0 0 12px;padding-left:24px;",
    "ol": "margin:0 0 12px;padding-left:24px;",
    "li": f"margin:0 0 6px;{FONT}font-size:16px;line-height:1.5;color:{TEXT};",
    "h1": f"margin:0 0 16px;{FONT}font-size:28px;line-height:1.2;color:{TEXT};",
    "h2": f"margin:24px 0 12px;{FONT}font-size:22px;line-height:1.3;color:{TEXT};",
    "h3": f"margin:20px 0 8px;{FONT}font-size:18px;line-height:1.3;color:{TEXT};",
    "h4": f"margin:16px 0 8px;{FONT}font-size:16px;line-height:1.3;color:{TEXT};",
    "meta": f"margin:0 0 8px;{FONT}font-size:14px;line-height:1.4;color:{MUTED};",
    "small": f"margin:0 0 8px;{FONT}font-size:14px;line-height:1.5;color:{TEXT};",
}
# What rendered Markdown may keep in an email.
FRAGMENT_TAGS = {"p", "a", "ul", "ol", "li", "strong", "em", "br", "code", "blockquote"}
# The tags of rendered Markdown that get an inline style (any style they had is replaced).
STYLED = {name: {"style": STYLES[name]} for name in ("p", "ul", "ol", "li", "a")}
MAX_ACTION_CHARS = 1500


@functools.lru_cache(maxsize=512)   # the same item goes to thousands of people
def markdown_html(source: str) -> Markup:
    """Markdown from a content file, rendered, cleaned with nh3, styled inline: safe to
    put into a template as it is."""
    rendered = markdown.markdown(source[:MAX_ACTION_CHARS])
    return Markup(nh3.clean(rendered, tags=FRAGMENT_TAGS, attributes={"a": {"href"}},
                            url_schemes={"https", "http", "mailto"}, link_rel=None,
                            set_tag_attribute_values=STYLED))


@functools.lru_cache(maxsize=512)
def markdown_text(source: str) -> str:
    """The same Markdown as readable plain text: no HTML, links spelled out."""
    text = html.unescape(nh3.clean(source[:MAX_ACTION_CHARS], tags=set()))
    text = re.sub(r"!?\[([^\]]*)\]\(([^)\s]+)[^)]*\)", r"\1 (\2)", text)
    return re.sub(r"(\*\*|__)(.+?)\1", r"\2", text).strip()


def wrap_text(heading: str, body: str, footer: str) -> str:
    return f"{heading}\n\n{body.strip()}\n\n{'-' * 40}\n{footer.strip()}\n"
