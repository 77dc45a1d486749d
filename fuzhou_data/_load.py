"""Read the bundled CSV files, validate them once against `schema.TABLES`, build DataFrames.

Rows are parsed with the standard library so that every problem can be reported with its file,
line and column; pandas is only used to hold the validated result.
"""

from __future__ import annotations

import csv
import errno
import io
import math
import os
import re
import stat
from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import DataValidationError
from .schema import GROWTH_RANGE, ORDER_OF_LOADING, TABLES, Column, Table

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    import pandas as pd

Row = dict[str, Any]
_INT = re.compile(r"-?[0-9]+")
# A plain decimal number: optional sign, ASCII digits with at most one decimal point, optional
# exponent. float() also takes "5_9" (as 59), full-width digits, "nan", "inf" and spaces.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
NUMBER_RULE = (
    "write an optional sign, the digits 0-9 with at most one decimal point, and an optional "
    "exponent, e.g. 5.9, -0.3 or 1.5e3 (no spaces, thousands separators, underscores or "
    "full-width digits)"
)
_PATTERNS: dict[str, re.Pattern[str]] = {}


def data_dir() -> Traversable:
    """The folder of the bundled data files (works from a wheel or a source checkout)."""
    return files("fuzhou_data") / "data"


def _convert(col: Column, raw: str, file: str, line: int) -> Any:
    def fail(problem: str) -> DataValidationError:
        return DataValidationError(file, line, col.name, problem)

    if raw != raw.strip():
        raise fail(f"value {raw!r} has leading or trailing spaces")
    if raw == "":
        if col.required:
            raise fail("is empty, but a value is required")
        return None
    if col.type == "integer":
        if not _INT.fullmatch(raw):
            raise fail(f"{raw!r} is not a whole number; write the digits 0-9 with an optional '-'")
        value: Any = int(raw)
    elif col.type == "number":
        if not _NUMBER.fullmatch(raw):
            raise fail(f"{raw!r} is not a number in plain decimal notation; {NUMBER_RULE}")
        value = float(raw)
        if not math.isfinite(value):
            raise fail(f"{raw!r} is not a finite number")
    elif col.type == "boolean":
        if raw not in ("true", "false"):
            raise fail(f"{raw!r} is not a boolean; allowed: true, false")
        value = raw == "true"
    else:
        value = raw
    if col.allowed is not None and value not in col.allowed:
        raise fail(f"{raw!r} is not allowed; allowed: {', '.join(col.allowed)}")
    if col.pattern is not None:
        pattern = _PATTERNS.get(col.pattern) or _PATTERNS.setdefault(col.pattern, re.compile(col.pattern))
        if not pattern.fullmatch(raw):
            raise fail(f"{raw!r} does not match the id pattern {col.pattern}")
    if col.minimum is not None and value < col.minimum or col.maximum is not None and value > col.maximum:
        raise fail(
            f"{raw} is outside the allowed range {col.minimum:g}..{col.maximum:g}"
            if col.maximum is not None
            else f"{raw} is below the minimum {col.minimum:g}"
        )
    return value


def parse_rows(table: Table, text: str, file: str) -> list[Row]:
    """Parse and type-check one CSV text against its table schema; return rows with `_line`."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise DataValidationError(file, 1, None, "the file is empty; expected a header row") from None
    except csv.Error as exc:
        raise DataValidationError(file, reader.line_num, None, f"not valid CSV: {exc}") from None
    expected = table.column_names
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        detail = []
        if missing:
            detail.append(f"missing {', '.join(missing)}")
        if extra:
            detail.append(f"unexpected {', '.join(extra)}")
        if not detail:
            detail.append("columns out of order")
        raise DataValidationError(
            file, 1, None, f"header does not match the schema ({'; '.join(detail)}); expected: {','.join(expected)}"
        )
    rows: list[Row] = []
    # Free text (a string with no list, pattern or range) only needs its spaces checked: most cells.
    plain = [c.type == "string" and c.allowed is None and c.pattern is None for c in table.columns]
    columns = list(zip(table.columns, plain))
    try:
        for fields in reader:
            line = reader.line_num
            if len(fields) != len(expected):
                raise DataValidationError(
                    file, line, None, f"has {len(fields)} fields, expected {len(expected)} ({','.join(expected)})"
                )
            row: Row = {
                c.name: raw if is_plain and raw and raw == raw.strip() else _convert(c, raw, file, line)
                for (c, is_plain), raw in zip(columns, fields)
            }
            row["_line"] = line
            rows.append(row)
    except csv.Error as exc:
        raise DataValidationError(file, reader.line_num, None, f"not valid CSV: {exc}") from None
    if not rows:
        raise DataValidationError(file, None, None, "has a header but no rows")
    return rows


def check_table(table: Table, rows: list[Row], file: str, known: Mapping[str, list[Row]]) -> None:
    """Check keys, references and the cross-table rules of one table against the loaded ones."""
    seen: dict[tuple, int] = {}
    for row in rows:
        key = tuple(row[k] for k in table.key)
        if key in seen:
            raise DataValidationError(
                file,
                row["_line"],
                None,
                f"duplicate key {dict(zip(table.key, key))} (first on line {seen[key]})",
            )
        seen[key] = row["_line"]
    for col in table.columns:
        if col.ref is None:
            continue
        ref_table, ref_col = col.ref
        target = rows if ref_table == table.name else known[ref_table]
        valid = {r[ref_col] for r in target}
        for row in rows:
            if row[col.name] is not None and row[col.name] not in valid:
                from .errors import UnknownIdError

                hint = str(
                    UnknownIdError(
                        ref_table.rstrip("s") if ref_table != "geographies" else "place", row[col.name], valid
                    )
                )
                raise DataValidationError(file, row["_line"], col.name, f"{hint} (see {ref_table}.csv)")
    rule = _RULES.get(table.name)
    if rule is not None:
        rule(rows, file, known)


def _fail(file: str, row: Row, column: str | None, problem: str) -> DataValidationError:
    return DataValidationError(file, row["_line"], column, problem)


def _figures_rule(rows: list[Row], file: str, known: Mapping[str, list[Row]]) -> None:
    indicators = {r["id"]: r for r in known["indicators"]}
    levels = {r["id"]: r["level"] for r in known["geographies"]}
    for row in rows:
        ind = indicators[row["indicator"]]
        if row["unit"] != ind["unit"]:
            raise _fail(file, row, "unit", f"{row['unit']!r} is not the unit of {row['indicator']} ({ind['unit']!r})")
        lo, hi = GROWTH_RANGE
        if ind["kind"] == "growth" and not lo <= row["value"] <= hi:
            raise _fail(file, row, "value", f"{row['value']:.15g} % is outside the sane growth range {lo:g}..{hi:g}")
        if ind["kind"] == "level" and row["value"] <= 0:
            raise _fail(file, row, "value", f"{row['value']:.15g} is not a positive level")
        if row["rank"] is not None and levels[row["geo"]] != "city":
            raise _fail(
                file, row, "rank", f"a rank among Jiangxi's cities is given for {row['geo']}, which is not a city"
            )


def _parent_rule(parent_table: str, parent_col: str) -> Any:
    def rule(rows: list[Row], file: str, known: Mapping[str, list[Row]]) -> None:
        seen: dict[tuple, int] = {}
        for row in rows:
            key = (row.get(parent_col), row["order"])
            if key in seen:
                where = f" within {parent_col} {key[0]}" if parent_col else ""
                raise _fail(file, row, "order", f"order {row['order']} is used twice{where} (line {seen[key]})")
            seen[key] = row["_line"]

    return rule


def _measure_zones_rule(rows: list[Row], file: str, known: Mapping[str, list[Row]]) -> None:
    actions = {r["id"]: r for r in known["actions"]}
    for row in rows:
        action = actions[row["action"]]
        if action["measure"] != row["measure"]:
            raise _fail(file, row, "action", f"{row['action']} belongs to {action['measure']}, not {row['measure']}")
        if row["evidence_zh"] not in action["text_zh"]:
            raise _fail(file, row, "evidence_zh", f"{row['evidence_zh']!r} is not a phrase of {row['action']}")


def _task_directions_rule(rows: list[Row], file: str, known: Mapping[str, list[Row]]) -> None:
    texts: dict[str, tuple[str, str]] = {}  # id -> (direction, Chinese wording)
    for d in known["directions"]:
        texts[d["id"]] = (d["id"], d["title_zh"] + d["slogan_zh"])
    measure_dir = {m["id"]: m["direction"] for m in known["measures"]}
    for m in known["measures"]:
        texts[m["id"]] = (m["direction"], m["name_zh"])
    for a in known["actions"]:
        texts[a["id"]] = (measure_dir[a["measure"]], a["text_zh"])
    primary: dict[str, int] = {}
    for row in rows:
        if row["role"] == "primary":
            if row["task"] in primary:
                raise _fail(
                    file, row, "role", f"{row['task']} has a second primary direction (line {primary[row['task']]})"
                )
            primary[row["task"]] = row["_line"]
    for row in rows:
        if row["task"] not in primary:
            raise _fail(
                file, row, "role", f"{row['task']} has no primary direction; exactly one row per task is primary"
            )
        if row["evidence_ref"] not in texts:
            from .errors import UnknownIdError

            raise _fail(
                file,
                row,
                "evidence_ref",
                str(UnknownIdError("direction, measure or action", row["evidence_ref"], texts)),
            )
        direction, text = texts[row["evidence_ref"]]
        if direction != row["direction"]:
            raise _fail(
                file, row, "evidence_ref", f"{row['evidence_ref']} belongs to {direction}, not {row['direction']}"
            )
        if row["evidence_zh"] not in text:
            raise _fail(file, row, "evidence_zh", f"{row['evidence_zh']!r} is not a phrase of {row['evidence_ref']}")


def _measure_zones_explicit_rule(rows: list[Row], file: str, known: Mapping[str, list[Row]]) -> None:
    zones = {r["id"]: r["name_zh"] for r in known["zones"]}
    for row in rows:
        if row["strength"] == "explicit" and zones[row["zone"]] not in row["evidence_zh"]:
            raise _fail(
                file,
                row,
                "strength",
                f"an explicit link must quote the zone's own name {zones[row['zone']]!r}; "
                f"{row['evidence_zh']!r} does not (call it thematic)",
            )


def _sources_rule(rows: list[Row], file: str, known: Mapping[str, list[Row]]) -> None:
    for row in rows:
        if not row["published"] and not row["date_note"]:
            raise _fail(file, row, "date_note", "no publication date: give one in `published` or say why here")
        if row["original_url"] and not row["copy"]:
            raise _fail(file, row, "original_url", "an original address is only recorded for a copy (copy=true)")


def _glossary_rule(rows: list[Row], file: str, known: Mapping[str, list[Row]]) -> None:
    for row in rows:
        forms = (row["forms_en"] or "").split("|") if row["forms_en"] else []
        if any(not f.strip() or f != f.strip() for f in forms):
            raise _fail(
                file, row, "forms_en", f"{row['forms_en']!r} has an empty or padded form; separate forms with |"
            )


def _bearings_rule(rows: list[Row], file: str, known: Mapping[str, list[Row]]) -> None:
    targets = [r["id"] for r in known["zones"]] + [r["id"] for r in known["directions"]]
    for row in rows:
        if row["target"] not in targets:
            from .errors import UnknownIdError

            raise _fail(file, row, "target", str(UnknownIdError("zone or direction", row["target"], targets)))


def _action_themes_rule(rows: list[Row], file: str, known: Mapping[str, list[Row]]) -> None:
    measure_dir = {m["id"]: m["direction"] for m in known["measures"]}
    action_dir = {a["id"]: measure_dir[a["measure"]] for a in known["actions"]}
    theme_dir = {t["id"]: t["direction"] for t in known["themes"]}
    for row in rows:
        if action_dir[row["action"]] != theme_dir[row["theme"]]:
            raise _fail(
                file,
                row,
                "theme",
                f"{row['theme']} is a theme of {theme_dir[row['theme']]}, but {row['action']} belongs to "
                f"{action_dir[row['action']]}",
            )
    missing = sorted(set(action_dir) - {r["action"] for r in rows})
    if missing:
        raise DataValidationError(file, None, "action", f"actions without a theme: {', '.join(missing)}")
    empty = sorted(set(theme_dir) - {r["theme"] for r in rows})
    if empty:
        raise DataValidationError(file, None, "theme", f"themes without an action: {', '.join(empty)}")


def _targets_rule(rows: list[Row], file: str, known: Mapping[str, list[Row]]) -> None:
    """Bounds as each kind needs them, in the indicator's growth range and stated in the quote."""
    from .schema import TARGET_KINDS

    needs = {  # kind -> (low, high, in_step_with): True required, False must be empty
        "about": (True, True, False),
        "at_least": (True, False, False),
        "at_most": (False, True, False),
        "range": (True, True, False),
        "in_step_with": (False, False, True),
    }
    assert set(needs) == set(TARGET_KINDS)
    indicators = {r["id"]: r for r in known["indicators"]}
    lo_ok, hi_ok = GROWTH_RANGE
    for row in rows:
        kind = row["kind"]
        if indicators[row["indicator"]]["kind"] != "growth":
            raise _fail(file, row, "indicator", f"{row['indicator']} is a level; targets are for growth rates")
        for column, needed in zip(("low", "high", "in_step_with"), needs[kind]):
            if needed and row[column] is None:
                raise _fail(file, row, column, f"is empty, but a target of kind {kind} needs it")
            if not needed and row[column] is not None:
                raise _fail(file, row, column, f"must be empty for a target of kind {kind}")
        low, high = row["low"], row["high"]
        if kind == "about" and low != high:
            raise _fail(file, row, "high", f"an 'about' target gives one figure: low and high must be equal ({low:g})")
        if kind == "range" and not low < high:
            raise _fail(file, row, "high", f"{high:g} is not above the low bound {low:g}")
        if kind == "in_step_with" and row["in_step_with"] == row["indicator"]:
            raise _fail(file, row, "in_step_with", "names the target's own indicator")
        for column in ("low", "high"):
            value = row[column]
            if value is None:
                continue
            if not lo_ok <= value <= hi_ok:
                raise _fail(file, row, column, f"{value:g} % is outside the sane growth range {lo_ok:g}..{hi_ok:g}")
            if f"{value:g}" not in row["quote"]:
                raise _fail(file, row, column, f"{value:g} does not appear in the quoted phrase {row['quote']!r}")


_RULES = {
    "action_themes": _action_themes_rule,
    "watch": _bearings_rule,
    "themes": _parent_rule("themes", "direction"),
    "bearings": _bearings_rule,
    "targets": _targets_rule,
    "figures": _figures_rule,
    "geographies": _parent_rule("geographies", ""),
    "indicators": _parent_rule("indicators", ""),
    "directions": _parent_rule("directions", ""),
    "measures": _parent_rule("measures", "direction"),
    "actions": _parent_rule("actions", "measure"),
    "zones": _parent_rule("zones", ""),
    "tasks": _parent_rule("tasks", ""),
    "measure_zones": lambda rows, file, known: (
        _measure_zones_rule(rows, file, known),
        _measure_zones_explicit_rule(rows, file, known),
    ),
    "sources": _sources_rule,
    "glossary": _glossary_rule,
    "passages": _parent_rule("passages", ""),
    "task_directions": _task_directions_rule,
}


def _read_text(folder: Traversable | Path, name: str) -> str:
    path = folder / name
    if isinstance(path, Path):  # a folder on disk: read regular files only, never hang
        return _read_file(path, name)
    if not path.is_file():
        raise DataValidationError(name, None, None, f"file not found in {folder}")
    return _decode(path.read_bytes(), name)


def _decode(data: bytes, file: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataValidationError(file, None, None, f"is not valid UTF-8 ({exc.reason} at byte {exc.start})") from None


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    return next((name for test, name in _KINDS if test(mode)), "a special file")


def _not_regular(file: str, mode: int) -> DataValidationError:
    return DataValidationError(file, None, None, f"is {_kind(mode)}, not a regular file; give a CSV file")


def _stat_problem(exc: OSError, missing: str = "file not found") -> str:
    """The problem of a path that `os.stat` or `os.open` refused; other errors are raised."""
    if exc.errno == errno.ELOOP:
        return "is a loop of symbolic links, not a regular file; give a CSV file"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return missing
    if exc.errno == errno.ENAMETOOLONG:
        return "the path is too long"
    raise exc  # permission denied and the like: a real OSError, not a data problem


def _file_stat(path: Path, file: str, missing: str = "file not found") -> os.stat_result:
    """`os.stat(path)` (symbolic links followed); a missing path or a loop is a DataValidationError."""
    try:
        return os.stat(path)
    except ValueError:  # a NUL character in the path
        raise DataValidationError(file, None, None, "the path holds a NUL character") from None
    except OSError as exc:
        raise DataValidationError(file, None, None, _stat_problem(exc, missing)) from None


def _read_file(path: Path, file: str | None = None) -> str:
    """The UTF-8 text of a regular file (a symbolic link to one is followed).

    A directory, FIFO, device, socket, missing file or symbolic-link loop raises
    DataValidationError, never a bare OSError; nothing that could block is read: the file is
    opened without waiting (O_NONBLOCK) and checked again once open.
    """
    file = str(path) if file is None else file
    mode = _file_stat(path, file).st_mode
    if not stat.S_ISREG(mode):
        raise _not_regular(file, mode)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.EISDIR:  # replaced by a directory meanwhile
            raise DataValidationError(file, None, None, "is a directory, not a regular file") from None
        raise DataValidationError(file, None, None, _stat_problem(exc)) from None
    with open(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):  # replaced between the check and the open
            raise _not_regular(file, mode)
        data = handle.read()
    return _decode(data, file)


def load_rows(folder: Traversable | Path | None = None) -> dict[str, list[Row]]:
    """Read and validate every table of `folder` (default: the bundled data); return typed rows."""
    folder = data_dir() if folder is None else folder
    known: dict[str, list[Row]] = {}
    for name in ORDER_OF_LOADING:
        table = TABLES[name]
        rows = parse_rows(table, _read_text(folder, table.filename), table.filename)
        check_table(table, rows, table.filename, known)
        known[name] = rows
    return known


def to_frame(table: Table, rows: list[Row]) -> pd.DataFrame:
    """Build a DataFrame with the schema's dtypes (nullable Int64 where a whole number may be missing)."""
    import numpy as np
    import pandas as pd

    data: dict[str, Any] = {}
    for col in table.columns:
        values = [r[col.name] for r in rows]
        if col.type == "integer":
            data[col.name] = np.array(values, dtype="int64") if col.required else pd.array(values, dtype="Int64")
        elif col.type == "number":
            data[col.name] = np.array(values, dtype="float64")
        elif col.type == "boolean":
            data[col.name] = np.array(values, dtype=bool)
        elif any(v is not None for v in values):
            # pandas infers its string dtype from an object array, faster than converting
            data[col.name] = np.array(values, dtype=object)
        else:
            data[col.name] = pd.array(values, dtype="str")
    return pd.DataFrame(data, copy=False)


# ----------------------------------------------------------------- extra figures (figures(extra=))

EXTRA_TABLES = ("sources", "units", "geographies", "indicators", "figures", "targets")
"""Tables an extra folder may hold: `figures.csv` and/or `targets.csv`, and rows to add to the catalogues."""


class _BundledLine(int):
    """A line number of a bundled file; prints as 'N of the bundled FILE' in extra-file messages."""

    file: str

    def __new__(cls, line: int, file: str) -> _BundledLine:
        self = super().__new__(cls, line)
        self.file = file
        return self

    def __format__(self, spec: str) -> str:
        return f"{int(self)} of the bundled {self.file}"

    def __str__(self) -> str:
        return format(self, "")

    __repr__ = __str__


class ExtraResult(NamedTuple):
    """Bundled rows merged with a validated extra file or folder."""

    rows: dict[str, list[Row]]  # every table: bundled rows (kept) plus the extra rows
    added: dict[str, int]  # table -> number of extra rows
    replaced: list[tuple[str, str, int]]  # (geo, indicator, year) whose bundled figures went
    files: dict[str, str] = {}  # table -> the extra file its rows came from


def _extra_files(path: Path) -> dict[str, Path]:
    """The tables of an extra file or folder: {table name: file}."""
    mode = _file_stat(path, str(path), "not found; give a figures CSV file or a folder holding figures.csv").st_mode
    if not stat.S_ISDIR(mode):
        return {"figures": path}  # read as a regular file, or rejected as what it is
    allowed = {f"{name}.csv": name for name in EXTRA_TABLES}
    found: dict[str, Path] = {}
    for item in sorted(path.iterdir()):
        if item.suffix.lower() != ".csv":
            continue  # a README or notes may sit next to the tables (never opened)
        if item.name not in allowed:
            raise DataValidationError(
                str(item),
                None,
                None,
                f"is not a table an extra folder can hold; allowed: {', '.join(allowed)}",
            )
        found[allowed[item.name]] = item
    if "figures" not in found and "targets" not in found:
        raise DataValidationError(str(path), None, None, "holds no figures.csv (nor targets.csv)")
    return found


def _contradictions(rows: list[Row], file: str) -> None:
    """Two figures of one extra file for one place, indicator and year must agree on the value."""
    first: dict[tuple, Row] = {}
    for row in rows:
        key = (row["geo"], row["indicator"], row["year"])
        old = first.setdefault(key, row)
        if old["value"] != row["value"]:
            what = " ".join(str(k) for k in key)
            raise DataValidationError(
                file,
                row["_line"],
                "value",
                f"{what} = {row['value']:.15g} from source {row['source']} contradicts line {old['_line']} "
                f"of the same file ({old['value']:.15g} from source {old['source']}): one place, indicator "
                "and year has one value; keep the right one",
            )


def _conflicts(
    bundled: list[Row], extra: list[Row], file: str, prefer_extra: bool
) -> tuple[list[Row], list[tuple[str, str, int]]]:
    """Bundled figures to keep, and the (geo, indicator, year) keys whose bundled figures go.

    An extra figure conflicts with a bundled one of the same place, indicator and year when the
    values differ or both name the same source. A conflict raises unless `prefer_extra`, which
    drops every bundled figure of that place, indicator and year instead.
    """
    by_key: dict[tuple, list[Row]] = {}
    for row in bundled:
        by_key.setdefault((row["geo"], row["indicator"], row["year"]), []).append(row)
    replaced: list[tuple[str, str, int]] = []
    for row in extra:
        key = (row["geo"], row["indicator"], row["year"])
        for old in by_key.get(key, []):
            same_source = old["source"] == row["source"]
            if old["value"] == row["value"] and not same_source:
                continue  # one more source for the same figure: kept side by side
            if prefer_extra:
                if key not in replaced:
                    replaced.append(key)
                continue
            what = " ".join(str(k) for k in key)
            bundled_at = f"line {old['_line']}, source {old['source']}"
            if old["value"] != row["value"]:
                column = "value"
                problem = (
                    f"{what} = {row['value']:.15g} from source {row['source']} conflicts with the "
                    f"bundled figure {old['value']:.15g} ({bundled_at})"
                )
            else:
                column = "source"
                problem = (
                    f"{what} from source {row['source']} is already bundled "
                    f"(value {old['value']:.15g}, {bundled_at}): duplicate key"
                )
            raise DataValidationError(
                file,
                row["_line"],
                column,
                f"{problem}; pass prefer_extra=True (fuzhou-data validate --prefer-extra) to use "
                "the extra figures for this place, indicator and year instead",
            )
    dropped = set(replaced)
    keep = [r for r in bundled if (r["geo"], r["indicator"], r["year"]) not in dropped]
    return keep, replaced


def merge_extra(
    path: str | os.PathLike[str], bundled: Mapping[str, list[Row]], prefer_extra: bool = False
) -> ExtraResult:
    """Validate an extra figures file (or folder) against the bundled tables and merge them.

    The extra rows are checked like the bundled ones (types, allowed values, keys, references,
    cross-table rules) against the bundled catalogues plus the folder's own catalogue rows;
    messages name the extra file, line and column. Nothing is written and `bundled` is not
    changed: the result holds new lists (bundled row dicts are shared, never modified).
    """
    if os.fspath(path) == "":  # Path("") would be the current folder
        raise DataValidationError(
            "extra=''", None, None, "the path is empty; give a figures CSV file or a folder holding figures.csv"
        )
    root = Path(os.fspath(path))
    files = _extra_files(root)
    merged: dict[str, list[Row]] = dict(bundled)
    added: dict[str, int] = {}
    replaced: list[tuple[str, str, int]] = []
    for name in ORDER_OF_LOADING:
        if name not in files:
            continue
        table, file = TABLES[name], str(files[name])
        rows = parse_rows(table, _read_file(files[name]), file)
        base = [{**r, "_line": _BundledLine(r["_line"], table.filename)} for r in bundled[name]]
        if name == "figures":
            _contradictions(rows, file)
            base, replaced = _conflicts(base, rows, file, prefer_extra)
        elif name == "targets" and prefer_extra:  # an extra target replaces the bundled one
            restated = {(r["geo"], r["indicator"], r["year"]) for r in rows}
            base = [r for r in base if (r["geo"], r["indicator"], r["year"]) not in restated]
        combined = base + rows
        check_table(table, combined, file, merged)
        merged[name] = combined
        added[name] = len(rows)
    return ExtraResult(merged, added, replaced, {name: str(f) for name, f in files.items()})


FORMULA_STARTS = ("=", "+", "-", "@")
"""First characters that make a spreadsheet read a text cell as a formula (CSV injection)."""


def formula_cells(result: ExtraResult) -> list[tuple[str, int, str, str]]:
    """Text cells of the extra files that a spreadsheet could run as a formula: (file, line,
    column, value) of every text value starting with =, +, - or @. They are valid data; a
    spreadsheet that opens an export holding them may execute them.

    >>> rows = {"figures": [{"_line": 2, "geo": "fuzhou", "basis": "=1+1", "value": -1.0}]}
    >>> formula_cells(ExtraResult(rows, {"figures": 1}, [], {"figures": "mine.csv"}))
    [('mine.csv', 2, 'basis', '=1+1')]
    """
    found = []
    for name, file in result.files.items():
        text_columns = [c.name for c in TABLES[name].columns if c.type == "string"]
        for row in result.rows[name][len(result.rows[name]) - result.added[name] :]:
            for column in text_columns:
                value = row.get(column)
                if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                    found.append((file, row["_line"], column, value))
    return found
