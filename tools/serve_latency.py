#!/usr/bin/env python3
"""Save → served latency of `forvalt serve`, measured as a process.

Copies REPO to a temporary folder, starts `forvalt serve` on it (127.0.0.1 only), then RUNS
times appends a line to PAGE and polls URL until the served page holds the new line. Prints
the times from the write to the first response with the edit, and serve's own timings.

    tools/serve_latency.py target/release/forvalt /tmp/gen-1000 \\
        docs/omraade-05/emne-05/side-05.md /forvaltning/docs/omraade-05/emne-05/side-05.html 8
"""
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    binary, repo, page, url_path = sys.argv[1:5]
    runs = int(sys.argv[5]) if len(sys.argv) > 5 else 8
    work = tempfile.mkdtemp(prefix="serve-latency-")
    copy = os.path.join(work, "repo")
    shutil.copytree(repo, copy, symlinks=True)
    port = free_port()
    proc = subprocess.Popen(
        [binary, "serve", copy, "--port", str(port), "--today", "2026-06-15", "--timings"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"

    def get(path):
        try:
            with urllib.request.urlopen(base + path, timeout=5) as r:
                return r.read().decode("utf-8", "replace")
        except Exception:
            return None

    deadline = time.time() + 300
    while time.time() < deadline and get(url_path) is None:
        time.sleep(0.05)
    times = []
    for k in range(runs):
        time.sleep(1.0)
        marker = f"Maaling{k}x{int(time.time() * 1000)}"
        with open(os.path.join(copy, page), "a", encoding="utf-8") as f:
            f.write(f"\n\n{marker}\n")
        t0 = time.perf_counter()
        while True:
            body = get(url_path)
            if body and marker in body:
                break
            if time.perf_counter() - t0 > 30:
                sys.exit("the edit was not served within 30 s")
            time.sleep(0.002)
        times.append((time.perf_counter() - t0) * 1000)
    proc.terminate()
    err = proc.communicate(timeout=30)[1]
    shutil.rmtree(work, ignore_errors=True)
    times.sort()
    print(
        f"save → served: min {times[0]:.0f} ms, median {statistics.median(times):.0f} ms, "
        f"max {times[-1]:.0f} ms ({', '.join(f'{t:.0f}' for t in times)})"
    )
    for line in err.splitlines():
        if re.search(r"^(Built|Rebuilt|load )", line):
            print("  " + line)


if __name__ == "__main__":
    main()
