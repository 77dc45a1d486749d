"""The `fuzhou-data` command line, run through its real entry points: the console script that
`make venv` installs next to the interpreter, and `python -m fuzhou_data`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import fuzhou_data as fd
from fuzhou_data.schema import ORDER_OF_LOADING, TABLES

SCRIPT = Path(sys.executable).parent / "fuzhou-data"
HEADER = ",".join(TABLES["figures"].column_names)
GOOD = "fuzhou,gdp_growth,2026,6.0,%,,real (test figure),false,news,article_2026,增长6.0%"
COMMANDS = ("list", "show", "export", "cite", "validate", "datapackage")


def run(*args: str, cwd: Path | None = None, module: bool = False) -> subprocess.CompletedProcess[str]:
    """Run the command line as a user would, in a clean environment (English by default)."""
    assert SCRIPT.is_file(), f"{SCRIPT} is missing: install the project (make venv) first"
    command = [sys.executable, "-m", "fuzhou_data"] if module else [str(SCRIPT)]
    env = {k: v for k, v in os.environ.items() if k != "FUZHOU_DATA_LANG"}
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [*command, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=120,
    )


def fails(result: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    """A user error: the exit code, one `fuzhou-data: error:` line on stderr, no traceback."""
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("fuzhou-data: error: "), result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_everywhere(command: str) -> None:
    result = run(*([command] if command else []), "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: fuzhou-data {command}".rstrip())
    if not command:
        for name in COMMANDS:
            assert name in result.stdout


def test_version_and_missing_command() -> None:
    result = run("--version")
    assert result.stdout.strip() == f"fuzhou-data {fd.__version__} (data {fd.data_version()})"
    result = run()
    assert result.returncode == 2 and "required: COMMAND" in result.stderr
    result = run("frobnicate")
    assert result.returncode == 2 and "invalid choice: 'frobnicate'" in result.stderr


def test_list_tables_and_indicators() -> None:
    result = run("list")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    tables = fd.load_all()
    for name in ORDER_OF_LOADING:
        assert any(line.split()[:2] == [name, str(len(tables[name]))] for line in out.splitlines()), name
    for row in fd.indicators().itertuples():
        assert any(
            line.split()[:2] == [row.id, row.name_zh] and row.name_en in line and row.unit in line
            for line in out.splitlines()
        ), row.id
    places = run("list", "places", "sources").stdout
    assert "pingxiang" in places and "萍乡" in places and "article_2026" in places
    fails(run("list", "cities"), 2, "cannot list 'cities'")


def test_show_english_and_chinese() -> None:
    result = run("show", "gdp_growth", "--geo", "fuzhou", "--geo", "jiangxi,china", "--year", "2025")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "GDP growth (gdp_growth): % on the previous year"
    assert lines[2].split()[:3] == ["Place", "Year", "Value"]
    body = [line.split() for line in lines[4:]]
    assert [row[:3] for row in body] == [
        ["China", "2025", "5"],
        ["Jiangxi", "2025", "5.2"],  # the statistics bureau, as reported (news)
        ["Jiangxi", "2025", "5.2"],  # a speech, read on a copy (secondary)
        ["Fuzhou", "2025", "5.9"],
    ]
    assert body[3][4] == "2"  # Fuzhou's rank
    zh = run("show", "gdp_growth", "--geo", "fuzhou", "--lang", "zh")
    assert zh.returncode == 0, zh.stderr
    assert zh.stdout.startswith("地区生产总值增速 (gdp_growth)")
    assert "地区" in zh.stdout and "全省排名" in zh.stdout
    assert ["抚州", "2025", "5.9", "%", "2", "否", "新闻", "article_2026", "是"] in [
        line.split() for line in zh.stdout.splitlines()
    ]


def test_show_errors() -> None:
    fails(run("show", "gdp_grwth"), 2, "unknown indicator 'gdp_grwth'", "Did you mean 'gdp_growth'")
    fails(run("show", "gdp_growth", "--geo", "fuzhow"), 2, "Did you mean 'fuzhou'")
    fails(run("show", "gdp_growth", "--year", "twenty"), 2, "--year takes whole numbers")
    fails(run("show", "gdp_growth", "--prefer-extra"), 2, "--prefer-extra needs --extra")
    assert run("show", "gdp_growth", "--lang", "fr").returncode == 2


def test_show_with_extra(tmp_path: Path) -> None:
    (tmp_path / "mine.csv").write_text(f"{HEADER}\n{GOOD}\n", encoding="utf-8")
    result = run("show", "gdp_growth", "--geo", "fuzhou", "--extra", "mine.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ["Fuzhou", "2026", "6"] in [line.split()[:3] for line in result.stdout.splitlines()]


def test_export_csv_and_json(tmp_path: Path) -> None:
    result = run("export", str(tmp_path / "csv"))
    assert result.returncode == 0, result.stderr
    files = sorted(p.name for p in (tmp_path / "csv").iterdir())
    assert files == sorted([f"{n}.csv" for n in ORDER_OF_LOADING] + ["datapackage.json"])
    for name in ORDER_OF_LOADING:
        exported = (tmp_path / "csv" / f"{name}.csv").read_bytes()
        assert exported == (Path(fd.__file__).parent / "data" / f"{name}.csv").read_bytes(), name
    desc = json.loads((tmp_path / "csv" / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["path"] for r in desc["resources"]] == [f"{n}.csv" for n in ORDER_OF_LOADING]

    result = run("export", str(tmp_path / "json"), "--format", "json")
    assert result.returncode == 0, result.stderr
    tables = fd.load_all()
    for name in ORDER_OF_LOADING:
        records = json.loads((tmp_path / "json" / f"{name}.json").read_text(encoding="utf-8"))
        frame = tables[name]
        assert len(records) == len(frame) and list(records[0]) == TABLES[name].column_names, name
    figures = json.loads((tmp_path / "json" / "figures.json").read_text(encoding="utf-8"))
    fuzhou = next(r for r in figures if r["geo"] == "fuzhou" and r["indicator"] == "gdp_growth" and r["year"] == 2025)
    assert fuzhou["value"] == 5.9 and fuzhou["rank"] == 2 and fuzhou["approximate"] is False
    assert "抚州" in (tmp_path / "json" / "geographies.json").read_text(encoding="utf-8")  # not \u-escaped


def test_export_refuses_a_non_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    fails(run("export", str(tmp_path)), 2, "is not empty", "--force")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    assert run("export", str(tmp_path), "--force").returncode == 0
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert (tmp_path / "figures.csv").is_file()
    fails(run("export", str(tmp_path / "notes.txt")), 2, "not a directory")
    assert run("export", str(tmp_path), "--format", "xml").returncode == 2


def test_cite() -> None:
    result = run("cite", "scio_trade_2025")
    assert result.returncode == 0, result.stderr
    source = fd.sources().set_index("id").loc["scio_trade_2025"]
    first = result.stdout.splitlines()[0]
    assert first.startswith(source["title"]) and source["url"] in first and source["published"] in first
    assert "kind:      official" in result.stdout
    article = run("cite", "article_2026").stdout
    assert "url:       (not recorded)" in article and "kind:      article" in article
    package = run("cite")
    assert package.returncode == 0 and package.stdout == run("cite", "fuzhou-data").stdout
    assert f"Version {fd.__version__}, data version {fd.data_version()}" in package.stdout
    assert "@misc{fuzhou_data," in package.stdout
    fails(run("cite", "artcle_2026"), 2, "unknown source 'artcle_2026'", "Did you mean 'article_2026'")


def test_validate(tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(f"{HEADER}\n{GOOD}\n", encoding="utf-8")
    result = run("validate", str(good))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"ok: 1 figure in {good}")

    conflict = tmp_path / "conflict.csv"
    conflict.write_text(f"{HEADER}\n{GOOD.replace('2026,6.0', '2025,6.0')}\n", encoding="utf-8")
    fails(
        run("validate", str(conflict)),
        1,
        f"{conflict}, line 2, column 'value'",
        "conflicts with",
        "--prefer-extra",
    )
    result = run("validate", str(conflict), "--prefer-extra")
    assert result.returncode == 0, result.stderr
    assert "replaces the bundled figures of fuzhou gdp_growth 2025" in result.stdout

    typo = tmp_path / "typo.csv"
    typo.write_text(f"{HEADER}\n{GOOD.replace('fuzhou', 'fuzhuo', 1)}\n", encoding="utf-8")
    fails(run("validate", str(typo)), 1, f"{typo}, line 2, column 'geo'", "Did you mean 'fuzhou'")
    fails(run("validate", str(tmp_path / "nowhere.csv")), 2, "no such file or directory")


def test_python_dash_m_is_the_same_program(tmp_path: Path) -> None:
    for args in (["list"], ["cite", "article_2026"], ["--version"]):
        assert run(*args, module=True).stdout == run(*args).stdout, args
    assert run("show", "gdp_grwth", module=True).returncode == 2
    assert run("--help", module=True).stdout.startswith("usage: fuzhou-data ")


def test_datapackage_command_prints_the_descriptor(tmp_path: Path) -> None:
    from fuzhou_data.datapackage import descriptor, dumps

    result = run("datapackage")
    assert result.returncode == 0, result.stderr
    assert result.stdout == dumps(descriptor())
    assert run("datapackage", "-o", str(tmp_path / "dp.json")).returncode == 0
    assert (tmp_path / "dp.json").read_text(encoding="utf-8") == result.stdout


# ------------------------------------------------------------------- the docs tell the truth

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _sessions(text: str) -> list[tuple[str, str]]:
    """(command, expected output) of every `$ ...` line of the fenced blocks of a document."""
    sessions: list[tuple[str, str]] = []
    for block in text.split("```")[1::2]:
        command, output = None, []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command:
                    sessions.append((command, "\n".join(output).rstrip("\n")))
                command, output = line[2:], []
            elif command:
                output.append(line)
        if command:
            sessions.append((command, "\n".join(output).rstrip("\n")))
    return sessions


def test_cli_doc_examples_are_real_output() -> None:
    sessions = _sessions((DOCS / "cli.md").read_text(encoding="utf-8"))
    assert len(sessions) >= 3
    for command, expected in sessions:
        words = command.split()
        assert words[0] == "fuzhou-data", command
        result = run(*words[1:])
        if expected.endswith("..."):  # an error message, shortened
            assert (result.stdout + result.stderr).startswith(expected[:-3]), command
        else:
            assert result.returncode == 0, result.stderr
            assert result.stdout.rstrip("\n") == expected, command


def test_adding_figures_doc_example_runs(tmp_path: Path) -> None:
    text = (DOCS / "adding-figures.md").read_text(encoding="utf-8")
    ran = 0
    for command, expected in _sessions(text):
        words = command.split()
        if words[0] == "cat":  # the file's contents, as shown
            path = tmp_path / words[1]
            path.parent.mkdir(exist_ok=True)
            path.write_text(expected + "\n", encoding="utf-8")
            continue
        result = run(*words[1:], cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout.rstrip("\n") == expected, command
        ran += 1
    assert ran == 1
    # The single-file example and the conflict shown in the document.
    csv_block = text.split("```csv\n", 1)[1].split("```", 1)[0]
    (tmp_path / "my-figures.csv").write_text(csv_block, encoding="utf-8")
    assert run("validate", "my-figures.csv", cwd=tmp_path).stdout.startswith("ok: 2 figures in my-figures.csv")
    conflict = next(line for line in text.splitlines() if line.startswith("fuzhou-data: error:"))
    lines = csv_block.splitlines()
    row = "fuzhou,gdp_growth,2025,6.1,%,2,real,false,official,fuzhou_gwr_2024,增长6.1%"
    (tmp_path / "my-figures.csv").write_text(f"{lines[0]}\n{row}\n", encoding="utf-8")
    assert run("validate", "my-figures.csv", cwd=tmp_path).stderr.strip() == conflict
