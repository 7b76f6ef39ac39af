"""Sub-event type of a sentence: which trigger decides, and how generic triggers ("killed",
"attacked", "captured") are typed by their victims and actors.  Also the support score that
separates reports of a concrete event from commentary.

The decision (documented in docs/classification.md):

1. triggers in a background phrase ("following the arrest of", "in retaliation for the
   shelling", a protest's cause: "protesting against the detention of") yield to the others;
2. a protest sentence is typed as a whole: rioting (stones, clashes with police) -> Violent
   demonstration; deaths, injuries or shooting at peaceful protesters -> Excessive force;
   dispersal, tear gas or arrests at the protest -> Protest with intervention; else Peaceful
   protest.  Bombs, air strikes, shelling and rape keep their own type;
3. seizing, finding or defusing weapons and explosives -> Disrupted weapons use;
4. otherwise strong specific triggers beat weak ones, each group by ``SUB_PRIORITY``;
5. generic triggers are typed last: a change of control by the capturing side, an attack by
   its target (troops -> Armed clash, civilians -> Attack), casualties by victims and actors
   (soldiers killed -> Armed clash, anyone else -> Attack); a withdrawal nobody takes over is a
   Change to group/activity.

``subtype`` and ``support`` read the sentence text when the builder passes it (``s``, ``text``);
without it they decide from the triggers, figures and actors alone.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .. import textutil
from ..model import Mention, Place
from .common import _Figures, _lower_or_none, _lowered, _may

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
# triggers that name how people were hurt: with a death or injury they report one event
_MEANS = frozenset({"*attack", "Armed clash", "Chemical weapon", "Suicide bomb", "Remote explosive/landmine/IED",
                    "Grenade", "Air/drone strike", "Shelling/artillery/missile attack", "Attack", "Sexual violence",
                    "Mob violence", "Violent demonstration"})
STATE_SIDES = {"SYRIA_GOV", "RUSSIA", "IRAN_AXIS"}

PROTEST_TYPES = frozenset({"Peaceful protest", "Protest with intervention", "Excessive force against protesters",
                           "Violent demonstration"})
# Types whose strong triggers keep their own type inside a protest sentence.
_OVER_PROTEST = frozenset({"Chemical weapon", "Suicide bomb", "Remote explosive/landmine/IED", "Air/drone strike",
                           "Shelling/artillery/missile attack", "Sexual violence", "Abduction/forced disappearance",
                           "Grenade"})
# Types a weapons seizure or disposal overrides (the weapon is the object, not the means).
_WEAPON_TYPES = frozenset({"Remote explosive/landmine/IED", "Grenade", "Shelling/artillery/missile attack",
                           "Air/drone strike", "Attack", "Armed clash", "*attack", "*casualty", "*territory",
                           "Looting/property destruction", "Other", "Arrests"})

_WS = r"(?:[\w'’-]+\s+)"
# background phrases: what precedes the trigger within a few words
_BACKGROUND = re.compile(
    r"(?:\b(?:following|after|in the wake of|in retaliation for|in response to|in revenge for|to avenge|"
    r"in protest (?:at|against|over)|to protest|protesting|protest(?:s|ed)? (?:against|over)|"
    r"demonstrat(?:ed|ing|ions?) against|against|over(?!\s+(?:\d|a\s+(?:dozen|hundred|thousand)|dozens|hundreds|"
    r"thousands|half))|demanding|denouncing|condemning|"
    # what a group or person is known or wanted for: "a gang engaged in kidnapping", "the commander
    # who carried out the shelling", "the cell behind the bombing"
    r"(?:engaged|involved|implicated|specialised|specialized) in|(?:accused|suspected|convicted) of|"
    r"on charges of|charged with|wanted for|(?:known|notorious|blamed) for|(?:was|were|is|are) behind|"
    r"(?:who|that|which) (?:had |has |have )?(?:carried out|conducted|staged|perpetrated|masterminded|"
    r"planned|plotted)|"
    r"calling for|to demand|to denounce|to condemn|in anticipation of|ahead of|despite|in spite of|"
    r"(?:to )?decry(?:ing)?|decried|(?:scene|site) of|anniversary of|had(?: been| already| previously)?|"
    r"(?:19|20)\d\d)\s+"
    r"(?:(?:the|a|an|their|his|her|its|alleged|recent|ongoing|continued|prolonged|last|week's|"
    r"weekend's|deadly|brutal|reported)\s+){0,3}(?:[\w'’-]+\s+){0,2}"
    # the object of the cause's noun: "following the arrest of some local vigilantes"
    r"(?:of\s+(?:(?:the|a|an|their|his|her|its|some|several|many|two|three|four|five|dozens of|hundreds of)\s+){0,2}"
    r"(?:[\w'’-]+\s+){0,2})?"
    r"|(?:بعد|عقب|إثر|اثر|ردا على|رداً على|انتقاما ل|احتجاجا على|احتجاجاً على|تنديدا ب|تنديداً ب|"
    r"للمطالبة ب|رفضا ل|رفضاً ل|ضد|رغم|برغم|على الرغم من|بالرغم من|ذكرى)\s*(?:\S+\s+){0,2})$", re.I)
_WEAPON_SYSTEM = re.compile(r"\s+(?:defen[cs]es?|systems?|shields?|batter(?:y|ies))\b", re.I)
_NO_STRIKE_AIRCRAFT = re.compile(r"\b(?:reconnaissance|surveillance|spy|spying|transport|cargo|observation)"
                                 r"(?:\s+[\w'’-]+)?\s+$|(?:استطلاع|تجسس|الاستطلاع)\s*$", re.I)
# a supporting arm: "backed by the Russian Air Force", "with the support of Turkish artillery", "بدعم من الطيران"
_SUPPORTING = re.compile(r"(?:\b(?:backed|supported|covered|assisted|aided)\s+(?:up\s+)?by|"
                         r"\b(?:with|under)\s+(?:the\s+)?(?:cover|support|backing|help|assistance)\s+of)\s+"
                         r"(?:the\s+|their\s+|its\s+)?(?:[\w'’-]+\s+){0,3}$"
                         r"|(?:بدعم من|بغطاء من|بتغطية من|بإسناد من|بمساندة|بدعم|بغطاء|بإسناد)\s*(?:\S+\s+){0,3}$", re.I)
# "riot police", "riot gear": a police unit, not a riot
_RIOT_UNIT = re.compile(r"\s+(?:police|policemen|squads?|units?|gear|control|officers|troops|forces)\b", re.I)
# riot triggers that name destruction, and those that name the crowd itself
_CROWD_DESTRUCTION = re.compile(r"loot|torch|burn|set\b.*\bfire|smash|vandal", re.I)
_CROWD_WORD = re.compile(r"riot|protest|demonstrat|mob", re.I)
# property as the object of a destruction verb: "torched two patrol cars", "set fire to a church"
_PROPERTY_OBJECT = re.compile(r"\s+(?:[\w'’-]+\s+){0,4}?(?:cars?|vehicles?|trucks?|buses|bus|houses?|homes?|"
                              r"buildings?|shops?|stores?|offices?|churche?s?|mosques?|schools?|police stations?|"
                              r"stations?|warehouses?|markets?|property|properties|crops|fields)\b", re.I)
# crowds that fight each other: mob violence, not a battle of armed groups
_CROWD_SIDES = re.compile(r"\b(?:fans|supporters|youths|students|crowds?|mobs?|rioters|gangs of youths|"
                          r"rival groups of \w+|villagers from)\b", re.I)
# an attempt ("were trying to infiltrate", "in a bid to seize") takes no ground and no property
_ATTEMPT = re.compile(r"\b(?:try|tries|tried|trying|attempt(?:s|ed|ing)?|sought|seek(?:s|ing)?|bids?)\s+to\s+"
                      r"(?:[\w'’-]+\s+)?$", re.I)
_TERRITORY_LABELS = frozenset({"*territory", "Government regains territory", "Non-state actor overtakes territory"})
_ATTEMPT_BLIND = _TERRITORY_LABELS | {"Looting/property destruction", "Arrests", "Non-violent transfer of territory",
                                      "Headquarters or base established"}
# people as the object of a capture or interception verb: "captured a senior commander", "intercepted
# 15 suspected members of the group" (an arrest, or an abduction by a non-state group), not ground taken
_PERSON_OBJECT = re.compile(
    r"\s+(?:(?!(?:where|which|who|that|in|near|at|from|and|after|into|on|by|with|during|for|to|against|over|"
    r"under|through|across|along|alongside|amid|as|than|while|when|since|before|following|including|village|town|"
    r"city|area|district|hills?|base|positions?|territory)\b)[\w'’-]+\s+){0,4}?"
    r"(?:commanders?|leaders?|members?|suspects?|militants?|fighters?|terrorists?|insurgents?|rebels?|jihadists?|"
    r"gunmen|smugglers?|traffickers?|kidnappers?|bandits?|pirates?|criminals?|operatives?|emirs?|ringleaders?|"
    r"masterminds?|spies|spy|persons|people|individuals|men)\b", re.I)
# the verbs that take people ("expelled the militants", "pushed back the rebels" take ground)
_TAKE_VERB = re.compile(r"^(?:captur|seiz|intercept|nab|grab|snatch)")
_CAPTURE_PEOPLE_BLOCK = frozenset({"Armed clash", "Chemical weapon", "Suicide bomb", "Remote explosive/landmine/IED",
                                   "Grenade", "Air/drone strike", "Shelling/artillery/missile attack", "Attack",
                                   "Sexual violence", "Abduction/forced disappearance"})
# "the death of a motorist", "the killing of a student", "murder charges": a protest's grievance (not
# "the deaths of three protesters")
_GRIEVANCE = re.compile(r"\s+(?:of\s+(?!(?:[\w'’-]+\s+){0,3}?(?:protesters|protestors|demonstrators|marchers|"
                        r"mourners)\b)|(?:charges?|trial|case|conviction|verdict|acquittal)\b)", re.I)
# the police break up the protest: "police dispersed hundreds of students", "troops broke up the rally"
# (not "the protesters dispersed peacefully")
_DISPERSAL = re.compile(
    r"\b(?:police|policemen|forces|troops|officers|soldiers|authorities|gendarmes|gendarmerie|army)\b[^.;]{0,40}?"
    r"\b(?:dispers(?:ed|ing|es|e)|broke up|break up|breaking up)\b"
    r"|\b(?:dispers(?:ed|ing)|broke up|breaking up)\s+(?:(?:the|a|an|of|hundreds|thousands|dozens|scores)\s+|[\w'’-]+\s+)"
    r"{0,3}?(?:protesters|protestors|demonstrators|crowds?|students|rally|rallies|march|protests?|demonstrations?|"
    r"gatherings?|sit-ins?)\b", re.I)
# those arrested for organising or joining protests: an arrest campaign, not an intervention at a protest
_PARTICIPANTS = re.compile(r"\b(?:who|for|after)\b[^.;]{0,40}?\b(?:organi[sz]\w*|participat\w*|tak\w* part|"
                           r"took part|join\w*|attend\w*|lead|led|call(?:ed|ing)? for)\b", re.I)
# protest context: who are the protesters' opponents' means
_DURING = re.compile(r"\b(?:during|at|amid|in)\s+(?:the\s+|a\s+|an\s+)?(?:[\w'’-]+\s+){0,3}$|(?:خلال|أثناء|اثناء|في)\s*(?:\S+\s+){0,2}$",
                     re.I)

# weapons seized, found, defused: verb ... noun, or noun ... verb
_ARMS = (r"(?:weapons?|arms|ammunitions?|munitions|firearms?|guns|pistols?|rifles?|machine-?guns?|bullets|"
         r"rounds of ammunition|explosives?|explosive devices?|IEDs?|(?:land\s?)?mines|grenades|rockets|rocket launchers|"
         r"(?:roadside |car |parcel |pipe )?bombs?|(?:ballistic |cruise )?missiles?|mortar shells|shells|caches?|arsenals?|stockpiles?|arms depots?|weapons depots?|"
         r"drones?|UAVs?|unmanned aerial vehicles?|drone attacks?|projectiles|"
         r"أسلحة|اسلحة|سلاح|الأسلحة|الاسلحة|ذخائر|الذخائر|ذخيرة|الذخيرة|متفجرات|المتفجرات|عبوات|العبوات|عبوة|العبوة|"
         r"ألغام|الألغام|الغام|الالغام|لغم|اللغم|قنابل|القنابل|صواريخ|الصواريخ|مستودع|مستودعات|مخزن|مخازن)")
_SEIZE = (r"(?:seiz(?:ed|es|ing|ure)|confiscat(?:ed|es|ing|ion)|recover(?:ed|s|ing|y)|found|finds|discover(?:ed|s|y)|"
          r"uncover(?:ed|s|ing)|unearth(?:ed|s|ing)|impounded|defus(?:ed|es|ing)|dismantl(?:ed|es|ing)|"
          r"neutrali[sz](?:ed|ing)|seized|captured|intercept(?:ed|s|ing)?|shot down|shoots down|shooting down|"
          r"downed|foil(?:ed|s|ing)?|thwart(?:ed|s|ing)?|repel(?:led|s|ling)?|repuls(?:ed|es|ing)|"
          r"ضبط|ضبطت|ضبطوا|مصادرة|صادرت|صادر|العثور على|عثر|عثرت|اكتشاف|اكتشفت|كشف|تفكيك|فكك|فككت|إتلاف|اتلاف|"
          r"أتلفت|اغتنام|اغتنمت|استولت على|الاستيلاء على)")
_DISPOSE = r"(?:destroy(?:ed|s|ing)|cleared|clearing|detonated in a controlled|disposed of|تدمير|دمرت)"
_EXPLOSIVES = (r"(?:explosives?|explosive devices?|IEDs?|(?:land\s?)?mines|unexploded ordnance|(?:roadside |car )?bombs?|"
               r"ألغام|الألغام|الغام|الالغام|عبوات|العبوات|عبوة|العبوة|متفجرات|المتفجرات)")
_SEIZURE = re.compile(
    rf"\b{_SEIZE}\s+(?:[\w'’,.-]+\s+){{0,10}}?{_ARMS}\b"
    rf"|\b{_ARMS}\s+(?:[\w'’,.-]+\s+){{0,8}}?(?:(?:was|were|have been|has been|had been|being|are|is)\s+)?{_SEIZE}\b"
    rf"|\b{_DISPOSE}\s+(?:[\w'’,.-]+\s+){{0,8}}?{_EXPLOSIVES}\b", re.I)
# the verb of a seizure or disposal match, when it comes first ("defused hundreds of landmines")
_SEIZE_FIRST = re.compile(rf"(?:{_SEIZE}|{_DISPOSE})\s", re.I)
# weapons that are the object of such a verb are no explosion or strike
_WEAPON_OBJECTS = frozenset({"Remote explosive/landmine/IED", "Grenade", "Shelling/artillery/missile attack"})

# words every match of _SEIZURE holds (a seizing or disposing verb): its pre-test (common._may)
_SEIZURE_WORDS = ("seiz", "confiscat", "recover", "found", "finds", "discover", "uncover", "unearth", "impounded",
                  "defus", "dismantl", "neutrali", "captured", "intercept", "shot down", "shoots down",
                  "shooting down", "downed", "foil", "thwart", "repel", "repuls", "ضبط", "مصادرة", "صادر", "العثور",
                  "عثر", "اكتشاف", "اكتشفت", "كشف", "تفكيك", "فكك", "إتلاف", "اتلاف", "أتلفت", "اغتنام", "اغتنمت",
                  "استولت", "الاستيلاء", "destroy", "cleared", "clearing", "detonated", "disposed", "تدمير", "دمرت")
# the same for _BACKGROUND (its cue words), _EVACUEES, _VICTORY and (case-sensitive) _COMMENTARY
_BACKGROUND_WORDS = ("following", "after", "wake", "retaliation", "response", "revenge", "avenge", "protest",
                     "demonstrat", "against", "over", "demand", "denounc", "condemn", "calling", "anticipation",
                     "ahead", "despite", "spite", "decry", "decried", "scene", "site", "anniversary", "had", "19",
                     "20", "engaged", "involved", "implicated", "speciali", "accused", "suspected", "convicted",
                     "charge", "wanted", "known", "notorious", "blamed", "behind", "carried out", "conducted",
                     "staged", "perpetrated", "masterminded", "planned", "plotted", "بعد", "عقب", "إثر", "اثر", "رد", "انتقام", "احتجاج", "تنديد", "للمطالبة", "رفض", "ضد",
                     "رغم", "ذكرى")
_EVACUEES_WORDS = ("civilians", "residents", "people", "families", "wounded", "patients", "children", "women",
                   "students", "staff", "nationals", "citizens", "مدنيين", "الأهالي", "أهالي", "عائلات", "جرحى",
                   "مرضى", "أطفال")
_VICTORY_WORDS = ("انتص", "نصر", "victor", "triumph")
_COMMENTARY_WORDS = ("believe", "think", "argue", "analyst", "strateg", "policy", "general", "usually", "always",
                     "never", "tactic", "war crime", "researcher", "reason", "motive", "يعتقد", "يرى", "محللون", "استراتيجية", "سياسة", "عادة",
                     "دائما")


# _COUNTED without a digit needs a number word and a people noun (pre-test)
_DIGIT = re.compile(r"\d")
_COUNTED_NUMBERS = ("dozens", "hundreds", "thousands", "scores", "several", "two", "three", "four", "five", "six",
                    "seven", "eight", "nine", "ten", "twenty")
_COUNTED_NOUNS = ("people", "protesters", "demonstrators", "students", "workers", "residents", "militants",
                  "fighters", "rebels", "soldiers", "troops", "members", "activists", "civilians", "individuals",
                  "suspects", "persons", "policemen", "officers", "volunteers", "gunmen", "men", "women",
                  "children", "casualties", "victims", "martyrs", "dead", "bodies", "wounded", "injured",
                  "prisoners", "detainees")


def _counted(sent: str) -> bool:
    """``_COUNTED.search(sent)`` as a bool, after its pre-test."""
    if not _DIGIT.search(sent):
        low = _lowered(sent)
        if not (_may(low, _COUNTED_NUMBERS) and _may(low, _COUNTED_NOUNS)):
            return False
    return _COUNTED.search(sent) is not None


def _seizure(sent: str):
    """``_SEIZURE.search(sent)``, after its pre-test."""
    return _SEIZURE.search(sent) if _may(_lowered(sent), _SEIZURE_WORDS) else None


_HQ_SETUP = re.compile(
    r"\b(?:set(?:s|ting)?\s+up|establish(?:ed|es|ing)?|erect(?:ed|ing|s)?|buil[dt]|building|open(?:ed|s)?|"
    r"install(?:ed|ing|s)?|construct(?:ed|ing|s)?)\s+(?:[\w'’-]+\s+){0,5}?(?:bases?|checkpoints?|outposts?|headquarters|"
    r"observation (?:posts?|points?)|military (?:points?|posts?))\b"
    r"|(?:أنشأ|أنشأت|انشأت|إنشاء|انشاء|أقام|أقامت|اقامت|إقامة|اقامة|ثبتت|تثبيت|بناء|بنت|افتتاح|افتتحت|نصب|نصبت)\s+"
    r"(?:\S+\s+){0,3}?(?:ال)?(?:قاعدة|قواعد|نقطة|نقاط|حاجز|حواجز|مقر|مقرات)", re.I)

# "captured footage", "seized the moment": a camera or a chance, not a place
_FOOTAGE = re.compile(r"\s+(?:(?:the|some|rare|exclusive|new|on)\s+)?(?:footage|videos?|images?|photos?|photographs?|"
                      r"pictures?|scenes?|moment|opportunity|initiative|attention|headlines|camera|"
                      # "entering talks", "entered a new phase": a course, not ground
                      r"talks|negotiations|dialogue|(?:a\s+)?(?:new\s+)?(?:phase|stage|era)|the race|office|power)\b",
                      re.I)

# "seized their weapons", "the seizure of two tanks": booty, not ground
_ARMS_OBJECT = re.compile(rf"\s+(?:of\s+)?(?:(?:the|their|its|his|a|an|some|several|large|big|huge|quantities|amounts|"
                          rf"\d+|two|three|four|five|of)\s+){{0,3}}(?:[\w'’-]+\s+)?(?:{_ARMS}|tanks?|vehicles?|"
                          rf"equipment|booty|spoils)\b", re.I)
# the capturing side of a change of control, from the words of the subject
_STATE_CUE = re.compile(
    r"\b(?:army|armies|armed forces|military|troops|soldiers|government(?:-led|-backed)? forces|government troops|"
    r"security forces|regime|regime forces|national army|special forces|marines|police|gendarmerie|"
    r"state forces|SAA|Tiger Forces)\b"
    r"|(?:الجيش|جيش|القوات الحكومية|قوات النظام|القوات المسلحة|قوات الأمن|وحدات الجيش|القوات السورية|النظام)", re.I)
_NONSTATE_CUE = re.compile(
    r"\b(?:rebels?|rebel fighters|militants?|insurgents?|jihadists?|terrorists?|guerrillas?|militias?|militiamen|"
    r"gunmen|opposition|fighters|Taliban|(?:al-)?Shabaab?|Houthis?|Islamic State|ISIS|ISIL|IS|Daesh|al-Qaeda|"
    r"Boko Haram|HTS|Nusra|tribesmen|separatists?)\b"
    r"|(?:الفصائل|فصائل|المعارضة|الثوار|المسلحين|مسلحين|المسلحون|مسلحون|تنظيم|داعش|هيئة تحرير الشام|النصرة|"
    r"الإرهابيين|الارهابيين|المتمردين|المتمردون|الميليشيات|ميليشيا)")
# the side a place was taken from: "captured the town from the rebels"
_FROM_LOSER = re.compile(r"[^.;:]{0,60}?\bfrom\s+((?:\S+\s*){1,5})", re.I)
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|has been|have been)\s+(?:\w+\s+)?$", re.I)
_BY_AGENT = re.compile(r"^\W*(?:[\w'’-]+\s+){0,4}?(?:by|at the hands of|على يد|من قبل)\s+((?:\S+\s*){1,6})", re.I)
_CLAUSE_START = re.compile(r"[;:.!?]|\b(?:while|whereas|but|and then)\b|،\s*(?:بينما|فيما)"
                           r"|\b(?:said|says|say|reported|reports|announced|claimed|claims|stated|added|confirmed|"
                           r"according to [^,]{0,60},)(?:\s+that)?\s"
                           r"|(?:قال|قالت|أفاد|أفادت|ذكر|ذكرت|أعلن|أعلنت|أكد|أكدت)\s*(?:\S+\s+){0,3}?(?:أن|بأن)\s", re.I)

# the target of an attack of unstated mechanism
_MIL_TARGET = re.compile(
    r"\b(?:military|army|troops|soldiers|forces|base|bases|positions?|checkpoints?|outposts?|barracks|camps?|"
    r"convoys?|patrols?|police station|posts?|garrison|fighters|militants|rebels|insurgents|militias?|militiamen|"
    r"policemen|police)\b"
    r"|(?:مواقع|موقع|نقطة|نقاط|حاجز|قاعدة|ثكنة|رتل|دورية|عناصر|قوات|الجيش|جنود|مقاتلي)", re.I)
_CIV_TARGET = re.compile(
    r"\b(?:civilians?|residents|villagers|village|mosque|church|market|school|hospital|people|worshippers|"
    r"passengers|homes?|houses?|families|children|women|farmers|shepherds?|journalists?|aid workers?)\b"
    r"|(?:مدنيين|مدنيون|المدنيين|الأهالي|الاهالي|أهالي|سوق|مسجد|مدرسة|مشفى|مستشفى|منازل|منزل|أطفال|نساء)", re.I)

# combatant victims of casualties with no mechanism named ("a Turkish soldier killed", "losses in the
# ranks of the regime forces") -> Armed clash; other victims -> Attack
_COMBATANT = re.compile(
    r"\b(?:soldiers?|troops|fighters|militants|members|officers?|commanders?|generals?|volunteers|personnel|"
    r"militiamen|gunmen|recruits|servicem[ae]n|conscripts|(?:in|from|among) the ranks)\b"
    r"|(?:عناصر|عنصر|جنود|جندي|مقاتلين|مقاتلي|مقاتل|ضباط|ضابط|قائد|قيادي|صفوف|مجندين|مسلحين)", re.I)
# the victim of a shooting or assassination is a fighter: "a key HTS commander was assassinated"
_FIGHTER = r"(?:commanders?|militants?|fighters?|jihadists?|terrorists?)"
_ARMED_VICTIM_BEFORE = re.compile(rf"\b{_FIGHTER}\b[^.;:]{{0,70}}?\b(?:was|were|been|being)\s+(?:\w+\s+)?$", re.I)
_ARMED_VICTIM_AFTER = re.compile(rf"^\s*(?:of\s+)?(?:an?|the|two|three|several|\d+)?\s*(?:[\w'’-]+\s+){{0,3}}?"
                                 rf"{_FIGHTER}\b", re.I)


def _armed_victim(sent: str, a: int, b: int) -> bool:
    """The one shot or assassinated is a fighter: "an HTS commander was assassinated", "the
    assassination of two militants" (not "militants opened fire")."""
    return bool(_ARMED_VICTIM_BEFORE.search(sent[max(0, a - 120):a]) or _ARMED_VICTIM_AFTER.match(sent[b:b + 80]))
# "in an offensive", "during the assault", "amid fighting": the circumstance of a capture, not the event
_AMID = re.compile(r"\b(?:in|during|amid|amidst|through|after)\s+(?:(?:a|an|the|their|its|his|this|that|two-day|"
                   r"days-long|weeks-long|ongoing|fierce|heavy)\s+){0,2}$"
                   r"|(?:خلال|أثناء|اثناء|إثر|بعد)\s*(?:\S+\s+)?$", re.I)
# bombing words that do not say the means ("bomb", "raid") beside an aircraft: an air strike
_BARE_BOMB = re.compile(r"^(?:bomb|bombs|bombed|bombing|bombings|bombard\w*|raid|raids|pound\w*|قصف\w*|"
                        r"قنبل\w*|دك\w*)$")
# a withdrawal nobody takes over is a change of the group's activity, not a transfer of territory
_WITHDRAW = re.compile(r"^(?:withdr\w+|pull(?:ed|s|ing)? (?:out|back)\w*(?: of| from)?|retreat\w*(?: from)?|"
                       r"vacated|انسحاب|انسحبت|انسحب|انسحبوا)(?: from| of)?$")
_HANDOVER = re.compile(r"\b(?:hand(?:ed|ing|s)? (?:(?:it|them|the \w+) )?(?:over|control)|handover|took over|take over|taken over|replaced by|"
                       r"entered|moved in|moved into|deployed in their place|in the hands of|under the control of|"
                       r"leaving (?:it|them|the \w+) to)\b|(?:سلمت|تسليم|تسلم|استلم|دخلت|حلت محل)", re.I)
# an evacuation of people (civilians, the wounded) changes no control
_EVACUEES = re.compile(r"\b(?:civilians|residents|people|families|wounded|patients|children|women|students|"
                       r"staff|nationals|citizens)\b|(?:مدنيين|المدنيين|الأهالي|أهالي|عائلات|الجرحى|جرحى|مرضى|أطفال)",
                       re.I)

# support: an unknown place ("in Kashkash", "near the town of X"), a counted group of people
_UNKNOWN_PLACE = re.compile(r"\b(?:in|near|at|outside|around|into|of|from)\s+(?:the\s+)?(?:(?:town|city|village|district|"
                            r"province|region|area|capital|neighbou?rhood)\s+of\s+)?[A-Z][\w'’-]{2,}")
_NOT_PLACE = re.compile(r"^(?:January|February|March|April|May|June|July|August|September|October|November|"
                        r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|The|This|That|His|"
                        r"Her|Their|Its|A|An)$")
# opinion and generalisation: the sentence talks about events, it does not report one
_COMMENTARY = re.compile(r"\b(?:believes?|believed(?! to (?:be|have))|thinks?|argues?|argued|analysts?|strategy|strategies|policy|"
                         r"in general|generally|usually|always|never|tactics?|war crimes?|researchers?|"
                         r"reasons? (?:behind|for)|motives?)\b"
                         r"|(?:يعتقد|يرى|محللون|استراتيجية|سياسة|عادة|دائما)")
# argument: the sentence weighs evidence or reasons, it does not report ("there is no evidence that",
# "it is no coincidence that", "it becomes clear that", "a question arises", "tried to prove",
# "a research paper", "the most important factor", "the debate over", "in other words", "the reason
# was", "one of the major reasons",
# "لا شك أن", "من الواضح أن", "يُجمع على أن")
_ARGUMENT = re.compile(r"\b(?:(?:no|any|without(?:\s+any)?)\s+evidence|no\s+coincidence|"
                       r"(?:becomes?|became|is|was|it's)\s+(?:abundantly\s+|quite\s+|very\s+|all\s+too\s+)?"
                       r"(?:clear|obvious|evident)\s+(?:that|after|from|why|how)|"
                       r"(?:a|the)\s+question\s+(?:\w+\s+)?arises|raises?\s+(?:the|a)\s+question|"
                       r"(?:tried|trying|tries|attempts?|attempted)\s+to\s+prove|research\s+paper|"
                       r"(?:most\s+important|main|key|decisive)\s+factors?|debate|in\s+other\s+words|"
                       r"needless\s+to\s+say|wants?\s+(?:\w+\s+){0,3}to\s+take\s+place|"
                       r"the\s+reasons?(?=\s*,)|the\s+reasons?\s+(?:was|is|were|are|why)|one\s+of\s+the\s+(?:main\s+|major\s+)?reasons)\b"
                       r"|لا\s+شك|لا\s+يخفى|من\s+الواضح|واضح|يُ?جمع\s+على", re.I)
_ARGUMENT_WORDS = ("evidence", "coincidence", "clear", "obvious", "evident", "question", "prove", "research",
                   "factor", "debate", "other words", "needless", "take place", "reason", "شك", "يخفى", "واضح", "جمع")
# "victory" words (not "جبهة النصرة", "جيش النصر", "نصر الله"); see _victory_talk
_VICTORY = re.compile(r"(?<![\u0600-\u06ff])(?<!جيش )(?:[وفبلك]{0,2}(?:ال|لل)?)(?:انتصار(?:ات|ا)?|انتصر(?:ت|وا)?|نصر)"
                      r"(?![\u0600-\u06ff])(?!\s+الله)|\b(?:victory|victories|victorious|triumph\w*)\b", re.I)
_COPULA = re.compile(r"\s+(?:[\u0600-\u06ff]+\s+){0,2}?(?:هو|هي)\s")
_COUNTED = re.compile(r"\b(?:\d[\d,.]*|dozens|hundreds|thousands|scores|several|two|three|four|five|six|seven|"
                      r"eight|nine|ten|twenty|tens)\s+(?:of\s+)?(?:[\w'’-]+\s+){0,2}(?:people|protesters|demonstrators|"
                      r"students|workers|residents|militants|fighters|rebels|soldiers|troops|members|activists|"
                      r"civilians|individuals|suspects|persons|policemen|officers|volunteers|gunmen|men|women|"
                      r"children|casualties|victims|martyrs|dead|bodies|wounded|injured|prisoners|detainees)\b"
                      # a toll that rises: "raises the number of casualties to 25", "toll rose to 13"
                      r"|\b(?:number|toll|tally)\b(?:\s+[\w'’-]+){0,5}?\s+to\s+\d"
                      r"|(?<![\u0600-\u06ff])\d+\s+(?:\S+\s+)?(?:مدنيين|مدنيا|أشخاص|اشخاص|عناصر|عنصرا|مقاتلين|مقاتلا|"
                      r"جنود|جنديا|شهداء|شهيدا|قتلى|قتيلا|جرحى|جريحا|مصابين|أطفال|نساء)", re.I)


# -- the means of a bombardment -----------------------------------------------------------------
# Aircraft named by the attacker's words ("الطائرات الحربية الروسية", "طيران النظام المروحي",
# "Russian warplanes"), matched on the folded surface of actor 1.
_AIRCRAFT = re.compile(r"طاير|طيران|مقاتلات|مروحي|حوام|سلاح الجو|مسير|براميل|برميل|warplane|war plane|jet|aircraft|"
                       r"helicopter|drone|air ?force|bomber|barrel")
_AIR_ACTORS = frozenset({"syria_gov_air", "g_aircraft", "unknown_mil"})
# Shelling triggers that name a ground weapon: they keep their type even when aircraft are about
_GROUND_WEAPON = re.compile(r"مدفع|هاون|قذيف|قذايف|راجم|كراسن|دباب|ار بي جي|رشاش|artillery|mortar|shell|howitzer|"
                            r"tank|cannon|rpg|heavy weapons|grad", re.I)
# Bombardment words that do not say the means: "قصف", "دك", "bombing", "pounded"; strikes and aggression
_BARE_BOMBARD = re.compile(r"^(?:قصف\w*|تقصف|يقصف|دك\w*|bomb\w*|pound\w*)$")
_BARE_STRIKE = re.compile(r"^(?:ضربه|ضربات|عدوان|strikes?|struck)$")
_TARGETING = re.compile(r"^(?:استهداف|استهدف\w*|يستهدف|تستهدف|targeted|targeting|hit)$")
# States whose bombardment in Syria is from the air unless a ground weapon is named (ACLED and
# Airwars code "Russian / Israeli / coalition strikes" as air strikes)
AIR_POWERS = frozenset({"RUSSIA", "ISRAEL", "US_COALITION"})
# "صواريخ شديدة الانفجار" (high-explosive missiles): an adjective, not an explosion
_HIGH_EXPLOSIVE = re.compile(r"(?:شديد[ةه]?|عالي[ةه]?)\s*$")
# Generic triggers inside a name say nothing: "تحرير" in "هيئة تحرير الشام", "Liberation" in "National
# Front for Liberation", "شهداء" in "لواء شهداء ...", "المصالحة" in "مركز المصالحة الروسي".  Weapons
# inside a name ("الطائرات الروسية", "Turkish artillery", "air defenses") are the means: kept.
_NAME_BLIND = frozenset({"*territory", "Government regains territory", "Non-state actor overtakes territory",
                         "*casualty", "*attack", "Agreement", "Change to group/activity"})


def _folded(t: Mention) -> str:
    return textutil.fold_term(t.surface)


def _is_aircraft(actor) -> bool:
    if actor is None:
        return False
    return actor.id in _AIR_ACTORS or bool(actor.surface and _AIRCRAFT.search(textutil.fold_term(actor.surface)))


def _in_name(t: Mention, s) -> bool:
    """The trigger lies inside an actor or outlet name of the sentence and does not name a weapon."""
    if s is None or t.label not in _NAME_BLIND:
        return False
    return any(m.kind in ("actor", "outlet") and m.start <= t.start and t.end <= m.end
               and (m.end - m.start) > (t.end - t.start) for m in s.mentions)


def _means(sub: str, t: Mention, ts: list[Mention], a1) -> str:
    """Air or ground: a bombardment whose attacker is an aircraft, or a state that bombs from the
    air, is an air strike unless a ground weapon is named (``docs/arabic.md``)."""
    if sub not in ("Shelling/artillery/missile attack", "Attack", "Armed clash") or a1 is None:
        return sub
    if any(x.label == "Shelling/artillery/missile attack" and _GROUND_WEAPON.search(_folded(x)) for x in ts):
        return sub
    f = _folded(t)
    if sub == "Shelling/artillery/missile attack":
        if _is_aircraft(a1) or (a1.side in AIR_POWERS and _BARE_BOMBARD.match(f)):
            return "Air/drone strike"
        return sub
    if t.label != "*attack":
        return sub
    # generic attacks: "Israeli strikes", "العدوان الروسي", "ضربات التحالف", "استهدفت الطائرات الروسية"
    aircraft = _is_aircraft(a1)
    if _BARE_STRIKE.match(f) and (aircraft or a1.side in AIR_POWERS):
        return "Air/drone strike"
    if _TARGETING.match(f) and (aircraft or a1.side == "ISRAEL"):
        return "Air/drone strike"
    return sub


def _strength(t: Mention) -> str:
    return t.attr("strength", "strong") or "strong"


def _is_strong(t: Mention) -> bool:
    return _strength(t) != "weak"


def main_trigger(triggers: list[Mention]) -> Mention:
    """The trigger that decides the event: the highest-priority specific one, else the first."""
    # context cues ("military posts", "weapons") decide only with a verb: never the main trigger
    # while another trigger is there
    plain = [t for t in triggers if not t.entry.endswith("_cue")] or triggers
    specific = [t for t in plain if not t.label.startswith("*")]
    strong = [t for t in specific if _is_strong(t)]
    strong_terr = [t for t in plain if t.label == "*territory" and _is_strong(t)]
    pool = strong or strong_terr or specific or plain
    return min(pool, key=lambda t: (_PRIO.get(t.label, 50), t.start))


MIN_SUPPORT = 2.0


def support(main: Mention, places: list[Place], figures: _Figures, actors, s, text: str = "") -> float:
    """How much the sentence says about one concrete event: a strong specific trigger 2 (a strong
    change-of-control verb 1.5; weak or generic 1), a town 1 (a region 0.5), a figure 1, an actor
    0.5, a date phrase of its own 0.5; with the sentence text also a place the gazetteer does not
    know ("in Kashkash") 0.5 and a counted group of people ("dozens of protesters") 0.5.
    Below MIN_SUPPORT the sentence is commentary."""
    sent = text[s.start:s.end] if (text and s is not None) else ""
    if not main.label.startswith("*") and _is_strong(main):
        sc = 2.0
    elif main.label == "*territory" and _is_strong(main):
        sc = 1.5
    else:
        sc = 1.0
    if sc < 2.0 and s is not None:
        ts = s.of("trigger")
        if sent and any((t.entry.endswith("_cue") and not _unconfirmed_cue(t, sent))
                        or (t.label == "Disrupted weapons use" and _seizure(sent) is not None)
                        or (t.label == "Looting/property destruction" and _PROPERTY_OBJECT.match(sent, t.end - s.start))
                        for t in ts):
            # "set up two new bases", "rifles were captured", "foiled a bomb attack": the verb confirms
            # the sub-type
            sc = 2.0
        elif sc < 1.5:
            if any(t.label == "*casualty" and _is_strong(t) for t in ts) and any(
                    t.label in _MEANS for t in ts):
                sc = 1.5  # a weak means with a death or injury: "killed in a mine explosion"
    if any(p.geo_precision < 3 for p in places):
        sc += 1.0
    elif places:
        sc += 0.5
    if figures.fatal is not None or figures.injured is not None or figures.displaced is not None:
        sc += 1.0
    if actors[0] is not None or actors[1] is not None:
        sc += 0.5
    if s is not None and any(m.kind == "date" and m.value is not None for m in s.mentions):
        sc += 0.5
    if sent:
        if not places and any(not _NOT_PLACE.match(m.group(0).split()[-1]) for m in _UNKNOWN_PLACE.finditer(sent)):
            sc += 0.5
        if _counted(sent):
            sc += 0.5
        if any(w in sent for w in _COMMENTARY_WORDS) and _COMMENTARY.search(sent):
            sc -= 1.0
        if _argument(sent):
            sc -= 1.5
        if _victory_talk(s, sent):
            sc -= 1.5
    return sc


def _argument(sent: str) -> bool:
    """The sentence argues (``_ARGUMENT``): it weighs evidence, reasons or questions."""
    return _may(_lowered(sent), _ARGUMENT_WORDS) and _ARGUMENT.search(sent) is not None


def is_commentary(s, sent: str) -> bool:
    """The sentence talks about events rather than reporting one: opinion or generalisation words
    (``_COMMENTARY``) or a victory named without a victor (``_victory_talk``)."""
    return bool(any(w in sent for w in _COMMENTARY_WORDS) and _COMMENTARY.search(sent)) or _argument(sent) \
        or _victory_talk(s, sent)


def _victory_talk(s, sent: str) -> bool:
    """A victory named without a victor ("النصر الثاني هو بفتح الطريق", "انتصر أمن حلب"): the
    sentence evaluates, it does not report.  "انتصار الجيش السوري في أرياف حلب" names who won: kept."""
    found = False
    if not _may(_lowered(sent), _VICTORY_WORDS):
        return False
    for m in _VICTORY.finditer(sent):
        if _COPULA.match(sent, m.end()):
            return True  # "النصر الثاني هو ...": a definition
        found = True
        a = s.start + m.end()
        if any(x.kind == "actor" and a <= x.start <= a + 25 for x in s.mentions):
            return False
    return found


# ----------------------------------------------------------------------------------------------
def _background(t: Mention, sent: str, off: int) -> bool:
    """The trigger sits in a background phrase: a cause, a retaliation, what came before."""
    a = max(0, t.start - off - 70)
    w = sent[a:t.start - off]
    return _may(_lower_or_none(w), _BACKGROUND_WORDS) and bool(_BACKGROUND.search(w))


def _unconfirmed_cue(t: Mention, sent: str) -> bool:
    """Context-cue triggers (entry id ``*_cue``: "weapons", "base") name their sub-type only with a
    seizing or setting-up verb in the sentence."""
    if not (t.entry or "").endswith("_cue"):
        return False
    if not sent:
        return True
    if t.label == "Disrupted weapons use":
        return _seizure(sent) is None
    if t.label == "Headquarters or base established":
        return _HQ_SETUP.search(sent) is None
    return False


def _pick(pool: list[Mention]) -> Mention:
    return min(pool, key=lambda t: (_PRIO.get(t.label, 99), t.start))


def _protest(ts: list[Mention], figures: _Figures, sent: str, off: int) -> tuple[str, Mention] | None:
    """Type a sentence that reports a protest; None when a stronger type keeps the sentence."""
    prot = [t for t in ts if t.label in PROTEST_TYPES]
    if not prot:
        return None
    if all(not _is_strong(t) for t in prot) and any(
            _is_strong(t) and t.label not in PROTEST_TYPES and t.label not in ("*casualty", "*attack", "Arrests")
            for t in ts):
        return None  # "captured the town and marched into the next": troops, not a march
    over = [t for t in ts if t.label in _OVER_PROTEST and _is_strong(t)]
    if over:
        return None
    anchor = prot[0]
    riot = [t for t in ts if t.label in ("Violent demonstration", "Mob violence", "Armed clash",
                                         "Looting/property destruction")
            and (_is_strong(t) or t.label in ("Violent demonstration", "Looting/property destruction"))]
    if riot:
        r = [t for t in riot if t.label == "Violent demonstration"] or riot
        return "Violent demonstration", r[0]
    force = [t for t in ts if t.label == "Excessive force against protesters"]
    if force:
        return "Excessive force against protesters", force[0]
    hurt = [t for t in ts if t.label in ("*casualty", "*attack", "Attack")]
    # "marched over the death of a motorist", "protests at the killing of a student": what the protest
    # is about (its figures too), not force used on the protesters
    grievance = bool(hurt) and bool(sent) and all(_GRIEVANCE.match(sent, t.end - off) for t in hurt)
    if not grievance and (hurt or figures.fatal or figures.injured):
        return "Excessive force against protesters", (hurt or prot)[0]
    inter = [t for t in ts if t.label == "Protest with intervention"]
    if inter:
        return "Protest with intervention", inter[0]
    if sent and _may(_lowered(sent), ("dispers", "broke up", "break up", "breaking up")) and _DISPERSAL.search(sent):
        return "Protest with intervention", anchor  # "riot police dispersed hundreds of students protesting"
    arrests = [t for t in ts if t.label == "Arrests"]
    if arrests:
        a = arrests[0]
        # "detained during the protest", "arrested at a rally" -> intervention; an arrest campaign
        # against those who protest ("continue to detain people who join the demonstrations") -> Arrests
        at_protest = any(p.start > a.end and (not sent or (
            _DURING.search(sent[max(0, p.start - off - 50):p.start - off])
            and not _PARTICIPANTS.search(sent[a.end - off:p.start - off]))) for p in prot) if sent else any(
            p.start > a.end for p in prot)
        if at_protest:
            return "Protest with intervention", a
        return "Arrests", a
    return "Peaceful protest", anchor


def _state_capture(t: Mention, actors, sent: str, off: int) -> bool | None:
    """Whether the side that gained control is the state (True), a non-state actor (False), or unknown."""
    if sent:
        i = t.start - off
        before = sent[:i]
        passive = bool(_PASSIVE.search(before))
        if passive:
            m = _BY_AGENT.match(sent[t.end - off:])
            if m:
                agent = m.group(1)
                st, ns = _STATE_CUE.search(agent), _NONSTATE_CUE.search(agent)
                if st or ns:
                    return bool(st) and (not ns or st.start() < ns.start())
        cut = max((m.end() for m in _CLAUSE_START.finditer(before)), default=0)
        subj = before[cut:]
        st, ns = _STATE_CUE.search(subj), _NONSTATE_CUE.search(subj)
        if st or ns:
            state = bool(st) and (not ns or st.start() < ns.start())
            # "Army positions were overrun", "the militants were pushed back": the subject of a
            # passive without its agent is the side that lost
            return (not state) if passive else state
    # the actor written before the verb is its subject, whatever role the builder gave it
    before = [a for a in actors if a is not None and a.evidence is not None and a.evidence.end <= t.start]
    if not before and sent:
        # "recaptured the town from Islamic State militants": the side it was taken from lost it
        m = _FROM_LOSER.match(sent, t.end - off)
        if m:
            st, ns = _STATE_CUE.search(m.group(1)), _NONSTATE_CUE.search(m.group(1))
            if st or ns:
                return not (bool(st) and (not ns or st.start() < ns.start()))
            loser = next((a for a in actors if a is not None and a.evidence is not None
                          and t.end - off + m.start(1) <= a.evidence.start - off < t.end - off + m.end(1)), None)
            if loser is not None:
                return not (loser.side in STATE_SIDES or loser.inter == 1)
    subj = min(before, key=lambda a: a.evidence.start) if before else actors[0]
    if subj is not None:
        return subj.side in STATE_SIDES or subj.inter == 1
    return None


def subtype(triggers: list[Mention], figures: _Figures, actors, s=None, text: str = "") -> tuple[str | None, Mention]:
    """The ACLED sub-event type of the sentence and the trigger that decided it.

    ``triggers`` are the sentence's kept (not negated) triggers, longest matches only; ``s`` and
    ``text`` (the sentence and the article text) let the context words decide too."""
    a1, a2 = actors
    off = s.start if s is not None else 0
    sent = text[s.start:s.end] if (s is not None and text) else ""
    ts = [t for t in triggers if not _unconfirmed_cue(t, sent) and not _in_name(t, s)]
    if sent:
        ts = [t for t in ts if not (t.entry == "ied_ar_weak" and _HIGH_EXPLOSIVE.search(sent[:t.start - off]))
              and not (t.label == "*territory" and (_FOOTAGE.match(sent, t.end - off)
                                                    or _ARMS_OBJECT.match(sent, t.end - off)))]
    if sent:
        # "Russian reconnaissance aircraft", "a surveillance drone": a flight over the area, no strike
        ts = [t for t in ts if not (t.label == "Air/drone strike" and not _is_strong(t)
                                    and _NO_STRIKE_AIRCRAFT.search(sent[max(0, t.start - off - 30):t.start - off]))
              # "Patriot missile systems", "missile defence": a weapon system, no launch
              and not (t.label == "Shelling/artillery/missile attack" and _WEAPON_SYSTEM.match(sent, t.end - off))
              # "riot police", "anti-riot units": the police, not a riot
              and not (t.label == "Violent demonstration" and _RIOT_UNIT.match(sent, t.end - off))]
        if not any(t.label in PROTEST_TYPES and (t.label != "Violent demonstration" or _CROWD_WORD.search(t.surface))
                   for t in ts):
            # "militiamen looted shops", "gunmen torched vehicles": destruction with no crowd named is
            # looting or property destruction, not a riot (the riot words themselves stay riots)
            ts = [replace(t, label="Looting/property destruction") if t.label == "Violent demonstration"
                  and _CROWD_DESTRUCTION.search(t.surface) and not _CROWD_WORD.search(t.surface) else t for t in ts]
    if sent:
        # "the Israeli-occupied Golan", "a rebel-captured town": a state, not a change of control; "militants
        # trying to infiltrate", "gunmen attempting to commit robbery": an attempt takes nothing
        ts = [t for t in ts if not (t.label in _TERRITORY_LABELS and t.start > off and sent[t.start - off - 1] == "-")
              and not (t.label in _ATTEMPT_BLIND and _ATTEMPT.search(sent[max(0, t.start - off - 40):t.start - off]))]
        if not ts:
            return None, triggers[0]
    if sent and len(ts) > 1:
        # "the army, backed by the Russian Air Force, captured ...": the supporting arm is not the event
        ts = [t for t in ts if not _SUPPORTING.search(sent[max(0, t.start - off - 45):t.start - off])] or ts
    if not ts:
        return None, triggers[0]
    sub, t = _subtype(ts, figures, actors, sent, off)
    if sub == "Armed clash" and sent and _CROWD_SIDES.search(sent) and not (
            _STATE_CUE.search(sent) or _NONSTATE_CUE.search(sent)) and all(
            a is None or a.side in ("CIVILIANS", "UNKNOWN", "") for a in actors):
        # "rival groups of fans fought with machetes": a fight between crowds, not armed groups (ACLED Riots)
        return "Mob violence", t
    if sub is not None:
        sub = _means(sub, t, ts, a1)
    return sub, t


def _subtype(ts: list[Mention], figures: _Figures, actors, sent: str, off: int) -> tuple[str | None, Mention]:
    a1, a2 = actors
    if sent and _may(_lowered(sent), _EVACUEES_WORDS) and _EVACUEES.search(sent):
        # "twenty civilians were evacuated": people moved, no control changed hands
        ts = [t for t in ts if not (t.label == "Non-violent transfer of territory" and not _is_strong(t)
                                    and _folded(t).startswith(("evacuat", "اخلا")))] or ts
    # 1. background phrases yield to the foreground triggers
    if sent and len(ts) > 1:
        fg = [t for t in ts if not _background(t, sent, off)]
        # a weak "Other" noun (patrol, convoy) names the target, not an event of its own: "soldiers
        # were killed after militants ambushed a patrol" stays the ambush
        if fg and any((not t.label.startswith("*") and (t.label != "Other" or _is_strong(t)))
                      or (t.label == "*territory" and _is_strong(t)) for t in fg) \
                and len(fg) < len(ts):
            ts = fg
    # 2. protests
    p = _protest(ts, figures, sent, off)
    if p is not None:
        return p
    # 2b. people captured or intercepted by the state (or a taker not named): an arrest, not ground taken
    if sent and not (figures.fatal or figures.injured):
        cap = next((t for t in ts if t.label in ("*territory", "Disrupted weapons use")
                    and _TAKE_VERB.match(_folded(t)) and _PERSON_OBJECT.match(sent, t.end - off)), None)
        if cap is not None and not any(t.label in _CAPTURE_PEOPLE_BLOCK and _is_strong(t) for t in ts):
            # the taker is the subject: the people taken (named after the verb) say nothing of it
            side = _state_capture(cap, [a if a is not None and a.evidence is not None and a.evidence.end <= cap.start
                                        else None for a in actors], sent, off)
            if side is not False:
                return "Arrests", cap
    # 3. weapons seized, found, defused
    if sent and any(t.label == "Disrupted weapons use" for t in ts):
        m = _seizure(sent)
        if m and _SEIZE_FIRST.match(m.group(0)):
            # "sappers defused hundreds of landmines", "destroyed rockets and IEDs": the weapons named after
            # the verb are its object, not the means of an attack (deaths in the sentence do not change that)
            a, b = m.start() + off, m.end() + off
            objs = [t for t in ts if t.label in _WEAPON_OBJECTS and a < t.start and t.end <= b]
            if objs and any(t.label == "Disrupted weapons use" and t not in objs for t in ts):
                ts = [t for t in ts if t not in objs]
    if sent and not (figures.fatal or figures.injured) and all(t.label in _WEAPON_TYPES or t.label ==
                                                                "Disrupted weapons use" for t in ts):
        m = _seizure(sent)
        if m:
            anchor = next((t for t in ts if t.label == "Disrupted weapons use"), None) or min(
                ts, key=lambda t: abs(t.start - off - m.start()))
            return "Disrupted weapons use", anchor
    # 4. specific triggers: strong before weak, each by priority
    specific = [t for t in ts if not t.label.startswith("*")]
    strong = [t for t in specific if _is_strong(t)]
    terr = [t for t in ts if t.label == "*territory"]
    strong_terr = [t for t in terr if _is_strong(t)]
    if strong:
        best = _pick(strong)
        if not (strong_terr and _PRIO.get(best.label, 99) > _PRIO["*territory"]):
            return best.label, best
    weak = [t for t in specific if not _is_strong(t)]
    if any(t.label in ("*attack", "*casualty") for t in ts):
        # "the observation post came under fire", "a convoy was attacked": the post or convoy is the
        # target of the attack, not a base set up or a deployment
        weak = [t for t in weak if t.label not in ("Headquarters or base established", "Other")]
    if figures.fatal or figures.injured:
        # "killed five soldiers and seized their weapons": the booty of a fight, not a seizure event
        weak = [t for t in weak if t.label != "Disrupted weapons use"] or ([] if strong_terr or terr or any(
            t.label in ("*attack", "*casualty") for t in ts) else weak)
    if weak and not strong_terr and not strong:
        best = _pick(weak)
        if best.label == "Non-state actor overtakes territory":
            side = _state_capture(best, actors, sent, off)
            return ("Government regains territory" if side else best.label), best
        air = [t for t in weak if t.label == "Air/drone strike"]
        if air and best.label != "Air/drone strike" and _BARE_BOMB.match(_folded(best)):
            return "Air/drone strike", air[0]  # "warplanes bombed the town"
        circumstance = sent and best.label in ("Armed clash", "Other") and _AMID.search(
            sent[max(0, best.start - off - 40):best.start - off])
        if not (terr and circumstance):  # "occupied three posts in an offensive": the capture
            if best.label == "Non-violent transfer of territory" and _WITHDRAW.match(_folded(best)) and not (
                    terr or (sent and _HANDOVER.search(sent))):
                return "Change to group/activity", best  # "US forces withdrew from a base"
            if best.label == "Attack" and not figures.civilian and (a2 is None or a2.side != "CIVILIANS") \
                    and sent and _armed_victim(sent, best.start - off, best.end - off):
                # "an HTS commander was assassinated": an attack on a fighter is a clash (ACLED)
                return "Armed clash", best
            return best.label, best
    # 5. generic triggers
    if terr:
        t = (strong_terr or terr)[0]
        side = _state_capture(t, actors, sent, off)
        if side is False:
            return "Non-state actor overtakes territory", t
        return "Government regains territory", t
    att = [t for t in ts if t.label == "*attack"]
    cas = [t for t in ts if t.label == "*casualty"]
    anchor = (att or cas or ts)[0]
    victims_civ = bool(figures.civilian) or (a2 is not None and a2.side == "CIVILIANS")
    if victims_civ:
        return "Attack", anchor
    if cas and not att and sent:
        # "gunmen killed 15 people at a market": the victims named after the verb decide, not the killers
        after = sent[anchor.end - off:anchor.end - off + 60]
        civ, comb = _CIV_TARGET.search(after), _COMBATANT.search(after)
        if civ and (not comb or civ.start() < comb.start()):
            return "Attack", anchor
    if att and sent:
        after = sent[anchor.end - off:anchor.end - off + 60]
        mil, civ = _MIL_TARGET.search(after), _CIV_TARGET.search(after)
        if mil and (not civ or mil.start() < civ.start()):
            return "Armed clash", anchor
        if civ:
            return "Attack", anchor
    if a1 is not None and a2 is not None:
        return "Armed clash", anchor
    if figures.combatant or (cas and a2 is not None and a2.side not in ("CIVILIANS", "UNKNOWN", "")):
        return "Armed clash", anchor  # fighters killed, no weapon named: a clash
    if att:
        return ("Attack" if a1 is None or a1.side == "UNKNOWN" else "Armed clash"), anchor
    if cas:
        # deaths of unstated mechanism: soldiers or fighters killed -> a clash; anyone else -> an attack
        if sent and _COMBATANT.search(sent):
            return "Armed clash", anchor
        if sent or figures.any():
            return "Attack", anchor
    return None, anchor
