"""Shared test support: what several test modules need, defined once.

General:
* `users`: the demo world's users as token claims (`client.token(**COORDINATOR)`).
* `world`: the demo world's known objects (bases, box states, location names, which
  standard products a base has enabled), derived from the generator's vocabulary.
* `client`: the GraphQL client, the settings of a test app, a real gunicorn.
* `database`: the test MySQL server, scratch and demo databases, SQL dumps.
* `errors`: reading the errors of an answer.
* `reference`: the original's recorded material in ../shared/reference.
* `operations`: demo-world values for the variables of the frontend's queries.
* `statements`: counting the SQL statements the app runs.
* `history`, `pagination`: the history table read back; cursors computed apart.
* `tokens`: keys, settings and claims for the auth unit tests.

Per area, shared by the modules that test it: `boxes`, `bulk_boxes`, `stock`,
`products`, `product_writes`, `tag_writes` (documents and row helpers).

Importable as `support` (pyproject's pytest `pythonpath` holds `tests`); conftest.py
keeps only fixtures.
"""
