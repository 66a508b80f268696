"""`make backup` and `make restore` (through scripts/portal.py, which starts the embedded
PostgreSQL when DATABASE_URL is unset and sets DATABASE_URL to it).

A backup is one directory, `<BACKUP_DIR>/<database>-<UTC time>/`, holding
    database.dump   pg_dump in custom format (-Fc): schema and data, no owners needed
    media.tar.gz    every file under MEDIA_ROOT (uploads, generated reports)
    manifest.json   when, which database and server, the row count of every table, the
                    SHA-256 of the two files above and of every file in the archive
It is written under a `.partial` name and renamed when complete, so a directory with a
manifest is a whole backup.

A restore checks the two files against the manifest, refuses a database that has tables or a
MEDIA_ROOT that has files (unless --force), runs pg_restore --no-owner in one transaction,
unpacks the files, and then compares the row counts and every file's checksum with the
manifest and says whether they all match (exit 1 when not).

Only PostgreSQL and the files are read here (psycopg2, pg_dump, pg_restore): no Django, so a
cron job needs DATABASE_URL (and MEDIA_ROOT, BACKUP_DIR) only.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import environ
import psycopg2
from psycopg2.extensions import make_dsn

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media.tar.gz"
FORMAT_VERSION = 1
# The libpq parameters a DATABASE_URL's query string may carry (django-environ puts them in
# OPTIONS); Django-only options are left out of what pg_dump and psycopg2 see.
LIBPQ_OPTIONS = {
    "host",
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "connect_timeout",
    "options",
    "application_name",
    "target_session_attrs",
    "passfile",
    "service",
}


def say(message: str) -> None:
    print(f"[backup] {message}", flush=True)


class BackupError(Exception):
    """A reason to stop, told to the person running the command."""


# --- where things are ---------------------------------------------------------------------


def media_root() -> Path:
    """MEDIA_ROOT as ward_portal/settings.py reads it (tests/ward_portal/test_backup.py checks
    that they agree)."""
    return Path(os.environ.get("MEDIA_ROOT") or ROOT / "var" / "media")


def backup_dir() -> Path:
    return Path(os.environ.get("BACKUP_DIR") or ROOT / "var" / "backups")


class Database:
    """The database DATABASE_URL names, for psycopg2 and for the PostgreSQL client programs."""

    def __init__(self, url: str) -> None:
        config = environ.Env.db_url_config(url)
        if config["ENGINE"] != "django.db.backends.postgresql":
            raise BackupError(f"DATABASE_URL is not a PostgreSQL URL ({config['ENGINE']})")
        self.name = config["NAME"]
        params = {
            "dbname": config["NAME"],
            "user": config["USER"],
            "host": config["HOST"],
            "port": config["PORT"],
        }
        params |= {k: v for k, v in config.get("OPTIONS", {}).items() if k in LIBPQ_OPTIONS}
        self.params = {k: str(v) for k, v in params.items() if v not in ("", None)}
        self.password = config["PASSWORD"] or ""

    @property
    def dsn(self) -> str:
        """A libpq connection string without the password (it goes in PGPASSWORD), so it
        never shows in the process list."""
        return make_dsn(**self.params)

    def client_env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def connect(self):
        connection = psycopg2.connect(self.dsn, password=self.password or None)
        connection.autocommit = True
        return connection

    def server_major(self) -> int:
        with contextlib.closing(self.connect()) as connection, connection.cursor() as cursor:
            cursor.execute("SHOW server_version_num")
            return int(cursor.fetchone()[0]) // 10000

    def table_counts(self) -> dict[str, int]:
        """Rows in every table of the database's own schemas, as 'schema.table'."""
        with contextlib.closing(self.connect()) as connection, connection.cursor() as cursor:
            cursor.execute(
                "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables "
                "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
            )
            tables = [row[0] for row in cursor.fetchall()]
            counts = {}
            for table in tables:
                # The names come from pg_tables, quoted by quote_ident.
                cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
                counts[table] = cursor.fetchone()[0]
            return counts


# --- the PostgreSQL client programs -------------------------------------------------------


def _candidate_dirs() -> Iterator[Path]:
    """The embedded PostgreSQL's programs, Debian's per version, then those on the PATH."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs on a machine without XDG_RUNTIME_DIR
            import pgserver
    except ImportError:
        pass
    else:
        yield Path(pgserver.__file__).parent / "pginstall" / "bin"
    yield from sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    for program in ("pg_dump", "pg_restore"):
        found = shutil.which(program)
        if found:
            yield Path(found).resolve().parent


def _major(binary: Path) -> int | None:
    try:
        out = subprocess.run(
            [str(binary), "--version"], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    match = re.search(r"\)\s+(\d+)", out)
    return int(match.group(1)) if match else None


def client_program(program: str, at_least: int) -> tuple[Path, int]:
    """The pg_dump or pg_restore of the lowest major version >= at_least: an older one refuses
    a newer server (or archive), and a much newer pg_dump writes commands an older server does
    not know (pg_dump 17 emits SET transaction_timeout, which PostgreSQL 15 rejects)."""
    found: dict[Path, int] = {}
    for directory in _candidate_dirs():
        binary = directory / program
        if binary.is_file() and binary not in found:
            major = _major(binary)
            if major is not None:
                found[binary] = major
    fitting = sorted((major, str(path)) for path, major in found.items() if major >= at_least)
    if not fitting:
        versions = ", ".join(f"{path} ({major})" for path, major in found.items()) or "none"
        raise BackupError(
            f"no {program} of PostgreSQL {at_least} or later (found: {versions}); install "
            f"postgresql-client-{at_least} (Debian) or put its bin directory on the PATH"
        )
    major, path = fitting[0]
    return Path(path), major


# --- files ----------------------------------------------------------------------------------


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_checksums(root: Path) -> dict[str, str]:
    """SHA-256 of every regular file below root, by its path relative to root (POSIX)."""
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def _human(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} B"


# --- backup ---------------------------------------------------------------------------------


def backup(database: Database, *, target: Path, media: Path) -> Path:
    """Writes a whole backup directory under target and returns it."""
    server_major = database.server_major()
    pg_dump, dump_major = client_program("pg_dump", server_major)
    stamp = datetime.now(UTC)
    name = f"{database.name}-{stamp:%Y%m%dT%H%M%SZ}"
    partial = target / f"{name}.partial"
    # Citizens' personal data: readable by the portal's user only.
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial.mkdir(mode=0o700)
    try:
        say(f"dumping {database.name} (PostgreSQL {server_major}) with {pg_dump}")
        contents = _write_contents(database, partial, pg_dump=pg_dump, media=media)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)  # never leave half a backup behind
        raise
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": stamp.isoformat(timespec="seconds"),
        "database": database.name,
        "server_major": server_major,
        "pg_dump_major": dump_major,
        **contents,
    }
    (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    final = target / name
    partial.rename(final)
    size = sum(p.stat().st_size for p in final.iterdir())
    say(
        f"backup written to {final} ({_human(size)}): {len(manifest['tables'])} tables, "
        f"{manifest['rows']} rows, {manifest['file_count']} files"
    )
    return final


def _write_contents(database: Database, folder: Path, *, pg_dump: Path, media: Path) -> dict:
    """Writes the dump and the files' archive into folder; returns what the manifest says of
    them."""
    dump = folder / DUMP
    subprocess.run(
        [str(pg_dump), "--format=custom", f"--file={dump}", f"--dbname={database.dsn}"],
        env=database.client_env(),
        check=True,
    )
    # Counted after the dump: a row written meanwhile shows as a mismatch at restore rather
    # than passing unnoticed (the archive holds pg_dump's snapshot).
    tables = database.table_counts()
    say(f"archiving the files under {media}")
    files = file_checksums(media)
    with tarfile.open(folder / MEDIA, "w:gz") as archive:
        for relative in files:
            archive.add(media / relative, arcname=relative, recursive=False)
    return {
        "tables": tables,
        "rows": sum(tables.values()),
        "database_sha256": sha256(dump),
        "media_sha256": sha256(folder / MEDIA),
        "file_count": len(files),
        "files": files,
    }


# --- restore --------------------------------------------------------------------------------


def read_manifest(source: Path) -> dict:
    path = source / MANIFEST
    if not path.is_file():
        raise BackupError(f"{source} is not a backup: it has no {MANIFEST}")
    manifest = json.loads(path.read_text())
    for filename, key in ((DUMP, "database_sha256"), (MEDIA, "media_sha256")):
        if not (source / filename).is_file():
            raise BackupError(f"{source / filename} is missing")
        if sha256(source / filename) != manifest[key]:
            raise BackupError(f"{source / filename} does not match its checksum: damaged")
    return manifest


def refuse_to_overwrite(database: Database, media: Path) -> None:
    tables = database.table_counts()
    if tables:
        raise BackupError(
            f"the database {database.name} is not empty ({len(tables)} tables): restore into "
            "an empty database, or pass --force to replace what the backup holds"
        )
    if file_checksums(media):
        raise BackupError(
            f"{media} already holds files: restore into an empty folder, or pass --force"
        )


def restore(database: Database, *, source: Path, media: Path, force: bool) -> bool:
    """Restores the backup at source; True when everything matches its manifest."""
    manifest = read_manifest(source)
    if not force:
        refuse_to_overwrite(database, media)
    server_major = database.server_major()
    pg_restore, _ = client_program("pg_restore", max(server_major, manifest["pg_dump_major"]))
    say(f"restoring {source / DUMP} into {database.name} with {pg_restore}")
    command = [
        str(pg_restore),
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={database.dsn}",
    ]
    if force:
        command += ["--clean", "--if-exists"]
    subprocess.run([*command, str(source / DUMP)], env=database.client_env(), check=True)
    say(f"unpacking {manifest['file_count']} files into {media}")
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA, "r:gz") as archive:
        archive.extractall(media, filter="data")  # refuses absolute paths and '..'
    return verify(database, media, manifest)


def verify(database: Database, media: Path, manifest: dict) -> bool:
    problems = []
    counts = database.table_counts()
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            problems.append(f"table {table}: {counts.get(table)} rows, the backup had {expected}")
    restored = file_checksums(media)
    for relative, expected in manifest["files"].items():
        if restored.get(relative) != expected:
            problems.append(f"file {relative}: missing or different")
    if problems:
        say("the restore does NOT match the backup:")
        for problem in problems:
            say(f"    {problem}")
        return False
    say(
        f"verified: {len(manifest['tables'])} tables with {manifest['rows']} rows and "
        f"{manifest['file_count']} files match the manifest of {manifest['created_at']}"
    )
    return True


# --- command line ---------------------------------------------------------------------------


def list_backups(target: Path) -> None:
    found = sorted(p for p in target.glob("*/" + MANIFEST)) if target.is_dir() else []
    if not found:
        say(f"no backups in {target}")
    for manifest in found:
        say(f"    {manifest.parent}")


def main(command: str, argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog=f"make {command} ARGS=...")
    if command == "backup":
        parser.add_argument("target", nargs="?", type=Path, help="folder (default BACKUP_DIR)")
    else:
        parser.add_argument("source", nargs="?", type=Path, help="a backup directory")
        parser.add_argument("--force", action="store_true", help="restore over existing data")
    args = parser.parse_args(argv)
    try:
        database = Database(os.environ["DATABASE_URL"])
        if command == "backup":
            backup(database, target=args.target or backup_dir(), media=media_root())
            return 0
        if args.source is None:
            say("which backup? make restore ARGS=<directory>; the backups in BACKUP_DIR:")
            list_backups(backup_dir())
            return 2
        ok = restore(database, source=args.source, media=media_root(), force=args.force)
        return 0 if ok else 1
    except BackupError as error:
        say(f"stopped: {error}")
        return 1
    except subprocess.CalledProcessError as error:
        say(f"stopped: {Path(error.cmd[0]).name} failed (exit {error.returncode})")
        return 1
