"""`make backup` and `make restore` for real: a database of its own on the test server, migrated
and seeded (a petition with an uploaded photo, a generated report's PDF and XLSX), backed up by
`scripts/portal.py backup` in a subprocess, restored by `scripts/portal.py restore` into a
fresh empty database and a fresh media folder; every row and every file must be back."""

import contextlib
import importlib.util
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

# One xdist worker makes the backup once for all the tests of this module.
pytestmark = [pytest.mark.backup, pytest.mark.xdist_group("backup")]

ROOT = Path(settings.BASE_DIR)
PORTAL = ROOT / "scripts" / "portal.py"
PHOTO = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4 + b"\xff\xd9"


def _backup_module():
    spec = importlib.util.spec_from_file_location("backup", ROOT / "scripts" / "backup.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def database_url(name: str) -> str:
    """DATABASE_URL with another database name (same server, user and options)."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{name}"))


def connect(name: str):
    return _backup_module().Database(database_url(name)).connect()


def on_server(sql: str) -> None:
    """Runs sql outside a transaction (CREATE/DROP DATABASE) on the server's postgres database."""
    with contextlib.closing(connect("postgres")) as connection:
        connection.cursor().execute(sql)


def create_database(name: str) -> None:
    on_server(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    on_server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(*args: str, database: str, media: Path, **env: str) -> subprocess.CompletedProcess:
    environment = dict(os.environ, DATABASE_URL=database_url(database), MEDIA_ROOT=str(media))
    environment |= {"DJANGO_SETTINGS_MODULE": "ward_portal.settings", **env}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def rows(name: str, table: str) -> list[tuple]:
    with contextlib.closing(connect(name)) as connection, connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} ORDER BY id")  # noqa: S608 - our constants
        return cursor.fetchall()


def seed() -> None:
    """Runs in the subprocess, on the database it is given: the portal's own services write a
    petition with a photo and the report task makes a report's files."""
    import django

    django.setup()
    from citizens.services import UploadedDocument
    from tests.citizens.factories import submit
    from tests.factories import RoleFactory, UnitFactory
    from tests.reports.factories import finished_report

    ward = UnitFactory(code="26746", name="Phường Nguyễn Thái Bình", abbreviation="NTB")
    RoleFactory(unit=ward, user__username="clerk_backup")
    photo = UploadedDocument(name="ảnh-bến-cóc.jpg", content=PHOTO, content_type="image/jpeg")
    submit(ward, documents=[photo])
    submit(ward, title="Đèn đường hỏng trên đường Hàm Nghi")
    finished_report(ward)


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory):
    """A seeded database and media folder, and the backup made of them."""
    tmp = tmp_path_factory.mktemp("backup")
    source = f"backup_source_{uuid.uuid4().hex[:8]}"
    create_database(source)
    try:
        media = tmp / "media"
        for step in (
            ["manage.py", "migrate", "--no-input"],
            ["-c", "from tests.ward_portal.test_backup import seed; seed()"],
            [str(PORTAL), "backup"],
        ):
            result = run(*step, database=source, media=media, BACKUP_DIR=str(tmp / "backups"))
            assert result.returncode == 0, result.stdout + result.stderr
        [backup] = (tmp / "backups").iterdir()
        yield {"database": source, "media": media, "backup": backup, "log": result.stdout}
    finally:
        drop_database(source)


@pytest.fixture
def empty_database():
    name = f"backup_target_{uuid.uuid4().hex[:8]}"
    create_database(name)
    yield name
    drop_database(name)


def test_a_backup_is_a_dump_an_archive_and_a_manifest(backed_up):
    backup = backed_up["backup"]
    assert backup.name.startswith(backed_up["database"] + "-")
    assert sorted(p.name for p in backup.iterdir()) == [
        "database.dump",
        "manifest.json",
        "media.tar.gz",
    ]
    assert (backup / "database.dump").read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["database"] == backed_up["database"]
    assert manifest["tables"]["public.citizens_petition"] == 2
    assert manifest["tables"]["public.citizens_petitionattachment"] == 1
    assert manifest["tables"]["public.reports_report"] == 1
    # The photo, the report's PDF and XLSX.
    assert manifest["file_count"] == 3
    assert sorted(Path(f).suffix for f in manifest["files"]) == [".jpg", ".pdf", ".xlsx"]
    assert "backup written to" in backed_up["log"]


def test_a_restore_brings_back_every_row_and_every_file(backed_up, empty_database, tmp_path):
    media = tmp_path / "restored-media"
    result = run(
        str(PORTAL), "restore", str(backed_up["backup"]), database=empty_database, media=media
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "verified: " in result.stdout

    backup = _backup_module()
    source = backup.Database(database_url(backed_up["database"])).table_counts()
    assert backup.Database(database_url(empty_database)).table_counts() == source
    for table in ("citizens_petition", "citizens_petitionattachment", "reports_report"):
        assert rows(empty_database, table) == rows(backed_up["database"], table), table
    [attachment] = rows(empty_database, "citizens_petitionattachment")
    assert (media / attachment[1]).read_bytes() == PHOTO
    assert backup.file_checksums(media) == backup.file_checksums(backed_up["media"])
    assert len(backup.file_checksums(media)) == 3


def test_a_restore_refuses_a_database_that_is_not_empty(backed_up, tmp_path):
    before = rows(backed_up["database"], "citizens_petition")
    result = run(
        str(PORTAL),
        "restore",
        str(backed_up["backup"]),
        database=backed_up["database"],
        media=tmp_path / "media",
    )
    assert result.returncode == 1
    assert "is not empty" in result.stdout
    assert rows(backed_up["database"], "citizens_petition") == before
    assert not (tmp_path / "media").exists()


def test_a_restore_refuses_a_damaged_backup(backed_up, empty_database, tmp_path):
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    for part in backed_up["backup"].iterdir():
        damaged.joinpath(part.name).write_bytes(part.read_bytes())
    dump = bytearray((damaged / "database.dump").read_bytes())
    dump[len(dump) // 2] ^= 0xFF
    (damaged / "database.dump").write_bytes(bytes(dump))
    result = run(
        str(PORTAL), "restore", str(damaged), database=empty_database, media=tmp_path / "m"
    )
    assert result.returncode == 1
    assert "does not match its checksum" in result.stdout
    assert _backup_module().Database(database_url(empty_database)).table_counts() == {}


def test_the_backup_reads_media_root_as_the_settings_do():
    assert _backup_module().media_root() == Path(settings.MEDIA_ROOT)


def test_the_client_programs_are_the_closest_version_not_older_than_the_server():
    backup = _backup_module()
    majors = {
        backup._major(directory / "pg_dump")
        for directory in backup._candidate_dirs()
        if (directory / "pg_dump").is_file()
    }
    server = backup.Database(database_url("postgres")).server_major()
    path, major = backup.client_program("pg_dump", server)
    assert major == min(m for m in majors if m >= server)
    assert backup._major(path) == major
    with pytest.raises(backup.BackupError, match="no pg_restore of PostgreSQL 99"):
        backup.client_program("pg_restore", 99)


def test_force_restores_over_a_restored_copy(backed_up, empty_database, tmp_path):
    media = tmp_path / "media"
    args = [str(PORTAL), "restore", str(backed_up["backup"])]
    assert run(*args, database=empty_database, media=media).returncode == 0
    with contextlib.closing(connect(empty_database)) as connection:
        connection.cursor().execute("DELETE FROM citizens_petitionattachment")
    (media / "stray.txt").write_text("not in the backup")

    result = run(*args, "--force", database=empty_database, media=media)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "verified: " in result.stdout
    assert rows(empty_database, "citizens_petitionattachment") == rows(
        backed_up["database"], "citizens_petitionattachment"
    )
