"""The deployable services of one code base, as the original's: the web app's API
(webapp), the partners' read-only query API (query_api), the public service for
shared statistics links (public). Each is a Flask blueprint; app.py mounts the ones
a deployment serves (wsgi.py names the entry points)."""
