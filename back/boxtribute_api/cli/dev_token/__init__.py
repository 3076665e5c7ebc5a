"""Development access tokens for demo users, signed with a local key.

The key pair lives in `<repo>/data/dev-keys/` (git-ignored) and is created on first
use. A server running with ENVIRONMENT=development/test and no AUTH0_PUBLIC_KEY
verifies tokens with this key (see auth.verification_key), so a developer can call
the API as any seeded user without Auth0:

    boxtribute dev-token --user-id 8          # organisation, bases, roles from the DB
    boxtribute dev-token --email coordinator.base1@demo.boxtribute.org
    boxtribute dev-token --user-id 8 --organisation-id 1 --base-ids 1 --role coordinator

The claims mirror what the Auth0 post-login action writes. The coordinator's
permission set is the one upstream's coordinator users carry; the other roles'
sets are approximations (upstream keeps them in Auth0, not in its code).

The modules:
    roles           role definitions, their permissions, the claims of a token
    signing         the development key pair; mint_token
    database_users  a user's organisation, bases and roles from the database
    command         the command line (main)
"""
