"""Every route × every role: who gets what. A route missing from MATRIX fails the test.

Statuses: 200 shown, 302 sent elsewhere (to sign in, or to the dashboard), 404 refused or
not there, 405 wrong method. Object routes are tried with the user's own object ("own": the
participant of the participant login) and with someone else's ("other").
"""

import pytest
from flask import url_for

from linkenglish.models import Role

ROLES = ("anonymous", Role.PARTICIPANT, Role.PARTNER, Role.COORDINATOR)

#            (endpoint, method, object)           anonymous participant partner coordinator
MATRIX = {
    ("static", "GET", None): (200, 200, 200, 200),
    ("main.index", "GET", None): (302, 302, 302, 302),
    ("auth.login", "GET", None): (200, 302, 302, 302),
    ("auth.login", "POST", None): (200, 302, 302, 302),
    ("auth.logout", "POST", None): (302, 302, 302, 302),
    ("main.dashboard", "GET", None): (302, 200, 200, 200),
    ("participants.index", "GET", None): (302, 404, 404, 200),
    ("participants.detail", "GET", "own"): (302, 200, 404, 200),
    ("participants.detail", "GET", "other"): (302, 404, 404, 200),
}


def url_arguments(endpoint, objects, which):
    """The URL arguments for an endpoint, pointing at the own or the other object."""
    if endpoint == "static":
        return {"filename": "css/site.css"}
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
