"""A Hypothesis state machine over consent, withdrawal, redaction, resubmission, publication
and take-down: no reachable state makes public any text other than the exact version under a
current, unwithdrawn consent that covers the web."""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select

from linkenglish.consent.redaction import essay_redact
from linkenglish.consent.selectors import (
    consent_current,
    consent_is_withdrawn,
    consentable_versions,
    publication_by_slug,
    publication_is_live,
    publication_live_from_history,
)
from linkenglish.consent.services import (
    ConsentError,
    consent_give,
    consent_withdraw,
    publication_publish,
    publication_take_down,
)
from linkenglish.extensions import db
from linkenglish.models import (
    ConsentRecord,
    Essay,
    EssayVersion,
    Language,
    Participant,
    Publication,
    Role,
    User,
)
from linkenglish.writing.services import draft_autosave, draft_of, essay_create, essay_submit

PEN_NAMES = st.sampled_from(["Jane", "Morning Star", "River"])
TEXTS = st.sampled_from(
    ["The river was wide.", "Spring came late that year.", "I learned to swim at forty."]
)


def test_only_consented_text_is_ever_public(app, make_participant, make_user):
    participant_id = make_participant(legal_name="박지우", preferred_name="Jiwoo").id
    coordinator_id = make_user(Role.COORDINATOR).id
    participant_user_id = make_user(
        Role.PARTICIPANT, participant=make_participant(preferred_name="Someone Else")
    ).id

    class ConsentMachine(RuleBasedStateMachine):
        """Each example works on a fresh essay of the same participant."""

        @initialize()
        def start(self):
            self.context = app.app_context()
            self.context.push()
            self.coordinator = db.session.get(User, coordinator_id)
            self.author = db.session.get(User, participant_user_id)
            essay = essay_create(
                participant=db.session.get(Participant, participant_id),
                by=self.coordinator,
                title="My essay",
                body="The first text.",
            )
            essay_submit(essay=essay, by=self.coordinator)
            db.session.commit()
            self.essay_id = essay.id
            self.slugs: list[str] = []

        def teardown(self):
            db.session.rollback()
            self.context.pop()

        @property
        def essay(self) -> Essay:
            return db.session.get(Essay, self.essay_id)

        @rule(text=TEXTS)
        def resubmit(self, text):
            draft = draft_of(self.essay)
            draft_autosave(
                essay=self.essay, title="My essay", body=text, revision=draft.revision, by=None
            )
            essay_submit(essay=self.essay, by=self.coordinator)
            db.session.commit()

        @rule(pen_name=PEN_NAMES, web=st.booleans(), which=st.integers(0, 5))
        def consent(self, pen_name, web, which):
            versions = consentable_versions(self.essay)
            version = versions[which % len(versions)]
            consent_give(
                essay=self.essay, version=version, pen_name=pen_name, author_note=None,
                language=Language.ENGLISH, by=self.author, scope_web=web, scope_print=not web,
            )  # fmt: skip
            db.session.commit()

        @precondition(lambda self: consent_current(self.essay) is not None)
        @rule()
        def withdraw(self):
            consent_withdraw(consent=consent_current(self.essay), by=self.author)
            db.session.commit()

        @precondition(lambda self: consent_current(self.essay) is not None)
        @rule(text=TEXTS)
        def redact(self, text):
            try:
                essay_redact(
                    consent=consent_current(self.essay),
                    title="My essay",
                    body=text + " [redacted]",
                    by=self.coordinator,
                    reason="names",
                )
            except ConsentError:
                db.session.rollback()
            else:
                db.session.commit()

        @rule(which=st.integers(0, 5))
        def publish(self, which):
            consents = db.session.scalars(
                select(ConsentRecord)
                .where(ConsentRecord.essay_id == self.essay_id, ConsentRecord.kind == "given")
                .order_by(ConsentRecord.id)
            ).all()
            if not consents:
                return
            try:
                publication = publication_publish(
                    consent=consents[which % len(consents)], by=self.coordinator
                )
            except ConsentError:
                db.session.rollback()
            else:
                db.session.commit()
                self.slugs.append(publication.slug)

        @rule(which=st.integers(0, 5))
        def take_down(self, which):
            if self.slugs:
                slug = self.slugs[which % len(self.slugs)]
                publication = db.session.scalar(select(Publication).where(Publication.slug == slug))
                publication_take_down(publication=publication, by=self.coordinator, reason="test")
                db.session.commit()

        @invariant()
        def only_current_consented_text_is_public(self):
            if not hasattr(self, "essay_id"):
                return
            allowed = {
                (consent.pen_name, version.title, version.body)
                for consent, version in db.session.execute(
                    select(ConsentRecord, EssayVersion)
                    .join(EssayVersion, EssayVersion.id == ConsentRecord.version_id)
                    .where(
                        ConsentRecord.essay_id == self.essay_id,
                        ConsentRecord.kind == "given",
                        ConsentRecord.scope_web.is_(True),
                        ~consent_is_withdrawn(),
                    )
                )
            }
            live = []
            for slug in self.slugs:
                state, public = publication_by_slug(slug)
                assert state in {"live", "gone"}
                if public is not None:
                    live.append(public)
                    assert (public.pen_name, public.title, public.body) in allowed
            # One consent in force at a time, so at most one public text per essay.
            assert len(live) <= 1
            assert len(allowed) <= 1

        @invariant()
        def stored_live_fact_is_the_rule_from_history(self):
            # Publication.live is what public pages read; consent history is the truth.
            stored = db.session.scalars(select(Publication.id).where(publication_is_live()))
            from_history = db.session.scalars(
                select(Publication.id)
                .join(ConsentRecord, ConsentRecord.id == Publication.consent_id)
                .where(publication_live_from_history())
            )
            assert set(stored) == set(from_history)

    run_state_machine_as_test(
        ConsentMachine,
        settings=settings(
            max_examples=30,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
