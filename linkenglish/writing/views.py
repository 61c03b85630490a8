"""A participant's writing: the list, the editor with its autosave, and frozen versions."""

import hashlib
import hmac
from datetime import UTC

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import validate_csrf
from sqlalchemy import select
from wtforms.validators import ValidationError

from linkenglish.authz import get_essay_or_404, json_api, role_required
from linkenglish.extensions import csrf, db
from linkenglish.models import Participant, Role
from linkenglish.models.writing import Essay, EssayStatus, EssayVersion, VersionKind
from linkenglish.prompts.forms import StatementForm
from linkenglish.prompts.services import essay_hand_in, submit_cohorts
from linkenglish.writing.forms import EssayForm
from linkenglish.writing.labels import WRITING_TEMPLATE_GLOBALS
from linkenglish.writing.markdown import render_essay
from linkenglish.writing.services import (
    AutosaveResult,
    WritingError,
    draft_autosave,
    draft_of,
    essay_create,
    essays_of,
    version_freeze,
    word_count,
)

bp = Blueprint("writing", __name__, url_prefix="/writing")


@bp.context_processor
def writing_labels() -> dict:
    """Make the status and version labels available to the writing templates."""
    return WRITING_TEMPLATE_GLOBALS


@bp.route("/")
@role_required(Role.PARTICIPANT)
def index():
    """List the participant's essays with status, last save, word count and versions."""
    rows = essays_of(participant_id=current_user.participant_id)
    return render_template("writing/index.html", rows=rows)


@bp.route("/new", methods=["POST"])
@role_required(Role.PARTICIPANT)
def create():
    """Start a free-writing essay and open it in the editor."""
    participant = db.session.get(Participant, current_user.participant_id)
    essay = essay_create(participant=participant, by=current_user)
    db.session.commit()
    return redirect(url_for("writing.edit", essay_id=essay.id))


def storage_key(essay: Essay) -> str:
    """An opaque name for the browser's copy of this draft: no id or name shows in it."""
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, f"essay-draft:{essay.id}".encode(), hashlib.sha256)
    return "essay-draft-" + digest.hexdigest()[:24]


def statement_form(essay: Essay) -> StatementForm:
    """The own-work statement and, for free writing, the cohorts it may be sent to."""
    statement = StatementForm()
    if essay.prompt_id is None:
        cohorts = submit_cohorts(participant_id=essay.participant_id)
        statement.cohort.choices = [("", _("Coordinators only"))] + [
            (str(cohort.id), cohort.name) for cohort in cohorts
        ]
    return statement


def editor_page(essay: Essay, form: EssayForm, preview=None, status: int = 200):
    """Render the editor with its versions and, when asked, a preview."""
    return (
        render_template(
            "writing/edit.html",
            essay=essay,
            form=form,
            words=word_count(form.body.data),
            preview=preview,
            versions=list(reversed(essay.versions)),
            storage_key=storage_key(essay),
            submitted=essay.status is not EssayStatus.DRAFT,
            statement=statement_form(essay),
        ),
        status,
    )


def conflict_message(result: AutosaveResult) -> str:
    """Say that a save from an older page became a version instead of overwriting."""
    return _(
        "This essay was changed in another window. What this page sent was kept as "
        "version %(number)s; the newer text stays the draft. Reload to see it.",
        number=result.version.number,
    )


@bp.route("/<int:essay_id>", methods=["GET", "POST"])
@role_required(Role.PARTICIPANT)
def edit(essay_id: int):
    """Show the editor; its buttons save the draft, freeze a version, submit or preview."""
    essay = get_essay_or_404(essay_id, current_user)
    draft = draft_of(essay)
    if request.method == "GET":
        form = EssayForm(title=draft.title, body=draft.body, revision=str(draft.revision))
        return editor_page(essay, form)
    form = EssayForm()
    if not form.validate():
        return editor_page(essay, form, status=400)
    result = draft_autosave(
        essay=essay,
        title=form.title.data or "",
        body=form.body.data or "",
        revision=form.revision_number(),
        by=current_user,
    )
    action = request.form.get("action", "save")
    if result.conflict:
        db.session.commit()
        flash(conflict_message(result), "error")
        return redirect(url_for("writing.edit", essay_id=essay.id))
    if action == "preview":
        db.session.commit()
        form.revision.data = str(result.draft.revision)
        return editor_page(essay, form, preview=render_essay(form.body.data))
    try:
        if action == "version":
            version = version_freeze(essay=essay, kind=VersionKind.SAVED, by=current_user)
            message = _("Saved as version %(number)s.", number=version.number)
        elif action == "submit":
            statement = statement_form(essay)
            if not statement.own_work.data:
                db.session.commit()  # the draft itself is saved
                flash(_('Tick "This is my own work" to submit.'), "error")
                return redirect(url_for("writing.edit", essay_id=essay.id))
            version = essay_hand_in(essay=essay, by=current_user, cohort_id=statement.cohort_id())
            message = _("Submitted as version %(number)s.", number=version.number)
        else:
            message = _("Draft saved.")
    except WritingError as error:
        db.session.commit()  # the draft itself is saved
        flash(writing_error_message(error), "error")
        return redirect(url_for("writing.edit", essay_id=essay.id))
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("writing.edit", essay_id=essay.id))


def writing_error_message(error: WritingError) -> str:
    """Say why a version could not be frozen or submitted."""
    reason = str(error)
    if reason == "final":
        return _("This essay is final: it cannot be submitted again.")
    if reason == "cohort":
        return _("Choose one of your cohorts to send this essay to.")
    return _("Write something first: an empty essay cannot be frozen.")


@bp.route("/<int:essay_id>/autosave", methods=["POST"])
@role_required(Role.PARTICIPANT)
@json_api
@csrf.exempt  # checked below, after the sign-in check, so a signed-out writer gets 401
def autosave(essay_id: int):
    """Save the working draft for the editor's script (or a beacon) and answer in JSON."""
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        return jsonify(error="csrf"), 400
    essay = get_essay_or_404(essay_id, current_user)
    form = EssayForm()
    if not form.validate():
        messages = [str(error) for field in form for error in field.errors]
        return jsonify(error="invalid", message=messages[0] if messages else None), 400
    result = draft_autosave(
        essay=essay,
        title=form.title.data or "",
        body=form.body.data or "",
        revision=form.revision_number(),
        by=current_user,
    )
    db.session.commit()
    draft = result.draft
    saved_at = draft.saved_at.astimezone(UTC).isoformat(timespec="seconds")
    return jsonify(
        revision=draft.revision,
        saved_at=saved_at.replace("+00:00", "Z"),
        words=word_count(form.body.data),
        warning=conflict_message(result) if result.conflict else None,
        version=result.version.number if result.version else None,
    )


@bp.route("/<int:essay_id>/versions/<int:number>")
@role_required(Role.PARTICIPANT)
def version(essay_id: int, number: int):
    """Show one frozen version of an essay."""
    essay = get_essay_or_404(essay_id, current_user)
    frozen = db.session.scalar(
        select(EssayVersion).where(EssayVersion.essay_id == essay.id, EssayVersion.number == number)
    )
    if frozen is None:
        abort(404)
    return render_template(
        "writing/version.html",
        essay=essay,
        version=frozen,
        html=render_essay(frozen.body),
        words=word_count(frozen.body),
    )
