"""Synthetic corpus for benchmarks: ~600-word English articles and Arabic articles, written from
templates in the style of conflict reporting (no real article text).  Deterministic for a seed."""
from __future__ import annotations

import json
import random
from pathlib import Path

PLACES_EN = ["Ariha", "Saraqib", "Sarmin", "Kafr Takharim", "Jisr al-Shughur", "Khan Shaykhun", "Maarat al-Numan",
             "Binnish", "Taftanaz", "Darkush", "Salqin", "Armanaz", "Kafranbel", "Murak", "Kafr Zita",
             "Tall Rif'at", "Al Bab", "Afrin", "Sarmada", "Atarib"]
PLACES_AR = ["أريحا", "سراقب", "سرمين", "كفرتخاريم", "جسر الشغور", "خان شيخون", "معرة النعمان", "بنش", "تفتناز",
             "دركوش", "سلقين", "أرمناز", "كفرنبل", "مورك", "كفرزيتا", "تل رفعت", "الباب", "عفرين", "سرمدا", "الأتارب"]
ACTORS_EN = ["Regime forces", "Russian warplanes", "The Syrian army", "Hayat Tahrir al-Sham fighters",
             "Turkish forces", "Fighters of the National Liberation Front", "Government troops"]
ACTORS_AR = ["قوات النظام", "الطيران الروسي", "الجيش السوري", "عناصر هيئة تحرير الشام", "القوات التركية",
             "فصائل الجبهة الوطنية للتحرير"]
EVENT_EN = [
    "{actor} shelled the town of {place} on {weekday}, killing {n} civilians, according to local sources.",
    "{actor} carried out airstrikes on {place} late on June {day}, wounding {n} people.",
    "Clashes broke out between {actor} and opposition fighters near {place}, leaving {n} fighters dead.",
    "{actor} captured the village of {place} after heavy fighting, activists said.",
    "A roadside bomb exploded near {place} on {weekday}, killing {n} soldiers.",
]
FILLER_EN = [
    "The humanitarian situation in the province has deteriorated over the past months, aid workers say.",
    "Prices of bread and fuel have risen sharply since the beginning of the year.",
    "Many families have moved into tents along the border, where schools remain closed.",
    "Diplomats from several countries met to discuss the political process and the constitutional committee.",
    "Farmers in the plain complained that they could not reach their fields during the harvest season.",
    "The local council announced new measures to organise the distribution of water and electricity.",
    "Analysts said that the negotiations were unlikely to produce a lasting settlement soon.",
    "Hospitals in the area reported shortages of medicine and equipment as winter approached.",
    "The road linking the two cities has been closed to civilian traffic for several weeks.",
    "Observers noted that the front lines have changed little since the spring.",
]
EVENT_AR = [
    "قصفت {actor} مدينة {place} يوم أمس، ما أدى إلى مقتل {n} مدنيين، بحسب الدفاع المدني.",
    "شن {actor} غارات جوية على بلدة {place} مساء الأربعاء، وأصيب {n} أشخاص.",
    "اندلعت اشتباكات بين {actor} وفصائل المعارضة قرب {place}، وقتل {n} عناصر.",
]
FILLER_AR = [
    "وتشهد المنطقة أوضاعا إنسانية صعبة مع ارتفاع أسعار المواد الغذائية والمحروقات.",
    "وتعاني المخيمات من نقص في المياه والخدمات الأساسية مع اقتراب فصل الشتاء.",
    "وأعلن المجلس المحلي عن إجراءات جديدة لتنظيم توزيع الخبز في المدينة.",
    "ويقول ناشطون إن المفاوضات السياسية لم تحقق أي تقدم خلال الأشهر الماضية.",
    "وأغلقت المدارس أبوابها في عدد من القرى بسبب الظروف الأمنية.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def article(rng: random.Random, arabic: bool, words: int = 600) -> str:
    paras, n = [], 0
    place = rng.choice(PLACES_AR if arabic else PLACES_EN)
    paras.append(("قصف على " if arabic else "Attack reported near ") + place)
    while n < words:
        if rng.random() < 0.15:
            tpl = rng.choice(EVENT_AR if arabic else EVENT_EN)
            s = tpl.format(actor=rng.choice(ACTORS_AR if arabic else ACTORS_EN),
                           place=rng.choice(PLACES_AR if arabic else PLACES_EN), n=rng.randint(1, 12),
                           weekday=rng.choice(WEEKDAYS), day=rng.randint(1, 28))
        else:
            s = rng.choice(FILLER_AR if arabic else FILLER_EN)
        paras.append(s)
        n += len(s.split())
    return "\n\n".join(paras)


def write_corpus(path: Path, n: int, arabic_share: float = 0.3, seed: int = 7) -> Path:
    """Write ``n`` articles as JSONL (id, text, published, outlet)."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            ar = rng.random() < arabic_share
            fh.write(json.dumps({"id": f"syn{i}", "text": article(rng, ar), "published": "2021-06-10",
                                 "outlet": "Synthetic Wire"}, ensure_ascii=False) + "\n")
    return path
