"""Shared test support: what several test modules need, defined once.

* `support.users`: the demo world's users as token claims (`client.token(**COORDINATOR)`).
* `support.world`: the demo world's known objects (bases, locations, tags, products,
  box states), derived from the generator's vocabulary and looked up once per session.
* `support.client`: the GraphQL client, keys and settings of a test app, and a real
  gunicorn on a test database.
* `support.database`: the test MySQL server, scratch databases, SQL dumps.
* `support.errors`: reading the errors of an answer.
* `support.reference`: the original's recorded material in ../shared/reference.
* `support.statements`: counting the SQL statements the app runs.

Importable as `support` (pyproject's pytest `pythonpath` holds `tests`); conftest.py
keeps only fixtures.
"""
