"""The schema of every bundled table: columns, types, allowed values, keys and references.

One place describes the files in ``fuzhou_data/data``; the loader validates against it and the
data-package descriptor is written from it. Importing this module is cheap (no pandas).
"""

from __future__ import annotations

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
RELIABILITY = ("official", "news", "secondary")
SOURCE_KINDS = ("article", "official", "news", "secondary")
LEVELS = ("country", "province", "city")
INDICATOR_KINDS = ("growth", "level")
N_CITIES = 11  # Jiangxi's prefecture-level cities; ranks run 1..11
YEARS = (2000, 2035)
GROWTH_RANGE = (-60.0, 150.0)  # % on the previous year; anything outside is a typo, not a figure
# "About X" (左右): governments set and round growth figures in half-point steps, so an "about X" covers
# every value nearer X than the next half point: X - 0.25 to X + 0.25 (inclusive). Used for targets of
# kind "about" and for approximate figures in rank checks.
ABOUT_TOLERANCE_PP = 0.25


class Column:
    """One column: its type, whether it is required, and what values it allows."""

    __slots__ = ("name", "type", "required", "description", "allowed", "pattern", "minimum", "maximum", "ref")

    def __init__(
        self,
        name: str,
        type: str = "string",  # string | integer | number | boolean
        required: bool = True,
        description: str = "",
        allowed: tuple[str, ...] | None = None,
        pattern: str | None = None,
        minimum: float | None = None,
        maximum: float | None = None,
        ref: tuple[str, str] | None = None,  # (table, column) this column points at
    ) -> None:
        self.name, self.type, self.required, self.description = name, type, required, description
        self.allowed, self.pattern, self.minimum, self.maximum, self.ref = allowed, pattern, minimum, maximum, ref


class Table:
    """One bundled table: its file, columns and primary key."""

    __slots__ = ("name", "description", "columns", "key")

    def __init__(self, name: str, description: str, columns: tuple[Column, ...], key: tuple[str, ...]) -> None:
        self.name, self.description, self.columns, self.key = name, description, columns, key

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _id(desc: str = "Identifier", pattern: str = ID_PATTERN) -> Column:
    return Column("id", description=desc, pattern=pattern)


THEMATIC_RULE = (
    "A thematic link holds when the action's evidence phrase itself names part of the zone's subject as the "
    "zone's name states it: z1 the new-energy vehicle industry and its chain (the industrial park, complete "
    "vehicles, parts, the aftermarket); z2 sci-tech finance and its reform (pilots, bank branches, credit, "
    "insurance, funds, capital-market financing, reform pilot zones); z3 fine traditional culture and its "
    "heritage (Linchuan's history and heritage, traditional Chinese medicine) and the work that carries it on "
    "and renews it; z4 ecological civilisation (environmental quality, carbon peaking, the value of ecological "
    "products, ecological culture, ecology as a county's strength). Not enough: buying or using the zone's "
    "product (charging points, NEV buses, spending on culture and tourism), a word shared in another sense "
    "(red culture is revolutionary, not traditional, culture; a similar name for another zone), or a goal "
    "shared with many other items."
)
"""How a thematic link of measure_zones is judged; written into the table's description."""

SRC = Column("source", description="Source id", ref=("sources", "id"))
ORDER = Column("order", "integer", description="Position in the article (or catalogue) order", minimum=1)

TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        Table(
            "labels",
            "Interface text in English and Chinese: column headers, chart titles, legend entries",
            (
                Column(
                    "id",
                    description="Label id (col.* column headers, value.* values, chart.* chart text)",
                    pattern=r"^[a-z][a-z0-9_]*\.[a-z0-9_.]+$",
                ),
                Column("en", description="English"),
                Column("zh", description="Chinese"),
            ),
            ("id",),
        ),
        Table(
            "sources",
            "Catalogue of sources: every figure and policy item names one",
            (
                _id("Source id"),
                Column("title", description="Title as published"),
                Column("title_en", description="English rendering of the title"),
                Column(
                    "publisher",
                    description="Who published the text; for a copy, the original publisher (see read_on)",
                ),
                Column(
                    "published",
                    required=False,
                    description="Publication date of the text (may be approximate; how it was inferred: date_note)",
                ),
                Column("url", required=False, description="Address of the page read, where known"),
                Column(
                    "kind",
                    allowed=SOURCE_KINDS,
                    description="What the text is: article, official (a government or statistics-bureau text), "
                    "news or secondary (self-media, aggregators)",
                ),
                Column("note", required=False, description="Remarks on the source"),
                Column(
                    "copy",
                    "boolean",
                    description="true where the page read is a third-party repost of a text first published "
                    "elsewhere; the reliability of its figures then follows the site it was read on, never "
                    "'official', since the original was not seen",
                ),
                Column("read_on", description="The site the page was read on, and what kind of site it is"),
                Column("original_url", required=False, description="Address of the original, for a copy, where known"),
                Column(
                    "date_note",
                    required=False,
                    description="Why `published` is empty or approximate, and how the date was inferred",
                ),
            ),
            ("id",),
        ),
        Table(
            "units",
            "Units of measurement",
            (
                Column("id", description="Unit as written in the data"),
                Column("name_zh", description="Chinese name"),
                Column("name_en", description="English name"),
                Column("kind", allowed=INDICATOR_KINDS, description="growth or level"),
            ),
            ("id",),
        ),
        Table(
            "geographies",
            "Places: China, Jiangxi and Jiangxi's eleven prefecture-level cities",
            (
                _id("Place id (pinyin)"),
                ORDER,
                Column("name_zh", description="Short Chinese name"),
                Column("name_en", description="Short English name"),
                Column("full_name_zh", description="Full Chinese name"),
                Column("full_name_en", description="Full English name"),
                Column("level", allowed=LEVELS, description="country, province or city"),
                Column("parent", required=False, description="Enclosing place", ref=("geographies", "id")),
                Column("note_en", required=False, description="Remarks"),
            ),
            ("id",),
        ),
        Table(
            "indicators",
            "Indicators: growth rates and levels",
            (
                _id("Indicator id"),
                ORDER,
                Column("name_zh", description="Official Chinese name"),
                Column("name_en", description="English name"),
                Column("short_zh", description="Short Chinese label for charts"),
                Column("short_en", description="Short English label for charts"),
                Column("unit", description="Unit", ref=("units", "id")),
                Column("kind", allowed=INDICATOR_KINDS, description="growth or level"),
                Column("definition_en", description="What the indicator measures"),
            ),
            ("id",),
        ),
        Table(
            "figures",
            "Figures: one row per place, indicator, year and source",
            (
                Column("geo", description="Place id", ref=("geographies", "id")),
                Column("indicator", description="Indicator id", ref=("indicators", "id")),
                Column("year", "integer", description="Year the figure describes", minimum=YEARS[0], maximum=YEARS[1]),
                Column("value", "number", description="The figure, in `unit`"),
                Column("unit", description="Unit; must be the indicator's unit", ref=("units", "id")),
                Column(
                    "rank",
                    "integer",
                    required=False,
                    description="Rank among Jiangxi's 11 cities, where the source states one",
                    minimum=1,
                    maximum=N_CITIES,
                ),
                Column("basis", description="How it was measured (real, nominal, preliminary, ...)"),
                Column("approximate", "boolean", description="true where the source says 左右 (about)"),
                Column("reliability", allowed=RELIABILITY, description="official, news or secondary"),
                SRC,
                Column("locator", description="The phrase of the source that states the figure"),
            ),
            ("geo", "indicator", "year", "source"),
        ),
        Table(
            "gaps",
            "Known gaps: figures not available in the sources at hand, and why",
            (
                Column("geo", description="Place id", ref=("geographies", "id")),
                Column("indicator", description="Indicator id", ref=("indicators", "id")),
                Column("year", "integer", description="Year", minimum=YEARS[0], maximum=YEARS[1]),
                Column("reason_en", description="Why the figure is missing"),
                Column("source", required=False, description="Source of any statement about it", ref=("sources", "id")),
            ),
            ("geo", "indicator", "year"),
        ),
        Table(
            "directions",
            "The six directions of work for 2026, in the article's order",
            (
                _id("Direction id", r"^d[0-9]+$"),
                ORDER,
                Column("title_zh", description="Short title, verbatim"),
                Column("slogan_zh", description="Slogan, verbatim"),
                Column("title_en", description="English rendering of the title"),
                Column("slogan_en", description="English rendering of the slogan"),
                Column("note_en", required=False, description="Remarks on the wording"),
                SRC,
            ),
            ("id",),
        ),
        Table(
            "measures",
            "The fifteen measures under the six directions",
            (
                _id("Measure id", r"^m[0-9]{2}$"),
                Column("direction", description="Direction id", ref=("directions", "id")),
                Column("order", "integer", description="Position within the direction", minimum=1),
                Column("name_zh", description="Official wording, verbatim"),
                Column("name_en", description="English rendering"),
                Column("note_en", required=False, description="Remarks (page splits)"),
                SRC,
            ),
            ("id",),
        ),
        Table(
            "actions",
            "The concrete actions of each measure, as short items",
            (
                _id("Action id", r"^m[0-9]{2}-a[0-9]{2}$"),
                Column("measure", description="Measure id", ref=("measures", "id")),
                Column("order", "integer", description="Position within the measure", minimum=1),
                Column("text_zh", description="Official wording, verbatim"),
                Column("text_en", description="English rendering"),
                SRC,
            ),
            ("id",),
        ),
        Table(
            "zones",
            "The four development zones (四区) of the 15th Five-Year Plan period",
            (
                _id("Zone id", r"^z[0-9]+$"),
                ORDER,
                Column("name_zh", description="Official name, verbatim"),
                Column("name_en", description="English rendering"),
                Column("scope", allowed=("city", "province", "nation"), description="Whose zone it claims to be"),
                Column("summary_en", description="What the zone is about, in plain words"),
                SRC,
            ),
            ("id",),
        ),
        Table(
            "tasks",
            "The eleven key tasks of the 15th Five-Year Plan period",
            (
                _id("Task id", r"^t[0-9]{2}$"),
                ORDER,
                Column("text_zh", description="Official wording, verbatim"),
                Column("text_en", description="English rendering"),
                SRC,
            ),
            ("id",),
        ),
        Table(
            "measure_zones",
            "Which measures and actions serve which zone, with the phrase that justifies each link. " + THEMATIC_RULE,
            (
                Column("measure", description="Measure id", ref=("measures", "id")),
                Column("action", description="Action id", ref=("actions", "id")),
                Column("zone", description="Zone id", ref=("zones", "id")),
                Column(
                    "strength",
                    allowed=("explicit", "thematic"),
                    description="explicit: the action names the zone in the zone's own exact Chinese words; "
                    "thematic: judged by THEMATIC_RULE (see the table description)",
                ),
                Column(
                    "evidence_zh",
                    description="Phrase of the action that justifies the link: for an explicit link the zone's "
                    "name; for a thematic one the phrase the reasoning (why_en) relies on",
                ),
                Column("why_en", description="The reasoning, in English"),
                SRC,
            ),
            ("action", "zone"),
        ),
        Table(
            "bearings",
            "Which indicators bear on each zone or direction of work, and why (editorial links)",
            (
                Column("target", description="Zone or direction id", pattern=r"^[dz][0-9]+$"),
                Column("indicator", description="Indicator id", ref=("indicators", "id")),
                Column("why_en", description="Why the indicator bears on it"),
            ),
            ("target", "indicator"),
        ),
        Table(
            "task_directions",
            "Which direction of work each key task belongs to, with the phrase that justifies it: exactly one "
            "primary direction per task, and a secondary one where the task truly belongs to two",
            (
                Column("task", description="Task id", ref=("tasks", "id")),
                Column("direction", description="Direction id", ref=("directions", "id")),
                Column(
                    "role",
                    allowed=("primary", "secondary"),
                    description="primary: the direction the task belongs to; secondary: a second direction "
                    "whose own measures also carry the task",
                ),
                Column("evidence_ref", description="Id of the direction, measure or action quoted"),
                Column("evidence_zh", description="The phrase quoted"),
                Column("why_en", description="The reasoning, in English"),
                SRC,
            ),
            ("task", "direction"),
        ),
        Table(
            "glossary",
            "Recurring policy terms with the one English rendering every English text of the data uses",
            (
                Column("term_zh", description="The Chinese term as it appears in the article"),
                Column("term_en", description="Its English rendering, used wherever the term occurs"),
                Column(
                    "forms_en",
                    required=False,
                    description="Other accepted forms of term_en (inflections, hyphenated compounds), separated by |",
                ),
                Column(
                    "note",
                    required=False,
                    description="The official or established English name where there is one, and why this rendering",
                ),
            ),
            ("term_zh",),
        ),
        Table(
            "passages",
            "Passages of the article kept verbatim beyond the policy lists: the claim, the lead, the zones' "
            "rationale, the key-task heading, the city's epithet",
            (
                _id("Passage id"),
                Column("order", "integer", description="Position in the article's reading order", minimum=1),
                Column("place_en", description="Where the passage stands in the article"),
                Column("text_zh", description="The passage, verbatim"),
                Column("text_en", description="English rendering"),
                SRC,
            ),
            ("id",),
        ),
        Table(
            "themes",
            "The 2026 actions of each direction grouped by theme, each with a plain-words summary (editorial)",
            (
                _id("Theme id"),
                Column("direction", description="Direction id", ref=("directions", "id")),
                Column("order", "integer", description="Position within the direction", minimum=1),
                Column("title_zh", description="Short title in Chinese"),
                Column("title_en", description="Short title in English"),
                Column("summary_zh", description="What the theme's actions will do, summarised in Chinese"),
                Column("summary_en", description="What the theme's actions will do, summarised in English"),
            ),
            ("id",),
        ),
        Table(
            "action_themes",
            "The theme of each 2026 action: every action has exactly one, within its own direction",
            (
                Column("action", description="Action id", ref=("actions", "id")),
                Column("theme", description="Theme id", ref=("themes", "id")),
            ),
            ("action",),
        ),
        Table(
            "watch",
            "What would show a zone's or direction's progress but is not in the data: no source at hand "
            "publishes it for Fuzhou (editorial)",
            (
                Column("target", description="Zone or direction id", pattern=r"^[dz][0-9]+$"),
                Column("order", "integer", description="Position within the target", minimum=1),
                Column("item_zh", description="The statistic, in Chinese"),
                Column("item_en", description="The statistic, in English"),
            ),
            ("target", "order"),
        ),
    ]
}

# Load order: a table's references point only at tables earlier in this list.
ORDER_OF_LOADING = list(TABLES)

# ------------------------------------------------------------------------------------ targets

TARGET_KINDS = ("about", "at_least", "at_most", "range", "in_step_with")
"""How a target is worded: 左右 (about X), 以上 (at least X), 以内/以下 (at most X), a range
(X—Y), or 同步 (in step with another indicator). See fuzhou_data.target_rules for how each is met."""

TARGET_STATUSES = ("met", "missed", "open")

TABLES["targets"] = Table(
    "targets",
    "Annual targets as governments publish them (work reports), one row per place, indicator and year",
    (
        Column("geo", description="Place id", ref=("geographies", "id")),
        Column("indicator", description="Indicator id (a growth rate)", ref=("indicators", "id")),
        Column("year", "integer", description="Year the target is for", minimum=YEARS[0], maximum=YEARS[1]),
        Column(
            "kind",
            allowed=TARGET_KINDS,
            description="about (左右), at_least (以上), at_most (以内), range (X—Y) or in_step_with (同步)",
        ),
        Column(
            "low",
            "number",
            required=False,
            description="Lower bound (indicator's unit; about: the stated figure; empty for at_most and in_step_with)",
        ),
        Column(
            "high",
            "number",
            required=False,
            description="Upper bound (indicator's unit; about: the stated figure; empty for at_least and in_step_with)",
        ),
        Column(
            "in_step_with",
            required=False,
            description="For kind in_step_with: the indicator the target moves with; else empty",
            ref=("indicators", "id"),
        ),
        Column("quote", description="The phrase of the source that states the target, quoted exactly"),
        SRC,
        Column("reliability", allowed=RELIABILITY, description="official, news or secondary"),
        Column("note_en", required=False, description="Remarks: basis, other sources, caveats"),
    ),
    ("geo", "indicator", "year"),
)

TABLES["target_gaps"] = Table(
    "target_gaps",
    "Known gaps in the targets: targets not found in the sources at hand, and why",
    (
        Column("geo", description="Place id", ref=("geographies", "id")),
        Column("indicator", description="Indicator id", ref=("indicators", "id")),
        Column("year", "integer", description="Year of the missing target", minimum=YEARS[0], maximum=YEARS[1]),
        Column("reason_en", description="Why the target is missing"),
        Column("source", required=False, description="Source of any statement about it", ref=("sources", "id")),
    ),
    ("geo", "indicator", "year"),
)

ORDER_OF_LOADING = list(TABLES)
