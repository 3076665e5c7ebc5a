"""gunicorn settings: `gunicorn -c gunicorn.conf.py` from the repo root serves the app.

Every value can be overridden by environment (below) or the command line.
Kept free of application imports: it is read by the arbiter, before gevent's
monkey-patching, and the app must only be imported after it (hence preload off).
"""

import multiprocessing
import os
import sys
from pathlib import Path

# Import path for the package when it is not installed (App Engine installs only
# requirements.txt).
pythonpath = str(Path(__file__).resolve().parent / "back")
if pythonpath not in sys.path:
    sys.path.insert(0, pythonpath)  # for the log formatter below, before gunicorn adds it
wsgi_app = "boxtribute_api.wsgi:app"

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8080')}")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gevent")
workers = int(os.environ.get("WEB_CONCURRENCY", min(2, multiprocessing.cpu_count())))
# Concurrent requests (greenlets) per gevent worker.
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", "200"))
# With gevent, the app has to be imported after the worker has monkey-patched.
preload_app = False
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 20
keepalive = 5
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


# gunicorn's own lines (worker start, timeouts) as JSON for Cloud Logging, like the
# app's (runtime/logs.py, which imports only the standard library), unless text is
# asked for: LOG_FORMAT=json/text, by default text in development and test.
_development = os.environ.get("ENVIRONMENT", "development") in ("development", "test")
if os.environ.get("LOG_FORMAT", "text" if _development else "json") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "boxtribute_api.runtime.logs.CloudLoggingFormatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            },
            "error_console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            },
        },
        "root": {"level": "INFO", "handlers": []},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
            # The app logs one line per GraphQL request; gunicorn's access lines only
            # when asked for (GUNICORN_ACCESS_LOG).
            "gunicorn.access": {
                "level": "INFO",
                "handlers": ["console"] if accesslog else [],
                "propagate": False,
            },
        },
    }
