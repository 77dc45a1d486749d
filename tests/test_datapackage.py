"""datapackage.json (Frictionless Data Package), validated with the `frictionless` library, plus
the versions and citation files that go with it."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import frictionless
import pytest

import fuzhou_data as fd
from fuzhou_data.datapackage import descriptor, dumps, export
from fuzhou_data.schema import ORDER_OF_LOADING, TABLES

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "datapackage.json"
REGENERATE = "python -m fuzhou_data datapackage -o datapackage.json"
DERIVED = {"figures": ["preferred"]}  # columns the API adds to a table; not in the files
DTYPES = {
    "integer": ("int64", "Int64"),
    "number": ("float64",),
    "boolean": ("bool",),
    "string": ("str", "object"),
}


def errors(report: frictionless.Report) -> list[tuple]:
    """(resource, error type, field, row, message) of every error of a validation report."""
    found = [(None, e.type, None, None, e.message) for e in report.errors]
    for task in report.tasks:
        found += [
            (
                task.name,
                e.type,
                getattr(e, "field_name", None),
                getattr(e, "row_number", None),
                e.message,
            )
            for e in task.errors
        ]
    return found


def test_committed_descriptor_is_generated_from_the_schema() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == dumps(descriptor()), f"stale: run `{REGENERATE}`"


def test_committed_descriptor_validates_with_frictionless() -> None:
    report = frictionless.validate(str(COMMITTED))
    assert report.valid, errors(report)
    assert len(report.tasks) == len(TABLES)
    assert sum(task.stats["rows"] for task in report.tasks) == sum(len(t) for t in fd.load_all().values())


def test_descriptor_matches_the_loaded_tables() -> None:
    desc = descriptor()
    tables = fd.load_all()
    assert [r["name"] for r in desc["resources"]] == list(tables) == ORDER_OF_LOADING
    for resource in desc["resources"]:
        name = resource["name"]
        frame, schema = tables[name], resource["schema"]
        assert resource["path"] == f"fuzhou_data/data/{name}.csv"
        assert (ROOT / resource["path"]).is_file()
        fields = [f["name"] for f in schema["fields"]]
        assert fields + DERIVED.get(name, []) == list(frame.columns), name
        for field in schema["fields"]:
            assert str(frame[field["name"]].dtype) in DTYPES[field["type"]], (name, field["name"])
            assert field["description"], (name, field["name"])
        assert schema["primaryKey"] == list(TABLES[name].key)
        assert not frame.duplicated(schema["primaryKey"]).any(), name
        for fk in schema.get("foreignKeys", []):
            target = fk["reference"]["resource"] or name
            assert set(frame[fk["fields"]].dropna()) <= set(tables[target][fk["reference"]["fields"]])


def test_units_and_sources_are_described() -> None:
    figures = next(r for r in descriptor()["resources"] if r["name"] == "figures")
    value = next(f for f in figures["schema"]["fields"] if f["name"] == "value")
    for unit in fd.units().itertuples():
        assert f"'{unit.id}' is {unit.name_en}" in value["description"]
    assert {s["title"].split("]")[0][1:] for s in figures["sources"]} == set(fd.figures()["source"])
    package_sources = descriptor()["sources"]
    assert len(package_sources) == len(fd.sources())
    with_url = [s for s in package_sources if "path" in s]
    assert len(with_url) == fd.sources()["url"].notna().sum()


def test_licences_and_rights_are_stated_honestly() -> None:
    desc = descriptor()
    assert [lic["name"] for lic in desc["licenses"]] == ["CC-BY-4.0", "MIT"]
    rights = desc["rights"]
    for words in (
        "copyrighted newspaper",
        "article_2026",
        "verbatim",
        "rights remain with their publishers",
        "facts",
        "MIT",
        "Open Font License",
    ):
        assert words in rights, words
    quoted = {r["name"] for r in desc["resources"] if "rights" in r}
    assert {"directions", "measures", "actions", "zones", "tasks", "figures"} <= quoted
    assert "MIT" in (ROOT / "LICENSE").read_text(encoding="utf-8")


def test_verbatim_columns_match_the_article_check_script() -> None:
    from fuzhou_data.datapackage import QUOTED

    spec = importlib.util.spec_from_file_location("check", ROOT / "scripts" / "check_against_article.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    verbatim = {(name.removesuffix(".csv"), column) for name, column in script.VERBATIM}
    quoted = {(table, column) for table, columns in QUOTED.items() for column in columns}
    # figures.locator: the script checks the rows whose source is the article; targets quote other pages
    assert verbatim == quoted - {("targets", "quote")}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("export")
    out = {}
    for fmt in ("csv", "json"):
        out[fmt] = base / fmt
        export(out[fmt], fmt)
    return out


def test_csv_export_validates_with_frictionless(exported: dict[str, Path]) -> None:
    report = frictionless.validate(str(exported["csv"] / "datapackage.json"))
    assert report.valid, errors(report)
    assert len(report.tasks) == len(TABLES)


def test_frictionless_command_line_accepts_the_export(exported: dict[str, Path]) -> None:
    # The acceptance check, word for word: frictionless validate DIR/datapackage.json
    command = Path(sys.executable).parent / "frictionless"
    result = subprocess.run(
        [str(command), "validate", str(exported["csv"] / "datapackage.json")],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "INVALID" not in result.stdout


def test_json_export_validates_with_frictionless(exported: dict[str, Path]) -> None:
    folder = exported["json"]
    desc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["format"] for r in desc["resources"]} == {"json"}
    if importlib.util.find_spec("ijson") and importlib.util.find_spec("jsonlines"):
        report = frictionless.validate(str(folder / "datapackage.json"))  # frictionless[json]
        assert report.valid, errors(report)
    # Without frictionless's optional JSON reader (not in the lock), check the same records against
    # the same schemas as inline data: types, constraints, primary and foreign keys.
    for resource in desc["resources"]:
        resource["data"] = json.loads((folder / resource.pop("path")).read_text(encoding="utf-8"))
        for key in ("format", "mediatype", "encoding"):
            resource.pop(key)
    report = frictionless.Package(desc).validate()
    assert report.valid, errors(report)
    assert sum(task.stats["rows"] for task in report.tasks) == sum(len(t) for t in fd.load_all().values())


def test_frictionless_catches_broken_references(exported: dict[str, Path], tmp_path: Path) -> None:
    # Negative control: the foreign keys and constraints of the descriptor are really checked.
    broken = tmp_path / "broken"
    shutil.copytree(exported["csv"], broken)
    path = broken / "figures.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("\nfuzhou,gdp_growth,2025,5.9,%,2,", "\nfuzhuo,gdp_growth,2025,5.9,%,12,", 1),
        encoding="utf-8",
    )
    kinds = {e[:3] for e in errors(frictionless.validate(str(broken / "datapackage.json")))}
    assert kinds == {("figures", "foreign-key", None), ("figures", "constraint-error", "rank")}


# ------------------------------------------------------------------------ versions, citation


def test_versions_agree() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    metadata = tomllib.loads((ROOT / "fuzhou_data" / "data" / "metadata.toml").read_text(encoding="utf-8"))
    desc = descriptor()
    assert fd.__version__ == pyproject["version"] == desc["fuzhou_data"]["package_version"]
    assert fd.data_version() == metadata["data_version"] == desc["version"]
    year, month, day = (int(p) for p in fd.data_version().split("."))
    assert 2026 <= year and 1 <= month <= 12 and 1 <= day <= 31
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"[{fd.__version__}]" in changelog and fd.data_version() in changelog


def test_citation_cff() -> None:
    yaml = pytest.importorskip("yaml")
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset"
    assert cff["version"] == fd.__version__
    assert fd.data_version() in cff["message"] and fd.data_version() in cff["abstract"]
    assert cff["repository-code"] == pyproject["urls"]["Repository"]
    assert sorted(cff["license"]) == ["CC-BY-4.0", "MIT"]
    assert cff["authors"] and cff["title"]
    assert "article_2026" in cff["abstract"] or any("抚州" in ref["title"] for ref in cff["references"])


def test_data_version_is_light() -> None:
    code = (
        "import sys, fuzhou_data as fd; v = fd.data_version(); "
        "from fuzhou_data.datapackage import descriptor; descriptor(); "
        "assert 'pandas' not in sys.modules; print(v)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == fd.data_version()
