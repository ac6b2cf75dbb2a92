"""Named regular expressions of the clean and attribution stages.

Each pattern is general news-site English, not tied to one outlet's article. Every ``RE_*`` here has a
test table in ``tests/test_patterns.py``.
"""

from __future__ import annotations

import re

# ----------------------------------------------------------------------------- whole-line boilerplate
# (name, pattern) pairs: a line that fully matches is site chrome; the name is the removal reason.
BOILERPLATE_LINES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "navigation",
        re.compile(
            r"(?i)(accessibility links|skip to (main )?content|breaking news|main menu|menu|search|home|"
            r"top stories|latest news|most popular|more stories|related( stories| articles)?|trending|"
            r"sign in|log in|subscribe( now)?|newsletter|advertisement|sponsored( content)?|back to top|"
            r"print( this)?( article)?|email|share( this)?( article| story)?|tweet|comments?( \(\d+\))?|"
            r"news|world|politics|europe|opinion|video|photos?|gallery)\s*:?"
        ),
    ),
    (
        "rating-widget",
        re.compile(
            r"(?i)(rate( it| this( article)?)?|rating:?\s*[\d.]+( ?/ ?\d+)?( stars?)?( \(\d+ votes?\))?|"
            r"\d(\.\d)? ?/ ?5|votes?:? ?\d+)"
        ),
    ),
    ("comment-prompt", re.compile(r"(?i)(add|leave|post|write) (a )?comments?|\d+ comments?|show comments")),
    ("share-prompt", re.compile(r"(?i)(share|follow us) (on|via) .{0,60}|share on (facebook|twitter|x)\b.*")),
    (
        "related-link",
        re.compile(
            r"(?i)[*_\s]*(related( article| story| stories| content)?|read more|see also|"
            r"read also|also read|more on this)\s*:.*"
        ),
    ),
    ("screen-size-label", re.compile(r"(?i)(xs|sm|md|lg|xl|xxl)")),
    ("image-label", re.compile(r"(?i)([•·*-]\s*)?\d+x\d+ image")),
    ("url-line", re.compile(r"<?https?://\S+>?|www\.\S+")),
    ("markdown-rule", re.compile(r"[*_=\-\s]{1,}")),
)

# A line that opens the end matter of an article: it and everything after it is dropped.
RE_END_MATTER = re.compile(
    r"(?i)^\s*(with (additional )?reporting by\b|additional reporting by\b|reporting by\b.*editing by\b|"
    r"\((additional )?reporting by\b|"
    r"note to readers:|disclaimer:|original (url|article):|source:\s*<?https?|"
    r"articles? by:|copyright (©|\(c\)|\d{4})|©|all rights reserved|add comment\s*$|"
    r"[•·*-]?\s*\d+x\d+ image\b|for media inquiries|this article (was|is) (originally )?(published|republished))"
)

# Prefix on a headline line in site chrome ("You're reading: <headline>").
RE_HEADLINE_PREFIX = re.compile(r"(?i)^\s*(you[’']re reading|now reading|read|headline)\s*:\s*")

# A title line followed by breadcrumbs ("<title> / News / Site name").
RE_BREADCRUMB_TAIL = re.compile(r"(\s+[/|»›]\s+[^/|»›]{1,60}){1,4}\s*$")

# A byline ("By Jane Doe", "By [Reuters](#)") on its own line.
RE_BYLINE = re.compile(
    r"^\s*(?i:by)\s+(\[[^\]]{1,80}\]\([^)]*\)|[A-Z][\w.'’-]*(\s+[A-Z][\w.'’-]*){0,4}"
    r"(\s*(,|and)\s*[A-Z][\w.'’-]*(\s+[A-Z][\w.'’-]*){0,4})*)\s*$"
)

# A dateline or date stamp on its own line ("January 17, 2019", "17 Jan 2019", "2019-01-17 10:32").
RE_DATE_LINE = re.compile(
    r"(?i)^\s*(updated:?\s*|published:?\s*|posted:?\s*)?"
    r"((jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|"
    r"\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}|"
    r"\d{4}-\d{2}-\d{2})"
    r"([,\s]+\d{1,2}:\d{2}(\s*[ap]\.?m\.?)?(\s*[A-Z]{2,4})?)?\s*$"
)

# An agency dateline at the start of the first body paragraph: a city in capitals or title case, then a date
# ("Dec. 3", "February 4, 2020", "12 May 2021"), an agency in parentheses or slashes ("(AP)", "/TASS/"), or both,
# then a dash, two hyphens, a colon or (after /AGENCY/) a full stop. A city alone counts only in capitals before a
# dash ("WASHINGTON —"). Groups: ``date`` (as written, with or without a year), ``agency``.
_DL_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DL_CITY = r"(?:[A-Z][A-Z.'’/-]+(?:\s[A-Z][A-Z.'’/-]+){0,3}|[A-Z][a-z.'’-]+(?:\s[A-Z][a-z.'’-]+){0,3})"
_DL_DATE = rf"(?:{_DL_MONTH}\s\d{{1,2}}(?:,\s\d{{4}})?|\d{{1,2}}\s{_DL_MONTH}(?:,?\s\d{{4}})?)"
_DL_AGENCY = r"(?:\((?P<agency>[A-Z][\w.&'’ -]{0,30}?)\)|/(?P<agency2>[A-Z][\w.&'’ -]{0,30}?)/)"
RE_INLINE_DATELINE = re.compile(
    rf"^(?P<city>{_DL_CITY})(?:,\s(?P<region>[A-Z][a-z]+(?:\s[A-Z][a-z]+){{0,2}})(?=,|\s?[(/]))?"
    rf"(?:,\s(?P<date>{_DL_DATE}))?\s?{_DL_AGENCY}?"
    r"\s*(?:—|–|--|-|:|(?<=/)\.)\s+(?=\S)"
)
RE_CAPITAL_CITY_DATELINE = re.compile(r"^[A-Z][A-Z.'’-]{2,}(?:\s[A-Z][A-Z.'’-]+){0,3}\s*(?:—|–|--)\s+(?=\S)")

# A photo caption that ends with a credit in parentheses or after a slash: "... in Brussels. (Jane Doe)".
RE_CAPTION_CREDIT = re.compile(
    r"(\((photo:?\s*)?[A-Z][a-z][\w.'’-]*(\s+[A-Z][\w.'’-]+){0,3}(\s*/\s*[A-Z][\w.'’ -]+)?\)\s*$)|"
    r"((^|[.(]\s*)(?i:photo|photograph|image|picture)\s*(:|(?i:by)|(?i:credit):?)\s*[A-Z][\w.'’-]*(\s+[\w.'’/-]+){0,5}\)?\s*$)|"
    r"(/\s*(AFP|AP|Reuters|EPA|Getty Images|TASS|Sputnik|RIA Novosti|Xinhua|Anadolu)\s*$)"
)

# A line that is only a photo agency or image-library credit.
RE_CREDIT_LINE = re.compile(
    r"(?i)^\s*((photo|image)\s*(:|by)?\s*)?(wiki(media)?\s*commons|getty images|shutterstock|afp|ap( photo)?|"
    r"reuters|epa(-efe)?|tass|sputnik|ria novosti|xinhua|anadolu( agency)?|pixabay|unsplash|kremlin\.ru|"
    r"[a-z ]+/(afp|ap|reuters|epa|getty images))\s*$"
)

# Author blurbs: "<Name> is a/the <role> of/at <outlet>" short bio lines, often with a social handle.
RE_AUTHOR_BLURB = re.compile(
    r"^[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){1,3} (is|was) (a|an|the) [^.]{0,80}\b(editor|writer|reporter|"
    r"correspondent|journalist|columnist|contributor|author|analyst|fellow|director)\b[^.]*"
    r"(\.|$)(\s*(?i:follow|find) (him|her|them) on \S+.*)?$"
)

# Markdown residue inside a line: headings, emphasis, links; the captured text is kept.
RE_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
# Strong emphasis marks at a word's edge only: an opening pair before a word, a closing pair after one. Stars
# inside a word are not markup but censoring ("f**k", "n****rs"), and a pair of a longer run is not a pair.
RE_MD_EMPHASIS = re.compile(
    r"(?<![\w*])\*\*(?![\s*])|(?<![\s*])\*\*(?![\w*])|(?<![\w_])__(?![\s_])|(?<![\s_])__(?![\w_])"
)
RE_MD_LINK = re.compile(r"\[([^\]\n]{1,200})\]\(([^)\n]{0,500})\)")

# Characters of scripts other than Latin; a line mostly in them is language-switcher residue.
RE_NON_LATIN_LETTER = re.compile(r"[\u0400-\u04FF\u0600-\u06FF\u0590-\u05FF\u4E00-\u9FFF\u3040-\u30FF\uAC00-\uD7AF]")
RE_LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")

# Sentence-final punctuation (a headline usually has none).
RE_TERMINAL_PUNCT = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
