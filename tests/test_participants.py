"""A participant's page: personal data for coordinators only, and every view audited."""

from sqlalchemy import select

from linkenglish.extensions import db
from linkenglish.models import AuditEvent, Role


def test_coordinator_sees_personal_data_and_the_view_is_audited(
    app, client, make_user, login_as, make_participant
):
    participant = make_participant(
        legal_name="김하늘", email="haneul@example.org", sensitive_terms=["Hyesan"]
    )
    coordinator = login_as(make_user(Role.COORDINATOR))
    response = client.get(f"/participants/{participant.id}")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "김하늘" in body and "haneul@example.org" in body and "Hyesan" in body
    assert response.headers["Cache-Control"] == "no-store"
    with app.app_context():
        events = db.session.execute(
            select(AuditEvent.action, AuditEvent.actor_id, AuditEvent.object_id)
        ).all()
    assert events == [("participant.personal_data.view", coordinator.id, participant.id)]


def test_participant_sees_own_page_without_personal_data(
    app, client, make_user, login_as, make_participant
):
    participant = make_participant(
        legal_name="이서연",
        preferred_name="Sophie",
        notes="private note",
        sensitive_terms=["Musan"],
    )
    login_as(make_user(Role.PARTICIPANT, participant=participant))
    body = client.get(f"/participants/{participant.id}").get_data(as_text=True)
    assert "Sophie" in body
    assert "LELP — LiNK English Language Program<" in body
    for secret in ("이서연", participant.email, participant.phone, "private note", "Musan"):
        assert secret not in body
    with app.app_context():
        assert db.session.scalar(select(AuditEvent)) is None


def test_list_shows_preferred_names_only(client, make_user, login_as, make_participant):
    make_participant(legal_name="박민준", preferred_name="Minjun")
    login_as(make_user(Role.COORDINATOR))
    body = client.get("/participants/").get_data(as_text=True)
    assert "Minjun" in body and "박민준" not in body
