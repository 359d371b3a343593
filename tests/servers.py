"""Real app servers for the two-server test and the load benchmark: a scratch
PostgreSQL database holding the demo, and gunicorn processes on free loopback
ports. Whoever starts a server stops it, and whoever creates a database drops
it, whatever happened in between."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from uuid import uuid4

ROOT = Path(__file__).resolve().parent.parent
LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
# Variables of the caller's shell that must not leak into a server under test.
SERVER_VARIABLES = ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "HTTPS")


def postgres_url() -> str | None:
    """Return DATABASE_URL when it names a PostgreSQL server, else None."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres", "pgsql")) else None


def missing_service(database_url: str, redis_url: str) -> str | None:
    """Return why PostgreSQL or Redis cannot be used, or None when both answer."""
    import psycopg

    try:
        import redis
    except ImportError:
        return "redis-py is not installed (RedisCache needs it)"
    try:
        psycopg.connect(_maintenance(database_url), connect_timeout=3).close()
    except psycopg.Error as error:
        return f"PostgreSQL is not reachable: {error}"
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        return f"Redis is not reachable at {redis_url}: {error}"
    return None


def flush_redis(redis_url: str) -> None:
    """Empty the one Redis database that *redis_url* names."""
    import redis

    client = redis.Redis.from_url(redis_url, socket_connect_timeout=3)
    try:
        client.flushdb()
    finally:
        client.close()


@contextmanager
def scratch_database(database_url: str, prefix: str) -> Iterator[str]:
    """Create an empty database beside *database_url*'s; yield its URL; drop it."""
    import psycopg
    from psycopg import sql

    name = f"{prefix}_{uuid4().hex[:10]}"
    with psycopg.connect(_maintenance(database_url), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlsplit(database_url)._replace(path=f"/{name}").geturl()
    finally:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        with psycopg.connect(_maintenance(database_url), autocommit=True) as conn:
            conn.execute(drop.format(sql.Identifier(name)))


def _maintenance(database_url: str) -> str:
    from psycopg.conninfo import make_conninfo

    return make_conninfo(database_url, dbname="postgres")


def install_demo(database_url: str, static_root: Path) -> None:
    """Migrate, load the demo (it needs DEBUG) and collect static files into
    *static_root*, as a deployment would: each step a manage.py process of
    its own. Nothing is written into the project's folder."""
    env = clean_env(DATABASE_URL=database_url, STATIC_ROOT=str(static_root))
    manage("migrate", "--noinput", env=env)
    manage("load_demo", env={**env, "DEBUG": "1"})
    manage("collectstatic", "--noinput", env=env)


def manage(*args: str, env: dict) -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr}")


def clean_env(**variables: str) -> dict:
    """Return this process's environment without the server's own variables,
    plus *variables*."""
    env = {k: v for k, v in os.environ.items() if k not in SERVER_VARIABLES}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return {**env, **variables}


def server_env(
    *, database_url: str, redis_url: str | None, secret_key: str, static_root: Path
) -> dict:
    """Return the environment one app server of a plain-HTTP trial runs with."""
    env = clean_env(
        DATABASE_URL=database_url,
        STATIC_ROOT=str(static_root),
        SECRET_KEY=secret_key,
        DEBUG="0",
        HTTPS="0",
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


@dataclass
class Server:
    """One gunicorn master and its workers, in a process group of their own."""

    url: str
    process: subprocess.Popen
    log: Path

    def log_tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:]

    def wait_ready(self, timeout: float = 60) -> None:
        """Return once the server answers HTTP; raise if it died or is late."""
        host, port = urlsplit(self.url).hostname, urlsplit(self.url).port
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early:\n{self.log_tail()}")
            if _answers(host, port):
                return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn not ready after {timeout} s:\n{self.log_tail()}")

    def stop(self) -> None:
        """Stop the master and its workers: TERM, then KILL if they linger."""
        for sig, grace in ((signal.SIGTERM, 20), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(timeout=grace)
                break
            except subprocess.TimeoutExpired:
                continue


def start_gunicorn(env: dict, *, workers: int, log_dir: Path) -> Server:
    """Start gunicorn on a free loopback port; the caller waits and stops it."""
    port = free_port()
    log = log_dir / f"gunicorn-{port}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "speechsite.wsgi:application",
                f"--bind=127.0.0.1:{port}",
                f"--workers={workers}",
                # One per master: gunicorn's default path is shared by all.
                f"--control-socket={log_dir / f'gunicorn-{port}.ctl'}",
            ],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Server(f"http://127.0.0.1:{port}", process, log)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(host: str, port: int) -> bool:
    """Return whether a worker answers: the master listens before they boot."""
    try:
        with socket.create_connection((host, port), timeout=2) as conn:
            conn.settimeout(10)
            conn.sendall(b"GET /accounts/login/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
            return conn.recv(12).startswith(b"HTTP/1.")
    except OSError:
        return False
