"""A throwaway PostgreSQL cluster for the test suite: initdb + pg_ctl in a temp folder, loopback only.

As root, the server runs as the `postgres` system user (or `nobody`), since PostgreSQL refuses to run as root.
Stop and start are exposed so fault tests can take the server away mid-run.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def _pg_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not candidates:
        raise RuntimeError(f"PostgreSQL server binary {name!r} not found; run `make test` (it installs postgresql)")
    return candidates[-1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    def __init__(self) -> None:
        self.base = Path(tempfile.mkdtemp(prefix="videotron-pg-"))
        self.datadir = self.base / "data"
        self.port = _free_port()
        self.user = "postgres"
        self._run_as: list[str] = []
        if os.geteuid() == 0:
            owner = "postgres"
            try:
                pwd.getpwnam(owner)
            except KeyError:
                owner = "nobody"
            self._run_as = ["runuser", "-u", owner, "--"]
            shutil.chown(self.base, user=owner)
        os.chmod(self.base, 0o700)

    def _run(self, *cmd: str) -> None:
        subprocess.run([*self._run_as, *cmd], check=True, capture_output=True, cwd=str(self.base))

    def init(self) -> None:
        self._run(_pg_bin("initdb"), "-D", str(self.datadir), "-U", self.user, "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8" if _has_c_utf8() else "--locale=C")  # fmt: skip
        with open(self.datadir / "postgresql.conf", "a") as conf:
            conf.write(
                f"\nlisten_addresses = '127.0.0.1'\nport = {self.port}\nunix_socket_directories = '{self.base}'\n"
                "fsync = off\nfull_page_writes = off\nmax_connections = 100\n"
            )

    def start(self) -> None:
        self._run(_pg_bin("pg_ctl"), "-D", str(self.datadir), "-l", str(self.base / "log.txt"), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run(_pg_bin("pg_ctl"), "-D", str(self.datadir), "-m", mode, "-w", "stop")

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, name: str, template: str | None = None) -> str:
        """A new database; from `template` (a copy of it, e.g. one already migrated) when given."""
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={self.user} dbname=postgres",
                             autocommit=True) as conn:  # fmt: skip
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.base, ignore_errors=True)


def _has_c_utf8() -> bool:
    out = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower()
    return "c.utf8" in out or "c.utf-8" in out
