"""A deterministic demo world for development and tests, written into an empty schema.

    writer.generate_demo_database(settings, boxes_in_main_base=300, seed=DEFAULT_SEED)

creates the tables from our models (where missing) in `settings.database.name`,
routes the models there (`configure_databases`) and fills them. The same seed and
box count always give the same rows: every random choice comes from one seeded
`random.Random` (and a Faker seeded from it), and every timestamp lies in a fixed
past window, never relative to today.

What the world guarantees (tests rely on it; find concrete rows by querying):
* organisation 1 "BoxAid" with bases 1 "Lesvos" and 2 "Thessaloniki"; organisation 2
  "BoxCare" with bases 3 "Samos" and 4 "Athens"; organisation 3 (deleted) with the
  deleted base 5.
* users with predictable ids and e-mails (see `users.DEMO_USERS`), each in a usergroup
  with bases and Auth0 role names shaped like the original's dev seed.
* global box states, genders, product categories, size ranges with sizes, units,
  standard products; per base: warehouse locations (one deleted, one defaulting to
  Donated), custom and standard-instantiation products (one deleted), tags of each
  type (one deleted), beneficiaries.
* QR codes (some unassigned), boxes in every state with history rows and tags (and
  one box in base 2 without any history, tag or QR code); transfer agreements
  between organisations 1 and 2 in several states; shipments in every state.

Base 1 gets exactly `boxes_in_main_base` boxes created in it (some of them later
travel to other bases by shipment).

The modules:
    vocabulary     the fixed names and lists the world is made of
    world          the rows, ids and history being built, and the seeded random sources
    build          build_world: the parts below, in the one order that keeps seeds stable
    users          demo users, their usergroups, roles, ids and e-mails
    bases          organisations, bases, locations, tags
    catalogue      global catalogue tables and every base's products
    beneficiaries  families in every base
    boxes          boxes and the changes of their lives
    transfers      transfer agreements and shipments
    writer         the world into a database; is_empty
"""
