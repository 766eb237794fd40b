"""Account commands: `kb user add`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kb.core.catalogue import message
from kbsite.cli import LANG, edge, engine, instance_option, main, say

# kb.accounts.ROLES, spelled out: importing kb.accounts would load Werkzeug for every `kb`
# command (tests/test_auth.py checks the two agree).
ROLES = ("agent", "admin", "viewer")


@main.group()
def user() -> None:
    """Staff accounts (agents and admins)."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default="agent", show_default=True,
              help="agent: console; admin: everything; viewer: read-only improvement tasks.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@instance_option
@LANG
@edge
def user_add(name: str, role: str, password_stdin: bool, instance: Path, lang: str) -> None:
    """Add a user (or set a new password); the password is prompted unless --password-stdin."""
    from kb.accounts import add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(message("cli_password", lang), hide_input=True,
                                confirmation_prompt=message("cli_password_again", lang))
    added = add_user(engine(instance), name, password, role)
    say(lang, "cli_user_saved", name=added.name, role=added.role)
