"""Serving an app under gunicorn for an HTTP benchmark, and timing it with concurrent clients.

Shared by `benchmarks/versus_django_helpdesk.py` and `benchmarks/inbox_http.py`:

- `ensure_port_free` refuses to start when something already listens on a port (else the
  benchmark would time whatever answers there) and says what holds it (`ss -ltnp`).
- `Server` starts gunicorn in its own process group, waits until *it* answers (a server
  that exits while starting is reported with its log), and stops it.
- `run_concurrent` times `requests` calls spread over `clients` threads, each with its
  own client object, and gives every latency and the wall time (for req/s and p95).
"""

from __future__ import annotations

import argparse
import errno
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import requests

# The gunicorn release both sides of the versus benchmark are served with.
GUNICORN = "gunicorn==27.0.1"
HOST = "127.0.0.1"

Client = TypeVar("Client")


def port_holder(port: int) -> str:
    """What listens on the port, as `ss -ltnp` says (process names need the same user)."""
    try:
        done = subprocess.run(["ss", "-ltnp", f"sport = :{port}"], capture_output=True,
                              text=True, timeout=10)  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"(ss could not be run: {exc})"
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    return "\n".join(lines[1:]) or "(ss shows no listener: the port may be in another state)"


def port_is_free(port: int, host: str = HOST) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As gunicorn binds: SO_REUSEADDR, so a port in TIME_WAIT counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


def ensure_port_free(port: int, what: str, option: str) -> None:
    """Stop the benchmark, naming the port and what holds it, unless the port is free."""
    if port_is_free(port):
        return
    sys.exit(
        f"Port {port} on {HOST}, wanted for {what}, is already in use:\n{port_holder(port)}\n"
        f"Stop that process, or choose another port with {option}."
    )


def ensure_gunicorn(python: Path) -> None:
    """Rightthere's venv gets gunicorn from the `prod` extra, which `make install` leaves
    out: install the pinned release into the venv of `python` if it is not there."""
    version = subprocess.run([str(python), "-c", "import gunicorn; print(gunicorn.__version__)"],
                             capture_output=True, text=True)  # fmt: skip
    if version.stdout.strip() != GUNICORN.split("==")[1]:
        subprocess.run([str(python), "-m", "pip", "install", "-q", GUNICORN], check=True)


def gunicorn_argv(venv: Path, wsgi: str, port: int, workers: int) -> list[str]:
    return [str(venv / "bin" / "gunicorn"), wsgi, "--bind", f"{HOST}:{port}",
            "--workers", str(workers), "--worker-class", "sync", "--timeout", "300",
            "--access-logfile", "/dev/null"]  # fmt: skip


class Server:
    """A gunicorn started for the benchmark; `ready_path` is a page that answers 200."""

    def __init__(
        self,
        name: str,
        argv: list[str],
        env: dict[str, str],
        cwd: Path,
        port: int,
        log: Path,
        ready_path: str = "/admin/login/",
    ) -> None:
        self.name, self.port, self.log_path = name, port, log
        self.log = log.open("w")
        self.proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.log.close()
                raise RuntimeError(
                    f"{name} (gunicorn on port {port}) exited with {self.proc.returncode} while "
                    f"starting; see {log}:\n{log.read_text()[-2000:]}"
                )
            try:
                if requests.get(f"http://{HOST}:{port}{ready_path}", timeout=30).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{name} did not answer on port {port} within 120 s; see {log}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)
        self.log.close()


def start_server(
    name: str, argv: list[str], env: dict[str, str], cwd: Path, port: int, log: Path,
    option: str, ready_path: str = "/admin/login/",
) -> Server:  # fmt: skip
    ensure_port_free(port, name, option)
    return Server(name, argv, env, cwd, port, log, ready_path)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@dataclass
class Timed:
    """Latencies (ms) of requests and the wall time (s) they took together."""

    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, other: Timed) -> None:
        self.latencies += other.latencies
        self.seconds += other.seconds

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def p(self, q: float) -> float:
        return pct(self.latencies, q)


def run_concurrent(
    make_client: Callable[[], Client],
    call: Callable[[Client, int], None],
    requests_total: int,
    clients: int,
) -> Timed:
    """`requests_total` calls over `clients` threads (each its own client, made before the
    clock starts); call number n gets n, so the work is the same whatever the thread."""
    made = [make_client() for _ in range(clients)]
    counter = iter(range(requests_total))
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    latencies: list[float] = []
    errors: list[BaseException] = []

    def worker(client: Client) -> None:
        start.wait()
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            began = time.perf_counter()
            try:
                call(client, n)
            except BaseException as exc:  # reported after the run
                errors.append(exc)
                return
            took = (time.perf_counter() - began) * 1000
            with lock:
                latencies.append(took)

    threads = [threading.Thread(target=worker, args=(c,), daemon=True) for c in made]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    if errors:
        raise RuntimeError(f"{len(errors)} request(s) failed; first: {errors[0]}") from errors[0]
    return Timed(latencies, seconds)


def logged_in(base: str, path: str, username: str, password: str) -> requests.Session:
    """A session logged in through a Django login form at `path` (CSRF token included)."""
    session = requests.Session()
    session.get(f"{base}{path}").raise_for_status()
    reply = session.post(f"{base}{path}", data={
        "username": username, "password": password,
        "csrfmiddlewaretoken": session.cookies["csrftoken"]}, allow_redirects=False)  # fmt: skip
    if reply.status_code != 302:
        raise RuntimeError(f"login of {username} at {base}{path} failed: {reply.status_code}")
    return session


def with_cookies_of(session: requests.Session) -> requests.Session:
    """A new session (one per concurrent client) with the same cookies and headers."""
    twin = requests.Session()
    twin.cookies.update(session.cookies)
    twin.headers.update(session.headers)
    return twin


def add_http_options(parser: argparse.ArgumentParser, quick: dict[str, int]) -> None:
    """The options both HTTP benchmarks share; `quick` is what --quick sets (unless given)."""
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (2)")
    parser.add_argument("--clients", type=int, default=8, help="clients of the concurrent rows")
    parser.add_argument("--concurrent-requests", type=int, default=160,
                        help="requests per app in each concurrent row (160)")  # fmt: skip
    said = " ".join(f"{option} {value}" for option, value in quick.items())
    parser.add_argument("--quick", action="store_true",
                        help=f"{said}: proves the tooling, not a verdict")  # fmt: skip
    parser.add_argument("--rt-commit", help="serve Rightthere from this commit, exported with "
                        "git archive into var/ (default: the working tree as it is)")  # fmt: skip
    parser.set_defaults(quick_values=quick)


def parse_http_args(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    args = parser.parse_args(argv)
    if args.quick:
        for option, value in args.quick_values.items():
            if option not in argv:
                setattr(args, option[2:].replace("-", "_"), value)
    return args


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def commit() -> str:
    """HEAD's short hash, with "+ uncommitted changes" when the tree differs from it."""
    root = Path(__file__).resolve().parents[1]
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root,
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                           capture_output=True, text=True).stdout.strip()  # fmt: skip
    return f"{head} + uncommitted changes in the tree" if dirty else head


def served_source(revision: str | None) -> tuple[Path, str]:
    """Rightthere's `src` to serve, and the code it is: the working tree (default), or
    with a revision, that commit exported once into var/bench-src-<hash>/ (`git archive`).
    A frozen export keeps a long run from serving files that change under it in a shared
    working tree, and names exactly what was measured."""
    root = Path(__file__).resolve().parents[1]
    if not revision:
        return root / "src", commit()
    sha = subprocess.run(["git", "rev-parse", "--short", f"{revision}^{{commit}}"], cwd=root,
                         capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    target = root / "var" / f"bench-src-{sha}"
    if not (target / "src" / "rightthere").is_dir():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", sha, "src"], cwd=root, capture_output=True,
                                 check=True).stdout  # fmt: skip
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target / "src", sha
