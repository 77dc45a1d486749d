"""The Frictionless Data Package descriptor of the bundled tables, the data version, and export.

The descriptor is written from `schema.TABLES`, the one description of the tables that the
loader validates against, so the two cannot drift apart. Importing this module is cheap (no
pandas): it reads `data/metadata.toml` and the CSV files with the standard library.

    >>> from fuzhou_data.datapackage import descriptor
    >>> d = descriptor()
    >>> d["name"], d["resources"][0]["path"]
    ('fuzhou-data', 'fuzhou_data/data/labels.csv')
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import _load
from .schema import GROWTH_RANGE, ORDER_OF_LOADING, TABLES, Column, Table

FORMATS = ("csv", "json")
PACKAGE_BASE = "fuzhou_data/data"
"""Where the bundled CSV files sit, relative to the repository root (the top-level descriptor)."""

CODE_LICENSE = {
    "name": "MIT",
    "path": "https://opensource.org/licenses/MIT",
    "title": "MIT License: the code of the fuzhou_data Python package (not the data)",
}
DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0: the data compilation by the fuzhou-data "
    "contributors; quoted wording excepted, see `rights`",
}

RIGHTS = (
    "Data: the compilation (the tables and their structure, ids, English renderings, summaries "
    "and reasoning, the links between items, the source catalogue and the URLs in it) is "
    "released by the fuzhou-data contributors under CC-BY-4.0. "
    "Not ours to license: the Chinese policy wording (directions, measures, actions, zones, "
    "tasks, the article's passages and the quoted evidence phrases) is quoted verbatim from a "
    "copyrighted newspaper feature page (source article_2026), and the `locator` phrases of the "
    "figures and the `quote` phrases of the targets are quoted from the pages listed in the "
    "sources resource. They are reproduced as short quotations for reference and to let readers "
    "check each item; their rights remain with their "
    "publishers, and the CC-BY-4.0 licence does not extend to them. "
    "The figures themselves are facts published by the statistics bureaus, governments and "
    "news outlets named in the sources; check a source's own terms before reusing more of it "
    "than its facts. "
    "Code: the fuzhou_data Python package is released under the MIT licence (file LICENSE). "
    "Its bundled font (Fuzhou Data Sans SC, a subset of Noto Sans CJK SC) is under the SIL "
    "Open Font License 1.1 and is not part of this data package."
)

# Columns quoted verbatim from a source (see RIGHTS); the rest is the compilers' own work.
QUOTED: dict[str, tuple[str, ...]] = {
    "directions": ("title_zh", "slogan_zh"),
    "measures": ("name_zh",),
    "actions": ("text_zh",),
    "zones": ("name_zh",),
    "tasks": ("text_zh",),
    "measure_zones": ("evidence_zh",),
    "task_directions": ("evidence_zh",),
    "passages": ("text_zh",),
    "figures": ("locator",),
    "targets": ("quote",),
}

# Units and ranges the column descriptions of schema.py leave implicit.
NOTES: dict[tuple[str, str], str] = {
    ("figures", "year"): "Calendar year.",
    ("figures", "unit"): "See the units resource.",
    ("figures", "rank"): "1 is the highest of Jiangxi's 11 prefecture-level cities; cities only.",
    ("figures", "approximate"): "Written true or false.",
    ("figures", "locator"): "Quoted verbatim from the source (see rights).",
    ("gaps", "year"): "Calendar year.",
    ("indicators", "unit"): "Unit of the indicator's figures (see the units resource).",
}


def _unit_notes(units: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
    """Notes naming every unit, written from the units table."""
    lo, hi = GROWTH_RANGE
    meaning = "; ".join(f"'{u['id']}' is {u['name_en']} ({u['kind']})" for u in units)
    return {
        ("figures", "value"): (
            f"Its unit is the `unit` column of the same row, the indicator's unit: {meaning}. "
            f"Growth rates lie between {lo:g} and {hi:g}; levels are positive."
        ),
        ("units", "id"): f"{meaning}.",
    }


_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean"}


@lru_cache(maxsize=1)
def _metadata() -> dict[str, Any]:
    return tomllib.loads((_load.data_dir() / "metadata.toml").read_text(encoding="utf-8"))


def metadata() -> dict[str, Any]:
    """Release metadata of the bundled data (`data/metadata.toml`): version, title, description.

    >>> metadata()["name"]
    'fuzhou-data'
    """
    return dict(_metadata())


def data_version() -> str:
    """The version of the bundled data (YYYY.MM.DD of its last change), as in datapackage.json.

    >>> import fuzhou_data as fd
    >>> fd.data_version()
    '2026.11.29'
    """
    return str(_metadata()["data_version"])


def _title(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _field(table: Table, col: Column, notes: dict[tuple[str, str], str]) -> dict[str, Any]:
    description = col.description.rstrip(".") + "."
    if (table.name, col.name) in notes:
        description += " " + notes[table.name, col.name]
    elif col.name in QUOTED.get(table.name, ()):
        description += " Quoted verbatim from the source (see rights)."
    field: dict[str, Any] = {
        "name": col.name,
        "type": _TYPES[col.type],
        "description": description,
    }
    if col.type == "boolean":
        field["trueValues"], field["falseValues"] = ["true"], ["false"]
    constraints: dict[str, Any] = {}
    if col.required:
        constraints["required"] = True
    if col.allowed is not None:
        constraints["enum"] = list(col.allowed)
    if col.pattern is not None:
        # Table Schema patterns are XML Schema regular expressions: implicitly anchored.
        constraints["pattern"] = col.pattern.removeprefix("^").removesuffix("$")
    for bound in ("minimum", "maximum"):
        value = getattr(col, bound)
        if value is not None:
            constraints[bound] = int(value) if col.type == "integer" else value
    if constraints:
        field["constraints"] = constraints
    return field


def _schema(table: Table, notes: dict[tuple[str, str], str]) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [_field(table, c, notes) for c in table.columns],
        "missingValues": [""],
        "primaryKey": list(table.key),
    }
    foreign = [
        {
            "fields": c.name,
            # A reference to the table itself names resource "" (Table Schema spec).
            "reference": {
                "resource": "" if c.ref[0] == table.name else c.ref[0],
                "fields": c.ref[1],
            },
        }
        for c in table.columns
        if c.ref is not None
    ]
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def _source_entry(row: dict[str, Any]) -> dict[str, str]:
    title = f"[{row['id']}] {row['title']}. {row['publisher']}"
    if row["published"]:
        title += f", {row['published']}"
    entry = {"title": title}
    if row["url"]:
        entry["path"] = row["url"]
    return entry


def descriptor(base: str = PACKAGE_BASE, format: str = "csv") -> dict[str, Any]:
    """The Data Package descriptor of every bundled table, as a dict ready for `json.dump`.

    Resource paths are `base/<table>.<format>`: the default points at the bundled CSV files from
    the repository root (the committed top-level `datapackage.json`); `export()` uses `base=""`.

    >>> d = descriptor(base="", format="json")
    >>> [r["path"] for r in d["resources"]][:2], d["version"] == data_version()
    (['labels.json', 'sources.json'], True)
    """
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {format!r}")
    from . import __version__

    meta = _metadata()
    rows = _load.load_rows()
    notes = {**NOTES, **_unit_notes(rows["units"])}
    resources = []
    for name in ORDER_OF_LOADING:
        table = TABLES[name]
        resource: dict[str, Any] = {
            "name": name,
            "path": f"{base}/{name}.{format}" if base else f"{name}.{format}",
            "profile": "tabular-data-resource",
            "title": _title(name),
            "description": table.description.rstrip(".") + ".",
            "format": format,
            "mediatype": "text/csv" if format == "csv" else "application/json",
            "encoding": "utf-8",
            "schema": _schema(table, notes),
        }
        if "source" in table.column_names:
            used = {r["source"] for r in rows[name]}
            resource["sources"] = [_source_entry(s) for s in rows["sources"] if s["id"] in used]
        if name in QUOTED:
            cols = ", ".join(QUOTED[name])
            resource["rights"] = (
                f"Column(s) {cols} quote their source verbatim; those quotations are not covered "
                "by the CC-BY-4.0 licence of the compilation (see the package's rights)."
            )
        resources.append(resource)
    return {
        "profile": "tabular-data-package",
        "name": meta["name"],
        "title": meta["title"],
        "description": meta["description"],
        "version": data_version(),
        "homepage": meta["homepage"],
        "keywords": list(meta["keywords"]),
        "contributors": [{"title": meta["authors"], "role": "author"}],
        "licenses": [DATA_LICENSE, CODE_LICENSE],
        "rights": RIGHTS,
        "fuzhou_data": {"package_version": __version__, "data_version": data_version()},
        "sources": [_source_entry(r) for r in rows["sources"]],
        "resources": resources,
    }


def dumps(desc: dict[str, Any]) -> str:
    """A descriptor as JSON text, the way datapackage.json is written (UTF-8, not escaped).

    >>> dumps({"title": "抚州"})
    '{\\n  "title": "抚州"\\n}\\n'
    """
    return json.dumps(desc, ensure_ascii=False, indent=2) + "\n"


def export(directory: str | os.PathLike[str], format: str = "csv", force: bool = False) -> list[Path]:
    """Write every bundled table and a `datapackage.json` describing them into `directory`.

    CSV files are the bundled files as they are; JSON files hold one object per row with typed
    values (numbers, true/false, null). Refuses a non-empty directory unless `force`, in which
    case files of the same names are replaced and other files are left alone. Returns the
    paths written, descriptor last.

    The files are written into a temporary folder beside `directory` and moved in once all are
    complete, so a failure halfway leaves `directory` as it was. A symbolic link in
    `directory` with the name of a file to write is replaced by the file, never written
    through; an entry of that name that is a directory is refused before anything is written.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     written = export(tmp, "json")
    ...     written[0].name, written[-1].name
    ('labels.json', 'datapackage.json')
    """
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {format!r}")
    given = Path(os.fspath(directory))
    if os.fspath(directory) == "":
        raise NotADirectoryError("the export directory is an empty path (''); name a directory")
    if given.is_symlink() and not given.is_dir():
        raise NotADirectoryError(f"{given} is a symbolic link, not to a directory; it is not followed")
    if given.exists() and not given.is_dir():
        raise NotADirectoryError(f"{given} exists and is not a directory")
    # The real location (a link to a directory the user named is followed): the temporary
    # folder goes beside it, on the same file system.
    target = given.resolve()
    names = [f"{name}.{format}" for name in ORDER_OF_LOADING] + ["datapackage.json"]
    if target.is_dir():
        if any(target.iterdir()) and not force:
            raise FileExistsError(f"{given} is not empty; choose an empty directory or pass --force")
        for name in names:
            entry = target / name
            if entry.is_dir() and not entry.is_symlink():
                raise IsADirectoryError(f"{entry} is a directory; it is not replaced by the export")
    rows = _load.load_rows()  # validates before anything is written
    desc = descriptor(base="", format=format)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = _staging_dir(target)
    try:
        for name in ORDER_OF_LOADING:
            table = TABLES[name]
            if format == "csv":
                data = (_load.data_dir() / table.filename).read_bytes()
            else:
                records = [{c: row[c] for c in table.column_names} for row in rows[name]]
                data = (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
            _write_new(staging / f"{name}.{format}", data)
        _write_new(staging / "datapackage.json", dumps(desc).encode("utf-8"))
        if target.is_dir():
            # Tables first, the descriptor last; each move replaces an entry (a symbolic link
            # included) in one step, without following it.
            for name in names:
                os.replace(staging / name, target / name)
        else:
            try:
                os.rename(staging, target)  # the whole folder appears at once
            except OSError as exc:  # created meanwhile
                raise FileExistsError(f"{given} appeared while exporting; export again") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [given / name for name in names]


def _staging_dir(target: Path) -> Path:
    """A new, empty folder beside `target` (same file system: its files can be moved in)."""
    parent = target.parent if target.name else target  # the root folder: inside it
    for _ in range(100):
        staging = parent / f".{target.name}.export-{secrets.token_hex(4)}"
        try:
            staging.mkdir(mode=0o777)  # the umask applies, as for the target
        except FileExistsError:
            continue
        return staging
    raise FileExistsError(f"cannot create a temporary folder beside {target}")


def _write_new(path: Path, data: bytes) -> None:
    """Write a new file (never an existing one or through a symbolic link) and flush it to disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    with open(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
