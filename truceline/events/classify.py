"""Sub-event type of a sentence: which trigger decides, and how generic triggers ("killed",
"attacked", "captured") are typed by their victims and actors.  Also the support score that
separates reports of a concrete event from commentary."""
from __future__ import annotations

from ..model import Mention, Place
from .common import _Figures

# When several strong triggers fire in one sentence, the first listed wins.
SUB_PRIORITY = [
    "Chemical weapon", "Suicide bomb", "Remote explosive/landmine/IED", "Grenade", "Air/drone strike",
    "Shelling/artillery/missile attack", "Government regains territory", "Non-state actor overtakes territory",
    "*territory", "Armed clash", "Abduction/forced disappearance", "Sexual violence",
    "Excessive force against protesters", "Protest with intervention", "Violent demonstration", "Mob violence",
    "Peaceful protest", "Arrests", "Disrupted weapons use", "Looting/property destruction",
    "Headquarters or base established", "Non-violent transfer of territory", "Agreement",
    "Change to group/activity", "Attack", "Other",
]
_PRIO = {s: i for i, s in enumerate(SUB_PRIORITY)}
_VIOLENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
STATE_SIDES = {"SYRIA_GOV", "RUSSIA", "IRAN_AXIS"}

def main_trigger(triggers: list[Mention]) -> Mention:
    """The trigger that decides the event: the highest-priority specific one, else the first."""
    specific = [t for t in triggers if not t.label.startswith("*")]
    strong = [t for t in specific if t.attr("strength", "strong") != "weak"]
    pool = strong or specific or triggers
    return min(pool, key=lambda t: (_PRIO.get(t.label, 50), t.start))


MIN_SUPPORT = 2.0


def support(main: Mention, places: list[Place], figures: _Figures, actors, s) -> float:
    """How much the sentence says about one concrete event (documented in docs/extraction.md):
    a strong specific trigger 2 (weak or generic 1), a town 1 (a region 0.5), a figure 1,
    an actor 0.5, a date phrase of its own 0.5.  Below MIN_SUPPORT the sentence is commentary."""
    sc = 2.0 if (not main.label.startswith("*") and main.attr("strength", "strong") != "weak") else 1.0
    if any(p.geo_precision < 3 for p in places):
        sc += 1.0
    elif places:
        sc += 0.5
    if figures.fatal is not None or figures.injured is not None or figures.displaced is not None:
        sc += 1.0
    if actors[0] is not None or actors[1] is not None:
        sc += 0.5
    if any(m.kind == "date" and m.value is not None for m in s.mentions):
        sc += 0.5
    return sc



def subtype(triggers: list[Mention], figures: _Figures, actors) -> tuple[str | None, Mention]:
    """The ACLED sub-event type of the sentence and the trigger that decided it."""
    strong = [t for t in triggers if not t.label.startswith("*") and t.attr("strength", "strong") != "weak"]
    weak = [t for t in triggers if t not in strong]
    a1, a2 = actors
    cands = [t for t in triggers if not t.label.startswith("*")]
    if cands:
        best = min(cands, key=lambda t: (_PRIO.get(t.label, 99), t.start))
        if best in strong or not any(t.label == "*territory" for t in weak):
            return best.label, best
    terr = [t for t in triggers if t.label == "*territory"]
    if terr:
        if a1 is not None and a1.side in STATE_SIDES:
            return "Government regains territory", terr[0]
        if a1 is not None:
            return "Non-state actor overtakes territory", terr[0]
        return "Government regains territory", terr[0]
    att = [t for t in triggers if t.label == "*attack"]
    cas = [t for t in triggers if t.label == "*casualty"]
    anchor = (att or cas or triggers)[0]
    victims_civ = bool(figures.civilian) or (a2 is not None and a2.side == "CIVILIANS")
    if victims_civ:
        return "Attack", anchor
    if a1 is not None and a2 is not None:
        return "Armed clash", anchor
    if figures.combatant:
        return "Armed clash", anchor
    if att:
        return ("Attack" if a1 is None or a1.side == "UNKNOWN" else "Armed clash"), anchor
    if cas and figures.any():
        return "Attack", anchor
    return None, anchor

