"""HTML to text and metadata.

The main text comes from trafilatura (favouring recall, no tables, no comments), paragraphs
separated by blank lines.  When trafilatura finds nothing (truncated or odd markup) the text
falls back to lxml's block-aware text, then to a tag-stripping regex.  Never raises on bad markup.
"""
from __future__ import annotations

import html as htmlmod
import logging
import re
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

_BLOCK_TAGS = frozenset("""address article aside blockquote dd div dl dt figcaption figure footer form h1 h2 h3
h4 h5 h6 header hr li main nav ol p pre section table tbody thead tfoot tr td th ul""".split())
_DROP_TAGS = ("script", "style", "noscript", "template", "head", "svg", "iframe")
_DROP_RE = re.compile(r"<(script|style|noscript|template|svg|head)\b.*?(</\1\s*>|\Z)", re.I | re.S)
_COMMENT_RE = re.compile(r"<!--.*?(-->|\Z)", re.S)
_BLOCK_RE = re.compile(r"</?(?:%s)\b[^>]*>|<br\s*/?>" % "|".join(sorted(_BLOCK_TAGS)), re.I)
_TAG_RE = re.compile(r"<[^>]*(>|\Z)")
_TITLE_RE = re.compile(r"<title[^>]*>(.*?)(</title|\Z)", re.I | re.S)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_MULTI_NL = re.compile(r"\s*\n\s*")
_PARA_NL = re.compile(r"\n+")


@dataclass(slots=True)
class HtmlText:
    text: str
    title: str = ""
    date: str = ""
    sitename: str = ""
    url: str = ""
    author: str = ""


def _tidy(text: str) -> str:
    """Collapse spaces inside lines; one blank line between paragraphs."""
    text = _SPACES.sub(" ", text)
    lines = [ln.strip() for ln in _MULTI_NL.split(text)]
    return "\n\n".join(ln for ln in lines if ln)


def regex_text(markup: str) -> str:
    """Last resort: drop scripts, styles and comments, turn block tags into breaks, strip tags."""
    s = _COMMENT_RE.sub(" ", markup)
    s = _DROP_RE.sub(" ", s)
    s = _BLOCK_RE.sub("\n", s)
    s = _TAG_RE.sub(" ", s)
    return _tidy(htmlmod.unescape(s))


def fragment_text(markup: str) -> str:
    """Block-aware text of an HTML fragment or page via lxml (feed summaries, fallback)."""
    if "<" not in markup:
        return _tidy(htmlmod.unescape(markup))
    try:
        import lxml.html

        root = lxml.html.fromstring(markup)
        for bad in root.xpath("//script|//style|//noscript|//template|//svg|//head"):
            bad.drop_tree()
        for el in root.iter():
            tag = el.tag if isinstance(el.tag, str) else ""
            if tag in _BLOCK_TAGS:
                el.tail = "\n" + (el.tail or "")
                el.text = "\n" + (el.text or "")
            elif tag == "br":
                el.tail = "\n" + (el.tail or "")
        return _tidy(root.text_content())
    except Exception as e:  # lxml raises ParserError / ValueError on empty or odd documents
        log.debug("lxml could not parse markup (%s); using regex fallback", e)
        return regex_text(markup)


def _meta_value(doc: Any, name: str) -> str:
    value = doc.get(name) if isinstance(doc, dict) else getattr(doc, name, None)
    return str(value).strip() if value else ""


def html_to_text(markup: str, url: str | None = None) -> HtmlText:
    """Main text and metadata of an HTML page; ``text`` is "" when nothing could be found."""
    doc: Any = None
    try:
        import trafilatura

        doc = trafilatura.bare_extraction(markup, url=url, favor_recall=True, include_tables=False,
                                          include_comments=False, with_metadata=True)
    except Exception as e:  # trafilatura may raise on malformed input; degrade to the fallbacks
        log.debug("trafilatura failed (%s); using fallbacks", e)
    text = _meta_value(doc, "text") if doc is not None else ""
    if doc is None:
        try:
            from trafilatura import extract_metadata

            doc = extract_metadata(markup, default_url=url)
        except Exception as e:
            log.debug("trafilatura metadata failed (%s)", e)
    out = HtmlText(text="")
    if doc is not None:
        out.title = _meta_value(doc, "title")
        out.date = _meta_value(doc, "date")
        out.sitename = _meta_value(doc, "sitename")
        out.url = _meta_value(doc, "url")
        out.author = _meta_value(doc, "author")
    if text:
        out.text = "\n\n".join(p.strip() for p in _PARA_NL.split(text) if p.strip())
    else:
        out.text = fragment_text(markup)
        if not out.title:
            m = _TITLE_RE.search(markup)
            if m:
                out.title = _tidy(htmlmod.unescape(_TAG_RE.sub(" ", m.group(1)))).replace("\n\n", " ")
    if not out.url and url:
        out.url = url
    return out
