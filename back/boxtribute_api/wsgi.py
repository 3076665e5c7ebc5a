"""WSGI entry points for gunicorn, one per deployment, as the original's:

    boxtribute_api.wsgi:app         gunicorn.conf.py's default (see app.default_services)
    boxtribute_api.wsgi:webapp      the web app's API: /graphql
    boxtribute_api.wsgi:query_api   the partners' query API: /
    boxtribute_api.wsgi:public      the public service for shared links: /public

Each is built on first access, so a worker builds only the app it serves.
"""

import gc

from .app import SERVICES, create_app

GC_THRESHOLDS = (50_000, 20, 50)


def __getattr__(name: str):
    if name == "app":
        application = create_app()
    elif name in SERVICES:
        application = create_app(services=(name,))
    else:
        raise AttributeError(name)
    globals()[name] = application
    # The cyclic collector stops the whole worker while it runs. Everything built
    # so far (modules, schema, models) lives as long as the worker: frozen, out of
    # its sight. A request building a large answer allocates hundreds of thousands
    # of objects, and with the default thresholds that meant a hundred collections
    # a request, full ones among them taking 60-380 ms; collecting every 50,000
    # allocations, full collections rarely (decision 11).
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    return application
