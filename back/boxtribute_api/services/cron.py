"""Scheduled jobs at /cron/<job>, called by App Engine's cron (cron.yaml), on the web
app's service as in the original. Only requests carrying App Engine's
`X-Appengine-Cron: true` header get in (App Engine strips it from outside requests).

- reseed-db: the demo world afresh, only in the dev, staging and demo databases;
- housekeeping: e-mail addresses of accounts deleted more than once cut back to one
  '.deleted.<id>' suffix, as the original's job does.
"""

from __future__ import annotations

import logging

import sentry_sdk
from flask import Blueprint, request

from ..api.http import json_response
from ..config import Settings
from ..db.offload import offload, offload_transaction, wait_for
from ..demo_world.writer import reseed_demo_database
from ..user.writes import clean_up_user_email_addresses

logger = logging.getLogger(__name__)

PATH = "/cron/<job_name>"
RESEEDABLE_DATABASES = ("dropapp_dev", "dropapp_staging", "dropapp_demo")


def blueprint(settings: Settings) -> Blueprint:
    cron = Blueprint("cron", __name__)

    @cron.get(PATH)
    def run_job(job_name: str):
        if request.headers.get("X-Appengine-Cron") != "true":
            sentry_sdk.capture_message("Unauthorized user accessed /cron endpoint", level="warning")
            return json_response({"message": "unauthorized"}, 401)
        if job_name == "reseed-db":
            name = settings.database.name
            if name not in RESEEDABLE_DATABASES:
                return json_response({"message": f"Reset of '{name}' not permitted"}, 400)
            wait_for(offload(reseed_demo_database, settings))
            return json_response({"message": "reseed-db job executed"})
        if job_name == "housekeeping":
            changed = wait_for(offload_transaction(clean_up_user_email_addresses))
            return json_response({"message": f"cleaned up {changed} email addresses"})
        return json_response({"message": f"unknown job '{job_name}'"}, 400)

    return cron
