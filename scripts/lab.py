"""Run JupyterLab for `make lab`: the port asked for or a clear failure, and a clean stop.

    python scripts/lab.py --ip=127.0.0.1 --port=8888 [more JupyterLab options]

`make lab` runs this with `exec`, so make's recipe is this one process: JupyterLab runs in it
(not as the `jupyter lab` script), and its kernels are its children. Both seen with the pinned
jupyter_server 2.21:

- **The port is honoured.** A busy `--port` makes this exit with status 1 and a message naming
  the port, checked before JupyterLab starts (the same bind Jupyter does), and
  `--ServerApp.port_retries=0` is added so that Jupyter never moves to another port either.
- **Every stop is a clean shutdown.** SIGINT, SIGTERM and SIGHUP all stop the server as its
  SIGTERM does: kernels shut down, server files removed; only the first signal counts (Ctrl-C
  in a terminal reaches both make and this process, and make forwards its SIGTERM here). With
  a terminal, Jupyter would ask "Shutdown this Jupyter server (y/[n])?" on Ctrl-C; without
  one it would end on SIGINT and leave its kernels running.
- **A signal to make alone stops it too.** GNU make does not pass SIGINT, SIGHUP or SIGQUIT on
  to its recipe (it expects the terminal to send them to the whole process group, as Ctrl-C
  does), and waits for the recipe to end: a process manager or an editor's task runner that
  signals make's process only would wait forever. On Linux a thread watches make: when make
  starts handling one of those signals (its handler is reset to the default, seen in
  /proc/PID/status), or make is gone, the server is stopped. A signal that make inherited as
  ignored (a job started with `&` from a script) is ignored by make itself; nothing can see it.
- **It ends.** Once the server has shut down, an AnyIO worker thread left from a request still
  running can keep Python from exiting forever (jupyterlab/jupyterlab#10442): this leaves with
  os._exit. A shutdown that has not finished 60 s after the stop request ends the kernels and
  the server with SIGKILL.

Exit status: JupyterLab's own (0 after a requested stop), 1 when the port is busy or
cannot be used, 2 for a missing or malformed --port or --ip.
"""

from __future__ import annotations

import errno
import logging
import os
import signal
import sys
import threading
import time
from pathlib import Path

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# Signals make handles by waiting for its recipe (and SIGTERM, which it also passes on).
MAKE_FATAL_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)
WATCH_INTERVAL = 0.2  # seconds between two looks at the parent
SHUTDOWN_GRACE = 60.0  # seconds a clean shutdown may take before the kernels are killed


def _option(args: list[str], name: str) -> str | None:
    """The value of `--name=value` or `--name value` in args (the last one given)."""
    value = None
    for i, arg in enumerate(args):
        if arg.startswith(f"--{name}="):
            value = arg.split("=", 1)[1]
        elif arg == f"--{name}" and i + 1 < len(args):
            value = args[i + 1]
    return value


def port_problem(ip: str, port: int) -> str | None:
    """Why JupyterLab could not listen on ip:port, or None when it can.

    The same bind Jupyter does (tornado's bind_sockets: every address of `ip`, SO_REUSEADDR),
    released at once.
    """
    from tornado.netutil import bind_sockets

    try:
        sockets = bind_sockets(port, ip or None)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            other = port + 1 if port < 65535 else 8889
            return (
                f"port {port} on {ip or 'all addresses'} is already in use (another JupyterLab, "
                f"or another server). Stop it, or choose a free port: make lab PORT={other}"
            )
        if exc.errno in (errno.EACCES, errno.EPERM):
            return f"no permission to listen on port {port}; choose a port above 1023: make lab PORT=8888"
        return f"cannot listen on {ip}:{port}: {exc.strerror or exc}; check IP and PORT"
    for sock in sockets:
        sock.close()
    return None


# ------------------------------------------------------------------------------- stopping


def _caught_signals(pid: int) -> set[int] | None:
    """The signals process `pid` handles with a handler of its own (Linux), or None."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("SigCgt:"):
            mask = int(line.split()[1], 16)
            return {n for n in range(1, 65) if mask >> (n - 1) & 1}
    return None


class Stopper:
    """Turns the first stop signal, or make's, into one clean shutdown of the server."""

    def __init__(self) -> None:
        self.app = None  # the ServerApp, once its signal handlers are set
        self.requested = threading.Event()
        self.requested_at = 0.0
        self.reason = ""

    def handle(self, signum: int, frame: object) -> None:
        """Signal handler (main thread): the first stop request stops the server cleanly; a
        second one, more than 2 s later (Ctrl-C pressed again), kills the kernels at once."""
        if self.requested.is_set():
            if self.app is not None and time.monotonic() - self.requested_at > 2:
                self._force(f"{signal.Signals(signum).name} again")
            return
        self.requested.set()
        self.requested_at = time.monotonic()
        self.reason = self.reason or f"received {signal.Signals(signum).name}"
        if self.app is None:  # still starting: end now (no kernel runs yet)
            raise SystemExit(128 + signum)
        print(f"[lab] {self.reason}: shutting JupyterLab down", file=sys.stderr, flush=True)
        self.app._signal_stop(signum, frame)
        threading.Thread(target=self._force_after_grace, daemon=True).start()

    def request(self, reason: str) -> None:
        """Ask for a stop from another thread: a SIGTERM to this process, handled as above."""
        if not self.requested.is_set():
            self.reason = reason
            os.kill(os.getpid(), signal.SIGTERM)

    def watch_parent(self) -> None:
        """Thread: stop the server when the parent (make) handles a fatal signal or is gone."""
        parent = os.getppid()
        watched = (_caught_signals(parent) or set()) & set(MAKE_FATAL_SIGNALS)
        while not self.requested.is_set():
            time.sleep(WATCH_INTERVAL)
            if os.getppid() != parent:
                self.request(f"the parent process {parent} (make) is gone")
                return
            if not watched:
                continue
            caught = _caught_signals(parent)
            lost = watched - caught if caught is not None else watched
            if lost:
                names = ", ".join(signal.Signals(n).name for n in sorted(lost))
                self.request(f"make (process {parent}) received {names}")
                return

    def _force_after_grace(self) -> None:
        """Thread: if the clean shutdown hangs, kill the kernels and leave."""
        time.sleep(SHUTDOWN_GRACE)
        self._force(f"no clean shutdown after {SHUTDOWN_GRACE:.0f} s")

    def _force(self, why: str) -> None:
        print(f"[lab] {why}: killing the kernels and the server", file=sys.stderr, flush=True)
        for pid in _descendants(os.getpid()):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        os._exit(1)


def _descendants(pid: int) -> list[int]:
    """Process ids of every descendant of `pid` (Linux /proc; empty elsewhere)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _install(stopper: Stopper) -> None:
    """Our handlers now, and again right after Jupyter sets its own (ServerApp.init_signal)."""
    from jupyter_server.serverapp import ServerApp

    for signum in STOP_SIGNALS:
        signal.signal(signum, stopper.handle)  # also undoes a SIGINT ignored by a background job
    original = ServerApp.init_signal

    def init_signal(app: ServerApp) -> None:
        original(app)
        for signum in STOP_SIGNALS:
            signal.signal(signum, stopper.handle)
        stopper.app = app
        if stopper.requested.is_set():  # a request while starting: honour it now
            app._signal_stop(signal.SIGTERM, None)

    ServerApp.init_signal = init_signal  # type: ignore[method-assign]


def main(args: list[str]) -> int:
    port_text, ip = _option(args, "port"), _option(args, "ip")
    if port_text is None or not port_text.isdigit() or not 0 <= int(port_text) <= 65535:
        print(f"make lab: PORT must be a port number 1-65535, got {port_text!r}", file=sys.stderr)
        return 2
    if ip is None:
        print("make lab: IP is missing (--ip=ADDRESS)", file=sys.stderr)
        return 2
    port = int(port_text)
    if port:  # 0: any free port, Jupyter's choice
        problem = port_problem(ip, port)
        if problem:
            print(f"make lab: {problem}", file=sys.stderr)
            return 1
    stopper = Stopper()
    _install(stopper)
    threading.Thread(target=stopper.watch_parent, name="watch-make", daemon=True).start()
    from jupyterlab.labapp import main as lab_main

    sys.argv = ["jupyter-lab", *args, "--ServerApp.port_retries=0"]
    try:
        code = lab_main()
    except SystemExit as stop:
        code = stop.code
    if isinstance(code, str):
        print(code, file=sys.stderr)
    return code if isinstance(code, int) else 0 if code is None else 1


if __name__ == "__main__":
    try:
        status = main(sys.argv[1:])
    except SystemExit as stop:  # a stop signal while starting
        status = stop.code if isinstance(stop.code, int) else 1
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
