"""The HTML and plain-text shapes every email shares, and the sanitising of content.

Email clients ignore style sheets and strip most of HTML, so the layout is
tables marked role="presentation" (screen readers skip them), with every style
inline, no images, and colours that pass WCAG AA contrast. Everything from front
matter is escaped, and Markdown from a briefing's body is rendered and then
cleaned with nh3 to a short list of tags before it goes into a message.
"""

from __future__ import annotations

import functools
import html
import re

import markdown
import nh3

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
MAX_ACTION_CHARS = 1500


def esc(text) -> str:
    """Front-matter text as safe HTML: one line, escaped, nothing nh3 would keep as markup."""
    return nh3.clean(html.escape(" ".join(str(text or "").split())), tags=set())


def tag(name: str, inner: str, style_key: str | None = None, **attrs) -> str:
    extra = "".join(f' {k.rstrip("_")}="{html.escape(str(v))}"' for k, v in attrs.items())
    return f'<{name}{extra} style="{STYLES[style_key or name]}">{inner}</{name}>'


def link(url: str, text: str) -> str:
    return f'<a href="{html.escape(url)}" style="{STYLES["a"]}">{text}</a>'


@functools.lru_cache(maxsize=512)   # the same item goes to thousands of people
def markdown_html(source: str) -> str:
    """Markdown from a content file, rendered, cleaned with nh3, styled inline."""
    rendered = markdown.markdown(source[:MAX_ACTION_CHARS])
    clean = nh3.clean(rendered, tags=FRAGMENT_TAGS, attributes={"a": {"href"}},
                      url_schemes={"https", "http", "mailto"}, link_rel=None)
    for name in ("p", "ul", "ol", "li"):
        clean = re.sub(rf"<{name}>", f'<{name} style="{STYLES[name]}">', clean)
    return re.sub(r"<a ", f'<a style="{STYLES["a"]}" ', clean)


@functools.lru_cache(maxsize=512)
def markdown_text(source: str) -> str:
    """The same Markdown as readable plain text: no HTML, links spelled out."""
    text = html.unescape(nh3.clean(source[:MAX_ACTION_CHARS], tags=set()))
    text = re.sub(r"!?\[([^\]]*)\]\(([^)\s]+)[^)]*\)", r"\1 (\2)", text)
    return re.sub(r"(\*\*|__)(.+?)\1", r"\2", text).strip()


def page(subject: str, partnership: str, body: str, footer: str) -> str:
    """The whole HTML document: lang, title, one centred column of presentation tables."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>{esc(subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:#f3f2f1;">
<div role="article" aria-label="{esc(subject)}" lang="en">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f2f1;">
<tr><td align="center" style="padding:16px 8px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:640px;background-color:#ffffff;border-collapse:collapse;">
<tr><td style="background-color:#1d70b8;padding:16px 24px;">
<p style="margin:0;{FONT}font-size:18px;font-weight:bold;line-height:1.3;color:#ffffff;">{esc(partnership)}</p>
</td></tr>
<tr><td style="padding:24px;">
{body}
</td></tr>
<tr><td style="padding:16px 24px 24px;border-top:1px solid #b1b4b6;">
{footer}
</td></tr>
</table>
</td></tr>
</table>
</div>
</body>
</html>
"""


def wrap_text(heading: str, body: str, footer: str) -> str:
    return f"{heading}\n\n{body.strip()}\n\n{'-' * 40}\n{footer.strip()}\n"
