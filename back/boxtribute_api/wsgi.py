"""WSGI entry point for gunicorn (`wsgi_app` in gunicorn.conf.py)."""

from .app import create_app

app = create_app()
