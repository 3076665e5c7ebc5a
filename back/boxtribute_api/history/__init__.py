"""The change log (table history): its model, and recording changes in it."""
