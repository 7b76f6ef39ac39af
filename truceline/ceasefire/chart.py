"""The report as a chart (matplotlib, Agg backend, imported only when a chart is asked for).

Bars: computed breaches per period, stacked by the perpetrator the claims blame (the actor
when the asserting claims agree, "contested: A / B" when sources blame different actors;
uncertain breaches hatched on top).  Diamonds: the breach counts
the sources report for the same period and agreement (Statistic records), labelled with the
claimant.  Writes PNG or SVG by the file's suffix.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from .report import Report

__all__ = ["render_chart"]

_TOP = 6  # perpetrators shown by name; the rest are "other"


def render_chart(report: Report, path: str | Path, title: str = "") -> Path:
    path = Path(path)
    if path.suffix.lower() not in (".png", ".svg"):
        raise ValueError(f"chart file must end in .png or .svg, got {path.name!r}")
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    rows = report.rows
    multi = len({r.agreement for r in rows}) > 1
    labels = [r.period + (f"\n{_short(r.agreement.replace('_', ' '), 18)}" if multi else "") for r in rows]
    totals: Counter = Counter()
    firsts = []
    for r in rows:
        c: Counter = Counter()
        for b in report.breaches:
            if b.agreement != r.agreement or b.subject.event_date is None or not (r.start <= b.subject.event_date <= r.end):
                continue
            if b.status != "breach":
                continue
            c[blamed_label(b)] += 1
        firsts.append(c)
        totals.update(c)
    names = [n for n, _ in totals.most_common(_TOP)]
    fig, ax = plt.subplots(figsize=(max(7.0, (1.4 if multi else 0.7) * len(rows) + 5), 4.8), dpi=110)
    x = list(range(len(rows)))
    bottom = [0] * len(rows)
    cmap = plt.get_cmap("tab10")
    for k, n in enumerate(names + (["other"] if len(totals) > len(names) else [])):
        vals = [(c.get(n, 0) if n != "other" else sum(v for m, v in c.items() if m not in names)) for c in firsts]
        ax.bar(x, vals, bottom=bottom, color=cmap(k % 10), label=_short(n), width=0.6)
        bottom = [b + v for b, v in zip(bottom, vals)]
    unc = [r.uncertain for r in rows]
    if any(unc):
        ax.bar(x, unc, bottom=bottom, color="white", edgecolor="grey", hatch="//", label="uncertain", width=0.6)
        bottom = [b + v for b, v in zip(bottom, unc)]
    rx, ry, rl = [], [], []
    for i, r in enumerate(rows):
        for rc in r.reported:
            if rc.breaches is not None:
                rx.append(i)
                ry.append(rc.breaches)
                rl.append(rc.claimant or rc.outlet or "reported")
    if rx:
        ax2 = ax.twinx() if max(ry) > 5 * max(max(bottom, default=1), 1) else ax
        ax2.scatter(rx, ry, marker="D", color="black", zorder=5, label="reported breaches")
        for xi, yi, lab in zip(rx, ry, rl):
            ax2.annotate(f"{yi} ({_short(lab, 28)})", (xi, yi), textcoords="offset points", xytext=(6, 4), fontsize=8)
        if ax2 is not ax:
            ax2.set_ylabel("reported breaches (sources' own counts)")
            ax2.set_ylim(0, max(ry) * 1.25)
            h2, l2 = ax2.get_legend_handles_labels()
        else:
            h2, l2 = [], []
    else:
        h2, l2 = [], []
    ax.set_xticks(x)
    ax.set_xticklabels(labels, rotation=0 if len(rows) < 8 else 45, ha="center" if len(rows) < 8 else "right",
                       fontsize=8)
    ax.set_ylabel("breaches computed by Truceline (incidents)")
    top = max(bottom, default=0)
    ax.set_ylim(0, max(1, top) * 1.3 + (max(ry) * 1.2 if rx and ax2 is ax else 0))
    ax.yaxis.get_major_locator().set_params(integer=True)
    names_ag = ", ".join(a.label for a in report.agreements) if len(report.agreements) <= 2 else "all agreements"
    ax.set_title(title or f"Ceasefire breaches by {report.by}: {names_ag}", fontsize=10)
    h1, l1 = ax.get_legend_handles_labels()
    if h1 or h2:
        ax.legend(h1 + h2, l1 + l2, fontsize=7, loc="upper left", bbox_to_anchor=(1.12 if h2 else 1.01, 1.0),
                  title="blamed by the claims", title_fontsize=7, borderaxespad=0)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format=path.suffix.lower()[1:])
    plt.close(fig)
    return path


def blamed_label(b) -> str:
    """The actor the asserting claims blame when they agree; "contested: A / B" when they differ."""
    asserting = [x for x in b.subject.claims if x.stance != "denied"] or list(b.subject.claims)
    names = list(dict.fromkeys(x.actor1 for x in asserting if x.actor1))
    if not names:
        return "unknown"
    if len(names) == 1:
        return names[0]
    return "contested: " + " / ".join(_short(n, 18) for n in names[:2])


def _short(s: str, n: int = 40) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"
