"""Property-based tests of the loader of extra figures (hypothesis).

Random cells and rows in an extra figures file either load as exactly the values written, or
raise DataValidationError naming the file, a line and a column (a duplicate key names its line
only: the fault is the row's key, not one cell); nothing else escapes. The
expected values are worked out here from the text written, independently of the loader: text
cells are the text itself, numbers are plain decimals (sign, ASCII digits, one point, optional
exponent) and whole numbers ASCII digits.
"""

from __future__ import annotations

import csv
import io
import math
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from fuzhou_data import _load
from fuzhou_data.errors import DataValidationError
from fuzhou_data.schema import RELIABILITY, TABLES

BUNDLED = _load.load_rows()
FIGURES = TABLES["figures"]
COLUMNS = FIGURES.column_names
HEADER = ",".join(COLUMNS)
PLAIN_DECIMAL = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
WHOLE = re.compile(r"-?[0-9]+")
# No example database: every run searches afresh, and no failing examples are stored.
SETTINGS = settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

CITIES = sorted(r["id"] for r in BUNDLED["geographies"] if r["level"] == "city")
GROWTH = sorted(r["id"] for r in BUNDLED["indicators"] if r["kind"] == "growth")
SOURCES = sorted(r["id"] for r in BUNDLED["sources"])

# Characters that break naive parsers: separators, quotes, line ends, spaces of all kinds,
# digits of other scripts, signs, formula starts, Chinese text.
TRICKY = ",\"'\n\r\t \u3000\u00a0_.+-eE%=@０１２３５９٣٥\u4e00地区增长\ufeff\x00\\"
noise = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(codec="utf-8"), max_size=12)


def numbers() -> st.SearchStrategy[str]:
    """Texts for a number: well-formed decimals in many spellings, or noise."""
    value = st.floats(min_value=-60, max_value=150, allow_nan=False)
    spelled = st.one_of(
        value.map(repr),
        value.map(lambda v: f"{v:.1f}"),
        value.map(lambda v: f"{v:e}"),
        value.map(lambda v: f"+{abs(v):.2f}"),
        st.integers(-60, 150).map(str),
        st.sampled_from(["5_9", "５.９", "5.", ".5", "1e999", "nan", "-inf", "1,5", " 5.9", "5.9 ", "0x10"]),
    )
    return st.one_of(spelled, noise)


def cell(column: str) -> st.SearchStrategy[str]:
    """Texts for one cell of figures.csv: mostly plausible, sometimes noise."""
    plausible = {
        "geo": st.sampled_from(CITIES + ["fuzhou", "Fuzhou", "atlantis"]),
        "indicator": st.sampled_from(GROWTH + ["gdp", "GDP_growth"]),
        "year": st.one_of(st.integers(1990, 2040).map(str), st.sampled_from(["２０２６", "2_026", "2026.0"])),
        "value": numbers(),
        "unit": st.sampled_from(["%", "亿元", "pct"]),
        "rank": st.one_of(st.just(""), st.integers(-1, 13).map(str)),
        "basis": st.sampled_from(["real", "nominal", "=1+2", "-", "preliminary"]),
        "approximate": st.sampled_from(["true", "false", "True", "1", ""]),
        "reliability": st.sampled_from([*RELIABILITY, "Official", "rumour"]),
        "source": st.sampled_from([*SOURCES, "my_source"]),
        "locator": st.sampled_from(["增长6.0%", "地区生产总值增长5.9%左右", "@SUM(A1)"]),
    }[column]
    return st.one_of(plausible, plausible, plausible, noise)


text_cell = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=15).filter(
    lambda t: t == t.strip()
)


@st.composite
def valid_row(draw: st.DrawFn) -> list[str]:
    """A row that is valid on its own (it may still clash with another row or a bundled one)."""
    value = draw(st.floats(min_value=-60, max_value=150, allow_nan=False))
    spelled = draw(st.sampled_from([repr(value), f"{value:.1f}", f"{value:e}", f"{value:+.3f}"]))
    return [
        draw(st.sampled_from(CITIES)),
        draw(st.sampled_from(GROWTH)),
        str(draw(st.integers(2000, 2035))),
        spelled,
        "%",
        draw(st.one_of(st.just(""), st.integers(1, 11).map(str))),
        draw(st.one_of(st.sampled_from(["real", "nominal", "preliminary"]), text_cell)),
        draw(st.sampled_from(["true", "false"])),
        draw(st.sampled_from(RELIABILITY)),
        draw(st.sampled_from(SOURCES)),
        draw(text_cell),
    ]


@st.composite
def mutated_row(draw: st.DrawFn) -> tuple[str, ...]:
    """A valid row with none, one or two cells replaced by random text."""
    row = draw(valid_row())
    for index in draw(st.lists(st.integers(0, len(COLUMNS) - 1), max_size=2)):
        row[index] = draw(cell(COLUMNS[index]))
    return tuple(row)


rows = st.lists(mutated_row(), min_size=1, max_size=5)


def expected(row: tuple[str, ...]) -> dict[str, object]:
    """The values a loaded row must hold, worked out from the text written."""
    out: dict[str, object] = {}
    for col, text in zip(FIGURES.columns, row):
        if text == "" and not col.required:
            out[col.name] = None
        elif col.type == "number":
            assert PLAIN_DECIMAL.fullmatch(text), f"accepted {text!r}, which is not a plain decimal number"
            out[col.name] = float(text)
        elif col.type == "integer":
            assert WHOLE.fullmatch(text), f"accepted {text!r}, which is not a whole number in ASCII digits"
            out[col.name] = int(text)
        elif col.type == "boolean":
            assert text in ("true", "false"), f"accepted {text!r} as a boolean"
            out[col.name] = text == "true"
        else:
            out[col.name] = text
    return out


def load(text: str, prefer_extra: bool = False) -> tuple[Path, _load.ExtraResult | DataValidationError]:
    """Write `text` to an extra file and load it: the result, or the DataValidationError.
    Any other exception escapes and fails the test."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mine.csv"
        path.write_bytes(text.encode("utf-8"))
        try:
            return path, _load.merge_extra(path, BUNDLED, prefer_extra=prefer_extra)
        except DataValidationError as exc:
            return path, exc


def physical_lines(text: str) -> int:
    return len(text.splitlines()) or 1


@SETTINGS
@given(rows=rows, prefer_extra=st.booleans())
@example(
    rows=[("fuzhou", "gdp_growth", "2026", "5_9", "%", "", "real", "false", "news", "article_2026", "x")],
    prefer_extra=False,
)
@example(
    rows=[("fuzhou", "gdp_growth", "2026", "５.９", "%", "", "real", "false", "news", "article_2026", "x")],
    prefer_extra=False,
)
def test_cells_load_as_written_or_fail_naming_line_and_column(rows: list[tuple[str, ...]], prefer_extra: bool) -> None:
    """Well-formed CSV (written by csv.writer, so every row has every column) with random cells."""
    buffer = io.StringIO()
    # "\r\n": csv quotes a cell holding either character (with "\n" a bare "\r" would not be).
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    text = buffer.getvalue()
    path, result = load(text, prefer_extra)
    event("rejected" if isinstance(result, DataValidationError) else "loaded")
    if isinstance(result, DataValidationError):
        event(f"rejected in column {result.column}")
        assert result.file == str(path), str(result)
        assert result.line is not None and 2 <= result.line <= physical_lines(text), str(result)
        # A duplicate key is a fault of the row (its key columns together), not of one cell.
        if "duplicate key" not in result.problem:
            assert result.column in COLUMNS, str(result)
        return
    loaded = result.rows["figures"][-len(rows) :]
    assert result.added == {"figures": len(rows)}
    for row, got in zip(rows, loaded):
        want = expected(row)
        assert {c: got[c] for c in COLUMNS} == want
        assert isinstance(got["value"], float) and math.isfinite(got["value"])


@SETTINGS
@given(
    lines=st.lists(
        st.one_of(
            st.lists(cell("value"), min_size=0, max_size=14).map(",".join),
            st.text(alphabet=st.sampled_from(TRICKY), max_size=40),
            valid_row().map(",".join),  # raw: a comma, quote or line end in a cell breaks it
            valid_row().map(",".join),
        ),
        min_size=0,
        max_size=5,
    ),
    header=st.sampled_from([HEADER, HEADER, "\ufeff" + HEADER, HEADER.upper(), HEADER + ",extra", ""]),
    ending=st.sampled_from(["\n", "\r\n", "\r", ""]),
)
def test_random_rows_load_or_fail_with_a_data_validation_error(lines: list[str], header: str, ending: str) -> None:
    """Any text at all (rows of any length, broken quoting, odd line ends, no header): a
    DataValidationError naming the file, or rows that load as written; never anything else."""
    text = ending.join([header, *lines]) + ending
    path, result = load(text)
    event("rejected" if isinstance(result, DataValidationError) else "loaded")
    if isinstance(result, DataValidationError):
        assert result.file == str(path), str(result)
        assert result.line is None or 1 <= result.line <= physical_lines(text) + 1, str(result)
        return
    parsed = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))[1:]
    loaded = result.rows["figures"][-result.added["figures"] :]
    assert len(loaded) == len(parsed)
    for row, got in zip(parsed, loaded):
        assert {c: got[c] for c in COLUMNS} == expected(tuple(row))
