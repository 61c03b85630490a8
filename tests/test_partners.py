"""Coordinators manage partner organisations and see their users and cohorts."""

from datetime import date

import pytest

from linkenglish.cohorts.services import cohort_create, program_by_code
from linkenglish.extensions import db
from linkenglish.models import ProgramCode, Role
from linkenglish.partners.services import partner_organisation_get_or_create


@pytest.fixture
def coordinator(make_user, login_as):
    return login_as(make_user(Role.COORDINATOR))


def test_add_rename_and_refuse_a_duplicate(client, coordinator, csrf_token):
    response = client.post(
        "/partners/new", data={"csrf_token": csrf_token("/partners/new"), "name": "British Council"}
    )
    assert response.status_code == 302
    organisation_url = response.headers["Location"]
    again = client.post(
        "/partners/new",
        data={"csrf_token": csrf_token("/partners/new"), "name": " british council "},
    )
    assert "There is an organisation with this name already." in again.get_data(as_text=True)
    too_long = client.post(
        "/partners/new", data={"csrf_token": csrf_token("/partners/new"), "name": "x" * 201}
    )
    assert "Field cannot be longer than 200 characters." in too_long.get_data(as_text=True)
    client.post(
        organisation_url + "/edit",
        data={"csrf_token": csrf_token("/partners/new"), "name": "British Council Korea"},
    )
    assert "British Council Korea" in client.get("/partners/").get_data(as_text=True)


def test_organisation_page_lists_users_and_cohorts(app, client, coordinator, make_user):
    make_user(Role.PARTNER, partner_name="British Council", display_name="Emma Clarke")
    make_user(Role.PARTNER, partner_name="Other Org", display_name="Zed")
    with app.app_context():
        organisation = partner_organisation_get_or_create(name="British Council")
        cohort_create(
            program=program_by_code(ProgramCode.LIEP), name="LIEP Spring 2027",
            starts_on=date(2027, 3, 2), ends_on=date(2027, 6, 25), partner=organisation,
        )  # fmt: skip
        db.session.commit()
        organisation_id = organisation.id
    page = client.get(f"/partners/{organisation_id}").get_data(as_text=True)
    assert "Emma Clarke" in page and "LIEP Spring 2027" in page and "Zed" not in page
    assert "@" not in page.split("<main", 1)[1]  # no e-mail addresses on the page
    invite = client.get(f"/accounts/invite/partner?partner={organisation_id}").get_data(
        as_text=True
    )
    assert f'<option selected value="{organisation_id}">' in invite or (
        f'value="{organisation_id}" selected' in invite
    )


def test_list_runs_fixed_queries(app, client, coordinator, make_user, count_queries):
    make_user(Role.PARTNER, partner_name="A")
    with count_queries() as few:
        client.get("/partners/")
    for number in range(15):
        make_user(Role.PARTNER, partner_name=f"Org {number}")
    with count_queries() as many:
        body = client.get("/partners/").get_data(as_text=True)
    assert len(few) == len(many) and "Org 14" in body
