"""Small helpers that turn data into notebook prose and display tables.

Numbers in the notebooks' prose pass through these functions, so they are always read from the
data and formatted one way.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ._options import check_lang

if TYPE_CHECKING:
    import pandas as pd

NA_TEXT = "n/a"


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value) or (isinstance(value, float) and math.isnan(value))
    except (TypeError, ValueError):  # pd.NA raises on bool()
        return True


def pct(value: Any, signed: bool = False) -> str:
    """A growth rate as text: `pct(5.9)` -> '5.9%'; missing -> 'n/a'.

    >>> pct(5.9), pct(-3.8), pct(2.7, signed=True), pct(float("nan"))
    ('5.9%', '−3.8%', '+2.7%', 'n/a')
    """
    if _missing(value):
        return NA_TEXT
    text = f"{abs(value):.1f}%"
    if value < 0:
        return "−" + text
    return ("+" + text) if signed else text


def pp(value: Any) -> str:
    """A gap in percentage points, always signed: `pp(0.7)` -> '+0.7 pp'; missing -> 'n/a'.

    >>> pp(0.7), pp(-1.25), pp(None)
    ('+0.7 pp', '−1.2 pp', 'n/a')
    """
    if _missing(value):
        return NA_TEXT
    sign = "−" if value < 0 else "+"
    return f"{sign}{abs(value):.1f} pp"


def count_words(n: int, lang: str | None = "en") -> str:
    """Small counts in words, as prose wants them: `count_words(7)` -> 'seven', in Chinese '七'.

    In Chinese two is 两, the form used before a measure word (两项指标).

    >>> count_words(11), count_words(15), count_words(7, "zh"), count_words(2, "zh"), count_words(11, "zh")
    ('eleven', '15', '七', '两', '十一')
    """
    if check_lang(lang) == "zh":
        if n == 2:
            return "两"
        return _zh_number(n) if 0 <= n < 100 else str(n)
    words = "zero one two three four five six seven eight nine ten eleven twelve".split()
    return words[n] if 0 <= n < len(words) else str(n)


_ZH_DIGITS = "零一二三四五六七八九"


def _zh_number(n: int) -> str:
    """0-99 in Chinese numerals: 7 -> 七, 11 -> 十一, 20 -> 二十."""
    if n < 10:
        return _ZH_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _ZH_DIGITS[tens]) + "十" + (_ZH_DIGITS[ones] if ones else "")


def ordinal(n: int, lang: str | None = None) -> str:
    """A rank in words: `ordinal(2)` -> 'second', in Chinese '第二' (全省第二).

    >>> ordinal(1), ordinal(11), ordinal(13), ordinal(2, "zh"), ordinal(11, "zh")
    ('first', 'eleventh', '13th', '第二', '第十一')
    """
    n = int(n)
    if check_lang(lang) == "zh":
        return "第" + (_zh_number(n) if 0 <= n < 100 else str(n))
    words = "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split()
    return words[n - 1] if 1 <= n <= len(words) else f"{n}th"


def join(items: Iterable[Any], lang: str | None = None) -> str:
    """Items as a list in a sentence: 'a, b and c' in English, 'a、b和c' in Chinese.

    >>> join(["GDP", "trade", "income"]), join(["GDP", "trade"], "zh"), join(["a", "b", "c"], "zh")
    ('GDP, trade and income', 'GDP和trade', 'a、b和c')
    """
    parts = [str(i) for i in items]
    if len(parts) <= 1:
        return "".join(parts)
    if check_lang(lang) == "zh":
        return "、".join(parts[:-1]) + "和" + parts[-1]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def points(gap: Any, lang: str | None = None) -> str:
    """A gap in percentage points said once: '0.7 points above', in Chinese '高0.7个百分点'.

    The caller names what it is above: f"{points(0.7)} China", f"比全国{points(0.7, 'zh')}".

    >>> points(0.7), points(-1.25), points(0), points(0.7, "zh"), points(-1.2, "zh"), points(0.0, "zh")
    ('0.7 points above', '1.2 points below', 'level with', '高0.7个百分点', '低1.2个百分点', '持平')
    """
    zh = check_lang(lang) == "zh"
    if _missing(gap):
        return "无数据" if zh else NA_TEXT
    size = f"{abs(gap):.1f}"
    if size == "0.0":
        return "持平" if zh else "level with"
    if zh:
        return f"{'高' if gap > 0 else '低'}{size}个百分点"
    return f"{size} points {'above' if gap > 0 else 'below'}"


def change(value: Any, lang: str | None = None) -> str:
    """A growth rate as a verb phrase: 'grew 5.9%' or 'fell 3.8%'; in Chinese '增长5.9%', '下降3.8%'.

    >>> change(5.9), change(-3.8), change(5.9, "zh"), change(-3.8, "zh"), change(0, "zh")
    ('grew 5.9%', 'fell 3.8%', '增长5.9%', '下降3.8%', '持平')
    """
    zh = check_lang(lang) == "zh"
    if _missing(value):
        return "无数据" if zh else NA_TEXT
    size = f"{abs(value):.1f}%"
    if size == "0.0%":
        return "持平" if zh else "was flat"
    if value > 0:
        return ("增长" if zh else "grew ") + size
    return ("下降" if zh else "fell ") + size


def level(value: Any, lang: str | None = None) -> str:
    """A level in 亿元 as a number: thousands separated in English ('8,141.69'), not in Chinese.

    >>> level(8141.69), level(8141.69, "zh"), level(None)
    ('8,141.69', '8141.69', 'n/a')
    """
    zh = check_lang(lang) == "zh"
    if _missing(value):
        return "无数据" if zh else NA_TEXT
    return f"{value:.2f}" if zh else f"{value:,.2f}"


def indicator_name(
    indicator: str, lang: str | None = None, data: Any = None, capital: bool = False, geo: str | None = None
) -> str:
    """The one name prose and tables use for an indicator (of `geo`, where the name depends on it).

    English: the short name plus "growth" for a rate ('trade growth', 'GDP growth'; the level
    is 'GDP level'); Chinese: the official name (进出口总值增速), for China the national one
    (国内生产总值增速). `data` is a Dataset (default: the bundled one), for indicators added as
    extra figures.

    >>> indicator_name("industry_growth"), indicator_name("gdp", capital=True), indicator_name("gdp_growth", "zh")
    ('industry growth', 'GDP level', '地区生产总值增速')
    >>> indicator_name("gdp_growth", "zh", geo="china")
    '国内生产总值增速'
    """
    from .tables import default

    lang = check_lang(lang)
    ds = default() if data is None else data
    if lang == "zh":
        from .tables import NATIONAL_NAMES_ZH

        if geo == "china" and indicator in NATIONAL_NAMES_ZH:
            return NATIONAL_NAMES_ZH[indicator]
        return ds._names("indicators", "zh")[indicator]
    short = ds._names("indicators", "en", "short")[indicator]
    if ds._s.indicator_kind[indicator] == "growth" and not short.lower().endswith("growth"):
        short += " growth"
    first, _, rest = short.partition(" ")
    if not capital and not first.isupper():
        first = first.lower()
    elif capital:
        first = first[:1].upper() + first[1:]
    return f"{first} {rest}".strip()


def show(fig: Any, caption: str) -> None:
    """Show a chart and, under it, its one-line caption (Markdown); the figure is then closed.

    The chart's title says its finding (``title=`` of the plots helpers); the caption says how
    to read it.
    """
    import base64

    import matplotlib.pyplot as plt
    from IPython.display import Markdown, display

    from .plots import png

    formats = _figure_formats()
    if formats <= {"png", "retina", "png2x"}:
        # The PNG drawn once (plots.png) instead of the inline backend's two drawings, at twice the
        # resolution for a retina setting; the plain-text form, for readers and tools without
        # images, is the chart's title.
        scale = 1 if formats <= {"png"} else 2
        data = png(fig, dpi=fig.dpi * scale)
        titles = [ax.get_title(loc) for ax in fig.axes for loc in ("left", "center", "right")]
        text = " ".join(" ".join(t.split()) for t in titles if t.strip()) or caption
        size = {"width": int.from_bytes(data[16:20], "big") // 2, "height": int.from_bytes(data[20:24], "big") // 2}
        bundle = {"image/png": base64.b64encode(data).decode("ascii"), "text/plain": text}
        display(bundle, raw=True, metadata={"image/png": size} if scale == 2 else None)
    else:  # other formats set for the inline backend (svg, pdf, ...): its own rendering
        display(fig)
    plt.close(fig)
    display(Markdown(f"<small>{caption}</small>"))


def _figure_formats() -> set[str]:
    """The figure formats set for Jupyter's inline backend (``%config InlineBackend.figure_formats``);
    PNG where that backend is not in use."""
    config = sys.modules.get("matplotlib_inline.config")
    if config is None or not config.InlineBackend.initialized():
        return {"png"}
    return set(config.InlineBackend.instance().figure_formats)


def sources_markdown(ids: Iterable[str], data: Any = None, lang: str | None = None) -> str:
    """A Markdown list citing the given source ids, in catalogue order; missing ids (NA) are skipped.

    `data` is the Dataset the figures came from (default: the bundled one), so that sources
    added with extra figures are cited too; `lang` ('en' or 'zh') is the language of the list.

    >>> sources_markdown(["article_2026"]).startswith("- **壮阔新程起宏图")
    True
    >>> "本文" in sources_markdown(["article_2026"], lang="zh")
    True
    """
    from .labels import label
    from .tables import _check, default

    lang = check_lang(lang)
    cat = (default() if data is None else data).sources(lang)
    wanted = [i for i in dict.fromkeys(ids) if not _missing(i)]
    _check("source", wanted, cat["id"].tolist())
    lines = []
    for _, s in cat[cat["id"].isin(wanted)].iterrows():
        kind = label(f"value.{s['kind']}", lang)
        if lang == "zh":
            # The catalogue describes publishers and dates in English; the Chinese list gives the
            # title as published, the date where it is a plain date, the address and the kind.
            date = re.fullmatch(r"\d{4}(-\d{2}){0,2}", "" if _missing(s["published"]) else str(s["published"]))
            line = f"- **{s['title']}**" + (f"，{date.group(0)}" if date else "") + "。"
            if not _missing(s["url"]):
                line += f"<{s['url']}>"
            line += f"（{kind}；编号 `{s['id']}`）"
        else:
            parts = [f"**{s['title']}** ({s['title_en']})", str(s["publisher"])]
            if not _missing(s["published"]):
                parts.append(str(s["published"]))
            line = "- " + ". ".join(parts) + "."
            if not _missing(s["url"]):
                line += f" <{s['url']}>"
            line += f" ({kind}; id `{s['id']}`)"
        lines.append(line)
    return "\n".join(lines)


def repository_url() -> str:
    """The project's repository URL, as declared once in pyproject.toml ([project.urls]).

    >>> repository_url().startswith("https://github.com/")
    True
    """
    from importlib.metadata import metadata

    for entry in metadata("fuzhou-data").get_all("Project-URL") or []:
        name, _, url = entry.partition(",")
        if name.strip().lower() == "repository":
            return url.strip()
    raise LookupError("pyproject.toml declares no [project.urls] Repository")


def binder_url(notebook: str) -> str:
    """The Binder launch link that opens `notebooks/<notebook>` in JupyterLab.

    >>> binder_url("01_growth.ipynb").endswith("?labpath=notebooks%2F01_growth.ipynb")
    True
    >>> binder_url("zh/01_growth.ipynb").endswith("?labpath=notebooks%2Fzh%2F01_growth.ipynb")
    True
    """
    from urllib.parse import quote

    owner_repo = repository_url().removeprefix("https://github.com/").strip("/")
    return f"https://mybinder.org/v2/gh/{owner_repo}/HEAD?labpath={quote('notebooks/' + notebook, safe='')}"


def table(frame: pd.DataFrame, lang: str | None = None, index: str | None = None) -> pd.DataFrame:
    """A display table: ids as names, headers in `lang`, gaps as 'n/a', optionally one column as the index.

    >>> import fuzhou_data as fd
    >>> table(fd.compare("gdp_growth")[["indicator", "fuzhou"]], "zh", index="indicator").index.name
    '指标'
    """
    from .labels import label, localize

    out = localize(frame, lang)
    if index is not None:
        out = out.set_index(localize(frame[[index]], lang).columns[0])
    for axis in (out.index, out.columns):  # names left by a pivot, e.g. 'year', 'geo_name'
        if isinstance(axis.name, str) and axis.name.isidentifier():
            try:
                axis.name = label(f"col.{axis.name}", lang)
            except ValueError:
                pass
    # a gap shows as "n/a" (无数据), not as NaN or <NA>
    missing = out.isna()
    if missing.to_numpy().any():
        out = out.astype(object).mask(missing, label("value.na", lang))
    return out


# ----------------------------------------------------------------------------------- stories
#
# The sentences, titles and tables of the growth and rankings notebooks, in English and in
# Chinese. Each takes the dict of `fuzhou_data.findings` (the same numbers for both editions)
# and words it natively in `lang`; none computes a figure of its own.


class _Say:
    """Names and small words in one language, for one Dataset."""

    def __init__(self, lang: str | None, data: Any) -> None:
        from .tables import default

        self.lang = check_lang(lang)
        self.zh = self.lang == "zh"
        self.ds = default() if data is None else data
        self.place = self.ds._names("geographies", self.lang)
        self.na = "无数据" if self.zh else NA_TEXT

    def extra(self) -> str:
        """A paragraph naming the extra figures the dataset adds, if any."""
        if getattr(self.ds, "extra", None) is None:
            return ""
        if self.zh:
            return f"\n\n数据：本数据包自带的数据，加上 `{self.ds.extra}` 中的数据。"
        return f"\n\nFigures: the bundled data plus `{self.ds.extra}`."

    def name(self, indicator: str, capital: bool = False, geo: str | None = None) -> str:
        return indicator_name(indicator, self.lang, self.ds, capital, geo)

    def names(self, indicators: Iterable[str]) -> str:
        return join([self.name(i) for i in indicators], self.lang)

    def bare(self, indicator: str) -> str:
        """The name of what grows: 'investment', '固定资产投资'."""
        return self.name(indicator).removesuffix("增速" if self.zh else " growth")

    def n(self, k: int) -> str:
        return count_words(k, self.lang)

    def every(self, n: int) -> str:
        """'both', 'all seven' (English only)."""
        return "both" if n == 2 else f"all {self.n(n)}"

    def pct(self, value: Any) -> str:
        return self.na if _missing(value) else pct(value)

    def rank(self, rank: Any) -> str:
        """A rank in a table cell: '2nd', '第2'."""
        if _missing(rank):
            return self.na
        r = int(rank)
        if self.zh:
            return f"第{r}"
        suffix = "th" if 10 <= r % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(r % 10, "th")
        return f"{r}{suffix}"

    def frame(self, columns: dict[str, list], index: list[str], index_name: str) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(columns, index=pd.Index(index, name=index_name))


_OTHER_ZH = {"china": "全国", "jiangxi": "全省"}


def _strong_zh(sentence: str) -> str:
    """A Chinese sentence in bold, its full stop outside the markers: Markdown does not close
    ``**`` between punctuation and a following character (``**…。**2025年`` stays unbold)."""
    body = sentence.removesuffix("。")
    return f"**{body}**" + ("。" if body != sentence else "")


def _outgrew(g: dict, other: str, say: _Say) -> str:
    """How Fuzhou's growth compares with `other`'s ('china', 'jiangxi' or 'both', when the two
    compare alike), as the rest of a sentence whose subject is Fuzhou."""
    v = g["vs"]["china" if other == "both" else other]
    n, k = len(v["compared"]), len(v["above"])
    whole = n == len(g["known"])
    if say.zh:
        p = "全国和全省" if other == "both" else _OTHER_ZH[other]
        if n == 0:
            return f"没有一项指标有{p}数据可比"
        if n == 1:
            return f"只有{say.name(v['compared'][0])}一项有{p}数据可比，{'高于' if k else '未高于'}{p}"
        scope = f"{say.n(n)}项指标" if whole else f"有{p}数据的{say.n(n)}项指标"
        if not whole and n <= 3:
            scope += f"（{say.names(v['compared'])}）"
        if k == n:
            return f"{scope}{'均' if n == 2 else '全部'}高于{p}"
        if k == 0:
            return f"{scope}均未高于{p}"
        text = f"{scope}中有{say.n(k)}项高于{p}"
        if v["below"]:
            text += f"，{say.names(v['below'])}低于{p}"
        if v["level"]:
            text += f"，{say.names(v['level'])}与{p}持平"
        return text
    p = f"{say.place['china']} and {say.place['jiangxi']}" if other == "both" else say.place[other]
    if n == 0:
        return f"has no indicator to set against {p}"
    each = "" if whole else (" with figures for both" if other == "both" else f" with a figure for {p}")
    if n == 1:
        verb = "grew faster than" if k else "did not grow faster than"
        return f"{verb} {p} on {say.name(v['compared'][0])}, the only indicator{each}"
    named = f" ({say.names(v['compared'])})" if not whole and n <= 3 else ""
    if k == n:
        return f"grew faster than {p} on {say.every(n)} indicators{each}{named}"
    if k == 0:
        return f"did not grow faster than {p} on any of the {say.n(n)} indicators{each}{named}"
    text = f"grew faster than {p} on {say.n(k)} of the {say.n(n)} indicators{each}{named}"
    if v["below"]:
        text += f"; it was slower on {say.names(v['below'])}"
    if v["level"]:
        text += f" and level on {say.names(v['level'])}"
    return text


def growth_answer(g: dict, lang: str | None = None, data: Any = None) -> str:
    """The growth notebook's answer up front: was Fuzhou faster than China and Jiangxi in the year?

    >>> import fuzhou_data as fd
    >>> from fuzhou_data.findings import growth_findings
    >>> growth_answer(growth_findings(fd.Dataset(), 2025)).split("**")[1]
    'Yes, wherever the figures allow a test.'
    """
    from .findings import OTHERS

    say, vs, year = _Say(lang, data), g["vs"], g["year"]
    tested = [o for o in OTHERS if vs[o]["compared"]]
    testable = {i for o in OTHERS for i in vs[o]["compared"]}
    alike = all(vs["china"][k] == vs["jiangxi"][k] for k in ("compared", "above", "below", "level"))
    if not tested:
        lead = ("现有数据无法检验这一说法。", "The figures at hand cannot tell.")[not say.zh]
    elif all(vs[o]["above"] == vs[o]["compared"] for o in tested) and len(testable) == 1:
        lead = ("在唯一可检验的一项指标上，这一说法成立。", "Yes, on the one indicator that can be tested.")[not say.zh]
    elif all(vs[o]["above"] == vs[o]["compared"] for o in tested):
        lead = ("凡是能检验的指标，这一说法都成立。", "Yes, wherever the figures allow a test.")[not say.zh]
    else:
        lead = ("并非每项指标都如此。", "Not on every indicator.")[not say.zh]
    same_open = vs["china"]["open"] and vs["china"]["open"] == vs["jiangxi"]["open"]
    if say.zh:
        if alike:
            text = f"{_strong_zh(lead)}{year}年，抚州{_outgrew(g, 'both', say)}。"
        else:
            text = f"{_strong_zh(lead)}{year}年，抚州{_outgrew(g, 'china', say)}；{_outgrew(g, 'jiangxi', say)}。"
        if same_open:
            text += f"{say.names(vs['china']['open'])}的全国和全省数据，手头资料中都没有找到。"
        else:
            for o in OTHERS:
                if vs[o]["open"]:
                    text += f"{_OTHER_ZH[o]}的{say.names(vs[o]['open'])}数据，手头资料中没有找到。"
        if g["missing"]:
            text += f"抚州{year}年的{say.names(g['missing'])}不在本数据包中。"
        return text + say.extra()
    if alike:
        text = f"**{lead}** In {year} Fuzhou {_outgrew(g, 'both', say)}."
    else:
        text = f"**{lead}** In {year} Fuzhou {_outgrew(g, 'china', say)}, and it {_outgrew(g, 'jiangxi', say)}."
    if same_open:
        text += f" China's and Jiangxi's figures for {say.names(vs['china']['open'])} are not in the sources at hand."
    else:
        for o in OTHERS:
            if vs[o]["open"]:
                text += f" {say.place[o]}'s figures for {say.names(vs[o]['open'])} are not in the sources at hand."
    if g["missing"]:
        text += f" Fuzhou's own figures for {say.names(g['missing'])} are not in the data for {year}."
    return text + say.extra()


def growth_title(g: dict, lang: str | None = None, data: Any = None) -> str:
    """The finding of the growth comparison chart, as its title."""
    say = _Say(lang, data)
    if say.zh:
        return f"{g['year']}年，抚州{_outgrew(g, 'china', say)}"
    return f"In {g['year']} Fuzhou {_outgrew(g, 'china', say)}"


def growth_table(g: dict, lang: str | None = None, data: Any = None) -> pd.DataFrame:
    """Fuzhou, its rank, Jiangxi and China for the headline indicators, in the article's order."""
    say = _Say(lang, data)
    cmp = g["comparison"]
    p = say.place
    rank_col = "抚州全省排名" if say.zh else "Fuzhou's rank in Jiangxi"
    return say.frame(
        {
            p["fuzhou"]: [say.pct(v) for v in cmp["fuzhou"]],
            rank_col: [say.rank(r) for r in cmp["fuzhou_rank"]],
            p["jiangxi"]: [say.pct(v) for v in cmp["jiangxi"]],
            p["china"]: [say.pct(v) for v in cmp["china"]],
        },
        [say.name(i, capital=True) for i in cmp["indicator"]],
        f"{g['year']}年增速" if say.zh else f"Growth in {g['year']}",
    )


def gap_title(g: dict, lang: str | None = None, data: Any = None) -> str:
    """The finding of the gap chart: where Fuzhou's lead over China is widest."""
    say = _Say(lang, data)
    leads = [(g["vs"][o]["gaps"][g["vs"][o]["widest"]], o) for o in ("china", "jiangxi") if g["vs"][o]["widest"]]
    if leads and max(leads)[0] > 0:
        size, other = max(leads)
        widest, gap = g["vs"][other]["widest"], points(size, say.lang)
        if say.zh:
            return f"抚州领先最多的是{say.name(widest)}，比{_OTHER_ZH[other]}{gap}"
        rate = "the national rate" if other == "china" else "the provincial rate"
        return f"Fuzhou's widest lead was in {say.name(widest)}, {gap} {rate}"
    if say.zh:
        return f"{g['year']}年抚州增速与全省、全国之差"
    return f"Fuzhou's growth minus Jiangxi's and China's, {g['year']}"


def gap_text(g: dict, lang: str | None = None, data: Any = None) -> str:
    """What the gaps say: their range, or the one gap there is; and where a national fall widens them."""
    from .findings import OTHERS

    say, vs, cmp = _Say(lang, data), g["vs"], g["comparison"].set_index("indicator")
    lines = []
    if len(g["gapped"]) >= 2:
        for o in OTHERS:
            w, n = vs[o]["widest"], vs[o]["narrowest"]
            if not w:
                continue
            wide, narrow = points(vs[o]["gaps"][w], say.lang), points(vs[o]["gaps"][n], say.lang)
            if say.zh:
                lines.append(
                    f"与{_OTHER_ZH[o]}相比，抚州{say.name(w)}{wide}，差值最大；{say.name(n)}{narrow}，差值最小。"
                )
            else:
                lines.append(
                    f"Against {say.place[o]} the gap runs from {narrow} on {say.name(n)} to {wide} on {say.name(w)}."
                )
    else:
        for i in g["gapped"]:
            sides = [o for o in OTHERS if i in vs[o]["gaps"]]
            if say.zh:
                parts = "，".join(f"比{_OTHER_ZH[o]}{points(vs[o]['gaps'][i], 'zh')}" for o in sides)
                lines.append(f"只有{say.name(i)}一项能算出差值：抚州{change(cmp.loc[i, 'fuzhou'], 'zh')}，{parts}。")
            else:
                parts = join([f"{points(vs[o]['gaps'][i])} {say.place[o]}" for o in sides])
                lines.append(
                    f"Only {say.name(i)} has figures on both sides: Fuzhou's {pct(cmp.loc[i, 'fuzhou'])} is {parts}."
                )
        if not g["gapped"]:
            lines.append(
                f"{g['year']}年没有一项指标同时有抚州和全国或全省的数据，无法计算差值。"
                if say.zh
                else f"No gap can be computed for {g['year']}: "
                "no indicator has figures for Fuzhou and for China or Jiangxi."
            )
    if g["national_fell"]:
        items = []
        for i in g["national_fell"]:
            row = cmp.loc[i]
            if say.zh:
                items.append(
                    f"全国{say.bare(i)}{change(row['china'], 'zh')}，抚州{change(row['fuzhou'], 'zh')}，"
                    f"比全国{points(row['gap_china_pp'], 'zh')}"
                )
            else:
                items.append(
                    f"national {say.bare(i)} {change(row['china'])} while Fuzhou's {change(row['fuzhou'])}, "
                    f"{points(row['gap_china_pp'])} the national rate"
                )
        if say.zh:
            lines.append("部分领先来自全国数据的下滑：" + "；".join(items) + "。")
        else:
            lines.append("Part of the lead is national weakness: " + "; ".join(items) + ".")
    return ("" if say.zh else " ").join(lines)


def open_text(g: dict, lang: str | None = None, data: Any = None) -> str:
    """Which comparisons with Jiangxi stay open, and the data's notes on why (where it has them in `lang`)."""
    from .findings import gap_reasons

    say, year = _Say(lang, data), g["year"]
    open_jx = g["vs"]["jiangxi"]["open"]
    if not open_jx:
        return (
            f"{year}年抚州有数据的指标都能与全省比较。"
            if say.zh
            else f"No comparison with Jiangxi is left open for {year}."
        )
    reasons = gap_reasons(say.ds, "jiangxi", open_jx, year, say.lang)
    if say.zh:
        if reasons:  # the answer above has named them: here only why
            return "与全省无法比较的各项，数据中的说明：\n" + "".join(
                f"\n- **{say.name(i)}**：{reasons[i]}" for i in reasons
            )
        return f"与全省的{say.n(len(open_jx))}项比较无法进行：现有来源中没有全省{year}年的{say.names(open_jx)}数据。"
    if reasons:
        return "Why the comparisons with Jiangxi stay open, in the data's notes:\n" + "".join(
            f"\n- **{say.name(i, True)}:** {reasons[i]}" for i in reasons
        )
    return (
        f"{say.n(len(open_jx)).capitalize()} comparison{'s' if len(open_jx) > 1 else ''} with Jiangxi stay"
        f"{'' if len(open_jx) > 1 else 's'} open: the province's {year} figures for {say.names(open_jx)} are not "
        "in the sources at hand."
    )


def history_title(g: dict, lang: str | None = None, data: Any = None) -> str:
    """The finding of the GDP growth history chart: Fuzhou against Jiangxi over the years."""
    say, hg = _Say(lang, data), g["history_gaps"]
    faster = [y for y, gap in hg.items() if gap > 0]
    if len(hg) >= 2:
        if say.zh:
            if len(faster) == len(hg):
                return f"在两地都有数据的{join([f'{y}年' for y in hg], 'zh')}，抚州地区生产总值增速都高于全省"
            return f"在两地都有数据的{say.n(len(hg))}年中，抚州地区生产总值增速有{say.n(len(faster))}年高于全省"
        years = join([str(y) for y in hg], say.lang)
        if len(faster) == len(hg):
            which = f"both years with figures for both, {years}" if len(hg) == 2 else "every year with figures for both"
        else:
            which = f"{say.n(len(faster))} of the {say.n(len(hg))} years with figures for both"
        return f"Fuzhou's GDP grew faster than Jiangxi's in {which}"
    if hg:
        ((y, gap),) = hg.items()
        if say.zh:
            return f"{y}年抚州地区生产总值增速比全省{points(gap, 'zh')}"
        return f"In {y} Fuzhou's GDP growth was {points(gap)} Jiangxi's"
    if say.zh:
        return f"全国和全省地区生产总值增速（截至{g['year']}年没有抚州数据）"
    return f"GDP growth of China and Jiangxi (no figure for Fuzhou up to {g['year']})"


def history_text(g: dict, lang: str | None = None, data: Any = None) -> str:
    """The trend in words: where Jiangxi and China went, Fuzhou's gap to Jiangxi, the missing years."""
    say, hg = _Say(lang, data), g["history_gaps"]
    lines = []
    for geo, (y0, v0, y1, v1) in g["trend"].items():
        if say.zh:
            verb = "降至" if v1 < v0 else "升至" if v1 > v0 else "保持在"
            lines.append(
                f"{_OTHER_ZH[geo]}{say.name('gdp_growth', geo=geo)}从{y0}年的{pct(v0)}{verb}{y1}年的{pct(v1)}。"
            )
        else:
            verb = "fell" if v1 < v0 else "rose" if v1 > v0 else "held"
            lines.append(f"{say.place[geo]}'s GDP growth {verb} from {pct(v0)} in {y0} to {pct(v1)} in {y1}.")
    if hg:
        if say.zh:
            lines.append("抚州" + "，".join(f"{y}年比全省{points(gap, 'zh')}" for y, gap in hg.items()) + "。")
        else:
            lines.append("Fuzhou was " + join([f"{points(gap)} the province in {y}" for y, gap in hg.items()]) + ".")
    missing = g["fuzhou_missing_years"]
    if missing:
        if say.zh:
            lines.append(f"抚州{join([f'{y}年' for y in missing], 'zh')}的数据，现有来源中没有。")
        else:
            lines.append(f"Fuzhou's figures for {join(missing)} are not in the sources at hand.")
    return ("" if say.zh else " ").join(lines)


def then_now_table(g: dict, lang: str | None = None, data: Any = None) -> pd.DataFrame | None:
    """Fuzhou's growth and stated ranks in the earlier year and in the year (None without an earlier year)."""
    say, tn, then, year = _Say(lang, data), g["then_now"], g["earlier"], g["year"]
    if then is None:
        return None
    if say.zh:
        heads = (f"{then}年", f"{then}年排名", f"{year}年", f"{year}年排名", "变化（百分点）")
    else:
        heads = (f"{then}", f"Rank {then}", f"{year}", f"Rank {year}", "Change (points)")
    return say.frame(
        dict(
            zip(
                heads,
                [
                    [say.pct(v) for v in tn["then"]],
                    [say.rank(r) for r in tn["rank_then"]],
                    [say.pct(v) for v in tn["now"]],
                    [say.rank(r) for r in tn["rank_now"]],
                    [say.na if _missing(v) else pct(v, signed=True).rstrip("%") for v in tn["change"]],
                ],
            )
        ),
        [say.name(i, capital=True) for i in tn["indicator"]],
        "抚州增速" if say.zh else "Fuzhou's growth",
    )


def then_now_text(g: dict, lang: str | None = None, data: Any = None) -> str:
    """What changed between the earlier year and the year: growth, then the stated ranks."""
    say, tn, then, year = _Say(lang, data), g["then_now"], g["earlier"], g["year"]
    if then is None:
        if say.zh:
            return f"数据中没有{year}年之前的抚州数据，无从比较。"
        return f"The data holds no year of Fuzhou's figures before {year}, so there is nothing to compare it with."
    both = tn.dropna(subset=["change"]).set_index("indicator")
    slower = both.index[both["change"] < 0].tolist()
    quicker = both.index[both["change"] > 0].tolist()
    if both.empty:
        text = (
            f"没有一项指标在{then}年和{year}年都有数据。"
            if say.zh
            else f"No indicator has a figure for both {then} and {year}."
        )
    else:
        most = both["change"].abs().idxmax()
        a, b, n = pct(both.loc[most, "then"]), pct(both.loc[most, "now"]), len(both)
        one_way = len(slower) == n or len(quicker) == n
        if say.zh:
            verb = "放缓" if slower else "加快"
            move = f"从{a}{'降至' if both.loc[most, 'change'] < 0 else '升至'}{b}"
            if n == 1:
                text = f"与{then}年相比，两年都有数据的只有{say.name(most)}一项，{move}。"
            elif one_way:
                text = (
                    f"与{then}年相比，两年都有数据的{say.n(n)}项指标增速{'均' if n == 2 else '全部'}{verb}，"
                    f"{say.name(most)}{verb}最多（{move}）。"
                )
            elif min(len(slower), len(quicker)) <= 2 < max(len(slower), len(quicker)):
                few, most_verb, few_verb = (
                    (quicker, "放缓", "加快") if len(slower) > len(quicker) else (slower, "加快", "放缓")
                )
                text = (
                    f"与{then}年相比，两年都有数据的指标中，除{say.names(few)}增速{few_verb}外，其余增速均{most_verb}；"
                    f"变化最大的是{say.name(most)}（{move}）。"
                )
            else:
                text = f"与{then}年相比，{say.names(slower)}增速放缓"
                text += f"，{say.names(quicker)}增速加快" if quicker else ""
                text += f"；变化最大的是{say.name(most)}（{move}）。"
        else:
            move = f"from {a} to {b}"
            verb = "slowed" if slower else "quickened"
            if n == 1:
                text = (
                    f"Between {then} and {year} growth {verb} on {say.name(most)}, "
                    f"the only indicator reported in both years ({move})."
                )
            elif one_way:
                text = (
                    f"Between {then} and {year} growth {verb} on {say.every(n)} indicators reported in both years, "
                    f"most on {say.name(most)} ({move})."
                )
            elif min(len(slower), len(quicker)) <= 2 < max(len(slower), len(quicker)):
                few, most_verb, few_verb = (
                    (quicker, "slowed", "quickened") if len(slower) > len(quicker) else (slower, "quickened", "slowed")
                )
                text = (
                    f"Between {then} and {year} growth {most_verb} on every indicator reported in both years "
                    f"except {say.names(few)}, where it {few_verb}; "
                    f"the largest change was in {say.name(most)} ({move})."
                )
            else:
                text = f"Between {then} and {year} growth slowed on {say.names(slower)}"
                text += f" and quickened on {say.names(quicker)}" if quicker else ""
                text += f"; the largest change was in {say.name(most)} ({move})."
    ranked = tn.dropna(subset=["rank_then", "rank_now"])
    moves = []
    for r in ranked.itertuples():
        a, b = ordinal(r.rank_then, say.lang), ordinal(r.rank_now, say.lang)
        if say.zh:
            verb = "升至" if r.rank_now < r.rank_then else "降至" if r.rank_now > r.rank_then else ""
            moves.append(f"{say.name(r.indicator)}从{a}{verb}{b}" if verb else f"{say.name(r.indicator)}保持{b}")
        else:
            verb = "rose" if r.rank_now < r.rank_then else "fell" if r.rank_now > r.rank_then else "held"
            moves.append((verb, f"{say.name(r.indicator)} ({f'from {a} to {b}' if verb != 'held' else b})"))
    if moves and not say.zh:
        verbs = list(dict.fromkeys(v for v, _ in moves))
        moves = [f"{v} on " + join([m for w, m in moves if w == v]) for v in verbs]
    if moves:
        text += (
            ("全省排名方面，" + "，".join(moves) + "。")
            if say.zh
            else f" Fuzhou's stated rank in Jiangxi {join(moves)}."
        )
    return text


def _by_rank(r: dict, say: _Say) -> str:
    """Fuzhou's stated growth ranks, best first: 'first in Jiangxi for trade growth, second for ...'."""
    groups = list(r["by_rank"].items())
    if say.zh:
        return "，".join(
            f"{say.names(inds)}{'均' if len(inds) > 1 else ''}居全省{ordinal(rank, 'zh')}" for rank, inds in groups
        )
    parts = [
        f"{ordinal(rank)}{' in Jiangxi' if n == 0 else ''} for {say.names(inds)}"
        for n, (rank, inds) in enumerate(groups)
    ]
    if len(parts) > 2 and any(" and " in p for p in parts):
        return ", ".join(parts[:-1]) + ", and " + parts[-1]
    return join(parts)


def ranking_answer(r: dict, lang: str | None = None, data: Any = None) -> str:
    """The rankings notebook's answer up front: Fuzhou's stated ranks, and how far they can be checked.

    >>> import fuzhou_data as fd
    >>> from fuzhou_data.findings import ranking_findings
    >>> "居全省第一" in ranking_answer(ranking_findings(fd.Dataset(), 2025), "zh")
    True
    """
    say, year = _Say(lang, data), r["year"]
    counts, checks = r["status_counts"], r["growth_checks"]
    n = len(checks)
    by = {s: checks.loc[checks["status"] == s, "indicator"].tolist() for s in counts}
    others = len(r["cities"]) - 1
    thin = r["best_known"] * 2 < others
    if n == 0:
        if say.zh:
            return _strong_zh(f"现有来源中没有抚州{year}年增速的全省排名。") + say.extra()
        return f"**The sources at hand state no rank in Jiangxi for Fuzhou's {year} growth.**" + say.extra()
    if say.zh:
        if by["inconsistent"]:
            lead = "抚州公布的排名中，有与其他城市已公布数据矛盾的。"
        elif by["consistent"]:
            lead = "就其他城市数据所能检验的范围而言，抚州公布的排名都站得住" + (
                "，但能检验的范围很有限。" if thin else "。"
            )
        else:
            lead = "抚州公布的排名都无法检验：数据中没有其他城市这些指标的数字。"
        text = f"{_strong_zh(f'据抚州公布，{year}年该市{_by_rank(r, say)}。')}{lead}"
        if by["consistent"] or by["inconsistent"]:
            c = len(by["consistent"])
            text += "其他城市已公布的数据" + (
                "与这项排名相符"
                if c == n == 1
                else f"与这{say.n(n)}项排名全部相符"
                if c == n
                else f"与其中{say.n(c)}项排名相符"
                if c
                else ""
            )
            if by["inconsistent"]:
                text += f"{'，' if c else ''}与{say.names(by['inconsistent'])}的排名矛盾"
            if by["untestable"]:
                text += f"；{say.names(by['untestable'])}的排名因没有其他城市的数据而无法检验"
            text += f"。即便是数据最多的一项，也只有其他{say.n(others)}个城市中{say.n(r['best_known'])}个城市的数据。"
        return text + say.extra()
    if by["inconsistent"]:
        lead = "At least one of Fuzhou's stated ranks is contradicted by another city's published figure."
    elif by["consistent"]:
        lead = "Fuzhou's stated ranks hold up as far as the other cities' figures can check them" + (
            ", which is not far." if thin else "."
        )
    else:
        lead = "None of Fuzhou's stated ranks can be checked: the data holds no other city's figure for them."
    text = f"**In {year} Fuzhou says it ranked {_by_rank(r, say)}.** {lead}"
    if by["consistent"] or by["inconsistent"]:
        c = len(by["consistent"])
        whole = "the one" if c == n == 1 else say.every(n) if c == n else f"{say.n(c)} of the {say.n(n)}"
        text += (
            f" The other cities' published figures are consistent with {whole} rank{'s' if n > 1 else ''}" if c else ""
        )
        if by["inconsistent"]:
            text += (" and contradict" if c else " The other cities' published figures contradict") + (
                f" the rank for {say.names(by['inconsistent'])}"
            )
        if by["untestable"]:
            text += f"; the rank for {say.names(by['untestable'])} cannot be tested, as no other city's figure is known"
        text += f". Even the best-covered rank rests on {say.n(r['best_known'])} of the {say.n(others)} other cities."
    return text + say.extra()


def ranks_title(r: dict, lang: str | None = None, data: Any = None) -> str:
    """The finding of the rank-ranges chart."""
    say, year = _Say(lang, data), r["year"]
    checks = r["growth_checks"]
    bad = checks.loc[checks["status"] == "inconsistent", "indicator"].tolist()
    c = int((checks["status"] == "consistent").sum())
    if bad:
        if say.zh:
            return f"抚州{year}年公布的{say.names(bad)}排名与其他城市已知数据矛盾"
        return f"Another city's figure contradicts Fuzhou's stated {year} rank for {say.names(bad)}"
    if not c:
        return f"抚州{year}年公布的排名都无法检验" if say.zh else f"None of Fuzhou's stated {year} ranks can be tested"
    ok = checks[checks["status"] == "consistent"]
    sure = int((ok["rank_min_possible"] == ok["rank_max_possible"]).sum())
    if say.zh:
        head = f"没有已公布的数据与抚州{year}年公布的排名矛盾"
        if not sure:
            return head + "，但公布数据的城市太少，" + ("一项也无法确证" if c > 1 else "还无法确证")
        return head + ("，且全部可以确证" if sure == c else f"，其中{say.n(sure)}项可以确证")
    ranks = "ranks" if c > 1 else "rank"
    head = f"No published figure contradicts Fuzhou's stated {year} {ranks}"
    if not sure:
        return head + ", but too few cities report to confirm " + ("any" if c > 1 else "it")
    return head + (", and every one is confirmed" if sure == c else f"; {say.n(sure)} can be confirmed")


def ranks_untested_text(r: dict, lang: str | None = None, data: Any = None) -> str:
    """In place of the rank-ranges chart when no stated rank can be tested (or none is stated)."""
    say, year = _Say(lang, data), r["year"]
    last = len(r["cities"])
    if not len(r["growth_checks"]):
        return (
            f"抚州{year}年没有公布全省排名，无从检验。"
            if say.zh
            else f"Fuzhou states no rank for {year}, so there is nothing to check."
        )
    if say.zh:
        return (
            f"{year}年没有一项公布排名可以检验：没有其他城市的数据，从{ordinal(1, 'zh')}到"
            f"{ordinal(last, 'zh')}的任何名次都有可能，因此不作图。"
        )
    return (
        f"No stated rank can be tested for {year}: with no other city's figure known, any rank from "
        f"{ordinal(1)} to {ordinal(last)} remains possible, so there is nothing to chart."
    )


def peer_title(r: dict, indicator: str, lang: str | None = None, data: Any = None) -> str:
    """The finding of one indicator's peer chart: where Fuzhou stands among the cities with a figure."""
    say, s = _Say(lang, data), r["standing"][indicator]
    if say.zh:
        where = "最高" if s["position"] == 1 else f"排{ordinal(s['position'], 'zh')}"
        return f"在有{r['year']}年数据的{say.n(s['known'])}个城市中，抚州{say.name(indicator)}{where}"
    where = "the highest" if s["position"] == 1 else f"the {ordinal(s['position'])} highest"
    return f"Fuzhou's {say.name(indicator)} was {where} of the {say.n(s['known'])} cities with a {r['year']} figure"


def peer_caption(r: dict, indicator: str, lang: str | None = None, data: Any = None) -> str:
    """How to read one indicator's peer chart: the stated rank, the range the figures allow, the caveats."""
    say = _Say(lang, data)
    check = r["growth_checks"].set_index("indicator").loc[indicator]
    s = r["standing"][indicator]
    low, high = ordinal(check["rank_min_possible"], say.lang), ordinal(check["rank_max_possible"], say.lang)
    behind = int(check["stated_rank"]) - s["position"] if check["status"] == "consistent" else 0
    if say.zh:
        verdict = {"consistent": "相符", "inconsistent": "矛盾"}[check["status"]]
        text = (
            f"公布排名：全省{ordinal(check['stated_rank'], 'zh')}。已知数据允许的名次为{low}至{high}，"
            f"公布排名与之{verdict}。"
        )
        if behind:
            text += f"若属实，没有数据的城市中至少有{say.n(behind)}个增长更快。"
        return text
    verdict = {"consistent": "consistent with them", "inconsistent": "contradicts them"}[check["status"]]
    text = (
        f"Stated rank: {ordinal(check['stated_rank'])}. The known figures allow any rank from {low} to {high}; "
        f"the stated rank is {verdict}."
    )
    if behind:
        many = "city" if behind == 1 else "cities"
        text += f" If it is right, at least {say.n(behind)} {many} without a figure grew faster."
    return text


def alone_text(r: dict, lang: str | None = None, data: Any = None) -> str:
    """The stated ranks with no other city's figure: a sentence instead of a one-bar chart."""
    say, year, alone = _Say(lang, data), r["year"], r["alone"]
    if not alone:
        return ""
    value = {i: r["standing"][i]["value"] for i in alone}
    if say.zh:
        which = "这项排名" if len(alone) == 1 else "这些排名"
        items = "、".join(f"{say.bare(i)}{change(value[i], 'zh')}" for i in alone)
        return f"数据中没有其他城市{year}年的{say.names(alone)}，{which}无法检验，也无需作图。抚州{items}。"
    which = "that rank" if len(alone) == 1 else "those ranks"
    if len(alone) == 1:
        items = f"Fuzhou's {say.name(alone[0])} was {pct(value[alone[0]])}"
    else:
        items = "Fuzhou's figures: " + join([f"{say.name(i)} {pct(value[i])}" for i in alone])
    return (
        f"No other city's {year} figure for {say.names(alone)} is in the data, so {which} cannot be checked "
        f"and there is nothing to chart. {items}."
    )


def cities_table(r: dict, kind: str = "growth", lang: str | None = None, data: Any = None) -> pd.DataFrame | None:
    """Every figure the data holds for the eleven cities in the year: growth rates (`kind='growth'`)
    or levels in 亿元 (`kind='levels'`); one row per indicator, one column per city; the stated
    rank in brackets; ≈ for an approximate figure. None when no city but Fuzhou has a figure
    (a table of gaps would say nothing; `coverage_text` and `level_text` say it in a sentence).
    """
    say, year = _Say(lang, data), r["year"]
    cells = r[kind]
    if cells["value"].empty or cells["value"].drop(index="fuzhou").isna().all().all():
        return None
    columns = {}
    for c in r["cities"]:
        column = []
        for i in cells["value"].columns:
            v, rank, rough = cells["value"].loc[c, i], cells["rank"].loc[c, i], cells["approximate"].loc[c, i]
            if _missing(v):
                column.append(say.na)
                continue
            text = ("≈" if rough else "") + (pct(v) if kind == "growth" else level(v, say.lang))
            if not _missing(rank):
                text += f"（{say.rank(rank)}）" if say.zh else f" ({say.rank(rank)})"
            column.append(text)
        columns[say.place[c]] = column
    rows = [say.name(i, capital=True) for i in cells["value"].columns]
    if say.zh:
        head = f"{year}年增速" if kind == "growth" else f"{year}年总量（亿元）"
    else:
        head = f"Growth in {year}" if kind == "growth" else f"Level in {year}, 亿元 (RMB 100 million)"
    return say.frame(columns, rows, head)


def coverage_text(r: dict, lang: str | None = None, data: Any = None) -> str:
    """How thin the evidence behind every rank is: cities with a figure, per headline indicator."""
    say, year, cov = _Say(lang, data), r["year"], r["coverage"]
    total = len(r["cities"])
    most = max(cov.values())
    best = [i for i, k in cov.items() if k == most]
    fuzhou = r["growth"]["value"].loc["fuzhou"]
    only = [i for i, k in cov.items() if k == 1 and not _missing(fuzhou[i])]
    none = [i for i, k in cov.items() if k == 0]
    if most <= 1 and not any(k == 1 and _missing(fuzhou[i]) for i, k in cov.items()):
        if say.zh:
            return f"数据中没有抚州以外任何城市{year}年的增速数据。"
        return f"The data holds no {year} growth figure for any city other than Fuzhou."
    if say.zh:
        text = (
            f"可用的数据很少：{year}年，{say.n(total)}个设区市中，任何一项增速指标最多只有"
            f"{say.n(most)}个城市有数据（{say.names(best)}）"
        )
        if only:
            text += f"；{say.names(only)}只有抚州一市的数据"
        if none:
            text += f"；{say.names(none)}没有任何城市的数据"
        return text + "。"
    text = (
        f"The evidence is thin: of the {say.n(total)} cities, the data holds a {year} figure for at most "
        f"{say.n(most)} on any growth indicator ({say.names(best)})"
    )
    if only:
        text += f", and for Fuzhou alone on {say.names(only)}"
    if none:
        text += f"; for {say.names(none)} it holds none"
    return text + "."


def level_text(r: dict, lang: str | None = None, data: Any = None) -> str:
    """The ranks stated for levels (the size of the economy), checked, with the source's reliability."""
    from .labels import label

    say, year = _Say(lang, data), r["year"]
    lines = []
    for c in r["level_checks"].itertuples():
        reliability = r["level_reliability"][c.indicator]
        rel = label(f"value.{reliability}", say.lang)
        low, high = ordinal(c.rank_min_possible, say.lang), ordinal(c.rank_max_possible, say.lang)
        known = [g for g in r["cities"] if g != "fuzhou" and not _missing(r["levels"]["value"].loc[g, c.indicator])]
        peers = join([say.place[g] for g in known], say.lang)
        verdict = c.status
        if say.zh:
            line = (
                f"一个{rel}来源称，抚州{year}年{say.name(c.indicator)}为{level(c.fuzhou, 'zh')}亿元，"
                f"居全省{ordinal(c.stated_rank, 'zh')}。"
            )
            if known:
                line += f"数据中其他城市（{peers}）的数字允许的名次为{low}至{high}，" + (
                    "与这一排名相符。" if verdict == "consistent" else "与这一排名矛盾。"
                )
            if reliability == "secondary":
                line += "该来源为二手来源，只宜作为线索，不宜作为定论。"
        else:
            line = (
                f"A{'n' if rel[:1] in 'aeiou' else ''} {rel} source ranks Fuzhou {ordinal(c.stated_rank)} in "
                f"Jiangxi for its {year} {say.name(c.indicator)} of {level(c.fuzhou)} 亿元."
            )
            if known:
                line += (
                    f" The figures of the other cities in the data ({peers}) allow any rank from {low} to {high}, "
                    + ("so they are consistent with it." if verdict == "consistent" else "so they contradict it.")
                )
            if reliability == "secondary":
                line += " Treat it as a lead, not a fact."
        lines.append(line)
    if not lines:
        values = r["levels"]["value"]
        if values.empty:
            return (
                f"数据中没有{year}年各城市的总量数据。"
                if say.zh
                else f"The data holds no city's level figures for {year}."
            )
        if values.drop(index="fuzhou").isna().all().all():
            if say.zh:
                return f"数据中没有抚州以外任何城市{year}年的总量数据。"
            return f"The data holds no {year} level figure for any city other than Fuzhou."
        sizes = []
        for ind in values.columns:
            column = values[ind].dropna()
            if "fuzhou" not in column.index or len(column) < 2:
                continue
            larger = [g for g in column.index if g != "fuzhou" and column[g] > column["fuzhou"]]
            biggest = column.drop(index="fuzhou").idxmax()
            share = column["fuzhou"] / column[biggest]
            if say.zh:
                sizes.append(
                    f"{say.name(ind)}：数据中有{say.n(len(column))}个城市，其中{say.n(len(larger))}个比抚州大；"
                    f"抚州{level(column['fuzhou'], 'zh')}亿元，约为{say.place[biggest]}的{share:.0%}"
                )
            else:
                sizes.append(
                    f"{say.name(ind, True)}: of the {say.n(len(column))} cities with a figure, {say.n(len(larger))} "
                    f"{'is' if len(larger) == 1 else 'are'} larger than Fuzhou, whose {level(column['fuzhou'])} 亿元 "
                    f"is {share:.0%} of {say.place[biggest]}'s"
                )
        if say.zh:
            text = f"现有来源没有按{year}年的总量给出抚州的全省排名。但从数据中的总量看，抚州的体量并不大。"
            return text + ("".join(f"{x}。" for x in sizes) if sizes else "")
        text = (
            f"No source at hand ranks Fuzhou by its {year} levels, but the levels the data holds show it is no giant."
        )
        return text + ("".join(f" {x}." for x in sizes) if sizes else "")
    return ("" if say.zh else " ").join(lines)


# ------------------------------------------------------------------------------- targets


def targets_text(t: dict, lang: str | None = None, data: Any = None) -> str:
    """What the year's targets and outcomes say, from `findings.target_findings`: Fuzhou's own
    targets (or the gap), then each place whose targets can be judged, met and missed by name.

    >>> import fuzhou_data as fd
    >>> from fuzhou_data.findings import target_findings
    >>> targets_text(target_findings(fd.Dataset(), 2025)).split(". ")[0]
    "**Fuzhou's own targets for 2025 are not in the sources at hand**, so its growth cannot be set against its plan"
    """
    say, year = _Say(lang, data), t["year"]
    judged, checks = t["judged"], t["checks"]
    if checks.empty and not t["fuzhou_gap"]:
        return f"数据中没有{year}年的目标。" if say.zh else f"The data holds no targets for {year}."
    found = say.ds.target_check(list(checks["geo"].unique()), year, say.lang)
    words = {(r.geo, r.indicator): r.target for r in found.itertuples()}
    place = {**say.place, **({"china": "全国"} if say.zh else {})}
    lines = []
    if (checks["geo"] == "fuzhou").sum() == 0:
        if say.zh:
            lines.append(
                _strong_zh(f"抚州本市{year}年的目标在现有来源中没有找到。") + "因此，抚州的增长无法与它自己的计划对照。"
            )
        else:
            lines.append(
                f"**Fuzhou's own targets for {year} are not in the sources at hand**, so its growth cannot be set "
                "against its plan."
            )
        if not judged.empty:
            lines.append(
                "其他地方的目标和结果可以作参照：" if say.zh else "Other places show how targets and outcomes relate."
            )
    if judged.empty:
        lines.append(
            f"{year}年的目标都还没有实际数字可以对照。" if say.zh else f"No target for {year} has an outcome yet."
        )
        return ("" if say.zh else " ").join(lines)

    def said(r: Any) -> str:
        target = words[(r.geo, r.indicator)]
        if say.zh:
            return f"{say.name(r.indicator, geo=r.geo)}{pct(r.outcome)}（目标{target}）"
        return f"{say.name(r.indicator)} {pct(r.outcome)} (target: {target})"

    for geo, rows in judged.groupby("geo", sort=False):
        met, missed = rows[rows["status"] == "met"], rows[rows["status"] == "missed"]
        if say.zh:
            if missed.empty:
                text = (
                    f"{place[geo]}的目标完成了："
                    if len(rows) == 1
                    else f"{place[geo]}的{say.n(len(rows))}项目标全部完成："
                )
            else:
                text = f"{place[geo]}{say.n(len(rows))}项目标完成{say.n(len(met))}项" + ("：" if len(met) else "，")
            text += "；".join(said(r) for r in met.itertuples())
            if len(missed):
                text += ("；" if len(met) else "") + "未完成的是" + "；".join(said(r) for r in missed.itertuples())
            lines.append(text + "。")
        else:
            if missed.empty:
                text = f"{place[geo]} met " + (
                    {1: "its one target: ", 2: "both its targets: "}.get(
                        len(rows), f"all {say.n(len(rows))} of its targets: "
                    )
                )
            else:
                text = f"{place[geo]} met {say.n(len(met))} of its {say.n(len(rows))} targets" + (
                    ": " if len(met) else ". "
                )
            text += " and ".join(said(r) for r in met.itertuples())
            if len(missed):
                text += ("; it missed " if len(met) else "It missed ") + " and ".join(
                    said(r) for r in missed.itertuples()
                )
            lines.append(text + ".")
    return ("" if say.zh else " ").join(lines)


def targets_table(t: dict, lang: str | None = None, data: Any = None) -> pd.DataFrame | None:
    """The year's targets with an outcome: place, indicator, target, outcome, met or missed, margin."""
    judged = t["judged"]
    if judged.empty:
        return None
    say = _Say(lang, data)
    words = say.ds.target_check(list(judged["geo"].unique()), t["year"], say.lang).set_index(["geo", "indicator"])
    shown = judged[["geo", "indicator", "target", "outcome", "status", "margin_pp"]].copy()
    shown["target"] = [words.loc[(g, i), "target"] for g, i in zip(shown["geo"], shown["indicator"])]
    # names by place (China's GDP is 国内生产总值); table() keeps a name it has no id for
    shown["indicator"] = [say.name(i, True, g) for g, i in zip(shown["geo"], shown["indicator"])]
    return table(shown, lang, index="geo")


def claim_quote(g: dict, lang: str | None = None, data: Any = None) -> str:
    """The article's claim that the main indicators grew faster than China's and Jiangxi's, quoted
    from the data (`passages`, id ``claim_above``), when the notebook tells the year the claim is
    about (the year of the article's own figures); else an empty string.

    >>> import fuzhou_data as fd
    >>> from fuzhou_data.findings import growth_findings
    >>> claim_quote(growth_findings(fd.Dataset(), 2025), "zh").startswith("> 不久前结束的抚州两会上")
    True
    """
    say = _Say(lang, data)
    article_years = set(say.ds.figures("fuzhou")[lambda f: f["source"] == "article_2026"]["year"])
    if g["year"] not in article_years:
        return ""
    claim = say.ds.passages().set_index("id").loc["claim_above"]
    if say.zh:
        return f"> {claim['text_zh']}。\n>\n> ——报道原文（`{claim['source']}`）"
    return f"> {claim['text_zh']}。\n>\n> “{claim['text_en']}” (the article, `{claim['source']}`)"
