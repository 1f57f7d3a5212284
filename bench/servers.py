"""Start and stop the servers under test, and watch their memory.

Each server is a child process in its own session; it is stopped by its pid (SIGINT, uvicorn's
graceful stop, then SIGKILL of that pid only if it hangs). Memory is the resident set of the
server's process tree (the uvicorn supervisor plus its workers when ``--workers`` > 1): sampled
every 100 ms while the load runs, plus each process's own high-water mark (VmHWM) at the end.
:func:`cpu_seconds` tells a CPU-bound server (≈100% of a core per worker) from a waiting one.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import httpx


def _status(pid: int, key: str) -> int:
    """A ``/proc/<pid>/status`` value in kB (0 if the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, ValueError):
        pass
    return 0


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of the processes (``/proc/<pid>/stat`` fields 14 and 15)."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def descendants(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


class Server:
    def __init__(self, name: str, cmd: list[str], env: dict[str, str], port: int,
                 ready_path: str, log: Path, cpus: set[int] | None) -> None:
        self.name, self.cmd, self.env, self.port = name, cmd, env, port
        self.ready_path, self.log, self.cpus = ready_path, log, cpus
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120) -> None:
        cpus = self.cpus
        handle = self.log.open("wb")
        self.proc = subprocess.Popen(
            self.cmd, env=self.env, stdout=handle, stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited early; see {self.log}")
            try:
                if httpx.get(self.base + self.ready_path, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.name} did not become ready in {timeout:.0f} s; see {self.log}")

    def pids(self) -> list[int]:
        return descendants(self.proc.pid) if self.proc else []

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)


class MemoryWatch(threading.Thread):
    """Peak summed RSS of a server's process tree while the watch runs."""

    def __init__(self, server: Server, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.server, self.interval = server, interval
        self.peak_kb = self.peak_anon_kb = 0
        self._halt = threading.Event()

    def run(self) -> None:
        pids, rescan = self.server.pids(), time.monotonic() + 1
        while not self._halt.is_set():
            if time.monotonic() > rescan:
                pids, rescan = self.server.pids(), time.monotonic() + 1
            self.peak_kb = max(self.peak_kb, sum(_status(p, "VmRSS") for p in pids))
            self.peak_anon_kb = max(self.peak_anon_kb, sum(_status(p, "RssAnon") for p in pids))
            self._halt.wait(self.interval)

    def finish(self) -> dict[str, float]:
        self._halt.set()
        self.join()
        pids = self.server.pids()
        return {
            "peak_rss_mb": round(self.peak_kb / 1024, 1),
            "peak_anon_mb": round(self.peak_anon_kb / 1024, 1),  # RSS minus file-backed pages
            "hwm_mb": round(sum(_status(p, "VmHWM") for p in pids) / 1024, 1),
            "processes": len(pids),
        }
