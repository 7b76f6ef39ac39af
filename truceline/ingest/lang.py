"""Language of a text, restricted to the accepted languages; cheap on purpose.

A script count over a prefix decides most texts without a model: mostly Arabic letters -> "ar";
Latin letters with one accepted Latin-script language -> that language.  py3langid (restricted to
the accepted languages, built once per process and language set) decides the rest.  A text whose
script no accepted language uses gets ``None`` (the caller rejects it with E205).
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

log = logging.getLogger(__name__)

PREFIX_CHARS = 1000
ARABIC_SCRIPT_LANGS = frozenset({"ar", "fa", "ur", "ps", "ckb", "ug"})
_OTHER_SCRIPT_LANGS = frozenset({
    "ru", "uk", "bg", "sr", "mk", "be", "kk", "ky", "mn", "el", "he", "yi", "hy", "ka", "am", "zh", "ja", "ko",
    "th", "lo", "km", "my", "hi", "mr", "ne", "bn", "pa", "gu", "or", "ta", "te", "kn", "ml", "si", "dz", "bo"})
_ARABIC_RE = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN_RE = re.compile(r"[A-Za-z\u00C0-\u024F]")
_LETTER_RE = re.compile(r"[^\W\d_]")
ARABIC_SHARE = 0.30     # above this share of letters, a text is Arabic
ALMOST_NONE = 0.02      # below this share, Arabic is ignored for the choice


@lru_cache(maxsize=8)
def _identifier(languages: tuple[str, ...]) -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    load = getattr(LanguageIdentifier, "from_pickled_model", None) or LanguageIdentifier.from_model_file
    ident = load(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(languages))
    log.debug("language identifier ready for %s", languages)
    return ident


def script_shares(text: str) -> tuple[int, float, float]:
    """(letters, Arabic share, Latin share) of ``text``."""
    letters = len(_LETTER_RE.findall(text))
    if not letters:
        return 0, 0.0, 0.0
    return letters, len(_ARABIC_RE.findall(text)) / letters, len(_LATIN_RE.findall(text)) / letters


def detect_language(text: str, languages: tuple[str, ...] = ("en", "ar")) -> str | None:
    """ISO 639-1 code among ``languages``; "" when the text has no letters; None when its script
    is used by none of ``languages``.  Raises ValueError for a code py3langid does not know."""
    if not languages:
        raise ValueError("detect_language: no languages given")
    sample = text[:PREFIX_CHARS]
    letters, arabic, latin = script_shares(sample)
    if not letters:
        return ""
    langs = tuple(languages)
    arabic_langs = tuple(x for x in langs if x in ARABIC_SCRIPT_LANGS)
    latin_langs = tuple(x for x in langs if x not in ARABIC_SCRIPT_LANGS and x not in _OTHER_SCRIPT_LANGS)
    other_langs = tuple(x for x in langs if x in _OTHER_SCRIPT_LANGS)
    if arabic > ARABIC_SHARE:
        pool = arabic_langs
    elif arabic + latin < 0.5:
        pool = other_langs
    elif arabic < ALMOST_NONE:
        pool = latin_langs
    else:  # mixed: let the model weigh both scripts
        pool = arabic_langs + latin_langs
    if not pool:
        return None
    if len(pool) == 1:
        return pool[0]
    lang, _conf = _identifier(tuple(sorted(pool))).classify(sample)
    return str(lang)
