"""JupyterLab as a reader runs it (`make lab`), driven by Debian's headless Chromium.

Shared by tests/test_e2e.py and benchmarks/bench_lab_startup.py. Nothing here downloads a
browser: Playwright (pinned in requirements/lock.txt) drives the Chromium of the machine
(`apt-get install chromium`, or the path in $CHROMIUM).

The server is started exactly as the README says, `make lab PORT=<free port>` from the
repository root, in a process group of its own and, as in a reader's terminal, with a
pseudo-terminal as its standard input (or none: `terminal=False`); it is stopped as Ctrl-C in
a terminal stops it, with SIGINT to that process group.

Only the environment is changed, never the project's command or the virtual environment:
Jupyter's configuration, data and runtime files and JupyterLab's user settings and workspaces
go to a temporary folder, with three settings overridden (see LAB_SETTINGS), and so do the
checkpoints that JupyterLab makes of a notebook it opens: nothing is written to notebooks/.
"""

from __future__ import annotations

import html.parser
import json
import os
import pty
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
SCREENSHOT_DIR = ROOT / "tests" / "e2e-screenshots"

# Debian's Chromium in a closed network: without the background-networking flags its own
# connections (updates, sync, field trials) are refused and can stall start-up.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# User settings for the server under test, in a temporary JUPYTERLAB_SETTINGS_DIR:
# - every cell attached to the page (JupyterLab 4.6 defaults to "contentVisibility", which
#   skips rendering cells out of view, so their images have no size until scrolled to);
# - no autosave: running the cells in the browser must never write to notebooks/;
# The news and update checks are NOT turned off here: the environment's own overrides
# (scripts/lab_overrides.py, run by make venv and Binder's postBuild) must keep their pop-ups
# off the notebooks, and the test checks that no such pop-up appears.
LAB_SETTINGS: dict[str, dict[str, Any]] = {
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
}

# Chinese (Han) characters: CJK Unified Ideographs, extension A and compatibility ideographs.
HAN_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


# --------------------------------------------------------------------------- browser


def chromium_executable() -> str | None:
    """Path of the system Chromium ($CHROMIUM, else /usr/bin/chromium, else on PATH)."""
    candidates = [os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def missing_browser_reason() -> str | None:
    """Why the browser tests cannot run here, in one line, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (it is pinned in requirements/lock.txt: make venv)"
    if chromium_executable() is None:
        return "no Chromium: apt-get install chromium (or set CHROMIUM=/path/to/chromium)"
    return None


def keep_local(context: Any) -> None:
    """Let the pages of a browser context load only from this machine (the network is closed
    anyway: a remote image, such as the Binder badge, fails at once instead of stalling)."""

    def route(route: Any) -> None:
        host = urllib.parse.urlsplit(route.request.url).hostname
        if host in ("127.0.0.1", "localhost", "::1") or route.request.url.startswith("data:"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)


def launch_chromium(playwright: Any) -> Any:
    """Headless system Chromium through Playwright (never a downloaded browser)."""
    return playwright.chromium.launch(executable_path=chromium_executable(), headless=True, args=CHROMIUM_ARGS)


# --------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def lab_environment(home: Path) -> dict[str, str]:
    """The caller's environment, plus JupyterLab folders under *home* with LAB_SETTINGS."""
    env = {
        key: value
        for key, value in os.environ.items()
        # A make above us (make test) passes its jobserver and flags down; a reader's
        # `make lab` has none of them.
        if not key.startswith("MAKE") and key not in {"MFLAGS", "MAKELEVEL"}
    }
    folders = {
        "JUPYTER_CONFIG_DIR": home / "config",
        "JUPYTER_DATA_DIR": home / "data",
        "JUPYTER_RUNTIME_DIR": home / "runtime",
        "JUPYTERLAB_SETTINGS_DIR": home / "user-settings",
        "JUPYTERLAB_WORKSPACES_DIR": home / "workspaces",
        "IPYTHONDIR": home / "ipython",
    }
    for name, folder in folders.items():
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    # Opening a notebook makes a first checkpoint of it, by default in notebooks/: keep it
    # here instead (a checkpoint folder given as an absolute path is used as it is).
    server_config = {"FileCheckpoints": {"checkpoint_dir": str(home / "checkpoints")}}
    config = folders["JUPYTER_CONFIG_DIR"] / "jupyter_server_config.json"
    config.write_text(json.dumps(server_config, indent=2), "utf-8")
    for plugin, values in LAB_SETTINGS.items():
        path = folders["JUPYTERLAB_SETTINGS_DIR"] / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values, indent=2), "utf-8")
    return env


@dataclass
class StopResult:
    """How `make lab` ended after Ctrl-C (SIGINT to its process group)."""

    returncode: int | None
    seconds: float
    log: str
    leftover: list[str] = field(default_factory=list)
    runtime_files: list[str] = field(default_factory=list)
    port_open: bool = False

    def problems(self) -> list[str]:
        """Everything that makes this stop unclean; empty when it was clean."""
        found = []
        # make itself gets the SIGINT too: it waits for jupyter to finish, then ends by the
        # same signal, as in a terminal (where the shell shows status 130).
        if self.returncode not in (0, -signal.SIGINT):
            found.append(f"`make lab` ended with status {self.returncode} after Ctrl-C")
        # Logged by Jupyter's clean shutdown, after Ctrl-C ("interrupted", with a terminal) or
        # after the SIGTERM that `make lab` makes of it ("received signal 15", without one).
        if not re.search(r"Shutting down \d+ extensions", self.log):
            found.append("Jupyter did not log a clean shutdown ('Shutting down N extensions')")
        if "Traceback" in self.log:
            found.append("the server log has a traceback")
        if self.leftover:
            found.append(f"processes still running after `make lab` ended: {self.leftover}")
        if self.runtime_files:
            found.append(f"server files left in the runtime folder: {self.runtime_files}")
        if self.port_open:
            found.append("the port still accepts connections")
        return found


class LabServer:
    """`make lab PORT=<port>` run from the repository root, as the README says."""

    def __init__(self, home: Path, port: int | None = None, terminal: bool = True) -> None:
        self.home = home
        self.port = port or free_port()
        self.terminal = terminal  # standard input: a pseudo-terminal, or /dev/null
        self.env = lab_environment(home)
        self.log_path = home / "make-lab.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.url = ""  # the URL with the token, as printed
        self.token = ""
        self.started_at = 0.0
        self.url_seconds = 0.0  # from the command to the URL printed
        self.ready_seconds = 0.0  # from the command to the server answering its API
        self._tty: int | None = None
        self._processes: list[Any] = []

    @property
    def command(self) -> list[str]:
        return ["make", "--no-print-directory", "lab", f"PORT={self.port}"]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        try:
            return self.log_path.read_text("utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, lines: int = 25) -> str:
        return "\n".join(self.log().splitlines()[-lines:])

    def start(self, timeout: float = 240.0) -> LabServer:
        """Run the command, wait for the URL with its token, then for the API to answer.

        The timeout allows for the first `make lab` of a clone, which builds .venv first.
        """
        if self.terminal:
            self._tty, stdin = pty.openpty()
        else:
            stdin = subprocess.DEVNULL
        self.started_at = time.perf_counter()
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env=self.env,
                stdin=stdin,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, as a terminal job
            )
        if self.terminal:
            os.close(stdin)
        url = re.compile(rf"http://127\.0\.0\.1:{self.port}/lab\?token=([0-9a-f]+)")
        deadline = self.started_at + timeout
        while True:
            match = url.search(self.log())
            if match:
                self.url, self.token = match.group(0), match.group(1)
                self.url_seconds = time.perf_counter() - self.started_at
                break
            self._check_alive_before(deadline, "print its URL with a token")
            time.sleep(0.05)
        while True:
            try:
                with urllib.request.urlopen(self.api("status"), timeout=5) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            self._check_alive_before(deadline, "answer on /api/status")
            time.sleep(0.05)
        self.ready_seconds = time.perf_counter() - self.started_at
        return self

    def _check_alive_before(self, deadline: float, what: str) -> None:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise RuntimeError(
                f"`{' '.join(self.command)}` exited ({self.proc.returncode}) before it could "
                f"{what}; its output ends with:\n{self.log_tail()}"
            )
        if time.perf_counter() > deadline:
            self.kill()
            raise TimeoutError(
                f"`{' '.join(self.command)}` did not {what} in time; its output ends with:\n{self.log_tail()}"
            )

    def api(self, path: str) -> str:
        return f"{self.base}/api/{path}?token={self.token}"

    def api_json(self, path: str, method: str = "GET", body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.api(path), data=data, method=method)
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")

    def notebook_url(self, name: str, workspace: str | None = None) -> str:
        """URL that opens notebooks/<name>.ipynb; a workspace of its own keeps it alone."""
        prefix = f"/lab/workspaces/{quote(workspace)}" if workspace else "/lab"
        return f"{self.base}{prefix}/tree/{quote(name)}.ipynb?token={self.token}"

    def processes(self) -> list[Any]:
        """make and everything it started that runs now: jupyter and its kernels."""
        import psutil

        assert self.proc is not None
        try:
            root = psutil.Process(self.proc.pid)
            return [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def start_kernel(self) -> dict[str, Any]:
        """Start a python3 kernel through the server's API and wait until it answers (a signal
        while it starts up would interrupt it), then until the server has settled; the kernel's
        description from the API."""
        from jupyter_client import BlockingKernelClient

        kernel = self.api_json("kernels", method="POST", body={"name": "python3"})
        connection = Path(self.env["JUPYTER_RUNTIME_DIR"]) / f"kernel-{kernel['id']}.json"
        client = BlockingKernelClient(connection_file=str(connection))
        client.load_connection_file()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
        finally:
            client.stop_channels()
        self.wait_until_settled()
        return kernel

    def wait_until_settled(self, timeout: float = 60.0) -> None:
        """Wait until jupyter has no child but kernels (at start-up it runs short-lived
        helpers, such as jupyter_lsp's `npm prefix -g`, which a Ctrl-C would interrupt)."""
        import psutil

        assert self.proc is not None
        deadline = time.perf_counter() + timeout
        while True:
            others = []
            try:
                below = [
                    process
                    for jupyter in psutil.Process(self.proc.pid).children()
                    for process in jupyter.children(recursive=True)
                ]
            except psutil.NoSuchProcess:
                below = []
            for process in below:
                try:
                    if "ipykernel_launcher" not in " ".join(process.cmdline()):
                        others.append(process)
                except psutil.Error:  # gone meanwhile
                    pass
            if not others:
                return
            if time.perf_counter() > deadline:
                raise TimeoutError(f"jupyter still runs helpers after {timeout:.0f} s: {others}")
            time.sleep(0.1)

    def stop(self, timeout: float = 60.0) -> StopResult:
        """Ctrl-C: SIGINT to the process group; wait for `make lab` and all it started."""
        import psutil

        assert self.proc is not None, "not started"
        # Kernels run in sessions of their own (Jupyter starts them so): remember them now.
        processes = self.processes()
        started = time.perf_counter()
        try:
            os.killpg(self.proc.pid, signal.SIGINT)
        except ProcessLookupError:
            pass
        try:
            returncode = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            returncode = None
        seconds = time.perf_counter() - started
        _gone, alive = psutil.wait_procs(processes, timeout=5 if returncode is not None else 0)
        leftover = []
        for process in alive:
            try:
                leftover.append(f"{process.pid} {' '.join(process.cmdline()[:4])}")
            except psutil.Error:
                leftover.append(str(process.pid))
        self._processes = processes
        self.kill()  # whatever is left, so that nothing outlives the test
        runtime = Path(self.env["JUPYTER_RUNTIME_DIR"])
        runtime_files = sorted(p.name for p in runtime.glob("jpserver-*"))
        return StopResult(
            returncode=returncode,
            seconds=seconds,
            log=self.log(),
            leftover=leftover,
            runtime_files=runtime_files,
            port_open=port_is_open(self.port),
        )

    def kill(self) -> None:
        """SIGKILL everything still running from this server (a no-op after a clean stop)."""
        import psutil

        if self.proc is not None:
            # psutil checks that each is still the process it was (no reused process id).
            for process in self.processes() + self._processes:
                try:
                    process.kill()
                except psutil.Error:
                    pass
            if self.proc.poll() is None:  # the process group is still make's own
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                pass
        if self._tty is not None:
            os.close(self._tty)
            self._tty = None


# --------------------------------------------------------------------------- notebooks


class _TextOnly(html.parser.HTMLParser):
    """The text of an HTML fragment as a browser shows it (no script, style or attributes)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(fragment: str) -> str:
    parser = _TextOnly()
    parser.feed(fragment)
    parser.close()
    return " ".join(parser.parts)


def markdown_text(source: str) -> str:
    """Markdown source without what JupyterLab does not show as text: comments, image alt
    texts, link targets and HTML tags."""
    source = re.sub(r"<!--.*?-->", " ", source, flags=re.S)
    source = re.sub(r"!\[[^\]]*\]", " ", source)  # image alt text: an attribute, not text
    source = re.sub(r"\]\([^)]*\)", "] ", source)  # link targets
    return html_text(source)


def _joined(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


# The mime type JupyterLab shows, by its renderers' default ranks (first available wins).
_SHOWN_MIME_ORDER = (
    "text/html",
    "text/markdown",
    "text/latex",
    "image/svg+xml",
    "image/png",
    "image/jpeg",
    "image/gif",
    "text/plain",
)


def shown_output(output: dict[str, Any]) -> tuple[str, str]:
    """(mime type, text) of what JupyterLab renders for one stored output."""
    kind = output.get("output_type")
    if kind == "stream":
        return f"stream/{output.get('name')}", _joined(output.get("text", ""))
    if kind == "error":
        return "error", "\n".join(output.get("traceback", []))
    data = output.get("data", {})
    for mime in _SHOWN_MIME_ORDER:
        if mime in data:
            if mime.startswith("image/"):
                return mime, ""
            text = _joined(data[mime])
            return mime, html_text(text) if mime == "text/html" else text
    return "", ""


@dataclass
class NotebookFile:
    """What a stored notebook should look like once JupyterLab renders it."""

    path: Path
    cell_types: list[str]
    code_sources: list[str]
    code_hidden: list[bool]  # input folded (metadata jupyter.source_hidden): JupyterLab shows no prompt
    markdown_filled: list[bool]  # for each markdown cell: is its source not blank?
    has_outputs: bool
    image_count: int
    markdown_han: list[str]
    output_han: list[str]

    @property
    def name(self) -> str:
        """Path under notebooks/ without .ipynb ('zh/01_growth'); the stem outside notebooks/."""
        try:
            return notebook_name(self.path)
        except ValueError:
            return self.path.stem

    @property
    def runnable_cells(self) -> int:
        """Code cells that JupyterLab sends to the kernel (it skips blank ones)."""
        return sum(1 for source in self.code_sources if source.strip())

    @classmethod
    def load(cls, path: Path) -> NotebookFile:
        notebook = json.loads(path.read_text("utf-8"))
        cell_types, code_sources, markdown_filled = [], [], []
        code_hidden: list[bool] = []
        markdown_han: set[str] = set()
        output_han: set[str] = set()
        images = 0
        has_outputs = False
        for cell in notebook["cells"]:
            cell_types.append(cell["cell_type"])
            source = _joined(cell.get("source", ""))
            if cell["cell_type"] == "markdown":
                markdown_filled.append(bool(source.strip()))
                markdown_han.update(HAN_RUN.findall(markdown_text(source)))
            elif cell["cell_type"] == "code":
                code_sources.append(source)
                code_hidden.append(bool(cell.get("metadata", {}).get("jupyter", {}).get("source_hidden")))
                for output in cell.get("outputs", []):
                    has_outputs = True
                    mime, text = shown_output(output)
                    images += mime.startswith("image/")
                    output_han.update(HAN_RUN.findall(text))
        return cls(
            path=path,
            cell_types=cell_types,
            code_sources=code_sources,
            code_hidden=code_hidden,
            markdown_filled=markdown_filled,
            has_outputs=has_outputs,
            image_count=images,
            markdown_han=sorted(markdown_han),
            output_han=sorted(output_han),
        )


def notebook_paths() -> list[Path]:
    """Every notebook under notebooks/, both editions (notebooks/zh/...); no checkpoints, nor
    the runs `make year` writes to notebooks/runs/."""
    return sorted(
        p
        for p in NOTEBOOK_DIR.rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts and "runs" not in p.parent.relative_to(NOTEBOOK_DIR).parts[:1]
    )


def notebook_name(path: Path) -> str:
    """A notebook's path under notebooks/ without .ipynb: '01_growth', 'zh/01_growth'."""
    return path.relative_to(NOTEBOOK_DIR).with_suffix("").as_posix()


# --------------------------------------------------------------------------- the page

# Everything the checks need from the open notebook, read in one go from the page.
PAGE_STATE_JS = """
() => {
  const panels = [...document.querySelectorAll('.jp-NotebookPanel')]
    .filter(p => !p.classList.contains('lm-mod-hidden'));
  const panel = panels[0];
  if (!panel) return {panels: 0};
  const cells = [...panel.querySelectorAll('.jp-Notebook .jp-Cell')];
  const kind = c => c.classList.contains('jp-CodeCell') ? 'code'
    : c.classList.contains('jp-MarkdownCell') ? 'markdown' : 'raw';
  // innerText leaves out folded <details>; their text is on the page, one click away.
  const text = sel => [...panel.querySelectorAll(sel)].map(e => [e.innerText,
    ...[...e.querySelectorAll('details')].map(d => d.textContent)].join('\\n')).join('\\n');
  const bad = [...panel.querySelectorAll(
      '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"],' +
      '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]')]
    .map(e => e.innerText.slice(0, 800));
  const images = [...panel.querySelectorAll('.jp-OutputArea-output img')].map(img => {
    const r = img.getBoundingClientRect();
    return {complete: img.complete, naturalWidth: img.naturalWidth,
            naturalHeight: img.naturalHeight, width: r.width, height: r.height,
            visible: img.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})};
  });
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const dialogs = [...document.querySelectorAll('.jp-Dialog')].map(d => d.innerText.slice(0, 300));
  return {
    panels: panels.length,
    cells: cells.map(c => ({
      kind: kind(c),
      rendered: kind(c) !== 'markdown' || c.classList.contains('jp-mod-rendered'),
      prompt: kind(c) === 'code'
        ? (c.querySelector('.jp-InputArea .jp-InputPrompt')?.textContent ?? '').trim() : '',
      outputs: c.querySelectorAll('.jp-OutputArea-child').length,
    })),
    markdownText: text('.jp-MarkdownCell .jp-RenderedMarkdown'),
    outputText: text('.jp-OutputArea-output'),
    errors: bad,
    images: images,
    kernel: indicator ? indicator.getAttribute('data-status') : null,
    dialogs: dialogs,
  };
}
"""

# The notebook's stored outputs are on the page: every cell, every markdown cell rendered
# (with content, unless its source is blank), every stored image loaded.
# Argument: [cell count, "has source" flag of each markdown cell, image count].
STORED_RENDERED_JS = """
([cellCount, markdownFilled, imageCount]) => {
  const panel = [...document.querySelectorAll('.jp-NotebookPanel')]
    .find(p => !p.classList.contains('lm-mod-hidden'));
  if (!panel) return false;
  const cells = panel.querySelectorAll('.jp-Notebook .jp-Cell');
  const markdown = [...panel.querySelectorAll('.jp-MarkdownCell')];
  const shown = markdown.map(c => {
    const out = c.classList.contains('jp-mod-rendered') && c.querySelector('.jp-RenderedMarkdown');
    return !!out && (out.childElementCount > 0 || out.textContent.trim() !== '');
  });
  const images = [...panel.querySelectorAll('.jp-OutputArea-output img')];
  return cells.length === cellCount && markdown.length === markdownFilled.length
    && markdownFilled.every((filled, i) => !filled || shown[i])
    && images.length >= imageCount && images.every(i => i.complete);
}
"""

KERNEL_IDLE_JS = """
() => {
  const panel = [...document.querySelectorAll('.jp-NotebookPanel')]
    .find(p => !p.classList.contains('lm-mod-hidden'));
  const indicator = panel && panel.querySelector('.jp-Notebook-ExecutionIndicator');
  return !!indicator && indicator.getAttribute('data-status') === 'idle';
}
"""

# The same, or a dialog waits for an answer.
KERNEL_IDLE_OR_DIALOG_JS = """
() => {
  if (document.querySelector('.jp-Dialog')) return true;
  const panel = [...document.querySelectorAll('.jp-NotebookPanel')]
    .find(p => !p.classList.contains('lm-mod-hidden'));
  const indicator = panel && panel.querySelector('.jp-Notebook-ExecutionIndicator');
  return !!indicator && indicator.getAttribute('data-status') === 'idle';
}
"""

# After Edit > Clear Outputs of All Cells: no outputs and no execution count anywhere.
CLEARED_JS = """
() => {
  const panel = [...document.querySelectorAll('.jp-NotebookPanel')]
    .find(p => !p.classList.contains('lm-mod-hidden'));
  if (!panel) return false;
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea .jp-InputPrompt')];
  return panel.querySelectorAll('.jp-OutputArea-child').length === 0
    && prompts.every(p => !/\\d|\\*/.test(p.textContent));
}
"""

# After Run > Run All Cells: every non-blank code cell has an execution count and the kernel
# is idle again; or an error appeared (JupyterLab then stops running the cells below it).
# Argument: the list of "has source" flags of the code cells, in order.
RUN_FINISHED_JS = """
(runnable) => {
  const panel = [...document.querySelectorAll('.jp-NotebookPanel')]
    .find(p => !p.classList.contains('lm-mod-hidden'));
  if (!panel) return false;
  const errors = panel.querySelectorAll(
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"],' +
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]');
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const idle = !!indicator && indicator.getAttribute('data-status') === 'idle';
  // one entry per code cell: a folded input (source_hidden) has no prompt on the page
  const prompts = [...panel.querySelectorAll('.jp-CodeCell')]
    .map(c => (c.querySelector('.jp-InputArea .jp-InputPrompt')?.textContent ?? '').trim());
  if (prompts.length !== runnable.length) return false;
  const counted = prompts.every((p, i) => !runnable[i] || /^\\[\\d+\\]:?$/.test(p));
  return idle && (counted || errors.length > 0);
}
"""

# The first output image of the open notebook is loaded and shown with a size.
FIRST_IMAGE_JS = """
() => [...document.querySelectorAll('.jp-NotebookPanel .jp-OutputArea-output img')]
  .some(img => {
    const r = img.getBoundingClientRect();
    return img.complete && img.naturalWidth > 0 && r.width > 0 && r.height > 0;
  })
"""

# Size of the open notebook's scrolling area and of the window.
NOTEBOOK_SCROLL_JS = """
() => {
  const panel = [...document.querySelectorAll('.jp-NotebookPanel')]
    .find(p => !p.classList.contains('lm-mod-hidden'));
  const outer = panel && (panel.querySelector('.jp-WindowedPanel-outer')
    || panel.querySelector('.jp-Notebook'));
  if (!outer) return null;
  // The notebook's own height: down to its last cell (scrollHeight also counts the padding
  // that lets the last cell scroll up, which grows with the window).
  const cells = outer.querySelectorAll('.jp-Cell');
  const last = cells[cells.length - 1];
  const content = last
    ? last.getBoundingClientRect().bottom - outer.getBoundingClientRect().top + outer.scrollTop
    : outer.scrollHeight;
  return {scroll: outer.scrollHeight, content: Math.ceil(content), client: outer.clientHeight,
          window: window.innerHeight};
}
"""

SCROLL_NOTEBOOK_TO_JS = """
(top) => {
  const panel = [...document.querySelectorAll('.jp-NotebookPanel')]
    .find(p => !p.classList.contains('lm-mod-hidden'));
  const outer = panel.querySelector('.jp-WindowedPanel-outer') || panel.querySelector('.jp-Notebook');
  outer.scrollTop = top;
  return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(outer.scrollTop))));
}
"""

NEXT_FRAME_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def page_summary(state: dict[str, Any]) -> str:
    """A short account of the page for failure messages."""
    if not state.get("panels"):
        return "no notebook panel on the page"
    cells = state.get("cells", [])
    prompts = [cell["prompt"] for cell in cells if cell["kind"] == "code"]
    return (
        f"{len(cells)} cells, kernel {state.get('kernel')!r}, prompts {prompts}, "
        f"{len(state.get('images', []))} images, errors {state.get('errors')}, "
        f"dialogs {state.get('dialogs')}"
    )


def wait_for(page: Any, script: str, what: str, arg: Any = None, timeout: float = 60.0) -> None:
    """Wait until *script* is true in the page; fail with what the page shows otherwise."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(script, arg=arg, timeout=timeout * 1000, polling=100)
    except PlaywrightTimeout:
        state = page.evaluate(PAGE_STATE_JS)
        raise AssertionError(f"waited {timeout:.0f} s for {what}; the page has {page_summary(state)}") from None


def accept_dialogs(page: Any) -> list[str]:
    """Accept every open JupyterLab dialog (kernel selection and the like); their texts."""
    texts = []
    for _ in range(5):
        dialog = page.locator(".jp-Dialog")
        if dialog.count() == 0:
            break
        texts.append(" ".join(dialog.first.inner_text().split())[:200])
        accept = dialog.first.locator(".jp-Dialog-button.jp-mod-accept")
        if accept.count():
            accept.first.click()
        else:
            page.keyboard.press("Escape")
        dialog.first.wait_for(state="detached", timeout=10_000)
    return texts


def dismiss_toasts(page: Any) -> list[str]:
    """Close notification toasts (they would cover the notebook); their texts."""
    texts = []
    for toast in page.locator(".Toastify__toast").all():
        texts.append(" ".join(toast.inner_text().split())[:200])
        close = toast.locator("button[title='Dismiss notification'], .Toastify__close-button")
        if close.count():
            close.first.click()
    return texts


def watch_for_dialogs(page: Any) -> None:
    """Have Playwright accept any dialog that shows up before one of its actions."""
    page.add_locator_handler(page.locator(".jp-Dialog"), lambda dialog: accept_dialogs(page), no_wait_after=True)


def run_menu_command(page: Any, menu: str, command: str) -> None:
    """Click *menu* in JupyterLab's menu bar, then its item that runs *command*."""
    page.locator("#jp-MainMenu .lm-MenuBar-item").filter(has_text=re.compile(rf"^\s*{re.escape(menu)}\s*$")).click()
    item = page.locator(f'.lm-Menu-item[data-command="{command}"]').first
    item.wait_for(state="visible", timeout=10_000)
    classes = item.get_attribute("class") or ""
    assert "lm-mod-disabled" not in classes, f"{menu} > {item.inner_text()} is disabled"
    item.click()


def wait_rendered(page: Any, notebook: NotebookFile, what: str, timeout: float = 90.0) -> None:
    """Wait until every cell is on the page, every markdown cell rendered and at least as
    many output images as the file stores are loaded."""
    wait_for(
        page,
        STORED_RENDERED_JS,
        f"{notebook.path.name} to render {what}",
        arg=[len(notebook.cell_types), notebook.markdown_filled, notebook.image_count],
        timeout=timeout,
    )


def open_notebook(page: Any, server: LabServer, notebook: NotebookFile, timeout: float = 90.0):
    """Open the notebook in its own workspace and wait until its stored outputs render."""
    workspace = "e2e-" + notebook.name.replace("/", "-")
    page.goto(server.notebook_url(notebook.name, workspace=workspace))
    wait_rendered(page, notebook, "its stored cells and outputs", timeout)


def wait_for_kernel(page: Any, timeout: float = 90.0) -> list[str]:
    """Wait until the notebook's kernel is idle, accepting any dialog on the way (such as
    kernel selection, for a notebook that names no kernel); returns the dialogs' texts."""
    dialogs: list[str] = []
    deadline = time.perf_counter() + timeout
    while True:
        left = max(deadline - time.perf_counter(), 0.1)
        wait_for(page, KERNEL_IDLE_OR_DIALOG_JS, "the kernel to start", timeout=left)
        if page.evaluate(KERNEL_IDLE_JS):
            return dialogs
        dialogs += accept_dialogs(page)


def wait_for_first_image(page: Any, timeout: float = 120.0) -> None:
    wait_for(page, FIRST_IMAGE_JS, "the first output image to show", timeout=timeout)


def hide_left_sidebar(page: Any) -> None:
    """Collapse the file browser so that the notebook takes the window's width."""
    if page.locator("#jp-left-stack").is_visible():
        # Clicking the left side bar's current tab (the file browser) folds the area away.
        page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").click()
        page.locator("#jp-left-stack").wait_for(state="hidden", timeout=10_000)


def screenshot_notebook(page: Any, stem: Path, width: int = 1280, max_height: int = 12_000) -> list[Path]:
    """Screenshots of the whole notebook: the window is made as tall as the notebook (up to
    *max_height*; a longer notebook is shot in parts, scrolled). Returns the files."""
    hide_left_sidebar(page)
    size = page.evaluate(NOTEBOOK_SCROLL_JS)
    assert size, "no notebook to take a screenshot of"
    chrome = size["window"] - size["client"]  # menu bar, tabs, toolbar, status bar
    needed = chrome + size["content"] + 24
    page.set_viewport_size({"width": width, "height": min(needed, max_height)})
    page.evaluate(NEXT_FRAME_JS)
    stem.parent.mkdir(parents=True, exist_ok=True)
    for old in stem.parent.glob(f"{stem.name}*.png"):
        old.unlink()
    if needed <= max_height:
        path = stem.with_name(f"{stem.name}.png")
        page.evaluate(SCROLL_NOTEBOOK_TO_JS, 0)
        page.screenshot(path=path)
        return [path]
    paths = []
    size = page.evaluate(NOTEBOOK_SCROLL_JS)
    content, client = size["content"] + 24, size["client"]
    step = max(client - 40, 200)  # parts overlap a little
    top, part = 0, 1
    while True:
        top = min(top, max(content - client, 0))  # the last part ends with the last cell
        reached = page.evaluate(SCROLL_NOTEBOOK_TO_JS, top)
        path = stem.with_name(f"{stem.name}-part{part}.png")
        page.screenshot(path=path)
        paths.append(path)
        if reached + client >= content:
            return paths
        top, part = top + step, part + 1
