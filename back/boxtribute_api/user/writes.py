"""Writing users (table cms_users): plain synchronous functions, each one unit of work."""

from __future__ import annotations

from peewee import fn

from .models import User

# The legacy app marks a deleted account's e-mail address with '.deleted.<id>'; an
# account deleted again grows another suffix.
REPEATED_DELETION_SUFFIX = r"\.deleted\.[0-9]+\.deleted\.[0-9]+$"


def clean_up_user_email_addresses() -> int:
    """Cut e-mail addresses of deleted accounts back to their first '.deleted.<id>'
    suffix, as the original's housekeeping job does; the number of users changed."""
    return (
        User.update(email=fn.SUBSTRING_INDEX(User.email, ".deleted.", 2))
        .where(User.email.iregexp(REPEATED_DELETION_SUFFIX))
        .execute()
    )
