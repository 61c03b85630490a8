"""Every route × every role: who gets what. A route missing from MATRIX fails the test.

Statuses: 200 shown, 302 sent elsewhere (to sign in, or to the dashboard), 404 refused or
not there, 405 wrong method. Object routes are tried with the user's own object ("own": the
participant of the participant login) and with someone else's ("other").
"""

from datetime import date

import pytest
from flask import url_for

from linkenglish.cohorts.services import cohort_create, enrollment_add, program_by_code
from linkenglish.extensions import db
from linkenglish.levels.services import level_assessment_record, level_by_code
from linkenglish.models import AssessmentMethod, Participant, ProgramCode, Role
from linkenglish.partners.services import partner_organisation_get_or_create

ROLES = ("anonymous", Role.PARTICIPANT, Role.PARTNER, Role.COORDINATOR)
OWNERS = ("own", "other")

#            (endpoint, method, object)           anonymous participant partner coordinator
MATRIX = {
    ("static", "GET", None): (200, 200, 200, 200),
    ("main.index", "GET", None): (302, 302, 302, 302),
    ("auth.login", "GET", None): (200, 302, 302, 302),
    ("auth.login", "POST", None): (200, 302, 302, 302),
    ("auth.logout", "POST", None): (302, 302, 302, 302),
    ("main.dashboard", "GET", None): (302, 200, 200, 200),
    ("participants.index", "GET", None): (302, 404, 404, 200),
    # "own" for a partner: a participant of a cohort their organisation teaches.
    ("participants.detail", "GET", "own"): (302, 200, 200, 200),
    ("participants.detail", "GET", "other"): (302, 404, 404, 200),
    ("participants.create", "GET", None): (302, 404, 404, 200),
    ("participants.create", "POST", None): (302, 404, 404, 200),  # empty form: errors
    ("participants.edit", "GET", "own"): (302, 404, 404, 200),
    ("participants.edit", "GET", "other"): (302, 404, 404, 200),
    ("participants.edit", "POST", "own"): (302, 404, 404, 302),  # fields absent: kept
    ("participants.edit", "POST", "other"): (302, 404, 404, 302),
    ("participants.export", "GET", "own"): (302, 404, 404, 200),
    ("participants.export", "GET", "other"): (302, 404, 404, 200),
    ("participants.erase", "GET", "own"): (302, 404, 404, 200),
    ("participants.erase", "GET", "other"): (302, 404, 404, 200),
    ("participants.erase", "POST", "own"): (302, 404, 404, 200),  # not confirmed: form
    ("participants.erase", "POST", "other"): (302, 404, 404, 200),
    ("participants.archive", "POST", "own"): (302, 404, 404, 302),
    ("participants.archive", "POST", "other"): (302, 404, 404, 302),
    # Logins: "own" is the participant's own login, "other" a partner user's, "missing" none.
    ("accounts.index", "GET", None): (302, 404, 404, 200),
    ("accounts.detail", "GET", "own"): (302, 404, 404, 200),
    ("accounts.detail", "GET", "other"): (302, 404, 404, 200),
    ("accounts.detail", "GET", "missing"): (302, 404, 404, 404),
    ("accounts.invite_coordinator", "GET", None): (302, 404, 404, 200),
    ("accounts.invite_coordinator", "POST", None): (302, 404, 404, 200),  # empty form: errors
    ("accounts.invite_partner", "GET", None): (302, 404, 404, 200),
    ("accounts.invite_partner", "POST", None): (302, 404, 404, 200),
    ("accounts.participant_login", "GET", "own"): (302, 404, 404, 302),  # has one: its page
    ("accounts.participant_login", "GET", "other"): (302, 404, 404, 200),
    ("accounts.participant_login", "POST", "own"): (302, 404, 404, 302),
    ("accounts.participant_login", "POST", "other"): (302, 404, 404, 200),  # no e-mail: errors
    ("accounts.link_create", "POST", "own"): (302, 404, 404, 200),  # shows the new link
    ("accounts.link_create", "POST", "other"): (302, 404, 404, 200),
    ("accounts.link_create", "POST", "missing"): (302, 404, 404, 404),
    ("accounts.disable", "POST", "own"): (302, 404, 404, 302),
    ("accounts.disable", "POST", "other"): (302, 404, 404, 302),
    ("accounts.disable", "POST", "missing"): (302, 404, 404, 404),
    ("accounts.enable", "POST", "own"): (302, 404, 404, 302),
    ("accounts.enable", "POST", "other"): (302, 404, 404, 302),
    ("accounts.enable", "POST", "missing"): (302, 404, 404, 404),
    ("accounts.set_password", "GET", None): (404, 404, 404, 404),  # a forged link
    ("accounts.set_password", "POST", None): (404, 404, 404, 404),
    # Levels: coordinators only; "own" and "other" each have one level entry.
    ("levels.new", "GET", "own"): (302, 404, 404, 200),
    ("levels.new", "GET", "other"): (302, 404, 404, 200),
    ("levels.new", "POST", "own"): (302, 404, 404, 200),  # empty form: errors
    ("levels.new", "POST", "other"): (302, 404, 404, 200),
    ("levels.edit", "GET", "own"): (302, 404, 404, 200),
    ("levels.edit", "GET", "other"): (302, 404, 404, 200),
    ("levels.edit", "POST", "own"): (302, 404, 404, 200),  # empty form: errors
    ("levels.edit", "POST", "other"): (302, 404, 404, 200),
    ("levels.void", "POST", "own"): (302, 404, 404, 200),  # no reason: errors
    ("levels.void", "POST", "other"): (302, 404, 404, 200),
    ("levels.report", "GET", None): (302, 404, 404, 200),
    ("levels.scale", "GET", None): (302, 404, 404, 200),
    ("levels.scale", "POST", None): (302, 404, 404, 200),  # empty form: errors
}


def url_arguments(endpoint, objects, which):
    """The URL arguments for an endpoint, pointing at the own or the other object."""
    if endpoint == "static":
        return {"filename": "css/site.css"}
    if endpoint == "accounts.set_password":
        return {"token": "forged.link.token"}
    if endpoint == "accounts.participant_login":
        return {"participant_id": objects[which]}
    if endpoint.startswith("accounts.") and which:
        return {"user_id": objects["logins"][which]}
    if endpoint.startswith("levels.") and which:
        arguments = {"participant_id": objects[which]}
        if endpoint in {"levels.edit", "levels.void"}:
            arguments["entry_id"] = objects["level_entries"][which]
        return arguments
    if endpoint.startswith("participants.") and which:
        return {"participant_id": objects[which]}
    return {}


def test_every_route_is_in_the_matrix(app):
    routes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    listed = {(endpoint, method) for endpoint, method, _ in MATRIX}
    assert routes - listed == set(), "add these routes to MATRIX"
    assert listed - routes == set(), "MATRIX lists routes that no longer exist"


@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=[str(r) for r in ROLES])
def test_access_matrix(app, client, make_user, make_participant, login_as, csrf_token, role_index):
    role = ROLES[role_index]
    participant_user = make_user(Role.PARTICIPANT)
    objects = {"own": participant_user.participant_id, "other": make_participant().id}
    objects["logins"] = {"own": participant_user.id, "other": make_user(Role.PARTNER).id}
    objects["logins"]["missing"] = 2**31 - 1
    enroll_in_partner_cohort(app, participant_user.participant_id)
    objects["level_entries"] = {which: add_level_entry(app, objects[which]) for which in OWNERS}
    if role == Role.PARTICIPANT:
        login_as(participant_user)
    elif role != "anonymous":
        login_as(make_user(role))

    failures = []
    for (endpoint, method, which), expected in MATRIX.items():
        if endpoint == "auth.logout":
            continue  # signs the user out: run last, below
        failures += check(
            app, client, csrf_token, endpoint, method, which, objects, expected, role_index
        )
    failures += check(
        app, client, csrf_token, "auth.logout", "POST", None, objects,
        MATRIX[("auth.logout", "POST", None)], role_index,
    )  # fmt: skip
    assert failures == []


def enroll_in_partner_cohort(app, participant_id):
    """Put the "own" participant in a cohort the partner's organisation teaches."""
    with app.app_context():
        cohort = cohort_create(
            program=program_by_code(ProgramCode.LIEP),
            name="Matrix cohort",
            starts_on=date(2026, 9, 1),
            ends_on=date(2026, 12, 1),
            partner=partner_organisation_get_or_create(name="British Council"),
        )
        enrollment_add(
            cohort=cohort,
            participant=db.session.get(Participant, participant_id),
            enrolled_on=date(2026, 9, 1),
        )
        db.session.commit()


def add_level_entry(app, participant_id):
    """Give a participant one level entry and return its id."""
    with app.app_context():
        entry = level_assessment_record(
            participant=db.session.get(Participant, participant_id),
            level=level_by_code("B1"),
            assessed_on=date(2026, 1, 5),
            method=AssessmentMethod.PLACEMENT_TEST,
            by=None,
        )
        db.session.commit()
        return entry.id


def check(app, client, csrf_token, endpoint, method, which, objects, expected, role_index):
    """Request one route and return a description of any mismatch."""
    with app.test_request_context():
        url = url_for(endpoint, **url_arguments(endpoint, objects, which))
    if method == "GET":
        response = client.get(url)
    else:
        token = csrf_token("/dashboard" if role_index else "/sign-in")
        response = client.post(url, data={"csrf_token": token})
    response.close()
    want = expected[role_index]
    if response.status_code != want:
        return [f"{method} {endpoint} ({which}): {response.status_code}, expected {want}"]
    return []
