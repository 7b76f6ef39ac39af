"""Print the events Truceline extracts from PATHS, one line each (a development aid).

    .venv/bin/python scripts/show.py PATH... [--manifest F] [--gazetteer F]
"""
from __future__ import annotations

import argparse
import sys

from truceline import pipeline
from truceline.ingest import read_inputs
from truceline.model import Event, RunReport
from truceline.settings import Settings


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--manifest")
    ap.add_argument("--gazetteer")
    ap.add_argument("--text-col")
    ap.add_argument("--id-col")
    ap.add_argument("--date-col")
    ap.add_argument("--limit", type=int, default=0)
    a = ap.parse_args()
    s = Settings.load(None, gazetteer=a.gazetteer)
    opts = pipeline.ingest_options(s, manifest=a.manifest, text_col=a.text_col, id_col=a.id_col, date_col=a.date_col)
    rep = RunReport()
    n = 0
    for p in pipeline.process(read_inputs(a.paths, opts), pipeline.extractor_for(s), rep):
        if a.limit and n >= a.limit:
            break
        n += 1
        print(f"== {p.article.doc_id} [{p.article.language}] {p.article.published} {p.article.outlet!r} {p.article.segment[:60]!r}")
        for r in p.records:
            pl = r.place
            loc = f"{pl.name}/{pl.admin1}/p{pl.geo_precision}" if pl else "-"
            if isinstance(r, Event):
                print(f"  E {r.sub_event_type:28.28} {r.event_date}/{r.time_precision} {loc:28.28} "
                      f"a1={(r.actor1.name if r.actor1 else '-')[:22]:22} a2={(r.actor2.name if r.actor2 else '-')[:20]:20} "
                      f"f={r.fatalities} civ={r.civilian_fatalities} ch={r.child_fatalities} w={r.women_fatalities} "
                      f"inj={r.injured} {r.stance[0]} cl={r.claimant[:20]!r} | {r.sentence.text[:90]!r}")
            else:
                print(f"  S breaches={r.breaches} f={r.fatalities} civ={r.civilian_fatalities} ch={r.child_fatalities} "
                      f"w={r.women_fatalities} disp={r.displaced} {r.period_start}..{r.period_end} cl={r.claimant!r} "
                      f"| {r.sentence.text[:80]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
