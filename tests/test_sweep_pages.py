"""The sweeps' page list (tests/sweep_pages.py) reaches every GET route, for each role that
may use it, or says why not."""

from sweep_pages import EXCUSED, ROLES, seeded_pages

from linkenglish.access import PUBLIC_ENDPOINTS
from linkenglish.models import Role


def get_endpoints(app, role: str | None = None) -> set[str]:
    """Every endpoint a GET request can reach; with role, those that role may use (the
    public ones for the public, else those whose view declares the role)."""
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    if role is None:
        return endpoints
    if role == "public":
        return endpoints & PUBLIC_ENDPOINTS
    view_roles = {e: getattr(app.view_functions[e], "allowed_roles", ()) for e in endpoints}
    return {endpoint for endpoint in endpoints if Role(role) in view_roles[endpoint]}


def test_every_get_route_is_swept_or_excused(app, runner):
    pages = seeded_pages(app, runner)
    adapter = app.url_map.bind("localhost")
    swept = {
        role: {
            adapter.match(url.split("?")[0], method="GET")[0]
            for url, status in pages[role]
            if status != 404 or url.startswith("/essays/")
        }
        for role in ROLES
    }
    everywhere = set().union(*swept.values())
    assert get_endpoints(app) - everywhere - set(EXCUSED) == set(), "list these pages"
    # Each role sees each kind of page it may use, as it sees it.
    unswept = {role: get_endpoints(app, role) - swept[role] - set(EXCUSED) for role in ROLES}
    assert {role: missing for role, missing in unswept.items() if missing} == {}
    assert everywhere & set(EXCUSED) == set(), "swept now: take these out of EXCUSED"
    assert set(EXCUSED) <= get_endpoints(app), "EXCUSED names an endpoint that is gone"
