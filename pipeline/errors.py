"""Errors a user can cause and fix; the CLI prints them as one line and exits 1."""


class UserError(Exception):
    """A problem with the user's input or environment (bad file, unknown source, no database)."""
