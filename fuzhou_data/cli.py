"""The `fuzhou-data` command line (also `python -m fuzhou_data`).

    fuzhou-data list                       tables and indicators (or places, sources, glossary)
    fuzhou-data show gdp_growth --geo fuzhou --lang zh
    fuzhou-data show targets --geo jiangxi --year 2026   targets beside their outcomes
    fuzhou-data export out/ --format csv   every table plus datapackage.json
    fuzhou-data cite article_2026          a source's citation (no id: the package's)
    fuzhou-data validate my-figures.csv    check figures to pass to figures(extra=...)

Exit codes (docs/cli.md): 0 success; 1 invalid data (a file of figures, or what is where one
should be: not UTF-8, breaks the schema, a FIFO, device, directory or symlink loop); 2 bad usage
(an unknown id, option or command, a path that does not exist or is empty, an export directory
that is not empty); 3 a file could not be read or written (permission denied, disk full). Errors
go to stderr as `fuzhou-data: error: ...`; warnings as `fuzhou-data: warning: ...`.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__, _load
from ._options import LANGS, get_lang
from .errors import DataValidationError, UnknownIdError

PROG = "fuzhou-data"
EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_IO = 0, 1, 2, 3
PACKAGE_IDS = ("fuzhou-data", "fuzhou_data")
# What `list` can show: name -> (table, columns); tables are listed with their row counts.
LISTS: dict[str, tuple[str, list[str]]] = {
    "tables": ("", []),
    "indicators": ("indicators", ["id", "name_zh", "name_en", "unit", "kind"]),
    "places": ("geographies", ["id", "name_zh", "name_en", "level"]),
    "sources": ("sources", ["id", "kind", "published", "title"]),
    "glossary": ("glossary", ["term_zh", "term_en", "note"]),
}


class UsageError(Exception):
    """A mistake in the command line (exit code 2)."""


def _existing(path: str, option: str) -> Path:
    """`path` as given for `option`; a path that is empty or does not exist is a UsageError.

    What is there, if it is not a CSV file or a folder of them (a FIFO, a device, a loop of
    symbolic links), is for the loader to reject as invalid data (exit code 1).
    """
    if path == "":
        raise UsageError(f"{option}: the path is empty; give a figures CSV file or a folder holding figures.csv")
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            raise UsageError(f"{path}: no such file or directory") from None
    except ValueError:  # a NUL character
        raise UsageError(f"{option}: the path holds a NUL character") from None
    return Path(path)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _grid(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Rows as aligned text columns (wide CJK characters count twice)."""
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in r] for r in rows]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _number(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _bundled() -> dict[str, list[dict[str, Any]]]:
    return _load.load_rows()


# ---------------------------------------------------------------------------------- commands


def _cmd_list(args: argparse.Namespace) -> int:
    from .schema import ORDER_OF_LOADING, TABLES

    for item in args.what:
        if item not in LISTS:
            raise UsageError(f"cannot list {item!r}; choose from {', '.join(LISTS)}")
    rows = _bundled()
    parts = []
    for item in args.what or ["tables", "indicators"]:
        if item == "tables":
            headers = ["table", "rows", "description"]
            body = [[n, len(rows[n]), TABLES[n].description] for n in ORDER_OF_LOADING]
        else:
            table, headers = LISTS[item]
            body = [[r[c] for c in headers] for r in rows[table]]
        parts.append(f"{item.capitalize()}\n\n{_grid(headers, body)}")
    print("\n\n".join(parts))
    return 0


def _split(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def _cmd_show(args: argparse.Namespace) -> int:
    import pandas as pd

    from .labels import localize
    from .tables import figures

    if args.extra is not None:
        _existing(args.extra, "--extra")
    elif args.prefer_extra:
        raise UsageError("--prefer-extra needs --extra PATH, the figures to prefer")
    lang = args.lang or get_lang()
    years = None
    if args.year:
        try:
            years = [int(y) for y in _split(args.year) or []]
        except ValueError:
            raise UsageError(f"--year takes whole numbers such as 2025, got {args.year}") from None
    if args.indicator == "targets":
        return _show_targets(args, lang, years)
    f = figures(
        _split(args.geo),
        args.indicator,
        years,
        lang=lang,
        extra=args.extra,
        prefer_extra=args.prefer_extra,
    )
    if f.empty:
        print(f"No figures for {args.indicator} with these filters.")
        return 0
    name = f["indicator_name"].iloc[0]
    units = {r["id"]: r[f"name_{lang}"] for r in _bundled()["units"]}
    unit = f["unit"].iloc[0]
    print(f"{name} ({args.indicator}): {units.get(unit, unit)}\n")
    cols = [
        "geo_name",
        "year",
        "value",
        "unit",
        "rank",
        "approximate",
        "reliability",
        "source",
        "preferred",
    ]
    shown = f[cols].copy()
    shown["value"] = [_number(v) for v in shown["value"]]
    shown = localize(shown, lang)
    values = [
        ["" if v is pd.NA or v is None or (isinstance(v, float) and v != v) else v for v in row]
        for row in shown.itertuples(index=False)
    ]
    print(_grid(list(shown.columns), values))
    return 0


def _show_targets(args: argparse.Namespace, lang: str, years: list[int] | None) -> int:
    """`show targets`: every target (of --geo, --year) beside its outcome: met, missed or open."""
    from .labels import label, localize
    from .tables import Dataset, default

    data = default() if args.extra is None else Dataset(args.extra, prefer_extra=args.prefer_extra)
    if args.prefer_extra and args.extra is None:
        raise UsageError("--prefer-extra needs --extra PATH, the figures to prefer")
    years = years or sorted(set(data.targets()["year"].tolist()))
    t = data.target_check(_split(args.geo), years, lang)
    if t.empty:
        print("No targets with these filters (see target_gaps.csv for the known gaps).")
        return 0
    shown = t[["geo_name", "year", "indicator_name", "target", "outcome", "status", "margin_pp", "source"]].copy()
    for col in ("outcome", "margin_pp"):
        shown[col] = ["" if v != v else _number(v) for v in shown[col]]
    shown["status"] = [label(f"value.{v}", lang) for v in shown["status"]]
    shown = localize(shown, lang)
    print(_grid(list(shown.columns), shown.values.tolist()))
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from .datapackage import export

    try:
        written = export(args.directory, args.format, force=args.force)
    except (FileExistsError, NotADirectoryError, IsADirectoryError) as exc:
        raise UsageError(str(exc)) from None
    print(f"wrote {len(written) - 1} tables and {written[-1].name} to {args.directory}")
    return 0


def _package_citation() -> str:
    from .datapackage import DATA_LICENSE, metadata

    meta = metadata()
    version = meta["data_version"]
    year = str(version)[:4]
    return (
        f"{meta['authors']} ({year}). {meta['name']}: {meta['title']}. "
        f"Version {__version__}, data version {version}. {meta['homepage']}\n"
        f"Licences: data compilation {DATA_LICENSE['name']}, code MIT; the quoted Chinese wording "
        "stays with its publishers (see `rights` in datapackage.json).\n\n"
        "@misc{fuzhou_data,\n"
        f"  author  = {{{{{meta['authors']}}}}},\n"
        f"  title   = {{{meta['name']}: {meta['title']}}},\n"
        f"  year    = {{{year}}},\n"
        f"  version = {{{__version__}}},\n"
        f"  note    = {{Data version {version}}},\n"
        f"  url     = {{{meta['homepage']}}}\n"
        "}"
    )


def _cmd_cite(args: argparse.Namespace) -> int:
    if args.source is None or args.source in PACKAGE_IDS:
        print(_package_citation())
        return 0
    sources = {r["id"]: r for r in _bundled()["sources"]}
    if args.source not in sources:
        valid = [*sources, PACKAGE_IDS[0]]
        raise UsageError(str(UnknownIdError("source", args.source, valid)))
    s = sources[args.source]
    when = f", {s['published']}" if s["published"] else ""
    where = f". {s['url']}" if s["url"] else " (no URL recorded)"
    print(f"{s['title']}. {s['publisher']}{when}{where}")
    print()
    keys = ("id", "title", "publisher", "published", "url")
    fields = [(k, s[k] or "(not recorded)") for k in keys]
    fields.append(("kind", s["kind"]))
    if s["note"]:
        fields.append(("note", s["note"]))
    for key, value in fields:
        print(f"{key + ':':<11}{value}")
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    path = _existing(args.file, "FILE")
    result = _load.merge_extra(path, _bundled(), prefer_extra=args.prefer_extra)
    added = result.added
    n = added.get("figures", 0)
    what = f"{n} figure{'' if n == 1 else 's'}"
    if "targets" in added:
        what += f" and {added['targets']} target{'' if added['targets'] == 1 else 's'}"
    print(f"ok: {what} in {args.file}")
    more = [f"{n} in {t}" for t, n in added.items() if t not in ("figures", "targets")]
    if more:
        print("  with new catalogue rows: " + ", ".join(more))
    for geo, indicator, year in result.replaced:
        print(f"  replaces the bundled figures of {geo} {indicator} {year}")
    _warn_formulas(_load.formula_cells(result))
    return 0


def _warn_formulas(cells: list[tuple[str, int, str, str]], shown: int = 20) -> None:
    """Warn (stderr, exit code unchanged) about text cells a spreadsheet could run as formulas."""
    for file, line, column, value in cells[:shown]:
        text = value if len(value) <= 40 else value[:37] + "..."
        _warn(
            f"{file}, line {line}, column '{column}': text {text!r} starts with {value[0]!r}; "
            "a spreadsheet that opens this file may run it as a formula (see docs/adding-figures.md)"
        )
    if len(cells) > shown:
        _warn(f"... and {len(cells) - shown} more cells starting with =, +, - or @")


def _cmd_datapackage(args: argparse.Namespace) -> int:
    from .datapackage import descriptor, dumps

    text = dumps(descriptor())
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


# ------------------------------------------------------------------------------------ parser


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `fuzhou-data` (every subcommand has --help).

    >>> build_parser().parse_args(["show", "gdp_growth", "--geo", "fuzhou"]).geo
    ['fuzhou']
    """
    from .datapackage import data_version

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Figures and development plans of Fuzhou, Jiangxi (not Fuzhou, Fujian), from the command line.",
        epilog="Exit codes: 0 ok, 1 invalid data, 2 bad usage, 3 cannot read or write a file. See docs/cli.md.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__} (data {data_version()})")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "list",
        help="list tables and indicators (or places, sources, glossary)",
        description="List the bundled tables with their row counts, and the "
        "indicators with their Chinese and English names and units.",
    )
    p.add_argument(
        "what",
        nargs="*",
        metavar="WHAT",
        help=f"any of: {', '.join(LISTS)} (default: tables indicators)",
    )
    p.set_defaults(func=_cmd_list)

    p = sub.add_parser(
        "show",
        help="the figures of one indicator, or the targets",
        description="Print the figures of one indicator for every place (or the "
        "--geo ones), with year, rank, source and which row comparisons prefer. "
        "`show targets` prints the published targets beside their outcomes instead: "
        "met, missed or open, with the margin in percentage points.",
        epilog="Examples: fuzhou-data show gdp_growth --geo fuzhou,jiangxi --lang zh; "
        "fuzhou-data show targets --geo china --year 2025",
    )
    p.add_argument(
        "indicator",
        metavar="INDICATOR",
        help="indicator id, e.g. gdp_growth (see `fuzhou-data list indicators`), or `targets`",
    )
    p.add_argument(
        "--geo",
        action="append",
        metavar="ID",
        help="place id(s), repeatable or comma-separated, e.g. fuzhou,jiangxi",
    )
    p.add_argument("--year", action="append", metavar="YEAR", help="year(s), repeatable or comma-separated")
    p.add_argument(
        "--lang",
        choices=LANGS,
        help="language of names and headers (default: en, or FUZHOU_DATA_LANG)",
    )
    p.add_argument(
        "--extra",
        metavar="PATH",
        help="also show the figures of this extra CSV file or folder (see `fuzhou-data validate`)",
    )
    p.add_argument(
        "--prefer-extra",
        action="store_true",
        help="let --extra figures replace conflicting bundled ones",
    )
    p.set_defaults(func=_cmd_show)

    p = sub.add_parser(
        "export",
        help="write every table and datapackage.json to a directory",
        description="Write every bundled table (UTF-8) and a Frictionless "
        "datapackage.json describing them into DIR, for use from any tool. "
        "Check the result with: frictionless validate DIR/datapackage.json "
        '(a json export needs pip install "frictionless[json]")',
        epilog="Example: fuzhou-data export fuzhou-csv --format csv",
    )
    p.add_argument(
        "directory",
        metavar="DIR",
        help="target directory (created if missing; must be empty unless --force)",
    )
    p.add_argument(
        "--format",
        choices=("csv", "json"),
        default="csv",
        help="csv (the bundled files as they are; default) or json (one object per row)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="write into a non-empty DIR, overwriting files of the same names",
    )
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser(
        "cite",
        help="how to cite a source, or the package",
        description="Print the citation of a source of the catalogue (title, "
        "publisher, date, URL, kind), or, without SOURCE_ID or with "
        "'fuzhou-data', the citation of this package.",
    )
    p.add_argument(
        "source",
        nargs="?",
        metavar="SOURCE_ID",
        help="source id, e.g. article_2026 (see `fuzhou-data list sources`)",
    )
    p.set_defaults(func=_cmd_cite)

    p = sub.add_parser(
        "validate",
        help="check an extra figures file or folder",
        description="Validate a CSV of figures in the schema of figures.csv, or a "
        "folder holding figures.csv and optionally sources.csv, units.csv, "
        "geographies.csv and indicators.csv (and targets.csv: a folder may hold "
        "targets only), exactly as figures(extra=PATH) and targets(extra=PATH) "
        "would. Prints 'ok: N figures', or the error with file, line and column "
        "and exits 1 (2 when FILE does not exist). Warns, without failing, about text "
        "cells starting with =, +, - or @, which a spreadsheet may run as formulas. "
        "See docs/adding-figures.md.",
    )
    p.add_argument("file", metavar="FILE", help="extra figures CSV file or folder")
    p.add_argument(
        "--prefer-extra",
        action="store_true",
        help="accept figures that conflict with bundled ones (they replace them)",
    )
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser(
        "datapackage",
        help="print the descriptor of the bundled data",
        description="Print the Data Package descriptor of the bundled CSV files, "
        "with paths relative to the repository root. Regenerates the committed "
        "top-level file: python -m fuzhou_data datapackage -o datapackage.json",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(func=_cmd_datapackage)
    return parser


def _error(message: str) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr)


def _warn(message: str) -> None:
    print(f"{PROG}: warning: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 invalid data, 2 bad usage, 3 I/O error).

    >>> main(["cite", "fuzhou-data"])  # doctest: +ELLIPSIS
    fuzhou-data contributors (2026). fuzhou-data: Fuzhou, Jiangxi ...
    0
    """
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 on bad usage, 0 on --help
    try:
        return int(args.func(args))
    except DataValidationError as exc:  # the data (bundled or extra) breaks its schema
        _error(str(exc))
        return EXIT_INVALID
    except (UsageError, UnknownIdError) as exc:
        _error(str(exc))
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. `fuzhou-data list | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:  # cannot read or write a file
        what = f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc)
        _error(f"cannot read or write a file: {what}")
        return EXIT_IO
