"""Admin tasks as flask commands: create-user, seed-demo."""

import sys

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from linkenglish.auth.services import PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, user_create
from linkenglish.extensions import db
from linkenglish.models import Participant, PartnerOrganisation, Role


@click.command("create-user")
@with_appcontext
@click.option("--role", type=click.Choice([role.value for role in Role]), required=True)
@click.option("--email", required=True)
@click.option("--partner", "partner_name", help="Partner organisation name (partner role).")
@click.option("--participant", "participant_id", type=int, help="Participant id (participant).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user_command(role, email, partner_name, participant_id, password_stdin):
    """Create a login. The password is asked for, or read from standard input."""
    role = Role(role)
    partner = participant = None
    if partner_name:
        partner = db.session.scalar(
            select(PartnerOrganisation).where(PartnerOrganisation.name == partner_name)
        )
        if partner is None:
            raise click.ClickException(f"No partner organisation is called {partner_name!r}.")
    if participant_id is not None:
        participant = db.session.get(Participant, participant_id)
        if participant is None:
            raise click.ClickException(f"No participant has id {participant_id}.")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if not PASSWORD_MIN_LENGTH <= len(password) <= PASSWORD_MAX_LENGTH:
        raise click.ClickException(
            f"A password needs {PASSWORD_MIN_LENGTH} to {PASSWORD_MAX_LENGTH} characters."
        )
    try:
        user = user_create(
            email=email, role=role, password=password, partner=partner, participant=participant
        )
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created {role.value} login {user.id}.")


@click.command("seed-demo")
@with_appcontext
@click.option("--force", is_flag=True, help="Run even when the app is not in debug mode.")
@click.option("--if-empty", is_flag=True, help="Do nothing when any login exists already.")
def seed_demo_command(force, if_empty):
    """Load made-up demo data (idempotent) and print the demo logins."""
    from linkenglish.demo import DEMO_LOGINS, database_is_empty, seed_demo

    if not (current_app.debug or force):
        raise click.ClickException(
            "seed-demo adds made-up people and known passwords; it runs only in debug mode "
            "(flask --debug) or with --force."
        )
    if if_empty and not database_is_empty():
        click.echo("The database has data already; demo data not loaded.")
    else:
        summary = seed_demo()
        click.echo(f"Demo data ready: {summary}.")
    click.echo("Demo logins (e-mail / password):")
    for role, email, password in DEMO_LOGINS:
        click.echo(f"  {role:<12} {email:<40} {password}")


def register_cli(app: Flask) -> None:
    """Add the commands to `flask`."""
    app.cli.add_command(create_user_command)
    app.cli.add_command(seed_demo_command)
