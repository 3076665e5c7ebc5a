"""The `boxtribute` command line: create-schema, demo-data, dev-token, dev-server."""

from __future__ import annotations

import json
import shutil

import pytest

from boxtribute_api.app import create_app
from boxtribute_api.auth.tokens import decode_token
from boxtribute_api.auth.user import CLAIM_PREFIX
from boxtribute_api.cli import __main__ as cli
from boxtribute_api.config import Settings
from boxtribute_api.models import ALL_MODELS
from support.database import MYSQL, RUN_ID, admin_connection, create_database, drop_database


@pytest.fixture
def database_env(monkeypatch, tmp_path):
    """Point the MYSQL_* variables at a database; tokens use a private dev key."""

    def point_at(name: str) -> Settings:
        monkeypatch.setenv("MYSQL_DB", name)
        monkeypatch.setenv("MYSQL_HOST", MYSQL["host"])
        monkeypatch.setenv("MYSQL_PORT", str(MYSQL["port"]))
        monkeypatch.setenv("MYSQL_USER", MYSQL["user"])
        monkeypatch.setenv("MYSQL_PASSWORD", MYSQL["password"])
        monkeypatch.setenv("ENVIRONMENT", "development")
        monkeypatch.setenv("BOXTRIBUTE_DEV_KEY_DIR", str(tmp_path / "keys"))
        monkeypatch.delenv("AUTH0_PUBLIC_KEY", raising=False)
        monkeypatch.delenv("MYSQL_SOCKET", raising=False)
        return Settings.from_env()

    return point_at


@pytest.fixture
def scratch_name():
    name = f"boxtribute_test_cli_{RUN_ID}"
    drop_database(name)
    yield name
    drop_database(name)


def tables(database: str) -> set[str]:
    with admin_connection(database) as conn, conn.cursor() as cursor:
        cursor.execute("SHOW TABLES")
        return {row[0] for row in cursor.fetchall()}


def count(database: str, sql: str) -> int:
    with admin_connection(database) as conn, conn.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def token_from(capsys, argv) -> str:
    assert cli.main(argv) == 0
    return capsys.readouterr().out.strip()


# --- create-schema and demo-data -----------------------------------------------------------------


def test_create_schema_creates_the_database_and_every_table(database_env, scratch_name):
    database_env(scratch_name)
    assert cli.main(["create-schema"]) == 0
    assert tables(scratch_name) == {m._meta.table_name for m in ALL_MODELS}
    assert count(scratch_name, "SELECT COUNT(*) FROM stock") == 0
    # Running it again is harmless.
    assert cli.main(["create-schema"]) == 0


def test_demo_data_fills_an_empty_database_and_refuses_a_filled_one(
    database_env, scratch_name, capsys
):
    database_env(scratch_name)
    assert cli.main(["demo-data", "--boxes", "80"]) == 0
    boxes = count(scratch_name, "SELECT COUNT(*) FROM stock")
    assert cli.main(["demo-data", "--boxes", "80"]) == 1
    assert "--reset" in capsys.readouterr().err
    assert count(scratch_name, "SELECT COUNT(*) FROM stock") == boxes


def test_demo_data_reset_recreates_the_database(database_env, scratch_name):
    database_env(scratch_name)
    assert cli.main(["demo-data", "--boxes", "80"]) == 0
    before = count(scratch_name, "SELECT COUNT(*) FROM stock")
    assert cli.main(["demo-data", "--boxes", "180", "--reset"]) == 0
    assert count(scratch_name, "SELECT COUNT(*) FROM stock") == before + 100


def test_demo_data_rejects_too_few_boxes(database_env, scratch_name):
    database_env(scratch_name)
    assert cli.main(["demo-data", "--boxes", "3"]) == 2


# --- dev-token ------------------------------------------------------------------------------


def claims(token: str) -> dict:
    return decode_token(token, Settings.from_env())


def test_dev_token_reads_organisation_bases_and_roles_of_a_demo_user(database_env, demo_db, capsys):
    database_env(demo_db)
    token = token_from(capsys, ["dev-token", "--email", "headofops.org2@demo.boxtribute.org"])
    payload = claims(token)
    assert payload[f"{CLAIM_PREFIX}/organisation_id"] == 2
    assert payload[f"{CLAIM_PREFIX}/base_ids"] == [3, 4]
    assert payload[f"{CLAIM_PREFIX}/roles"] == ["administrator"]
    assert "stock:write" in payload[f"{CLAIM_PREFIX}/permissions"]  # unprefixed: all bases


def test_dev_token_of_a_volunteer_holds_both_volunteer_roles(database_env, demo_db, capsys):
    database_env(demo_db)
    payload = claims(
        token_from(capsys, ["dev-token", "--email", "volunteer.base2@demo.boxtribute.org"])
    )
    assert payload[f"{CLAIM_PREFIX}/roles"] == [
        "base_2_free_shop_volunteer",
        "base_2_warehouse_volunteer",
    ]
    permissions = payload[f"{CLAIM_PREFIX}/permissions"]
    assert "base_2/stock:write" in permissions and "base_2/beneficiary:create" in permissions
    assert not any(p.startswith("base_1/") for p in permissions)


def test_dev_token_with_a_role_keeps_the_users_bases(database_env, demo_db, capsys):
    database_env(demo_db)
    payload = claims(token_from(capsys, ["dev-token", "--user-id", "8", "--role", "volunteer"]))
    assert payload["sub"] == "auth0|8"
    assert payload[f"{CLAIM_PREFIX}/base_ids"] == [1]
    assert "base_1_warehouse_volunteer" in payload[f"{CLAIM_PREFIX}/roles"]


def test_dev_token_claims_can_be_printed_as_json(database_env, demo_db, capsys):
    database_env(demo_db)
    printed = json.loads(token_from(capsys, ["dev-token", "--user-id", "1", "--claims"]))
    assert printed[f"{CLAIM_PREFIX}/roles"] == ["boxtribute_god"]


def test_dev_token_refuses_unknown_and_deleted_users(database_env, demo_db, capsys):
    database_env(demo_db)
    assert cli.main(["dev-token", "--user-id", "4242"]) == 1
    assert "no user" in capsys.readouterr().err
    assert cli.main(["dev-token", "--user-id", "5"]) == 1
    assert "deleted" in capsys.readouterr().err


def test_dev_token_without_a_reachable_database_explains_the_offline_options(
    monkeypatch, tmp_path, capsys
):
    monkeypatch.setenv("MYSQL_HOST", "127.0.0.1")
    monkeypatch.setenv("MYSQL_PORT", "1")  # nothing listens there
    monkeypatch.setenv("BOXTRIBUTE_DEV_KEY_DIR", str(tmp_path))
    assert cli.main(["dev-token", "--user-id", "8"]) == 1
    assert "--organisation-id" in capsys.readouterr().err
    # ... which work without it:
    token = token_from(capsys, ["dev-token", "--organisation-id", "1", "--base-ids", "1,2"])
    assert claims(token)[f"{CLAIM_PREFIX}/base_ids"] == [1, 2]


def test_dev_token_finds_user_8_of_the_original_seed(database_env, seed_db, capsys):
    database_env(seed_db)
    payload = claims(token_from(capsys, ["dev-token", "--user-id", "8"]))
    assert payload[f"{CLAIM_PREFIX}/organisation_id"] == 1
    assert payload[f"{CLAIM_PREFIX}/base_ids"] == [1]
    assert payload[f"{CLAIM_PREFIX}/roles"] == ["base_1_coordinator"]


def test_the_app_accepts_a_dev_token_with_the_users_bases(database_env, demo_db, capsys):
    settings = database_env(demo_db)
    app = create_app(settings).test_client()

    def bases(email: str) -> list[str]:
        token = token_from(capsys, ["dev-token", "--email", email])
        response = app.post(
            "/graphql",
            json={"query": "{ bases { id } }"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 200, response.data
        body = response.get_json()
        assert "errors" not in body, body
        return [b["id"] for b in body["data"]["bases"]]

    assert bases("coordinator.base1@demo.boxtribute.org") == ["1"]
    assert bases("coordinator.org2@demo.boxtribute.org") == ["3", "4"]
    assert bases("headofops.org1@demo.boxtribute.org") == ["1", "2"]


# --- dev-server -----------------------------------------------------------------------------


def test_dev_server_names_the_package_when_mariadb_is_missing(monkeypatch, capsys):
    monkeypatch.delenv("MYSQL_HOST", raising=False)
    monkeypatch.delenv("MYSQL_SOCKET", raising=False)
    monkeypatch.setattr(cli, "_find_program", lambda name: None)
    assert cli.main(["dev-server"]) == 1
    assert "mariadb-server" in capsys.readouterr().err


@pytest.mark.skipif(
    not (shutil.which("mariadbd") or cli._find_program("mariadbd")), reason="no MariaDB"
)
def test_a_private_mariadb_starts_in_its_folder_and_stops(tmp_path):
    server = cli.PrivateMariaDB(directory=tmp_path / "mariadb")
    server.start()
    try:
        settings = Settings.from_env(
            {"MYSQL_DB": "demo", "MYSQL_HOST": "127.0.0.1", "MYSQL_PORT": str(server.port)}
        )
        assert cli.ensure_database(settings)
        assert cli.database_is_empty(settings)
        # A second start finds the running server instead of starting another.
        again = cli.PrivateMariaDB(directory=tmp_path / "mariadb")
        again.start()
        assert again.port == server.port and again.process is None
    finally:
        server.stop()
    assert server.process is None


def test_the_dev_server_environment_points_gunicorn_at_the_database(monkeypatch):
    monkeypatch.delenv("GUNICORN_BIND", raising=False)
    settings = Settings.from_env({"MYSQL_DB": "demo", "MYSQL_PORT": "3399"})
    env = cli._dev_environment(settings, 5005)
    assert env["MYSQL_DB"] == "demo" and env["MYSQL_PORT"] == "3399"
    assert env["GUNICORN_BIND"] == "127.0.0.1:5005"


def test_create_database_helper_is_idempotent(scratch_name):
    create_database(scratch_name)
    settings = Settings.from_env(
        {
            "MYSQL_DB": scratch_name,
            "MYSQL_HOST": MYSQL["host"],
            "MYSQL_PORT": str(MYSQL["port"]),
            "MYSQL_USER": MYSQL["user"],
            "MYSQL_PASSWORD": MYSQL["password"],
        }
    )
    assert cli.ensure_database(settings) is False
