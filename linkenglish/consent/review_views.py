"""The coordinators' side: the consent queue, the identity check with every hit highlighted,
redaction, publication, take-down, and consent recorded on a participant's behalf."""

from collections import Counter

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import not_, select

from linkenglish.audit.services import audit_record
from linkenglish.authz import get_essay_or_404, role_required
from linkenglish.consent.forms import ConfirmForm, RecordConsentForm, RedactForm, TakeDownForm
from linkenglish.consent.labels import character_note
from linkenglish.consent.matching import CHARACTER, person_needles, place_needles
from linkenglish.consent.messages import pen_name_message
from linkenglish.consent.redaction import essay_redact
from linkenglish.consent.selectors import (
    consent_is_current,
    consent_states,
    consent_withdrawal,
    has_publication,
    publication_of,
    publication_text_intact,
)
from linkenglish.consent.services import (
    ConsentError,
    PenNameRefused,
    publication_publish,
    publication_take_down,
)
from linkenglish.consent.text_hits import highlight, identity_hits
from linkenglish.consent.views import ConsentPage
from linkenglish.extensions import db
from linkenglish.models import (
    ConsentKind,
    ConsentMethod,
    ConsentRecord,
    Essay,
    EssayVersion,
    Participant,
    Publication,
    Role,
)
from linkenglish.visibility import consent_listed

bp = Blueprint("review", __name__, url_prefix="/consent")

RECENT = 20


def names_of(states) -> dict[int, str]:
    """Preferred names of the participants in states, in one query."""
    ids = {state.consent.participant_id for state in states}
    rows = db.session.execute(
        select(Participant.id, Participant.preferred_name).where(Participant.id.in_(ids))
    )
    return {participant_id: name for participant_id, name in rows}


@bp.route("/")
@role_required(Role.COORDINATOR)
def queue():
    """Consents waiting for the identity check, what is public now, and what ended lately."""
    listed = consent_listed()  # an erased participant's consents leave the queue
    waiting = consent_states(
        consent_is_current(), ConsentRecord.scope_web.is_(True), not_(has_publication()), listed
    )
    live = consent_states(has_publication(live=True), listed)
    ended = consent_states(
        not_(consent_is_current()) | has_publication(live=False), listed, limit=RECENT
    )
    return render_template(
        "review/queue.html",
        waiting=waiting,
        live=live,
        ended=ended,
        names=names_of([*waiting, *live, *ended]),
    )


def consent_or_404(consent_id: int) -> ConsentRecord:
    """A given consent, or 404 (coordinators only reach this)."""
    consent = db.session.get(ConsentRecord, consent_id)
    if consent is None or consent.kind is not ConsentKind.GIVEN:
        abort(404)
    return consent


def hit_summary(hits) -> list[tuple[str, str, int, bool]]:
    """(kind, label, count, warning only) per matched term, blocking ones first; an
    unexpected character is labelled in words ("Cyrillic а, looks like Latin a")."""
    counts = Counter(
        (
            hit.kind,
            character_note(hit.characters[0]) if hit.kind == CHARACTER else hit.label,
            hit.warning_only,
        )
        for hit in hits
    )
    return sorted(
        ((kind, label, count, warning) for (kind, label, warning), count in counts.items()),
        key=lambda row: (row[3], row[0], row[1]),
    )


@bp.route("/<int:consent_id>")
@role_required(Role.COORDINATOR)
def check(consent_id: int):
    """The identity check: the consented text with names, sensitive terms and North Korean
    place names highlighted, and the actions that follow."""
    consent = consent_or_404(consent_id)
    participant = db.session.get(Participant, consent.participant_id)
    version = db.session.get(EssayVersion, consent.version_id)
    needles = [
        *person_needles(
            legal_name=participant.legal_name,
            preferred_name=participant.preferred_name,
            sensitive_terms=participant.sensitive_term_list,
        ),
        *place_needles(),
    ]
    parts = {
        "pen_name": consent.pen_name or "",
        "title": version.title,
        "body": version.body,
        "author_note": consent.author_note or "",
    }
    hits = {name: identity_hits(text, needles) for name, text in parts.items()}
    segments = {name: highlight(parts[name], hits[name]) for name in parts}
    all_hits = [hit for found in hits.values() for hit in found]
    audit_record(
        action="consent.identity_check.view",
        actor=current_user,
        object_type="participant",
        object_id=participant.id,
        detail={"consent_id": consent.id, "hits": len(all_hits)},
    )
    db.session.commit()
    publication = publication_of(consent)
    (state,) = consent_states(ConsentRecord.id == consent.id)
    return render_template(
        "review/check.html",
        consent=consent,
        state=state,
        participant=participant,
        version=version,
        segments=segments,
        summary=hit_summary(all_hits),
        blocking=any(not hit.warning_only for hit in all_hits),
        publication=publication,
        text_intact=publication_text_intact(consent, version),
        withdrawn=consent_withdrawal(consent) is not None,
        publish_form=ConfirmForm(formdata=None),
        take_down_form=TakeDownForm(formdata=None),
    )


def publish_error_message(error: ConsentError) -> str:
    """Say why a consent cannot be published."""
    if isinstance(error, PenNameRefused):
        return pen_name_message(error, for_coordinator=True)
    messages = {
        "withdrawn": _("This consent was withdrawn; publishing needs new consent."),
        "scope": _("This consent does not cover the web gallery."),
        "published": _("This essay is public already."),
        "published_before": _(
            "This consent was published before and taken down; publishing again needs new consent."
        ),
        "erased": _("This participant's data was erased; nothing can be published."),
        "text_changed": _("The text no longer matches what was consented to."),
        "redacted": _(
            "You redacted this text: the edited version is published once the participant "
            "consents to it."
        ),
    }
    return messages.get(str(error), _("This essay could not be published."))


@bp.route("/<int:consent_id>/publish", methods=["POST"])
@role_required(Role.COORDINATOR)
def publish(consent_id: int):
    """Publish exactly what was consented to."""
    consent = consent_or_404(consent_id)
    form = ConfirmForm()
    if not form.validate():
        abort(400)
    if request.form.get("checked") != "yes":
        flash(_('Tick "I have checked every highlight" to publish.'), "error")
        return redirect(url_for("review.check", consent_id=consent.id))
    try:
        publication = publication_publish(consent=consent, by=current_user)
    except ConsentError as error:
        db.session.rollback()
        flash(publish_error_message(error), "error")
        return redirect(url_for("review.check", consent_id=consent.id))
    db.session.commit()
    flash(_("Published. The essay is public now."), "success")
    return redirect(url_for("review.check", consent_id=publication.consent_id))


@bp.route("/<int:consent_id>/redact", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def redact(consent_id: int):
    """Edit out what could identify the author; the edit waits for the author's consent."""
    consent = consent_or_404(consent_id)
    version = db.session.get(EssayVersion, consent.version_id)
    form = RedactForm(data={"title": version.title, "body": version.body})
    if request.method == "POST":
        form = RedactForm()
        if form.validate():
            try:
                new = essay_redact(
                    consent=consent,
                    title=form.title.data,
                    body=form.body.data,
                    by=current_user,
                    reason=form.reason.data,
                )
            except ConsentError:
                db.session.rollback()
                form.body.errors = [_("Change the text first: nothing was removed.")]
            else:
                db.session.commit()
                flash(
                    _(
                        "Saved as version %(number)s. It is published only after the "
                        "participant consents to it.",
                        number=new.number,
                    ),
                    "success",
                )
                return redirect(url_for("review.queue"))
        return render_template("review/redact.html", consent=consent, form=form)
    return render_template("review/redact.html", consent=consent, form=form)


@bp.route("/publications/<int:publication_id>/take-down", methods=["POST"])
@role_required(Role.COORDINATOR)
def take_down(publication_id: int):
    """Take a publication down with a reason; from the next request its URL answers 410."""
    publication = db.session.get(Publication, publication_id)
    if publication is None:
        abort(404)
    form = TakeDownForm()
    if not form.validate():
        flash(form.reason.errors[0], "error")
        return redirect(url_for("review.check", consent_id=publication.consent_id))
    publication_take_down(publication=publication, by=current_user, reason=form.reason.data)
    db.session.commit()
    flash(_("Taken down. The essay is no longer public."), "success")
    return redirect(url_for("review.check", consent_id=publication.consent_id))


@bp.route("/essays/<int:essay_id>/record", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def record(essay_id: int):
    """Record consent the participant gave in person, on paper or by phone."""
    essay: Essay = get_essay_or_404(essay_id, current_user)
    participant = db.session.get(Participant, essay.participant_id)
    if participant.erased_at is not None:
        abort(404)
    back = (
        url_for("prompts.essay", prompt_id=essay.prompt_id, essay_id=essay.id)
        if essay.prompt_id
        else url_for("prompts.free_essay", essay_id=essay.id)
    )
    form = RecordConsentForm()
    page = ConsentPage(essay, form, "consent/give.html", True, recording=participant, back_url=back)
    if request.method == "GET":
        return page.render()
    methods = {method.value: method for method in ConsentMethod}
    return page.post(
        # The form refuses any other value; the default only stands in until it does.
        method=methods.get(form.method.data, ConsentMethod.IN_PERSON),
        method_note=form.method_note.data,
        done_url=url_for("review.queue"),
        done_message=_("Consent recorded. The essay now waits for the identity check."),
    )
