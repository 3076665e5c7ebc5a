"""WSGI entry points for gunicorn, one per deployment, as the original's:

    boxtribute_api.wsgi:app         gunicorn.conf.py's default (see app.default_services)
    boxtribute_api.wsgi:webapp      the web app's API: /graphql
    boxtribute_api.wsgi:query_api   the partners' query API: /

Each is built on first access, so a worker builds only the app it serves.
"""

from .app import SERVICES, create_app


def __getattr__(name: str):
    if name == "app":
        application = create_app()
    elif name in SERVICES:
        application = create_app(services=(name,))
    else:
        raise AttributeError(name)
    globals()[name] = application
    return application
