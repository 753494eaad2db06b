"""Chinese as visitors type it: Traditional characters, words without spaces, pinyin.

- ``to_simplified``: Traditional characters become Simplified (OpenCC's ``t2s``), at index
  time and at query time, so 歐司朗 finds 欧司朗 and a Traditional profile is found by a
  Simplified query.
- ``words``: a run of Chinese is cut into words (jieba's dictionary), so 安联保险 is
  searched as 安联 and 保险, not as every overlapping pair of characters.
- ``pinyin``: the syllables of a Chinese name without tones, so a German visitor without a
  Chinese keyboard finds 欧司朗 by "ousilang" or "ou si lang".
- ``without_tones``: "ōusīlǎng" and "ou1si1lang3" as the index keeps them ("ousilang").

OpenCC and pypinyin load their data on first use (milliseconds). jieba builds its
dictionary on first use (about a second, then cached in the temporary directory);
``warm_up()`` does it at process start (zone_portal/wsgi.py) rather than in a visitor's
first search.
"""

import functools
import re
import unicodedata

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RUN = re.compile(f"[{CJK}]+")
# A word written in pinyin with tone numbers: "ou1si1lang3", "fo2shan1".
TONE_NUMBERS = re.compile(r"^(?:[a-zü]+[1-5])+[a-zü]*$")
PINYIN_TONE_MARKS = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ")


@functools.cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@functools.cache
def _segmenter():
    import jieba

    jieba.setLogLevel(60)  # jieba prints its progress at INFO; nobody needs it in the logs
    jieba.initialize()
    return jieba


def warm_up():
    """Load the converters and the word list now, not in the first visitor's request."""
    _converter()
    _segmenter()


def has_chinese(text):
    return bool(CJK_RUN.search(text or ""))


def to_simplified(text):
    """Return ``text`` with Traditional Chinese characters in their Simplified form."""
    if not has_chinese(text):
        return text
    return _converter().convert(text)


def words(run):
    """Return the words of a run of Chinese characters, each once, in order."""
    return list(dict.fromkeys(word for word in _segmenter().lcut(run, HMM=False) if word.strip()))


def pinyin(text):
    """Return the pinyin of every run of Chinese in ``text``: each run as spaced syllables
    and as one word ("欧司朗" → ["ou si lang", "ousilang"])."""
    forms = []
    for run in CJK_RUN.findall(text or ""):
        syllables = _syllables(run)
        forms.append(" ".join(syllables))
        if len(syllables) > 1:
            forms.append("".join(syllables))
    return forms


@functools.lru_cache(maxsize=4096)
def _syllables(run):
    # Sector, city and trade names recur in thousands of companies' search data: remembered.
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(run, v_to_u=False))


def without_tones(word):
    """Return ``word`` as the index keeps pinyin, or None when it is no pinyin with tones.

    "ōusīlǎng" → "ousilang"; "ou1si1lang3" → "ousilang"; "lǜ" → "lv" (pypinyin's spelling).
    German words with umlauts are left alone: "müller" is no pinyin.
    """
    if TONE_NUMBERS.match(word):
        return re.sub(r"[1-5]", "", word).replace("ü", "v")
    if not PINYIN_TONE_MARKS.intersection(word):
        return None
    word = "".join("v" if char in "ǖǘǚǜ" else char for char in word)
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))
