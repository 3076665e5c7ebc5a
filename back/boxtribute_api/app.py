"""The Flask application: the services a deployment serves, their CORS, health.

One code base, several deployable services (services/): the web app's API
(/graphql), the partners' query API (/), the public service for shared links
(/public, no token). `create_app(settings, services)` mounts the named ones; wsgi.py names the
entry point of each deployment.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

from flask import Flask
from flask_cors import CORS
from werkzeug.exceptions import HTTPException

from .api.http import json_response
from .api.loaders import configure as configure_loaders
from .api.monitoring import init_error_monitoring
from .api.schema import build_schema
from .config import Settings
from .db.offload import offload, wait_for
from .db.routing import configure_databases, ping_database, pool_stats
from .domains import DOMAIN_PACKAGES
from .runtime.eventloop import configure as configure_event_loops
from .runtime.logs import configure_logging
from .services import public, query_api, webapp

logger = logging.getLogger(__name__)

HEALTH_CHECK_SECONDS = 2.0

# Service name -> module with `blueprint(settings, schema)` and
# `cors_resources(settings)` (its paths open to other origins, and to which).
SERVICES = {
    "webapp": webapp,
    "query_api": query_api,
    "public": public,
}


def default_services(settings: Settings) -> tuple[str, ...]:
    """What `gunicorn -c gunicorn.conf.py` serves: the web app's API and the public
    service beside it, and in development every service, as the original's
    development entry point does."""
    return tuple(SERVICES) if settings.is_development else ("webapp", "public")


def configure_process(settings: Settings) -> None:
    """What the settings choose for the whole process: the databases models are
    routed to, and the fast paths of request loops and loaders."""
    configure_databases(settings)
    configure_event_loops(fast=settings.fast_event_loop)
    configure_loaders(tick_batches=settings.loader_tick_batches)


def create_app(settings: Settings | None = None, services: Iterable[str] | None = None) -> Flask:
    settings = settings or Settings.from_env()
    configure_logging(settings.log_json)
    services = tuple(default_services(settings) if services is None else services)
    unknown = set(services) - set(SERVICES)
    if unknown:
        raise ValueError(f"unknown services: {', '.join(sorted(unknown))}")
    init_error_monitoring(settings)
    configure_process(settings)
    schema = build_schema(DOMAIN_PACKAGES)

    app = Flask(__name__)
    app.config["SETTINGS"] = settings
    cors_paths = {}
    for name in services:
        module = SERVICES[name]
        app.register_blueprint(module.blueprint(settings, schema))
        cors_paths.update(module.cors_resources(settings))
    CORS(
        app,
        resources=cors_paths,
        allow_headers=list(settings.cors_allow_headers or ["*"]),
        methods=["GET", "POST", "OPTIONS"],
    )

    @app.get("/health")
    def health():
        """For App Engine's readiness checks: the database answers within the bound."""
        try:
            wait_for(asyncio.wait_for(offload(ping_database), HEALTH_CHECK_SECONDS))
        except Exception:
            logger.warning("health check: the database did not answer", exc_info=True)
            return json_response({"status": "unavailable"}, 503)
        return json_response({"status": "ok", "pool": pool_stats()})

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return json_response({"errors": [{"message": error.description}]}, error.code or 500)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        logger.exception("unhandled error")
        return json_response({"errors": [{"message": "Internal server error"}]}, 500)

    return app
