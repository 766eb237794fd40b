"""Search API under load: the development server against `kb serve --production`, one run.

Starts each server in turn over the sample content (its own instance folder, loopback
only), warms it with every query once, then runs a bounded load: CLIENTS threads (≤ 8),
each with one keep-alive connection (http.client), asking /api/v1/search with the sample
articles' `questions:` — how customers phrase them — for DURATION seconds. Prints
requests/s, p50/p95/p99 latency, errors, and memory as PSS (/proc/PID/smaps_rollup) of the
server's process tree: the one development process, or gunicorn's master plus workers.

    .venv/bin/python benchmarks/serve_speed.py [--clients 4] [--duration 20] [--workers 3]
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.content.tree import load_content  # noqa: E402
from kbsite.kinds import KINDS  # noqa: E402


def questions(content: Path) -> list[str]:
    """Every `questions:` line of the sample's published articles, in file order."""
    loaded = load_content(content, kinds=KINDS)
    return [q for a in loaded.published() for q in a.questions]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tree(pid: int) -> list[int]:
    """`pid` and its descendants."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        path = Path(f"/proc/{p}/task/{p}/children")
        if path.exists():
            todo += [int(c) for c in path.read_text().split()]
    return out


def pss_mb(pid: int) -> tuple[float, int]:
    """(total PSS in MB, number of processes) of `pid`'s process tree."""
    total = 0
    pids = tree(pid)
    for p in pids:
        for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1])
    return total / 1024, len(pids)


def wait_ready(port: int, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


def load(port: int, queries: list[str], clients: int, duration: float) -> dict[str, float]:
    """CLIENTS keep-alive clients for DURATION seconds: rate, latency, errors."""
    paths = ["/api/v1/search?q=" + urllib.parse.quote(q) for q in queries]
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    stop = time.monotonic() + duration

    def client(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        n = i * 7
        while time.monotonic() < stop:
            path = paths[n % len(paths)]
            n += 1
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors[i] += 1
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException):
                errors[i] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            latencies[i].append(time.perf_counter() - start)
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    every = sorted(x for lat in latencies for x in lat)
    q = statistics.quantiles(every, n=100) if len(every) > 1 else [0.0] * 99
    return {"requests": len(every), "rps": len(every) / elapsed, "p50": q[49] * 1000,
            "p95": q[94] * 1000, "p99": q[98] * 1000, "errors": sum(errors)}


def run_server(name: str, args: list[str], queries: list[str], opts: argparse.Namespace
               ) -> dict[str, float]:
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "KB_INSTANCE": str(Path(tmp) / "instance"),
               "KB_SECRET_KEY": "benchmark-only", "PYTHONUNBUFFERED": "1"}
        env.pop("KB_DATABASE_URL", None)
        proc = subprocess.Popen([sys.executable, "-m", "kbsite.cli", "serve", "--content",
                                 str(opts.content), "--port", str(port), *args],
                                cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            wait_ready(port, proc)
            load(port, queries, 1, 0.1)
            for q in queries:  # warm: every query once, so each worker's caches fill
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", "/api/v1/search?q=" + urllib.parse.quote(q))
                conn.getresponse().read()
                conn.close()
            idle, procs = pss_mb(proc.pid)
            result = load(port, queries, opts.clients, opts.duration)
            busy, _ = pss_mb(proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=60)
    result.update(name=name, pss_idle=idle, pss_busy=busy, procs=procs)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--clients", type=int, default=4, choices=range(1, 9))
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    opts = parser.parse_args()
    queries = questions(opts.content)
    print(f"{len(queries)} queries from {opts.content}'s questions; {opts.clients} clients, "
          f"{opts.duration:.0f} s each, {os.cpu_count()} cores")
    rows = [
        run_server("development (kb serve)", [], queries, opts),
        run_server(f"production ({opts.workers} workers × {opts.threads} threads)",
                   ["--production", "--workers", str(opts.workers), "--threads",
                    str(opts.threads)], queries, opts),
    ]
    print(f"\n| server | req/s | p50 ms | p95 ms | p99 ms | errors | processes | "
          f"PSS idle MB | PSS after load MB |\n|{'---|' * 9}")
    for r in rows:
        print(f"| {r['name']} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | "
              f"{r['p99']:.1f} | {r['errors']:.0f} | {r['procs']:.0f} | {r['pss_idle']:.0f} | "
              f"{r['pss_busy']:.0f} |")
    dev, prod = rows
    print(f"\nproduction PSS / development PSS: {prod['pss_busy'] / dev['pss_busy']:.2f} "
          f"(target ≤ 1.5); production ≥ 300 req/s at p95 ≤ 100 ms: "
          f"{'yes' if prod['rps'] >= 300 and prod['p95'] <= 100 else 'no'}")


if __name__ == "__main__":
    main()
