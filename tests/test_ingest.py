"""Tests for truceline/ingest: formats, encodings, rejects, ids, language, page splitting."""
from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import io
import json
import re
import sys
from pathlib import Path

import pytest

from truceline.ingest import (
    EXTENSIONS,
    READERS,
    REJECT_CODES,
    IngestOptions,
    article_id,
    detect_language,
    load_manifest,
    read_inputs,
    split_page,
)
from truceline.ingest.dates import find_date, parse_date, parse_date_line
from truceline.ingest.split import lead_outlet
from truceline.ingest.split import outlet_name as split_outlet_name
from truceline.ingest.textio import decode_bytes, looks_binary
from truceline.model import Article, Reject

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"

EN_ARTICLE = (
    "Airstrikes hit Maarat al-Numan as ceasefire falters\n"
    "\n"
    "Russian warplanes struck residential neighbourhoods of Maarat al-Numan in southern Idlib on Friday, "
    "killing five civilians and wounding twelve others, local rescue workers said.\n"
    "\n"
    "The strikes came a day after Moscow and Ankara announced a ceasefire for the north-west of the country.\n"
)
AR_ARTICLE = (
    "قصف مدفعي على قرى جبل الزاوية\n"
    "\n"
    "قصفت قوات النظام بالمدفعية الثقيلة قرى كنصفرة والبارة في جبل الزاوية جنوبي إدلب صباح اليوم، ما أدى إلى "
    "مقتل مدنيين اثنين وإصابة خمسة آخرين، بحسب الدفاع المدني.\n"
)


def items(paths, **kw):
    return list(read_inputs([str(p) for p in paths], IngestOptions(**kw)))


def arts(xs):
    return [x for x in xs if isinstance(x, Article)]


def rejs(xs):
    return [x for x in xs if isinstance(x, Reject)]


def one_article(xs) -> Article:
    a = arts(xs)
    assert len(a) == 1, xs
    return a[0]


# --- text files and encodings ------------------------------------------------------------------

def test_ingest_text_file_reads_one_article(tmp_path):
    p = tmp_path / "000_deadbeef.txt"
    p.write_text(EN_ARTICLE, encoding="utf-8")
    a = one_article(items([p]))
    assert a.text == EN_ARTICLE
    assert a.doc_id == "000_deadbeef.txt"
    assert a.source == str(p)
    assert a.title == "Airstrikes hit Maarat al-Numan as ceasefire falters"
    assert a.language == "en"
    assert a.offset == 0 and a.segment == ""
    assert a.published is None and a.published_precision == "unknown"


def test_ingest_text_newlines_normalised_nothing_else(tmp_path):
    p = tmp_path / "crlf.txt"
    raw = ("Shelling  near  Ariha\r\n\r\nTwo  civilians were killed in shelling on Ariha on Monday, "
           "the civil defence said.\r\n")
    p.write_bytes(raw.encode("utf-8"))
    a = one_article(items([p]))
    assert a.text == raw.replace("\r\n", "\n")  # double spaces kept


def test_ingest_utf8_bom_is_dropped(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbf" + EN_ARTICLE.encode("utf-8"))
    a = one_article(items([p]))
    assert a.text == EN_ARTICLE


def test_ingest_cp1252_smart_quotes_decode(tmp_path):
    p = tmp_path / "cp1252.txt"
    text = ("Rebels say \u201cthe truce is dead\u201d \u2013 commander\u2019s statement on the Idlib front line "
            "was issued on Monday.")
    p.write_bytes(text.encode("cp1252"))
    a = one_article(items([p]))
    assert a.text == text


def test_ingest_latin1_fallback(tmp_path):
    p = tmp_path / "latin1.txt"
    # 0x81 is undefined in cp1252, so only latin-1 decodes this
    data = "Caf\xe9 owners in Afrin reported shelling near the market on Tuesday.".encode("latin-1") + b" \x81"
    p.write_bytes(data)
    a = one_article(items([p]))
    assert a.text.startswith("Caf\xe9 owners") and a.text.endswith("\x81")
    assert decode_bytes(data)[1] == "latin-1"


def test_ingest_explicit_encoding(tmp_path):
    p = tmp_path / "x.txt"
    p.write_bytes("Caf\xe9 shelled in Idlib city centre on Sunday morning.".encode("latin-1"))
    assert one_article(items([p], encoding="latin-1")).text.startswith("Caf\xe9")
    with pytest.raises(LookupError):
        IngestOptions(encoding="no-such-codec")


def test_ingest_empty_file_rejected(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    q = tmp_path / "blank.txt"
    q.write_text("  \n\n \t\n")
    xs = items([p, q])
    assert [r.code for r in xs] == ["E201", "E201"]
    assert xs[0].source == str(p) and xs[0].line is None
    assert "E201" in str(xs[0])


def test_ingest_binary_file_rejected(tmp_path):
    p = tmp_path / "image.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    q = tmp_path / "controls.bin"
    q.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 65]) * 500)
    xs = items([p, q])
    assert [r.code for r in rejs(xs)] == ["E202", "E202"]
    assert not arts(xs)
    assert looks_binary(b"abc\x00def") and not looks_binary("نص عربي".encode("utf-8"))


def test_ingest_missing_path_rejected(tmp_path):
    xs = items([tmp_path / "nope.txt"])
    assert len(xs) == 1 and xs[0].code == "E204"


# --- HTML -----------------------------------------------------------------------------------------

HTML_PAGE = """<!doctype html>
<html><head>
<title>Drone strike kills four near Sarmada | Northwest Monitor</title>
<meta property="og:site_name" content="Northwest Monitor">
<meta property="og:title" content="Drone strike kills four near Sarmada">
<meta name="date" content="2020-03-07">
<link rel="canonical" href="https://monitor.example.org/2020/03/07/sarmada-strike">
</head><body>
<nav><a href="/">Home</a> | <a href="/about">About</a></nav>
<article>
<h1>Drone strike kills four near Sarmada</h1>
<p>A drone strike hit a vehicle on the road between Sarmada and Bab al-Hawa on Saturday, killing four people, local sources said.</p>
<p>The strike came two days after the Moscow agreement between Turkey and Russia took effect across Idlib province.</p>
<p>No party claimed responsibility for the attack, which witnesses said set the vehicle on fire.</p>
<table><tr><td>TABLECELLMARKER</td><td>4</td></tr></table>
</article>
<footer>Copyright Northwest Monitor</footer>
</body></html>"""


def test_ingest_html_text_and_metadata(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(HTML_PAGE, encoding="utf-8")
    a = one_article(items([p]))
    assert "killing four people" in a.text
    assert "\n\n" in a.text  # paragraphs separated by blank lines
    assert "TABLECELLMARKER" not in a.text
    assert "Home | About" not in a.text
    assert a.title == "Drone strike kills four near Sarmada"
    assert a.published == dt.date(2020, 3, 7)
    assert a.outlet == "Northwest Monitor"
    assert a.url == "https://monitor.example.org/2020/03/07/sarmada-strike"
    assert a.doc_id == "page.html"


def test_ingest_truncated_html_does_not_crash(tmp_path):
    p = tmp_path / "cut.htm"
    p.write_text("<html><head><title>Clashes in Tal Rifaat</title></head><body><div><p>Clashes broke out between "
                 "Turkish-backed factions and the SDF near Tal Rifaat on Wednesday, killing", encoding="utf-8")
    a = one_article(items([p]))
    assert "Tal Rifaat" in a.text


def test_ingest_html_without_text_rejected(tmp_path):
    p = tmp_path / "script.html"
    p.write_text("<html><head><script>var x = 1;</script></head><body><script>track()</script></body></html>")
    q = tmp_path / "garbage.html"
    q.write_text("<<<<>>>></div></p><")
    xs = items([p, q])
    assert [r.code for r in rejs(xs)][:1] == ["E203"]
    assert all(isinstance(x, (Article, Reject)) for x in xs)


def test_ingest_unknown_extension_sniffed(tmp_path):
    (tmp_path / "a.dat").write_text(HTML_PAGE)
    (tmp_path / "b.log").write_text(EN_ARTICLE)
    xs = items([tmp_path / "a.dat", tmp_path / "b.log"])
    a, b = arts(xs)
    assert a.title == "Drone strike kills four near Sarmada" and "TABLECELLMARKER" not in a.text
    assert b.text == EN_ARTICLE


# --- JSONL / JSON / CSV / TSV ----------------------------------------------------------------------

def test_ingest_jsonl_records_and_rejects(tmp_path):
    p = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "r1", "body": "Shelling on Kafr Nabl killed two civilians on Monday, rescuers said.",
                    "when": "2019-09-20T08:30:00Z", "headline": "Shelling on Kafr Nabl", "site": "Idlib Post",
                    "link": "https://example.org/1"}),
        '{"id": "r2", "body": "broken',
        json.dumps({"id": "r3", "headline": "no text here"}),
        json.dumps({"id": "r4", "body": "   "}),
        "",
        json.dumps({"id": "r5", "body": "Clashes near Saraqib left three fighters dead.", "when": "not a date"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"body": "Airstrike on Ariha market, eight dead.", "when": "September 20, 2019"}),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    xs = items([p], text_col="body", id_col="id", date_col="when", title_col="headline", outlet_col="site",
               url_col="link")
    a = arts(xs)
    assert [x.doc_id for x in a] == ["r1", "r5", "feed.jsonl:8"]
    r1 = a[0]
    assert r1.published == dt.date(2019, 9, 20) and r1.title == "Shelling on Kafr Nabl"
    assert r1.outlet == "Idlib Post" and r1.url == "https://example.org/1" and r1.source_line == 1
    assert a[1].published is None  # unparsable date: kept without a date
    assert a[2].published == dt.date(2019, 9, 20)
    got = [(r.code, r.line, r.field) for r in rejs(xs)]
    assert ("E206", 2, "") in got
    assert ("E207", 3, "body") in got
    assert ("E207", 4, "body") in got
    assert ("E208", 6, "when") in got
    assert ("E206", 7, "") in got
    assert ("E213", 8, "id") in got
    assert all(r.source == str(p) for r in rejs(xs))


def test_ingest_jsonl_default_columns(tmp_path):
    p = tmp_path / "x.ndjson"
    p.write_text(json.dumps({"text": "Turkish drones struck SDF positions near Ain Issa.", "title": "Drones",
                             "date": "2021-05-02", "url": "u", "outlet": "o", "lang": "en"}) + "\n")
    a = one_article(items([p]))
    assert (a.doc_id, a.title, a.published, a.url, a.outlet, a.language) == ("x.ndjson:1", "Drones",
                                                                             dt.date(2021, 5, 2), "u", "o", "en")


def test_ingest_json_list_file(tmp_path):
    p = tmp_path / "list.json"
    p.write_text(json.dumps([{"text": "Two killed in Jisr al-Shughur shelling."},
                             {"text": "Rocket fire hit Hama airport on Sunday."}, {"x": 1}], indent=2))
    xs = items([p])
    assert [a.doc_id for a in arts(xs)] == ["list.json:1", "list.json:2"]
    assert [(r.code, r.line) for r in rejs(xs)] == [("E207", 3)]
    bad = tmp_path / "bad.json"
    bad.write_text('[{"text": "x"')
    assert [r.code for r in items([bad])] == ["E206"]


def test_ingest_csv_custom_columns_and_streaming(tmp_path):
    p = tmp_path / "events.csv"
    big = "Shelling continued. " * 10000   # 200 KB: above csv's default field limit
    rows = [["uid", "story", "pub", "hl"],
            ["c1", "Government forces shelled Kansafra,\nkilling a child.", "20 Sep 2019", "Kansafra"],
            ["c2", "", "2019-09-21", "empty"],
            ["c3", big, "Wed 05 Apr 2017", "big"],
            ["c4", "Clashes in al-Ghab plain.", "junk date", "ghab"]]
    buf = io.StringIO()
    import csv
    csv.writer(buf).writerows(rows)
    p.write_text(buf.getvalue(), encoding="utf-8")
    xs = items([p], text_col="story", id_col="uid", date_col="pub", title_col="hl")
    a = arts(xs)
    assert [x.doc_id for x in a] == ["c1", "c3", "c4"]
    assert a[0].text == "Government forces shelled Kansafra,\nkilling a child."
    assert a[0].published == dt.date(2019, 9, 20) and a[0].title == "Kansafra"
    assert a[1].published == dt.date(2017, 4, 5) and len(a[1].text) == len(big)
    got = [(r.code, r.line, r.field) for r in rejs(xs)]
    assert ("E207", 4, "story") in got      # the row starting on physical line 4 (row 1 spans 2 lines)
    assert ("E208", 6, "pub") in got
    assert a[0].source_line == 2 and a[2].source_line == 6


def test_ingest_csv_without_text_column(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("id,body\n1,hello\n")
    xs = items([p])
    assert [(r.code, r.line, r.field) for r in xs] == [("E207", 1, "text")]


def test_ingest_tsv(tmp_path):
    p = tmp_path / "x.tsv"
    p.write_text("id\ttext\tpub_date\nt1\tA car bomb exploded in Azaz, killing six.\t2018-01-03\n"
                 "t2\tMortar fire hit Jableh.\tbad\n", encoding="utf-8")
    xs = items([p], id_col="id")
    a = arts(xs)
    assert [x.doc_id for x in a] == ["t1", "t2"]
    assert a[0].published == dt.date(2018, 1, 3)
    assert [(r.code, r.line, r.field) for r in rejs(xs)] == [("E208", 3, "pub_date")]


def test_ingest_csv_cp1252_row(tmp_path):
    p = tmp_path / "w.csv"
    p.write_bytes("id,text\n1,\u201cTruce\u201d broken near Idlib\n".encode("cp1252"))
    assert one_article(items([p], id_col="id")).text == "\u201cTruce\u201d broken near Idlib"


# --- stdin ------------------------------------------------------------------------------------------

def _stdin(monkeypatch, data: bytes):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_ingest_stdin_text(monkeypatch):
    _stdin(monkeypatch, EN_ARTICLE.encode("utf-8"))
    a = one_article(list(read_inputs(["-"], IngestOptions())))
    assert a.text == EN_ARTICLE and a.source == "-" and a.doc_id == "stdin"


def test_ingest_stdin_jsonl(monkeypatch):
    data = "\n".join(json.dumps({"id": f"s{i}", "text": f"Shelling report number {i} from Idlib."})
                     for i in range(3)) + "\n{oops\n"
    _stdin(monkeypatch, data.encode("utf-8"))
    xs = list(read_inputs(["-"], IngestOptions(id_col="id")))
    assert [a.doc_id for a in arts(xs)] == ["s0", "s1", "s2"]
    assert [(r.code, r.line, r.source) for r in rejs(xs)] == [("E206", 4, "-")]


# --- folders and manifests -------------------------------------------------------------------------

def test_ingest_folder_recursive_sorted_skips_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "2.txt").write_text(AR_ARTICLE)
    (tmp_path / "a" / "1.txt").write_text(EN_ARTICLE)
    (tmp_path / "a" / ".hidden.txt").write_text("Hidden text that must not be read.")
    (tmp_path / ".git" / "x.txt").write_text("Git internals must not be read.")
    (tmp_path / "c.jsonl").write_text(json.dumps({"text": "Clashes near Atarib."}) + "\n")
    xs = items([tmp_path])
    assert [a.doc_id for a in arts(xs)] == ["1.txt", "2.txt", "c.jsonl:1"]
    assert not rejs(xs)


def test_ingest_manifest_sets_date_outlet_url(tmp_path):
    (tmp_path / "001_x.txt").write_text(EN_ARTICLE)
    (tmp_path / "002_y.txt").write_text(AR_ARTICLE)
    man = tmp_path / "meta" / "manifest.jsonl"
    man.parent.mkdir()
    man.write_text("\n".join([
        json.dumps({"file": "001_x.txt", "published": "2019-11-10", "published_precision": "week",
                    "outlet": "Enab Baladi", "url": "https://example.org/a", "note": "ignored"}),
        "{broken",
        json.dumps({"published": "2020-01-01"}),
        json.dumps({"file": "002_y.txt", "published": "sometime"}),
    ]) + "\n")
    xs = list(read_inputs([str(tmp_path / "001_x.txt"), str(tmp_path / "002_y.txt")],
                          IngestOptions(manifest=man)))
    a, b = arts(xs)
    assert (a.published, a.published_precision, a.outlet, a.url) == (dt.date(2019, 11, 10), "week",
                                                                     "Enab Baladi", "https://example.org/a")
    assert b.published is None and b.language == "ar"
    assert [(r.code, r.line, r.field) for r in rejs(xs)] == [("E210", 2, ""), ("E210", 3, "file"),
                                                              ("E210", 4, "published")]


def test_ingest_folder_manifest_used_and_not_read_as_input(tmp_path):
    (tmp_path / "a.txt").write_text(EN_ARTICLE)
    (tmp_path / "manifest.jsonl").write_text(json.dumps({"file": "a.txt", "published": "2018-02-03"}) + "\n")
    xs = items([tmp_path])
    assert not rejs(xs)
    assert one_article(xs).published == dt.date(2018, 2, 3)


def test_ingest_missing_manifest_raises(tmp_path):
    from truceline.errors import TrucelineError
    with pytest.raises(TrucelineError):
        list(read_inputs([str(tmp_path)], IngestOptions(manifest=tmp_path / "none.jsonl")))


def test_ingest_load_manifest_by_basename(tmp_path):
    m = tmp_path / "m.jsonl"
    m.write_text(json.dumps({"file": "some/dir/003.txt", "published": "March 5, 2020", "language": "en"}) + "\n")
    entries, rejects = load_manifest(m)
    assert not rejects and entries["003.txt"]["published"] == dt.date(2020, 3, 5)


# --- WARC and feeds ---------------------------------------------------------------------------------

def _write_warc(path: Path, gz: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        rec = w.create_warc_record("https://monitor.example.org/sarmada", "response",
                                   payload=io.BytesIO(HTML_PAGE.encode("utf-8")), http_headers=http)
        w.write_record(rec)
        img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://monitor.example.org/x.png", "response",
                                            payload=io.BytesIO(b"\x89PNG...."), http_headers=img))
        w.write_record(w.create_warc_record("https://monitor.example.org/empty", "response",
                                            payload=io.BytesIO(b""), http_headers=http))


@pytest.mark.parametrize("name,gz", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_ingest_warc(tmp_path, name, gz):
    p = tmp_path / name
    _write_warc(p, gz)
    xs = items([p])
    a = one_article(xs)
    assert "killing four people" in a.text and a.title == "Drone strike kills four near Sarmada"
    assert a.doc_id == f"{name}:1" and a.source_line == 1
    assert a.url.startswith("https://monitor.example.org/")
    assert [(r.code, r.line) for r in rejs(xs)] == [("E201", 3)]


def test_ingest_truncated_warc_rejected(tmp_path):
    p = tmp_path / "full.warc.gz"
    _write_warc(p, True)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(p.read_bytes()[:-40] + b"garbage")
    xs = items([cut])
    assert all(isinstance(x, (Article, Reject)) for x in xs)


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Idlib Daily</title><link>https://idlib.example.org</link>
<item><title>Shelling on Ariha</title><link>https://idlib.example.org/1</link>
<pubDate>Wed, 05 Feb 2020 10:00:00 +0000</pubDate>
<description><![CDATA[<p>Regime artillery shelled Ariha on Wednesday, killing three civilians.</p><p>Rescuers searched the rubble.</p>]]></description></item>
<item><title>Empty item</title><link>https://idlib.example.org/2</link><description></description></item>
<item><title>Drone over Atarib</title><link>https://idlib.example.org/3</link>
<description>A drone was seen over Atarib; no casualties were reported.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Frontline Notes</title><id>urn:x</id><updated>2021-06-10T00:00:00Z</updated>
<entry><title>Clashes in Jabal al-Zawiya</title><link href="https://notes.example.org/a"/><id>urn:a</id>
<updated>2021-06-10T12:00:00Z</updated>
<content type="html">&lt;p&gt;Clashes erupted in Jabal al-Zawiya on Thursday, leaving four fighters dead.&lt;/p&gt;</content>
</entry></feed>"""


def test_ingest_rss_feed(tmp_path):
    p = tmp_path / "news.rss"
    p.write_text(RSS, encoding="utf-8")
    xs = items([p])
    a = arts(xs)
    assert [x.title for x in a] == ["Shelling on Ariha", "Drone over Atarib"]
    assert a[0].text == ("Regime artillery shelled Ariha on Wednesday, killing three civilians.\n\n"
                         "Rescuers searched the rubble.")
    assert a[0].published == dt.date(2020, 2, 5) and a[0].url == "https://idlib.example.org/1"
    assert a[0].outlet == "Idlib Daily" and a[0].doc_id == "news.rss:1"
    assert [(r.code, r.line) for r in rejs(xs)] == [("E203", 2)]


@pytest.mark.parametrize("name", ["notes.atom", "notes.xml"])
def test_ingest_atom_feed(tmp_path, name):
    p = tmp_path / name
    p.write_text(ATOM, encoding="utf-8")
    a = one_article(items([p]))
    assert a.title == "Clashes in Jabal al-Zawiya" and a.published == dt.date(2021, 6, 10)
    assert a.text == "Clashes erupted in Jabal al-Zawiya on Thursday, leaving four fighters dead."
    assert a.url == "https://notes.example.org/a"


def test_ingest_feed_unreadable(tmp_path):
    p = tmp_path / "bad.rss"
    p.write_text("this is not a feed at all")
    assert [r.code for r in items([p])] == ["E212"]


# --- ids, languages, options ----------------------------------------------------------------------

def test_ingest_ids_are_content_derived(tmp_path):
    (tmp_path / "one.txt").write_text(EN_ARTICLE)
    (tmp_path / "two.txt").write_text(EN_ARTICLE.replace("\n\n", "\n   \n"))
    (tmp_path / "three.txt").write_text(AR_ARTICLE)
    a, b, c = arts(items([tmp_path / "one.txt", tmp_path / "two.txt", tmp_path / "three.txt"]))
    assert a.id == b.id != c.id
    assert a.doc_id != b.doc_id
    assert re.fullmatch(r"a[0-9a-f]{20}", a.id)
    assert article_id(EN_ARTICLE) == a.id


@pytest.mark.parametrize("text,lang", [
    (EN_ARTICLE, "en"),
    (AR_ARTICLE, "ar"),
    ("قال المرصد السوري إن 5 Russian airstrikes hit Idlib", "ar"),
    ("12345 67890", ""),
])
def test_ingest_detect_language(text, lang):
    assert detect_language(text, ("en", "ar")) == lang


def test_ingest_language_model_used_for_latin_choice():
    fr = "Les forces du régime ont bombardé la ville d'Ariha lundi, tuant trois civils selon les secouristes."
    assert detect_language(fr, ("en", "fr")) == "fr"
    assert detect_language(EN_ARTICLE, ("en", "fr")) == "en"


def test_ingest_unaccepted_script_rejected(tmp_path):
    p = tmp_path / "ru.txt"
    p.write_text("Российские самолёты нанесли удары по позициям боевиков в провинции Идлиб.", encoding="utf-8")
    xs = items([p])
    assert [r.code for r in xs] == ["E205"]
    assert detect_language(AR_ARTICLE, ("en",)) is None


def test_ingest_wrong_use_raises(tmp_path):
    with pytest.raises(TypeError):
        list(read_inputs(str(tmp_path), IngestOptions()))
    with pytest.raises(ValueError):
        IngestOptions(languages="en")
    with pytest.raises(TypeError):
        list(read_inputs([str(tmp_path)], {"text_col": "x"}))  # type: ignore[arg-type]


def test_ingest_default_outlet(tmp_path):
    p = tmp_path / "x.txt"
    p.write_text(EN_ARTICLE)
    assert one_article(items([p], default_outlet="Local Desk")).outlet == "Local Desk"


def test_ingest_reader_registry_snapshot():
    assert sorted(READERS) == ["csv", "feed", "html", "jsonl", "text", "tsv", "warc"]
    assert set(EXTENSIONS.values()) <= set(READERS)
    assert {".txt", ".html", ".htm", ".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".warc", ".warc.gz",
            ".rss", ".atom"} <= set(EXTENSIONS)


def test_ingest_options_are_frozen():
    o = IngestOptions()
    with pytest.raises(dataclasses.FrozenInstanceError):
        o.text_col = "x"  # type: ignore[misc]


# --- dates ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value,expected", [
    ("2019-09-20", (dt.date(2019, 9, 20), "day")),
    ("2019-09-20T10:11:12+03:00", (dt.date(2019, 9, 20), "day")),
    ("September 20, 2019", (dt.date(2019, 9, 20), "day")),
    ("20 Sep 2019", (dt.date(2019, 9, 20), "day")),
    ("Wed 05 Apr 2017", (dt.date(2017, 4, 5), "day")),
    ("Fri, 20 Sep 2019 10:00:00 +0000", (dt.date(2019, 9, 20), "day")),
    ("23.08.2019", (dt.date(2019, 8, 23), "day")),
    ("2019-09", (dt.date(2019, 9, 1), "month")),
    ("September 2019", (dt.date(2019, 9, 1), "month")),
    ("2019", (dt.date(2019, 1, 1), "year")),
    ("أغسطس 24, 2019", (dt.date(2019, 8, 24), "day")),
    ("24 كانون الثاني 2020", (dt.date(2020, 1, 24), "day")),
    ("not a date", None),
    ("3 days ago", None),
])
def test_ingest_parse_date(value, expected):
    assert parse_date(value) == expected


def test_ingest_date_lines_and_find():
    assert parse_date_line("Posted on February 28, 2020 at 10:00 am") == (dt.date(2020, 2, 28), "day")
    assert parse_date_line("August 23rd, 2019") == (dt.date(2019, 8, 23), "day")
    assert parse_date_line("The army entered the town on August 23, 2019.") is None
    assert find_date("SYRIAN WAR REPORT – SEPTEMBER 12, 2019: STRIKES RESUME") == (dt.date(2019, 9, 12), "day")


# --- page splitting ---------------------------------------------------------------------------------

AGGREGATOR = """SHELLING HITS VILLAGES SOUTH OF IDLIB AS TRUCE FALTERS

South Front

Government artillery shelled the villages of Kafr Nabl and Hass in southern Idlib on Monday, killing three civilians, according to local rescue workers. The shelling came hours after a ceasefire brokered by Ankara and Moscow entered into force.

Rescue teams said two children were among the wounded and that several houses were destroyed in the strikes.

Share this:

Related News

Drone strike reported near Saraqib

Clashes resume on the Ghab plain

Opposition fighters repel an advance near Kabani

March 3, 2020

By Jane Doe for the Levant Ledger

Opposition fighters said on Tuesday they had repelled an attempt by government forces to advance on the hilltop of Kabani in the Lattakia countryside, killing at least seven attackers.

A spokesman for the National Front for Liberation said the attack began at dawn with heavy artillery fire and lasted several hours.

Please enter your comment!

Please enter your name here

قصف جوي على أريحا

محمد العلي

شنت طائرات حربية غارات جوية على مدينة أريحا في ريف إدلب الجنوبي صباح اليوم، ما أدى إلى مقتل أربعة مدنيين وإصابة آخرين بجروح، بحسب الدفاع المدني.

وقال ناشطون إن الغارات استهدفت سوقاً شعبياً وسط المدينة وأحياء سكنية مجاورة.

مقالات متعلقة

Turkish convoy enters Idlib

Global Research, February 10, 2020

A Turkish military convoy of about 50 vehicles entered Idlib province through the Kafr Lusin crossing on Monday, heading towards observation posts south of the city, a war monitor said.

The convoy included tanks and armoured personnel carriers, according to witnesses.

Army retakes hills near Kabani

BEIRUT, LEBANON (9:15 A.M.) – The Syrian Arab Army retook two hills near Kabani on Wednesday after a night of heavy clashes with militants, a military source said.

The source said dozens of militants were killed or wounded in the fighting.

Subscribe

Please consider donating to support independent journalism.
"""

BOILERPLATE = ["Share this:", "Related News", "Drone strike reported near Saraqib", "Please enter your comment!",
               "Please enter your name here", "مقالات متعلقة", "Subscribe", "donating"]


def test_ingest_split_aggregator_page():
    segs = split_page(AGGREGATOR)
    assert [s.title for s in segs] == [
        "SHELLING HITS VILLAGES SOUTH OF IDLIB AS TRUCE FALTERS",
        "Opposition fighters repel an advance near Kabani",
        "قصف جوي على أريحا",
        "Turkish convoy enters Idlib",
        "Army retakes hills near Kabani",
    ]
    for s in segs:
        assert AGGREGATOR[s.start:s.end] == s.text
        assert s.text.startswith(s.headline) and s.headline
        for b in BOILERPLATE:
            assert b not in s.text
    first, kabani, ariha, convoy, hills = segs
    assert first.outlet == "South Front" and first.published is None
    assert kabani.published == dt.date(2020, 3, 3) and kabani.byline == "Jane Doe"
    assert kabani.outlet == "Levant Ledger"
    assert ariha.byline == "محمد العلي"
    assert convoy.outlet == "Global Research" and convoy.published == dt.date(2020, 2, 10)
    assert hills.text.endswith("fighting.")


def test_ingest_split_page_articles(tmp_path):
    p = tmp_path / "agg.txt"
    p.write_text(AGGREGATOR, encoding="utf-8")
    man = tmp_path / "m.jsonl"
    man.write_text(json.dumps({"file": "agg.txt", "published": "2020-06-24", "outlet": "Page Outlet"}) + "\n")
    xs = items([p], manifest=man)
    a = arts(xs)
    assert len(a) == 5 and not rejs(xs)
    assert [x.language for x in a] == ["en", "en", "ar", "en", "en"]
    assert all(x.doc_id == "agg.txt" for x in a)
    assert len({x.id for x in a}) == 5
    for x in a:
        assert AGGREGATOR[x.offset:x.offset + len(x.text)] == x.text
        assert x.segment == x.title
    assert a[0].published == dt.date(2020, 6, 24)          # inherits the page date
    assert a[1].published == dt.date(2020, 3, 3) and a[1].published_precision == "day"
    assert a[2].outlet == "Page Outlet"                      # no outlet line: the page's
    assert a[3].outlet == "Global Research"
    # no splitting when asked
    whole = one_article(items([p], split_pages=False))
    assert whole.text == AGGREGATOR


def test_ingest_split_continuation_after_share_bar():
    page = """AIRSTRIKES POUND JISR AL-SHUGHUR COUNTRYSIDE

South Front

Russian and Syrian warplanes carried out more than twenty airstrikes on the countryside of Jisr al-Shughur on Sunday, targeting positions of the Turkistan Islamic Party, according to pro-government sources.

Share this:

Militant sources claimed that the strikes killed at least four civilians in the village of Bdama and wounded several others, although this could not be confirmed independently.

Related News

Rebels shell Suqaylabiyah

ST

Rebel factions fired rockets at the town of Suqaylabiyah in the Hama countryside on Monday, wounding two civilians and damaging houses, a local official told Syria Times.

The army responded by shelling rebel positions in the Ghab plain.
"""
    segs = split_page(page)
    assert len(segs) == 3
    main, cont, st = segs
    assert cont.headline == "" and cont.title == main.title and cont.outlet == "South Front"
    assert "Bdama" in cont.text and "Share this:" not in main.text + cont.text
    assert st.outlet == "Syria Times" and st.headline == "Rebels shell Suqaylabiyah"


SINGLE_INTERVIEW = """Interview: commander says front lines are ready

Idlib front / staff

The commander of an opposition operations room spoke to us about the recent escalation in Jabal al-Zawiya and the positions of the factions.

Q: How do you assess the situation on the front lines?

A: The situation is stable, but the regime continues to shell our positions every night, especially around Kansafra and al-Bara.

Q: Have there been civilian casualties?

A: Yes. Two civilians were killed in Kansafra last week and five more were wounded when shells hit their homes.

Q: What about the Turkish posts?

A: The Turkish posts were targeted several times, and we responded to the sources of fire.

Fortifications on the front line

Q: Are you ready for a new offensive?

A: We have prepared our lines for months and we are ready for any attack by the regime and its allies.

Please enter your comment!

Please enter your name here
"""

SINGLE_REPORT = """Feb 15, 2020
Regime advances in western Aleppo countryside

Government forces captured the towns of Kafr Nouran and Kafr Amma in the western Aleppo countryside on Saturday after heavy fighting with opposition factions.

Sources said the advance followed dozens of Russian airstrikes on the area.

What the factions say

A spokesman for the National Front for Liberation said the factions had withdrawn to new defensive lines.

Source

He added that the factions would launch counter-attacks in the coming days.
"""


SINGLE_TIMELINE = """Offensive on Idlib: what happened so far

The government offensive on southern Idlib has gone through several phases since the spring, according to monitors and local sources.

Key dates in the offensive

April 30, 2019

Government forces and Russian aircraft began a bombing campaign on the southern edge of the de-escalation zone, hitting hospitals and markets.

May 8, 2019

Government troops captured Qalaat al-Madiq and Kafr Nabudah after days of heavy fighting with opposition factions.

August 23, 2019

Khan Sheikhoun fell to government forces after the opposition withdrew from the northern Hama pocket.
"""


@pytest.mark.parametrize("page", [SINGLE_INTERVIEW, SINGLE_REPORT, SINGLE_TIMELINE, EN_ARTICLE, AR_ARTICLE])
def test_ingest_split_keeps_single_articles_whole(page):
    segs = split_page(page)
    assert len(segs) == 1
    s = segs[0]
    assert s.start == 0 and page[: s.end] == s.text and s.headline == ""
    assert "Please enter your comment" not in s.text
    if page is SINGLE_INTERVIEW:
        assert s.text.endswith("its allies.")
    else:
        assert s.text == page


def test_ingest_split_single_header_date_and_title():
    s = split_page(SINGLE_REPORT)[0]
    assert s.title == "Regime advances in western Aleppo countryside"
    assert s.published == dt.date(2020, 2, 15)


def test_ingest_split_teaser_list_dropped():
    page = AGGREGATOR.split("Subscribe")[0] + """Related News

Strikes on Idlib city

Warplanes struck Idlib city on Monday, activists said…

Fighting near Saraqib

Clashes continued near Saraqib for the third day…

Convoy reaches Taftanaz

A convoy reached Taftanaz airbase on Sunday…
"""
    segs = split_page(page)
    assert len(segs) == 5
    assert all("Taftanaz" not in s.text for s in segs)


DIGEST = """CLASHES ERUPT NEAR THE GHAB PLAIN AS TRUCE WOBBLES

Weekly Front Review

July 2, 2021

Opposition fighters and government troops exchanged fire on the edge of the Ghab plain on Thursday evening, local activists said, in the heaviest fighting in the area for weeks.

Related News

Drones spotted over Saraqib

Please enter your comment!

ROCKETS HIT A MARKET IN THE TOWN OF AL-BAB

Weekly Front Review

July 3, 2021

Rockets fired from areas held by Kurdish-led forces hit a crowded market in al-Bab on Saturday, wounding eleven people, according to the local council.

ARMY SENDS REINFORCEMENTS TO SARAQIB

By Rami Haddad

July 4, 2021

The Syrian army sent columns of reinforcements towards Saraqib on Sunday, a military source told state media, amid fears of a new offensive.
"""


def test_ingest_split_headline_outlet_date_layout():
    """HEADLINE / outlet line / date / body: each headline opens its own article (demo page 04)."""
    segs = split_page(DIGEST)
    assert [s.headline for s in segs] == ["CLASHES ERUPT NEAR THE GHAB PLAIN AS TRUCE WOBBLES",
                                          "ROCKETS HIT A MARKET IN THE TOWN OF AL-BAB",
                                          "ARMY SENDS REINFORCEMENTS TO SARAQIB"]
    for s in segs:
        assert DIGEST[s.start:s.end] == s.text and s.text.startswith(s.headline)
        assert s.title == s.headline
    assert [s.published for s in segs] == [dt.date(2021, 7, 2), dt.date(2021, 7, 3), dt.date(2021, 7, 4)]
    assert segs[0].text.endswith("for weeks.") and "Related News" not in segs[0].text
    assert segs[1].text.endswith("local council.")
    assert segs[2].byline == "Rami Haddad"


def test_ingest_split_demo_page():
    page = (ROOT / "truceline" / "demo" / "04_frontline_digest_page.txt").read_text(encoding="utf-8")
    segs = split_page(page)
    assert [s.title for s in segs] == ["HTS AND REGIME FORCES CLASH NEAR KAFR TAKHARIM",
                                       "TURKISH DRONE STRIKE HITS SDF POSITION NEAR TALL RIF'AT",
                                       "HTS ARRESTS MEMBERS OF RIVAL GROUP IN SARMADA"]
    assert "Tall Rif'at" not in segs[0].text and "Sarmada" not in segs[1].text


def test_ingest_split_outlet_line_not_a_byline(tmp_path):
    p = tmp_path / "digest.txt"
    p.write_text(DIGEST, encoding="utf-8")
    man = tmp_path / "m.jsonl"
    man.write_text(json.dumps({"file": "digest.txt", "outlet": "Weekly Front Review"}) + "\n")
    a = arts(items([p], manifest=man))
    assert [x.byline for x in a] == ["", "", "Rami Haddad"]
    assert all(x.outlet == "Weekly Front Review" for x in a)


@pytest.mark.parametrize("line,outlet", [
    ("ST", "Syria Times"), ("(ST)", "Syria Times"), ("L24", "Levant 24"), ("Levant 24", "Levant 24"),
    ("South Front", "South Front"), ("southfront.org", "South Front"), ("The Saker blog", "The Saker"),
    ("SOHR", "Syrian Observatory for Human Rights"), ("سانا", "SANA"),
    ("St", ""), ("ap", ""), ("Frontline Digest", ""), ("the", ""), ("", ""),
])
def test_ingest_split_outlet_names_come_from_the_dictionary(line, outlet):
    assert split_outlet_name(line) == outlet


def test_ingest_split_outlet_table_is_not_hard_coded():
    """Outlet names come from outlets.yaml: no string constant in the ingest code is one."""
    import ast

    from truceline.resources import load_resources

    names = {n.casefold() for o in load_resources().outlets.values() for n in (o.name, *o.aliases) if len(n) > 2}
    for path in (ROOT / "truceline" / "ingest").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                      and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                assert node.value.strip().casefold() not in names, f"{path.name}:{node.lineno}: {node.value!r}"


def test_ingest_split_user_dictionary_outlets(tmp_path):
    from truceline.ingest import split
    from truceline.resources import load_resources

    extra = tmp_path / "mine.yaml"
    extra.write_text("version: 1\noutlets:\n  - id: weekly_front\n    name: Weekly Front Review\n"
                     "    alignment: other\n    aliases: [WFR]\n", encoding="utf-8")
    try:
        split.use_resources(load_resources([extra]))
        assert split_outlet_name("WFR") == "Weekly Front Review"
    finally:
        split.use_resources(None)
    assert split_outlet_name("WFR") == ""


@pytest.mark.parametrize("text,outlet", [
    ("Idlib frontline/ L24\n\nFighting resumed on the front lines of Jabal al-Zawiya on Monday.", "Levant 24"),
    ("Shelling on Kansafra\nIDLEB, (ST)_ Army units destroyed positions of terrorists on Monday.", "Syria Times"),
    ("Levant 24 - Idlib\nThree civilians were wounded when shells hit the town of Ariha.", "Levant 24"),
    ("Three civilians were killed in Ariha, SOHR said on Monday.", ""),          # a source, not the outlet
    ("Shelling on Ariha\nA short lead.\nAnother line.\nIDLEB, (ST)_ Late mention.", ""),  # past line 3
    ("Idlib frontline/ Weekly Front Review\nFighting resumed.", ""),             # not a known outlet
])
def test_ingest_lead_outlet(text, outlet):
    assert lead_outlet(text) == outlet


def test_ingest_outlet_from_first_lines_only_when_missing(tmp_path):
    body = "Idlib frontline/ L24\n\nRegime artillery shelled the town of Kansafra on Monday, wounding two men.\n"
    (tmp_path / "a.txt").write_text(body, encoding="utf-8")
    (tmp_path / "b.txt").write_text(body, encoding="utf-8")
    man = tmp_path / "m.jsonl"
    man.write_text(json.dumps({"file": "b.txt", "outlet": "Enab Baladi"}) + "\n")
    a, b = arts(items([tmp_path / "a.txt", tmp_path / "b.txt"], manifest=man))
    assert a.outlet == "Levant 24" and b.outlet == "Enab Baladi"


def test_ingest_split_empty_page():
    assert split_page("") == [] and split_page("\n \n") == []


# --- the real seed corpus (read only) ---------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_articles():
    if not (SEEDS / "002_cff28bc277b8956d.txt").is_file():
        pytest.skip(f"seed corpus not found at {SEEDS} (../shared is absent)")
    return list(read_inputs([str(SEEDS)], IngestOptions(manifest=SEEDS / "manifest.jsonl")))


def test_ingest_seeds_single_articles_not_split(seed_articles):
    assert not rejs(seed_articles)
    by_doc: dict[str, list[Article]] = {}
    for a in arts(seed_articles):
        by_doc.setdefault(a.doc_id, []).append(a)
    for name in ("000_ffc44262615f1a07.txt", "001_63a1d569e126226a.txt", "003_3933c61d30c51eb9.txt",
                 "004_53f2b1c0c32a4623.txt"):
        assert len(by_doc[name]) == 1, name
        a = by_doc[name][0]
        assert a.offset == 0 and a.language == "en" and a.published is not None


def test_ingest_seeds_aggregator_page_split(seed_articles):
    page, _ = decode_bytes((SEEDS / "002_cff28bc277b8956d.txt").read_bytes())
    subs = [a for a in arts(seed_articles) if a.doc_id == "002_cff28bc277b8956d.txt"]
    assert 18 <= len(subs) <= 30
    assert sum(a.language == "ar" for a in subs) >= 2
    for a in subs:
        assert page[a.offset:a.offset + len(a.text)] == a.text
        assert "Please enter your comment" not in a.text
        assert "Related News" not in a.text and "مقالات متعلقة" not in a.text
    infighting = [a for a in subs if a.segment.startswith("INFIGHTING AMONG IDLIB RADICALS")]
    assert len(infighting) == 1 and infighting[0].outlet == "South Front"
    assert infighting[0].offset == 0


# --- docs are kept honest --------------------------------------------------------------------------

def test_ingest_docs_cover_codes_and_options():
    doc = (ROOT / "docs" / "ingest.md").read_text(encoding="utf-8")
    for code in REJECT_CODES:
        assert code in doc, code
    for f in dataclasses.fields(IngestOptions):
        assert f"`{f.name}`" in doc, f.name
    for fmt in READERS:
        assert fmt in doc


def test_ingest_gzip_text_is_not_read_as_text(tmp_path):
    p = tmp_path / "x.txt.gz"
    p.write_bytes(gzip.compress(EN_ARTICLE.encode() * 50))
    assert [r.code for r in items([p])] == ["E202"]


# --- page splitting: the cheap first checks give the same answers --------------------------------
def test_ingest_split_fold_stable_chars_survive_the_name_fold():
    import unicodedata

    from truceline.ingest.split import _FOLD_KEPT_CHARS, _FOLD_STABLE
    from truceline.resources import _AR_DIACRITICS, _AR_LETTERS, _fold_key
    composed = set()   # characters some canonical decomposition uses: composition may absorb them
    for cp in range(0x110000):
        d = unicodedata.decomposition(chr(cp))
        if d and not d.startswith("<"):
            composed.update(chr(int(h, 16)) for h in d.split())
    for c in _FOLD_STABLE + _FOLD_KEPT_CHARS:
        assert unicodedata.normalize("NFKC", c) == c and c.casefold() == c, c
        assert unicodedata.combining(c) == 0 and c not in composed and not c.isspace(), c
        assert not _AR_DIACRITICS.search(c) and ord(c) not in _AR_LETTERS, c
        assert _fold_key(f"x{c}\u0654 {c}").count(c) == 2, c


@pytest.mark.parametrize("line", [
    "Regime forces shelled Ariha.", "قصفت قوات النظام مدينة أريحا، ما أدى إلى مقتل مدنيين.", "SANA", "Sana",
    "South Front", "SOUTH FRONT", "southfront.org", "Syria Times.", "(ST)", "Levant 24", "المرصد السوري لحقوق الإنسان",
    "شبكة الشمال الإخبارية", "Enab Baladi", "Enab Baladi!", "St", "ST",
])
def test_ingest_split_outlet_name_same_as_full_lookup(line):
    from truceline.ingest import split as sp
    from truceline.resources import load_resources
    res = load_resources()
    s = line.strip().strip("()[]").strip()
    t = sp._names()
    if s in t.acronyms:
        want = res.outlet_by_name(s)
    elif s.casefold() in t.acronym_only:
        want = None
    else:
        want = res.outlet_by_name(s) or (res.outlet_for_url(s) if sp._HOST.fullmatch(s) else None)
    assert split_outlet_name(line) == (want.name if want else "")


def test_ingest_split_sep_key_check_never_misses():
    import random

    from truceline.ingest.split import _SEP_KEYS, _may_hold_sep_key
    rng = random.Random(3)
    pieces = ["donat", "SUPPORT", "Patron", "memBer", "PayPal", "cookie", "©", "Copyright", "rights", "CLICK",
              "tap", "$", "ſupport", "rıghts", "İ", "K", "ﬆ", " ", "a", "the ", "ال", "دعم"]
    for _ in range(20_000):
        s = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 6)))
        if _SEP_KEYS.search(s):
            assert _may_hold_sep_key(s), s


# --- navigation at the top of a page, sibling dates ------------------------------------------------

NAV_PAGE = (
    "الرئيسية\n"
    "أخبار\n"
    "شمال سوريا\n"
    "قصف مدفعي يستهدف قرية في ريف إدلب الجنوبي\n"
    "قصفت قوات النظام بالمدفعية الثقيلة قرية في جبل الزاوية صباح اليوم، ما أدى إلى إصابة ثلاثة مدنيين بجروح "
    "متفاوتة، بحسب فرق الإنقاذ المحلية.\n"
    "وتتعرض المنطقة لقصف متكرر منذ أسابيع رغم اتفاق وقف إطلاق النار الموقع بين الأطراف.\n"
    "الأكثر قراءة\n"
    "عنوان خبر آخر لا علاقة له\n"
)


def test_ingest_split_drops_navigation_at_the_top():
    segs = split_page(NAV_PAGE)
    assert len(segs) == 1
    seg = segs[0]
    assert seg.text.startswith("قصف مدفعي يستهدف قرية")       # the headline stays
    assert NAV_PAGE[seg.start:seg.end] == seg.text
    assert "الأكثر قراءة" not in seg.text and "الرئيسية" not in seg.text


def test_ingest_split_keeps_short_headline_without_menu():
    page = "Shelling hits Idlib\n\n" + EN_ARTICLE.split("\n", 2)[2]
    seg = split_page(page)[0]
    assert seg.start == 0 and seg.text == page


def test_ingest_split_english_menu_bar_and_prev_post():
    page = ("Home\nNews\nAbout us\nRockets hit a market in the town centre\n"
            "Rockets fired by unidentified forces hit a crowded market in the town centre on Monday evening, "
            "killing two people and wounding several others, medics said.\n"
            "The attack was the third of its kind this month, residents said.\n"
            "Prev Post\nSome other headline\nNext Post\n")
    seg = split_page(page)[0]
    assert seg.text.startswith("Rockets hit a market") and seg.text.endswith("residents said.")
    assert page[seg.start:seg.end] == seg.text


def _sub(head: str, date: str | None, body_place: str) -> str:
    body = (f"Government forces shelled positions near {body_place} on the front line, killing two fighters "
            "and wounding others, a military source said on the day.\n"
            "The shelling continued for several hours, and residents reported heavy damage to homes.\n")
    return f"{head.upper()}\n" + (f"{date}\n" if date else "South Front\n") + body + "\nRelated News\n\n"


def test_ingest_undated_sub_article_takes_preceding_sibling_date(tmp_path):
    page = (_sub("Clashes flare up near the town of Kafr Nabl", "September 12, 2019", "Kafr Nabl")
            + _sub("Army shells rebel positions in the Ghab plain", None, "Qalaat al-Madiq")
            + _sub("Militants attack army posts at dawn in the north", "September 6, 2019", "Jisr al-Shughur"))
    p = tmp_path / "page.txt"
    p.write_text(page, encoding="utf-8")
    man = tmp_path / "m.jsonl"
    man.write_text(json.dumps({"file": "page.txt", "published": "2020-06-24"}) + "\n", encoding="utf-8")
    got = arts(items([p], manifest=man))
    assert len(got) == 3
    assert [(a.published, a.published_precision) for a in got] == [
        (dt.date(2019, 9, 12), "day"), (dt.date(2019, 9, 12), "week"), (dt.date(2019, 9, 6), "day")]


def test_ingest_undated_first_sub_article_keeps_page_date(tmp_path):
    page = (_sub("Army shells rebel positions in the Ghab plain", None, "Qalaat al-Madiq")
            + _sub("Clashes flare up near the town of Kafr Nabl", "September 12, 2019", "Kafr Nabl"))
    p = tmp_path / "page.txt"
    p.write_text(page, encoding="utf-8")
    man = tmp_path / "m.jsonl"
    man.write_text(json.dumps({"file": "page.txt", "published": "2020-06-24"}) + "\n", encoding="utf-8")
    got = arts(items([p], manifest=man))
    assert len(got) == 2
    assert (got[0].published, got[0].published_precision) == (dt.date(2020, 6, 24), "day")


def test_ingest_later_undated_sub_article_knows_the_page_date_only_to_the_week(tmp_path):
    # a related item below the page's own article is not of the page's day
    page = (_sub("Army shells rebel positions in the Ghab plain", None, "Qalaat al-Madiq")
            + _sub("Militants attack army posts at dawn in the north", None, "Jisr al-Shughur"))
    p = tmp_path / "page.txt"
    p.write_text(page, encoding="utf-8")
    man = tmp_path / "m.jsonl"
    man.write_text(json.dumps({"file": "page.txt", "published": "2020-06-24"}) + "\n", encoding="utf-8")
    got = arts(items([p], manifest=man))
    assert [(a.published, a.published_precision) for a in got] == [
        (dt.date(2020, 6, 24), "day"), (dt.date(2020, 6, 24), "week")]
