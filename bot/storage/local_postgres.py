"""A throw-away PostgreSQL cluster for tests and checks: initdb into a temporary directory, a Unix socket only.

PostgreSQL refuses to run as root, and CI runs as root: then the cluster runs as an unprivileged system user
(`postgres` where the Debian package made it, else `ilrs-postgres`, created on first use) that owns the
directory. Durability is switched off (fsync, synchronous commit): the data is gone when the cluster stops.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Self
from urllib.parse import quote

SUPERUSER = "postgres"
PORT = 5432  # on the cluster's own socket directory, so it never collides with another server
FALLBACK_SYSTEM_USER = "ilrs-postgres"


class PostgresUnavailable(RuntimeError):
    """PostgreSQL's server programs are not installed, or the cluster did not start."""


def find_bin_dir() -> Path:
    """Where `initdb` and `pg_ctl` are: on PATH, or Debian's /usr/lib/postgresql/<version>/bin (newest)."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).resolve().parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name))
    if not candidates:
        raise PostgresUnavailable("PostgreSQL is not installed (no pg_ctl): apt-get install -y postgresql")
    return candidates[-1].parent


def _system_user() -> pwd.struct_passwd:
    for name in (SUPERUSER, FALLBACK_SYSTEM_USER):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", FALLBACK_SYSTEM_USER],
        check=True,
        capture_output=True,
    )
    return pwd.getpwnam(FALLBACK_SYSTEM_USER)


class LocalPostgres:
    """Start with `with LocalPostgres() as server:`; `server.url("name")` after `server.create_database("name")`."""

    def __init__(self) -> None:
        self.bin_dir = find_bin_dir()
        self.root: Path | None = None
        self._run_as: list[str] = []

    @property
    def socket_dir(self) -> Path:
        return self.root / "socket"

    def _run(self, program: str, *args: str) -> subprocess.CompletedProcess:
        command = [*self._run_as, str(self.bin_dir / program), *args]
        result = subprocess.run(command, capture_output=True, text=True, cwd=self.root)
        if result.returncode != 0:
            detail = (result.stderr or result.stdout).strip().splitlines()
            raise PostgresUnavailable(f"{program} failed: {detail[-1] if detail else result.returncode}")
        return result

    def start(self) -> Self:
        self.root = Path(tempfile.mkdtemp(prefix="ilrs-pg-"))
        self.socket_dir.mkdir()
        if os.geteuid() == 0:
            user = _system_user()
            for path in (self.root, self.socket_dir):
                os.chown(path, user.pw_uid, user.pw_gid)
            self._run_as = ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups", "--"]
        data = self.root / "data"
        self._run("initdb", "-D", str(data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--no-sync")
        options = (
            f"-c listen_addresses='' -k {self.socket_dir} -p {PORT} -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=200"
        )
        try:
            self._run("pg_ctl", "-D", str(data), "-o", options, "-l", str(self.root / "server.log"), "-w", "start")
        except PostgresUnavailable:
            log = (self.root / "server.log").read_text(errors="replace") if (self.root / "server.log").exists() else ""
            self._remove()
            raise PostgresUnavailable(f"PostgreSQL did not start: {log.strip()[-300:]}") from None
        return self

    def stop(self) -> None:
        if self.root is None:
            return
        try:
            self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")
        finally:
            self._remove()

    def _remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def url(self, database: str = "postgres") -> str:
        """A `DATABASE_URL` for one database of this cluster."""
        return f"postgresql://{SUPERUSER}@/{database}?host={quote(str(self.socket_dir))}&port={PORT}"

    def create_database(self, name: str, *, template: str | None = None) -> str:
        """Create an empty database (or a copy of `template`) and return its URL."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            copy = f" TEMPLATE {psycopg.sql.Identifier(template).as_string(conn)}" if template else ""
            conn.execute(f"CREATE DATABASE {psycopg.sql.Identifier(name).as_string(conn)}{copy}")
        return self.url(name)
