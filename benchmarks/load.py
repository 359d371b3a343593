"""Load a running Drafts with readers of compare pages and writers of small
edits for a bounded time, then check that every accepted upload was stored
once, with consecutive revision numbers.

Against `make serve` on PostgreSQL and Redis over plain HTTP, with the demo
loaded once into its database:
    export DATABASE_URL=postgres://... REDIS_URL=redis://... HTTPS=0
    DEBUG=1 .venv/bin/python manage.py load_demo   # after migrate
    make serve    # in another shell
    .venv/bin/python benchmarks/load.py [--url http://127.0.0.1:8000]
Without it: gunicorn on a scratch PostgreSQL database and Redis db 12, both
emptied afterwards (DATABASE_URL, when it names PostgreSQL, says which server):
    .venv/bin/python benchmarks/load.py --self-serve [--workers 2]

Loopback only; every request has a timeout and the run stops by itself.
Readers sign in as the demo users (all members of the demo speech) and cycle
through the speech's revision pairs; writers upload through the API as the
two demo editors, always on the latest revision. Exit status 1 on any error.
"""

import argparse
import http.client
import ipaddress
import json
import os
import re
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from itertools import permutations
from pathlib import Path
from urllib.parse import urlencode, urlsplit
from uuid import uuid4

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SLUG = "organization-work"
DEMO_REVISIONS = 6
READERS = {
    "editor": "drafts-editor",
    "editor2": "drafts-editor2",
    "reviewer": "drafts-reviewer",
    "approver": "drafts-approver",
}
WRITERS = ("editor", "editor2")
QUERIES = ("", "?granularity=word")
TIMEOUT = 30  # seconds, for each request
SELF_SERVE_REDIS = "redis://127.0.0.1:6379/12"


class Client:
    """One keep-alive HTTP connection, reopened when the server closes it."""

    def __init__(self, base: str, headers: dict | None = None):
        parts = urlsplit(base)
        self.connection = http.client.HTTPConnection(
            parts.hostname, parts.port or 80, timeout=TIMEOUT
        )
        self.headers = {"Host": parts.netloc, **(headers or {})}

    def request(self, method: str, path: str, body=None, headers=None):
        """Return (status, headers, body bytes) of one request."""
        try:
            self.connection.request(
                method, path, body=body, headers={**self.headers, **(headers or {})}
            )
            response = self.connection.getresponse()
            return response.status, response.headers, response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            raise


@dataclass
class Tally:
    """What one kind of request saw: latencies of successes, errors by kind."""

    latencies: list = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    sources: dict = field(default_factory=dict)  # source -> its durations, ms
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, started: float, outcome: str | None, timing=None) -> None:
        elapsed = (time.perf_counter() - started) * 1000
        with self.lock:
            if outcome is None:
                self.latencies.append(elapsed)
                if timing:
                    self.sources.setdefault(timing[0], []).append(timing[1])
            else:
                self.errors[outcome] += 1


def session_cookie(base: str, username: str) -> str:
    """Sign in through the login form; return the Cookie header to send."""
    client = Client(base)
    status, headers, html = client.request("GET", "/accounts/login/")
    cookies = _cookies(headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    form = {"username": username, "password": READERS[username]}
    form["csrfmiddlewaretoken"] = token.decode()
    status, headers, _ = client.request(
        "POST",
        "/accounts/login/",
        body=urlencode(form),
        headers={
            "Cookie": _cookie_header(cookies),
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    if status != 302 or "/accounts/login/" in headers.get("Location", ""):
        raise SystemExit(f"login as {username} failed: HTTP {status}")
    return _cookie_header({**cookies, **_cookies(headers)})


def _cookies(headers) -> dict:
    jar = SimpleCookie()
    for line in headers.get_all("Set-Cookie") or ():
        jar.load(line)
    return {name: morsel.value for name, morsel in jar.items()}


def _cookie_header(cookies: dict) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def api_token(base: str, username: str) -> str:
    body = json.dumps({"username": username, "password": READERS[username]})
    status, _, answer = Client(base).request(
        "POST", "/api/token/", body, {"Content-Type": "application/json"}
    )
    if status != 200:
        raise SystemExit(f"token for {username} failed: HTTP {status} {answer!r}")
    return json.loads(answer)["token"]


def api_get(base: str, token: str, path: str):
    status, _, answer = Client(base).request(
        "GET", f"/api/{path}", headers={"Authorization": f"Token {token}"}
    )
    if status != 200:
        raise SystemExit(f"GET /api/{path}: HTTP {status}")
    return json.loads(answer)


def api_list(base: str, token: str, path: str) -> list:
    """Return every row of a paginated API list."""
    rows, page = [], 1
    while True:
        body = api_get(base, token, f"{path}?page={page}")
        rows.extend(body["results"])
        if body["next"] is None:
            return rows
        page += 1


def compare_paths() -> list[str]:
    pairs = permutations(range(1, DEMO_REVISIONS + 1), 2)
    return [
        f"/speeches/{SLUG}/compare/{a}...{b}/{query}"
        for a, b in pairs
        for query in QUERIES
    ]


def read(base: str, cookie: str, offset: int, deadline: float, tally: Tally):
    client = Client(base, {"Cookie": cookie})
    paths = compare_paths()
    index = offset
    while time.monotonic() < deadline:
        path = paths[index % len(paths)]
        index += 1
        started = time.perf_counter()
        try:
            status, headers, _ = client.request("GET", path)
        except (OSError, http.client.HTTPException) as error:
            tally.record(started, type(error).__name__)
            continue
        outcome = None if status == 200 else f"HTTP {status}"
        tally.record(started, outcome, server_timing(headers))


def server_timing(headers) -> tuple[str, float] | None:
    """Return where the compare page got its comparison and in how many ms."""
    found = re.match(
        r'comparison;desc="(\w+)";dur=([\d.]+)', headers["Server-Timing"] or ""
    )
    return (found[1], float(found[2])) if found else None


def write(base: str, token: str, job: dict, deadline: float, tally: Tally):
    client = Client(
        base, {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    )
    path = f"/api/speeches/{SLUG}/revisions/"
    upload = 0
    while time.monotonic() < deadline:
        upload += 1
        note = f"{job['run']} w{job['writer']}-{upload}"
        text = f"{job['text']}\n（压测：写入者{job['writer']}第{upload}次修改）"
        started = time.perf_counter()
        try:
            status, _, _ = client.request(
                "POST", path, json.dumps({"text": text, "note": note})
            )
        except (OSError, http.client.HTTPException) as error:
            tally.record(started, type(error).__name__)
            continue
        tally.record(started, None if status == 201 else f"HTTP {status}")
        if status == 201:
            with tally.lock:
                job["accepted"].append(note)


def run_load(args) -> int:
    tokens = [api_token(args.url, name) for name in WRITERS]
    cookies = [session_cookie(args.url, name) for name in READERS]
    before = api_list(args.url, tokens[0], f"speeches/{SLUG}/revisions/")
    latest = api_get(args.url, tokens[0], f"speeches/{SLUG}/revisions/{len(before)}/")
    run, accepted = f"load-{uuid4().hex[:8]}", []
    reads, writes = Tally(), Tally()
    deadline = time.monotonic() + args.duration
    threads = [
        threading.Thread(
            target=read,
            args=(args.url, cookies[n % len(cookies)], n * 7, deadline, reads),
        )
        for n in range(args.readers)
    ]
    for n in range(args.writers):
        job = {"run": run, "writer": n, "text": latest["text"], "accepted": accepted}
        token = tokens[n % len(tokens)]
        threads.append(
            threading.Thread(
                target=write, args=(args.url, token, job, deadline, writes)
            )
        )
    elapsed = run_all(threads, args.duration)
    report(args, elapsed, reads, writes)
    consistent = check(args.url, tokens[0], before, run, accepted)
    return 1 if reads.errors or writes.errors or not consistent else 0


def run_all(threads: list, duration: float) -> float:
    """Run *threads* to their end; return the seconds that took."""
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + 2 * TIMEOUT)
    return time.monotonic() - started


def report(args, elapsed: float, reads: Tally, writes: Tally) -> None:
    print(
        f"Drafts load: {args.url}, {elapsed:.0f} s, {args.readers} readers, "
        f"{args.writers} writers, client on the same machine ({os.cpu_count()} cores,"
        f" load average {os.getloadavg()[1]:.1f} over the last 5 minutes)"
    )
    print(f"{'kind':<8}{'ok':>8}{'per s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for kind, tally in (("compare", reads), ("upload", writes)):
        ok = sorted(tally.latencies)
        print(
            f"{kind:<8}{len(ok):>8}{len(ok) / elapsed:>9.1f}"
            f"{percentile(ok, 50):>9.0f}{percentile(ok, 99):>9.0f}"
            f"{sum(tally.errors.values()):>8}"
        )
        for outcome, count in tally.errors.most_common():
            print(f"  {kind} error {outcome}: {count}")
    for source, durations in sorted(reads.sources.items()):
        print(
            f"comparison from {source}: {len(durations)} pages, "
            f"median {percentile(sorted(durations), 50):.1f} ms of server time"
        )


def percentile(ordered: list, rank: int) -> float:
    """Return the nearest-rank percentile of an ordered list (0 when empty)."""
    if not ordered:
        return 0.0
    return ordered[max(0, -(-rank * len(ordered) // 100) - 1)]


def check(base: str, token: str, before: list, run: str, accepted: list) -> bool:
    """Print and return whether every accepted upload is stored once, and the
    numbers run 1..N with no gap or duplicate."""
    after = api_list(base, token, f"speeches/{SLUG}/revisions/")
    numbers = sorted(revision["number"] for revision in after)
    ours = Counter(r["note"] for r in after if r["note"].startswith(run))
    problems = []
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append("numbers have a gap or a duplicate")
    if ours != Counter(accepted) or max(ours.values(), default=1) != 1:
        problems.append("accepted uploads and stored revisions differ")
    if len(after) != len(before) + len(accepted):
        problems.append("someone else wrote during the run")
    verdict = "OK" if not problems else "FAILED: " + "; ".join(problems)
    print(
        f"consistency: {len(before)} before + {len(accepted)} accepted = "
        f"{len(after)} revisions, numbers 1..{numbers[-1]}: {verdict}"
    )
    return not problems


@contextmanager
def self_served(workers: int):
    """Yield the URL of gunicorn on a scratch PostgreSQL database holding the
    demo; stop it, drop the database and empty the Redis db afterwards."""
    from tests import servers

    database_url = servers.postgres_url() or servers.LOCAL_POSTGRES
    missing = servers.missing_service(database_url, SELF_SERVE_REDIS)
    if missing:
        raise SystemExit(f"--self-serve: {missing}")
    with (
        tempfile.TemporaryDirectory() as log_dir,
        servers.scratch_database(database_url, "drafts_load") as url,
    ):
        static_root = Path(log_dir) / "static"
        servers.install_demo(url, static_root)
        servers.flush_redis(SELF_SERVE_REDIS)
        env = servers.server_env(
            database_url=url,
            redis_url=SELF_SERVE_REDIS,
            secret_key=uuid4().hex * 2,
            static_root=static_root,
        )
        server = servers.start_gunicorn(env, workers=workers, log_dir=Path(log_dir))
        try:
            server.wait_ready()
            yield server.url
        finally:
            server.stop()
            servers.flush_redis(SELF_SERVE_REDIS)


def loopback_only(url: str) -> str:
    host = urlsplit(url).hostname or ""
    try:
        allowed = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        allowed = False
    if not allowed or urlsplit(url).scheme != "http":
        raise argparse.ArgumentTypeError("only http:// on loopback (127.0.0.1, ::1)")
    return url.rstrip("/")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", type=loopback_only, default="http://127.0.0.1:8000")
    parser.add_argument("--duration", type=float, default=60, help="seconds")
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--writers", type=int, default=5)
    parser.add_argument("--self-serve", action="store_true")
    parser.add_argument("--workers", type=int, default=2, help="with --self-serve")
    args = parser.parse_args()
    if not 0 < args.duration <= 600:
        parser.error("--duration must be between 0 and 600 seconds")
    if not args.self_serve:
        return run_load(args)
    with self_served(args.workers) as args.url:
        return run_load(args)


if __name__ == "__main__":
    sys.exit(main())
