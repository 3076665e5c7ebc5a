"""The real boxtribute web app in headless Chromium against this back-end (README,
"The frontend end to end")."""
