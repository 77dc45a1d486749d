"""Hardening (issue 10): one test per defect, each failing on the code before the fix.

2. numbers are plain decimal numbers only; 3. contradictions inside one extra file;
4. only regular files are read (a FIFO never hangs), empty paths, and the CLI's exit codes;
5. export is atomic and never writes through a symbolic link; 7. `make lab` honours PORT and
stops with its kernels on a signal to make alone (marked e2e: it starts JupyterLab);
8. text cells a spreadsheet could run as formulas are warned about by `validate`.
"""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from test_cli import fails  # one definition of a user error's exit code and message

from fuzhou_data import _load, cli, datapackage
from fuzhou_data.errors import DataValidationError
from fuzhou_data.schema import ORDER_OF_LOADING, TABLES

ROOT = Path(__file__).resolve().parent.parent
HEADER = ",".join(TABLES["figures"].column_names)
SCRIPT = Path(sys.executable).parent / "fuzhou-data"
# Fuzhou's GDP growth in 2026 (made up for the tests: not a bundled figure).
ROW = "fuzhou,gdp_growth,2026,{value},%,,real (test figure),false,news,article_2026,地区生产总值增长6.0%"
HANG_TIMEOUT = 60  # seconds; a process that has not ended by then is hanging


@pytest.fixture(scope="module")
def bundled() -> dict:
    return _load.load_rows()


def write(path: Path, *rows: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The installed command line, as a user runs it; a hang fails the test (TimeoutExpired)."""
    env = {k: v for k, v in os.environ.items() if k != "FUZHOU_DATA_LANG"}
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [str(SCRIPT), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=HANG_TIMEOUT,
    )


# ----------------------------------------------------------------- 2. plain decimal numbers


@pytest.mark.parametrize(
    "text",
    [
        "5_9",  # float() reads 59.0
        "５.９",  # full-width digits: float() reads 5.9
        "٥.٩",  # Arabic-Indic digits: float() reads 5.9
        "5.9.1",
        '"1,5"',
        "0x10",
        "nan",
        "inf",
        "-infinity",
        "1e999",  # overflows to infinity
        "5.9%",
        "e5",
        ".",
        "+-5",
    ],
)
def test_value_must_be_a_plain_decimal_number(tmp_path: Path, bundled: dict, text: str) -> None:
    extra = write(tmp_path / "mine.csv", ROW.format(value=text))
    with pytest.raises(DataValidationError) as err:
        _load.merge_extra(extra, bundled)
    assert (err.value.line, err.value.column) == (2, "value"), str(err.value)
    if text != "1e999":
        assert "plain decimal notation" in err.value.problem and "e.g. 5.9" in err.value.problem


@pytest.mark.parametrize("text", ["２０２６", "2_026", "٢٠٢٦"])
def test_year_must_be_ascii_digits(tmp_path: Path, bundled: dict, text: str) -> None:
    row = ROW.format(value="6.0").replace(",2026,", f",{text},")
    with pytest.raises(DataValidationError) as err:
        _load.merge_extra(write(tmp_path / "mine.csv", row), bundled)
    assert (err.value.line, err.value.column) == (2, "year"), str(err.value)


@pytest.mark.parametrize(("text", "value"), [("6", 6.0), ("+6.1", 6.1), ("-0.5", -0.5), ("6.", 6.0), (".5e1", 5.0)])
def test_plain_decimal_numbers_are_read_as_written(tmp_path: Path, bundled: dict, text: str, value: float) -> None:
    result = _load.merge_extra(write(tmp_path / "mine.csv", ROW.format(value=text)), bundled)
    assert result.rows["figures"][-1]["value"] == value


# --------------------------------------------------------- 3. contradictions in one extra file


def test_contradiction_inside_one_extra_file_names_both_lines(tmp_path: Path, bundled: dict) -> None:
    first = ROW.format(value="6.0")
    second = ROW.format(value="6.2").replace(",news,article_2026,", ",official,fuzhou_gwr_2024,")
    extra = write(tmp_path / "mine.csv", first, second)
    for prefer_extra in (False, True):  # prefer_extra is about bundled figures, not these
        with pytest.raises(DataValidationError) as err:
            _load.merge_extra(extra, bundled, prefer_extra=prefer_extra)
        assert (err.value.file, err.value.line, err.value.column) == (str(extra), 3, "value")
        assert "contradicts line 2 of the same file" in err.value.problem, str(err.value)
        assert "6.2" in err.value.problem and "6" in err.value.problem


def test_one_figure_from_two_sources_in_one_extra_file_is_kept(tmp_path: Path, bundled: dict) -> None:
    first = ROW.format(value="6.0")
    second = first.replace(",news,article_2026,", ",official,fuzhou_gwr_2024,")
    result = _load.merge_extra(write(tmp_path / "mine.csv", first, second), bundled)
    assert result.added["figures"] == 2


# ------------------------------------------------- 4. regular files only; empty path; exit codes


def _fifo(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def _api_in_subprocess(extra: Path) -> subprocess.CompletedProcess[str]:
    """fd.figures(extra=...) in a fresh interpreter: a hang fails the test instead of stalling it."""
    code = (
        "import sys, fuzhou_data as fd\n"
        "try:\n"
        "    fd.figures(extra=sys.argv[1])\n"
        "except fd.DataValidationError as exc:\n"
        "    print('DataValidationError:', exc)\n"
        "    sys.exit(0)\n"
        "sys.exit('no error')\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(extra)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=HANG_TIMEOUT,
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_in_an_extra_folder_is_rejected_without_hanging(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    _fifo(folder / "figures.csv")
    api = _api_in_subprocess(folder)
    assert api.returncode == 0 and "DataValidationError" in api.stdout, (api.stdout, api.stderr)
    assert "is a FIFO (named pipe), not a regular file" in api.stdout
    fails(run_cli("validate", str(folder)), 1, f"{folder / 'figures.csv'}: is a FIFO")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_as_the_extra_path_is_rejected_without_hanging(tmp_path: Path) -> None:
    fifo = _fifo(tmp_path / "mine.csv")
    api = _api_in_subprocess(fifo)
    assert api.returncode == 0 and "is a FIFO (named pipe)" in api.stdout, (api.stdout, api.stderr)
    fails(run_cli("show", "gdp_growth", "--extra", str(fifo)), 1, "is a FIFO")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_in_a_bundled_data_folder_is_rejected(data_copy: Path) -> None:
    (data_copy / "zones.csv").unlink()
    _fifo(data_copy / "zones.csv")
    with pytest.raises(DataValidationError, match=r"^zones.csv: is a FIFO"):
        _load.load_rows(data_copy)


def test_directory_named_figures_csv_is_rejected(tmp_path: Path, bundled: dict) -> None:
    folder = tmp_path / "mine"
    (folder / "figures.csv").mkdir(parents=True)
    with pytest.raises(DataValidationError) as err:
        _load.merge_extra(folder, bundled)
    assert err.value.file == str(folder / "figures.csv")
    assert err.value.problem.startswith("is a directory, not a regular file"), str(err.value)
    fails(run_cli("validate", str(folder)), 1, "is a directory")


@pytest.mark.skipif(not Path("/dev/null").is_char_device(), reason="no /dev/null device")
def test_device_is_rejected(tmp_path: Path, bundled: dict) -> None:
    with pytest.raises(DataValidationError, match="is a character device, not a regular file"):
        _load.merge_extra("/dev/null", bundled)
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "figures.csv").symlink_to("/dev/null")  # a link is followed: to a device
    with pytest.raises(DataValidationError, match="is a character device, not a regular file"):
        _load.merge_extra(folder, bundled)
    fails(run_cli("validate", "/dev/null"), 1, "character device")


def test_symlink_loop_is_rejected(tmp_path: Path, bundled: dict) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "figures.csv").symlink_to("figures.csv")  # points at itself
    with pytest.raises(DataValidationError, match="is a loop of symbolic links"):
        _load.merge_extra(folder, bundled)
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)
    with pytest.raises(DataValidationError, match="is a loop of symbolic links"):
        _load.merge_extra(loop, bundled)
    fails(run_cli("validate", str(loop)), 1, "loop of symbolic links")
    fails(run_cli("validate", str(folder)), 1, "loop of symbolic links")


def test_symlink_to_a_regular_file_is_read(tmp_path: Path, bundled: dict) -> None:
    target = write(tmp_path / "real.csv", ROW.format(value="6.0"))
    link = tmp_path / "mine.csv"
    link.symlink_to(target)
    assert _load.merge_extra(link, bundled).added == {"figures": 1}


def test_empty_extra_path_is_rejected(tmp_path: Path, bundled: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    """'' is not the current folder, even when that holds a valid figures.csv."""
    write(tmp_path / "figures.csv", ROW.format(value="6.0"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DataValidationError, match="the path is empty"):
        _load.merge_extra("", bundled)
    fails(run_cli("validate", "", cwd=tmp_path), 2, "the path is empty")
    fails(run_cli("show", "gdp_growth", "--extra", "", cwd=tmp_path), 2, "--extra: the path is empty")


def test_show_with_a_missing_extra_file_exits_2(tmp_path: Path) -> None:
    """docs/cli.md: 2 for a missing file, for `show --extra` as for `validate`."""
    missing = tmp_path / "missing.csv"
    fails(run_cli("show", "gdp_growth", "--extra", str(missing)), 2, f"{missing}: no such file or directory")
    fails(run_cli("validate", str(missing)), 2, "no such file or directory")


def test_exit_codes_are_documented() -> None:
    docs = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for code in (cli.EXIT_OK, cli.EXIT_INVALID, cli.EXIT_USAGE, cli.EXIT_IO):
        assert f"| {code} |" in docs, f"exit code {code} is not in the table of docs/cli.md"
    assert (cli.EXIT_OK, cli.EXIT_INVALID, cli.EXIT_USAGE, cli.EXIT_IO) == (0, 1, 2, 3)


def test_unreadable_file_exits_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file the system will not let us read (permission denied; as root nothing is denied,
    so the error is simulated) is neither invalid data nor bad usage."""
    extra = write(tmp_path / "mine.csv", ROW.format(value="6.0"))

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(extra))

    monkeypatch.setattr(_load, "merge_extra", denied)
    assert cli.main(["validate", str(extra)]) == 3
    err = capsys.readouterr().err
    assert err.startswith("fuzhou-data: error: cannot read or write a file: Permission denied: ") and str(extra) in err


# ------------------------------------------------------------------------ 5. export is atomic


def _tree(folder: Path) -> dict[str, bytes | str]:
    """Every entry of a folder: file bytes, or the target of a symbolic link."""
    return {
        p.name: f"-> {os.readlink(p)}" if p.is_symlink() else p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_symlink() or p.is_file()
    }


def test_export_replaces_a_symlink_and_never_writes_through_it(tmp_path: Path) -> None:
    outside = tmp_path / "precious.txt"
    outside.write_text("not to be overwritten\n", encoding="utf-8")
    target = tmp_path / "out"
    target.mkdir()
    (target / "figures.csv").symlink_to(outside)
    (target / "notes.txt").write_text("mine\n", encoding="utf-8")
    datapackage.export(target, "csv", force=True)
    assert outside.read_text(encoding="utf-8") == "not to be overwritten\n"
    written = target / "figures.csv"
    assert not written.is_symlink() and stat.S_ISREG(written.lstat().st_mode)
    assert written.read_bytes() == (_load.data_dir() / "figures.csv").read_bytes()
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine\n", "other files are left alone"


def test_export_to_a_dangling_symlink_creates_nothing_at_its_target(tmp_path: Path) -> None:
    link = tmp_path / "out"
    link.symlink_to(tmp_path / "elsewhere")
    with pytest.raises(NotADirectoryError, match="symbolic link"):
        datapackage.export(link)
    assert not (tmp_path / "elsewhere").exists()
    fails(run_cli("export", str(link)), 2, "symbolic link")


@pytest.mark.parametrize("existing", [False, True], ids=["new-folder", "force-into-folder"])
def test_failed_export_leaves_the_target_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: bool
) -> None:
    target = tmp_path / "out"
    if existing:
        target.mkdir()
        (target / "figures.csv").write_text("an older export\n", encoding="utf-8")
        (target / "datapackage.json").write_text("{}\n", encoding="utf-8")
    before = _tree(target) if existing else None

    def broken(desc: dict) -> str:  # the descriptor is written last: a failure after the tables
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(datapackage, "dumps", broken)
    with pytest.raises(OSError, match="No space left"):
        datapackage.export(target, "json", force=True)
    if existing:
        assert _tree(target) == before
    else:
        assert not target.exists(), f"a partial export was left: {sorted(os.listdir(target))}"
    assert sorted(p.name for p in tmp_path.iterdir()) == (["out"] if existing else []), "temporary folder left"


def test_export_refuses_a_directory_where_a_table_goes(tmp_path: Path) -> None:
    target = tmp_path / "out"
    (target / "sources.csv").mkdir(parents=True)
    with pytest.raises(IsADirectoryError, match="sources.csv is a directory"):
        datapackage.export(target, force=True)
    assert sorted(p.name for p in target.iterdir()) == ["sources.csv"]
    fails(run_cli("export", str(target), "--force"), 2, "is a directory")


def test_new_export_folder_has_the_usual_permissions(tmp_path: Path) -> None:
    """The temporary folder becomes the export: not private (mkdtemp's 0700), as mkdir makes."""
    umask = os.umask(0o022)
    os.umask(umask)
    written = datapackage.export(tmp_path / "a" / "out")
    assert stat.S_IMODE((tmp_path / "a" / "out").stat().st_mode) == 0o777 & ~umask
    assert [p.name for p in written] == [f"{n}.csv" for n in ORDER_OF_LOADING] + ["datapackage.json"]


# ----------------------------------------------------------------- 8. spreadsheet formulas


def test_validate_warns_about_cells_a_spreadsheet_would_run(tmp_path: Path) -> None:
    row = ROW.format(value="-0.5").replace("real (test figure)", '"=HYPERLINK(""http://x"",""y"")"')
    row2 = ROW.format(value="6.0").replace(",2026,", ",2027,").replace("地区生产总值增长6.0%", "@SUM(A1)")
    extra = write(tmp_path / "mine.csv", row, row2)
    result = run_cli("validate", str(extra))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 2 figures")
    warnings = result.stderr.splitlines()
    assert len(warnings) == 2, result.stderr
    assert warnings[0].startswith(f"fuzhou-data: warning: {extra}, line 2, column 'basis': text '=HYPERLINK")
    assert warnings[1].startswith(f"fuzhou-data: warning: {extra}, line 3, column 'locator': text '@SUM(A1)'")
    assert all("spreadsheet" in w for w in warnings)


def test_formula_warning_in_docs_is_real_output(tmp_path: Path) -> None:
    docs = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    shown = docs.split("fuzhou-data validate my-figures.csv          # line 2 has the basis =1+2\n", 1)[1]
    shown = shown.split("```", 1)[0].rstrip("\n").splitlines()
    write(tmp_path / "my-figures.csv", ROW.format(value="6.0").replace("real (test figure)", "=1+2"))
    result = run_cli("validate", "my-figures.csv", cwd=tmp_path)
    assert result.returncode == 0
    assert [result.stdout.rstrip("\n"), *result.stderr.rstrip("\n").splitlines()] == shown


def test_no_warning_for_numbers_and_plain_text(tmp_path: Path) -> None:
    result = run_cli("validate", str(write(tmp_path / "mine.csv", ROW.format(value="-0.5"))))
    assert result.returncode == 0 and result.stderr == "", result.stderr


def test_bundled_tables_hold_no_formula_cells() -> None:
    """An export of the bundled data is safe to open in a spreadsheet."""
    rows = _load.load_rows()
    risky = [
        (name, r["_line"], c.name)
        for name in ORDER_OF_LOADING
        for c in TABLES[name].columns
        if c.type == "string"
        for r in rows[name]
        if isinstance(r[c.name], str) and r[c.name].startswith(_load.FORMULA_STARTS)
    ]
    assert not risky


# ------------------------------------------------------------------------------- 7. make lab


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.e2e
def test_make_lab_fails_on_a_busy_port(tmp_path: Path) -> None:
    from e2e_helpers import lab_environment, port_is_open

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.Popen(
            ["make", "--no-print-directory", "lab", f"PORT={port}"],
            cwd=ROOT,
            env=lab_environment(tmp_path),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        try:
            out, _ = proc.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate()
            pytest.fail(f"`make lab PORT={port}` with the port busy did not exit; it printed:\n{out[-2000:]}")
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode != 0, out
    assert f"make lab: port {port} on 127.0.0.1 is already in use" in out, out
    assert "make lab PORT=" in out and "http://" not in out, out
    assert not port_is_open(port)


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("signum", "terminal"),
    [(signal.SIGINT, False), (signal.SIGINT, True), (signal.SIGTERM, False)],
    ids=["SIGINT", "SIGINT-in-a-terminal", "SIGTERM"],
)
def test_signal_to_make_alone_stops_lab_and_kernels(tmp_path: Path, signum: int, terminal: bool) -> None:
    """A process manager or an editor's task runner signals make's process only (not its
    group): JupyterLab and its kernel must stop, and make must end by that signal."""
    import psutil
    from e2e_helpers import LabServer, port_is_open

    # A handler (not an ignored SIGINT, as a background job of a script would pass on) for
    # the children to start with SIGINT at its default, as a process manager starts them.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    server = LabServer(tmp_path, port=_free_port(), terminal=terminal)
    try:
        server.start()
        kernel = server.start_kernel()
        assert any("ipykernel_launcher" in " ".join(p.cmdline()) for p in server.processes()[1:])
        processes = server.processes()
        os.kill(server.proc.pid, signum)  # make's own process, not its group
        try:
            returncode = server.proc.wait(60)
        except subprocess.TimeoutExpired:
            pytest.fail(f"make did not end within 60 s of {signal.Signals(signum).name}:\n{server.log_tail()}")
        _gone, alive = psutil.wait_procs(processes, timeout=10)
        assert not alive, f"still running after make ended: {alive}"
        assert returncode == -signum, (returncode, server.log_tail())
        log = server.log()
        assert "Shutting down 1 kernel" in log and f"Kernel shutdown: {kernel['id']}" in log, server.log_tail()
        assert "Traceback" not in log, server.log_tail()
        runtime = Path(server.env["JUPYTER_RUNTIME_DIR"])
        assert not sorted(runtime.glob("jpserver-*")), "server files left in the runtime folder"
        assert not port_is_open(server.port)
    finally:
        server.kill()
        signal.signal(signal.SIGINT, previous)
