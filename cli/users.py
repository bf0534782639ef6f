"""``scorecard user ...``: local accounts, their roles, passwords and sign-on links."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from cli.registry import command
from domain.roles import Role
from settings import Settings

if TYPE_CHECKING:
    from store.engine import Engine

ROLE_CHOICES = [r.key for r in Role]


def _user_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="user_command", required=True)
    add = sub.add_parser("add", help="add a local account (asks for the password)")
    add.add_argument("name", help="username used to sign in")
    add.add_argument("--role", required=True, choices=ROLE_CHOICES)
    add.add_argument("--area", help="district area code (district viewers); for any other "
                     "role, a partnership's council code limits the account to it")
    add.add_argument("--display-name", default="", help="name shown in the header")
    how = add.add_mutually_exclusive_group()
    how.add_argument("--password-stdin", action="store_true",
                     help="read the password from standard input")
    how.add_argument("--sso", action="store_true",
                     help="no password: the user signs in through single sign-on only")
    sub.add_parser("list", help="list accounts and roles")
    role = sub.add_parser("role", help="change a user's role")
    role.add_argument("name")
    role.add_argument("role", choices=ROLE_CHOICES)
    role.add_argument("--area", help="district area code (district viewers); for any other "
                      "role, a partnership's council code limits the account to it")
    for verb in ("disable", "enable"):
        sub.add_parser(verb, help=f"{verb} an account").add_argument("name")
    password = sub.add_parser("password", help="set a new password (signs the user out)")
    password.add_argument("name")
    password.add_argument("--password-stdin", action="store_true")
    link = sub.add_parser("link-oidc", help="let a single sign-on identity use this account")
    link.add_argument("name")
    link.add_argument("subject", help="the identity's subject (the ID token's sub), as the "
                      "refused sign-on reported it")
    sub.add_parser("remove-demo", help="delete the demo account (do this in production)")


def _read_password(from_stdin: bool) -> str:
    """The new password: a line of standard input, or typed twice at a prompt."""
    # Imported when the command runs (start-up time: `scorecard --help` under 1 s).
    from services.accounts import AccountError
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise AccountError("The two passwords differ.")
    return first


@command("user", "add users, change roles, remove the demo account", _user_arguments)
def user(args: argparse.Namespace, settings: Settings) -> int:
    """Run one ``user`` verb against the store."""
    # Imported when the command runs (start-up time: `scorecard --help` under 1 s).
    from store.engine import make_engine
    engine = make_engine(settings.database_url)
    try:
        return _user(args, engine)
    finally:
        engine.dispose()


def _user(args: argparse.Namespace, engine: Engine) -> int:
    # Use cases imported when the command runs (start-up time: `scorecard --help` under 1 s).
    from services import accounts
    verb = args.user_command
    if verb == "add":
        password = None if args.sso else _read_password(args.password_stdin)
        made = accounts.create_user(engine, args.name, Role.parse(args.role),
                                    password=password, area_code=args.area,
                                    display_name=args.display_name)
        print(f"Added {made.username} ({made.role.label}).")
    elif verb == "list":
        for u in accounts.list_users(engine):
            flags = " ".join(f for f, on in (("disabled", not u.is_active),
                                             ("DEMO", u.is_demo)) if on)
            print(f"{u.username:<30} {u.role.key:<20} {u.area_code or '':<10} {flags}")
    elif verb == "role":
        made = accounts.set_role(engine, args.name, Role.parse(args.role),
                                 area_code=args.area, actor="cli")
        print(f"{made.username} is now {made.role.label}.")
    elif verb in ("disable", "enable"):
        accounts.set_active(engine, args.name, verb == "enable", actor="cli")
        print(f"{args.name} {verb}d.")
    elif verb == "password":
        accounts.set_password(engine, args.name, _read_password(args.password_stdin),
                              actor="cli")
        print(f"Password changed for {args.name}; their sessions have ended.")
    elif verb == "link-oidc":
        accounts.link_oidc(engine, args.name, args.subject, actor="cli")
        print(f"{args.name} is linked to the sign-on subject {args.subject}.")
    elif verb == "remove-demo":
        print(f"Removed {accounts.remove_demo_accounts(engine, actor='cli')} demo account(s).")
    return 0
