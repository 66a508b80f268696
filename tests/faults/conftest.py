import pytest

from tests.faults.services import PrivatePostgres, manage


@pytest.fixture(scope="session")
def private_postgres():
    """A migrated portal database on a PostgreSQL of our own (the fault tests stop and freeze
    it). Session-wide: migrating costs tens of seconds."""
    server = PrivatePostgres().start()
    try:
        server.create_database()
        manage("migrate", "--no-input", env={"DATABASE_URL": server.url})
        yield server
    finally:
        server.stop()
