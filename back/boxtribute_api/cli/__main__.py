"""`boxtribute <command>` (or `python -m boxtribute_api.cli <command>`).

    create-schema             tables from our models in MYSQL_DB (created if missing)
    demo-data [--boxes N]     schema + the demo world; --reset empties MYSQL_DB first
    dev-token [...]           a development token for a user of the database
    dev-server [--port P]     the app under gunicorn on demo data; without MYSQL_HOST
                              (or MYSQL_SOCKET) it runs a private MariaDB in data/mariadb/
    with-private-mariadb CMD  run CMD with MYSQL_* and TEST_MYSQL_* pointing at that
                              private MariaDB (started if needed, stopped afterwards)

The database settings are the app's MYSQL_* environment variables (see config.py).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import peewee
import pymysql

from ..config import DatabaseSettings, Settings
from .dev_token import command as dev_token_command
from .dev_token import database_users

REPO_ROOT = Path(__file__).resolve().parents[3]
PRIVATE_MARIADB_DIR = REPO_ROOT / "data" / "mariadb"
DEFAULT_DEV_BOXES = 1000
DEFAULT_DEV_PORT = 5005


# --- database helpers ----------------------------------------------------------------------


def _server_connection(db: DatabaseSettings, database: str | None = None):
    params = dict(user=db.user, password=db.password, autocommit=True, connect_timeout=5)
    if db.unix_socket:
        params["unix_socket"] = db.unix_socket
    else:
        params.update(host=db.host, port=db.port)
    return pymysql.connect(**params, database=database)


def ensure_database(settings: Settings, *, reset: bool = False) -> bool:
    """Create the database if missing (drop it first with `reset`); True if created."""
    name = settings.database.name
    with _server_connection(settings.database) as conn, conn.cursor() as cursor:
        if reset:
            cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        created = cursor.execute(f"CREATE DATABASE IF NOT EXISTS `{name}` CHARACTER SET utf8mb4")
    return bool(created)


def create_schema_command(settings: Settings) -> None:
    from ..db.routing import configure_databases, connection_scope, database
    from ..models import create_schema

    ensure_database(settings)
    configure_databases(settings)
    with connection_scope():
        create_schema(database)


def database_is_empty(settings: Settings) -> bool:
    from ..db.routing import configure_databases, connection_scope
    from ..demo_world.writer import is_empty

    configure_databases(settings)
    with connection_scope():
        return is_empty()


def fill_demo_data(settings: Settings, boxes: int, seed: int) -> None:
    from ..demo_world.writer import generate_demo_database

    started = time.monotonic()
    counts = generate_demo_database(
        settings, boxes_in_main_base=boxes, seed=seed, show_progress=True
    )
    print(
        f"demo data in {settings.database.name!r}: {counts.get('stock', 0)} boxes, "
        f"{sum(counts.values())} rows in {time.monotonic() - started:.1f}s",
        file=sys.stderr,
    )


# --- a private MariaDB for development -----------------------------------------------------


class MariaDBMissing(RuntimeError):
    pass


def _find_program(name: str) -> str | None:
    return shutil.which(name) or next(
        (str(p) for p in (Path("/usr/sbin") / name, Path("/usr/bin") / name) if p.exists()),
        None,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PrivateMariaDB:
    """A mariadbd of our own under `directory`, listening on 127.0.0.1 only."""

    directory: Path = PRIVATE_MARIADB_DIR
    process: subprocess.Popen | None = None
    port: int | None = None

    @property
    def datadir(self) -> Path:
        return self.directory / "datadir"

    @property
    def socket_path(self) -> Path:
        return self.directory / "mariadb.sock"

    def database_settings(self, name: str) -> DatabaseSettings:
        return DatabaseSettings(name=name, host="127.0.0.1", port=self.port, user="root")

    def _user_option(self) -> list[str]:
        # mariadbd refuses to run as root unless told to.
        return ["--user=root"] if os.geteuid() == 0 else []

    @property
    def pid_file(self) -> Path:
        return self.directory / "mariadb.pid"

    def running_port(self) -> int | None:
        """Port of a mariadbd already serving our datadir (left by an earlier run)."""
        try:
            pid = int(self.pid_file.read_text().strip())
            arguments = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError):
            return None
        if f"--datadir={self.datadir}".encode() not in arguments:
            return None
        for argument in arguments:
            if argument.startswith(b"--port="):
                return int(argument.removeprefix(b"--port="))
        return None

    def start(self, timeout: float = 60) -> None:
        server = _find_program("mariadbd")
        install = _find_program("mariadb-install-db")
        if not server or not install:
            raise MariaDBMissing(
                "MariaDB is not installed (mariadbd / mariadb-install-db not found). "
                "Install it with: sudo apt-get install mariadb-server "
                "(or set MYSQL_HOST to use another MySQL/MariaDB server)."
            )
        self.port = self.running_port()
        if self.port is not None:
            # Reused as it is; whoever started it stops it.
            self._wait_until_answering(timeout, None)
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        log = self.directory / "mariadb.log"
        if not (self.datadir / "mysql").is_dir():
            print(f"initialising a private MariaDB in {self.datadir}", file=sys.stderr)
            with log.open("ab") as out:
                subprocess.run(
                    [
                        install,
                        "--no-defaults",
                        f"--datadir={self.datadir}",
                        "--auth-root-authentication-method=normal",
                        "--skip-test-db",
                        *self._user_option(),
                    ],
                    check=True,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
        self.port = _free_port()
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [
                    server,
                    "--no-defaults",
                    f"--datadir={self.datadir}",
                    f"--socket={self.socket_path}",
                    f"--pid-file={self.pid_file}",
                    f"--port={self.port}",
                    "--skip-networking=0",
                    "--bind-address=127.0.0.1",
                    "--character-set-server=utf8mb4",
                    *self._user_option(),
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C goes to us; we stop it in order
            )
        self._wait_until_answering(timeout, log)

    def _wait_until_answering(self, timeout: float, log: Path | None) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"mariadbd exited at start-up; see {log}")
            try:
                _server_connection(self.database_settings("")).close()
                return
            except pymysql.err.OperationalError:
                if time.monotonic() > deadline:
                    self.stop()
                    message = f"mariadbd did not answer in {timeout:.0f}s; see {log}"
                    raise RuntimeError(message) from None
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


# --- commands ---------------------------------------------------------------------------------


def _settings() -> Settings:
    return Settings.from_env()


def cmd_create_schema(args) -> int:
    settings = _settings()
    create_schema_command(settings)
    print(f"schema ready in database {settings.database.name!r}", file=sys.stderr)
    return 0


def cmd_demo_data(args) -> int:
    from ..demo_world.boxes import MIN_BOXES_IN_MAIN_BASE
    from ..demo_world.world import DEFAULT_SEED

    if args.boxes < MIN_BOXES_IN_MAIN_BASE:
        print(f"--boxes must be at least {MIN_BOXES_IN_MAIN_BASE}", file=sys.stderr)
        return 2
    settings = _settings()
    ensure_database(settings, reset=args.reset)
    if not database_is_empty(settings):
        print(
            f"database {settings.database.name!r} already holds data; "
            "use --reset to drop and recreate it",
            file=sys.stderr,
        )
        return 1
    fill_demo_data(settings, args.boxes, args.seed if args.seed is not None else DEFAULT_SEED)
    return 0


def _dev_environment(settings: Settings, port: int) -> dict[str, str]:
    db = settings.database
    env = dict(os.environ)
    env.update(
        ENVIRONMENT=env.get("ENVIRONMENT", "development"),
        MYSQL_DB=db.name,
        MYSQL_USER=db.user,
        MYSQL_PASSWORD=db.password,
        GUNICORN_BIND=env.get("GUNICORN_BIND", f"127.0.0.1:{port}"),
        WEB_CONCURRENCY=env.get("WEB_CONCURRENCY", "1"),
    )
    if db.unix_socket:
        env["MYSQL_SOCKET"] = db.unix_socket
    else:
        env.update(MYSQL_HOST=db.host, MYSQL_PORT=str(db.port))
    return env


def _print_token(settings: Settings) -> None:
    try:
        user = database_users.load_database_user(settings, user_id=8)
        token = database_users.mint_token_for_database_user(user, settings=settings)
    except database_users.UserNotFound:
        print("(no user 8 in this database: mint tokens with `boxtribute dev-token`)")
        return
    print(f"\nA development token for user 8 ({user.email}, roles {', '.join(user.role_names)}):")
    print(f"\n{token}\n")
    print("Other users: boxtribute dev-token --email <e-mail> (see cms_users)")


def _stop_on_termination(signum, frame):
    # SIGTERM/SIGHUP end the dev server like Ctrl-C: gunicorn and MariaDB are stopped.
    raise KeyboardInterrupt


def cmd_dev_server(args) -> int:
    signal.signal(signal.SIGTERM, _stop_on_termination)
    signal.signal(signal.SIGHUP, _stop_on_termination)
    settings = _settings()
    private: PrivateMariaDB | None = None
    if not (os.environ.get("MYSQL_HOST") or os.environ.get("MYSQL_SOCKET")):
        private = PrivateMariaDB()
        try:
            private.start()
        except MariaDBMissing as e:
            print(e, file=sys.stderr)
            return 1
        settings = replace(settings, database=private.database_settings(settings.database.name))
        print(f"private MariaDB on 127.0.0.1:{private.port} ({private.datadir})", file=sys.stderr)
    try:
        ensure_database(settings)
        if database_is_empty(settings):
            fill_demo_data(settings, args.boxes, args.seed)
        else:
            print(f"using the existing data in {settings.database.name!r}", file=sys.stderr)
        env = _dev_environment(settings, args.port)
        _print_token(Settings.from_env(env))
        bind = env["GUNICORN_BIND"]
        print(f"GraphiQL: http://{bind}/graphql (send the token as 'Authorization: Bearer ...')")
        print(f"Shared links (no token): http://{bind}/public")
        sys.stdout.flush()
        gunicorn = [sys.executable, "-m", "gunicorn", "-c", str(REPO_ROOT / "gunicorn.conf.py")]
        server = subprocess.Popen(gunicorn, cwd=REPO_ROOT, env=env)
        try:
            return server.wait()
        except KeyboardInterrupt:
            server.send_signal(signal.SIGTERM)  # graceful stop
            return server.wait()
    except KeyboardInterrupt:
        return 130
    finally:
        if private is not None:
            private.stop()


def cmd_with_private_mariadb(args) -> int:
    if not args.cmd:
        print("usage: boxtribute with-private-mariadb COMMAND [ARGS...]", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _stop_on_termination)
    private = PrivateMariaDB()
    try:
        private.start()
    except MariaDBMissing as e:
        print(e, file=sys.stderr)
        return 1
    env = dict(os.environ)
    env.pop("MYSQL_SOCKET", None)
    address = dict(HOST="127.0.0.1", PORT=str(private.port), USER="root", PASSWORD="")
    for key, value in address.items():
        env[f"MYSQL_{key}"] = value
        env[f"TEST_MYSQL_{key}"] = value
    try:
        return subprocess.run(args.cmd, env=env).returncode
    except KeyboardInterrupt:
        return 130
    finally:
        private.stop()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="boxtribute", description="boxtribute API development commands"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")

    schema = commands.add_parser("create-schema", help="create the tables in MYSQL_DB")
    schema.set_defaults(run=cmd_create_schema)

    demo = commands.add_parser("demo-data", help="create the schema and fill the demo world")
    demo.add_argument(
        "--boxes", type=int, default=300, help="boxes created in base 1 (default 300)"
    )
    demo.add_argument("--seed", type=int, help="random seed (same seed, same data)")
    demo.add_argument("--reset", action="store_true", help="drop and recreate MYSQL_DB first")
    demo.set_defaults(run=cmd_demo_data)

    token = commands.add_parser(
        "dev-token", help="print a development token (see dev-token --help)", add_help=False
    )
    token.set_defaults(run=None)

    server = commands.add_parser("dev-server", help="run the app on demo data")
    server.add_argument("--port", type=int, default=int(os.environ.get("PORT", DEFAULT_DEV_PORT)))
    server.add_argument("--boxes", type=int, default=DEFAULT_DEV_BOXES)
    server.add_argument("--seed", type=int, default=None)
    server.set_defaults(run=cmd_dev_server)

    wrapped = commands.add_parser(
        "with-private-mariadb", help="run a command against the private MariaDB (tests)"
    )
    wrapped.add_argument("cmd", nargs=argparse.REMAINDER)
    wrapped.set_defaults(run=cmd_with_private_mariadb)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # dev-token owns its arguments (dev_token.command.main).
    if argv and argv[0] == "dev-token":
        return dev_token_command.main(argv[1:])
    args = _parser().parse_args(argv)
    if getattr(args, "seed", 0) is None:
        from ..demo_world.world import DEFAULT_SEED

        args.seed = DEFAULT_SEED
    try:
        return args.run(args)
    except (pymysql.err.OperationalError, peewee.OperationalError) as e:
        print(f"database error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
