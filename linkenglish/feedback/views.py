"""Feedback: teachers give it on submitted versions and release it; participants read it,
compare their versions and follow their bands over time."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from linkenglish.authz import get_essay_or_404, role_required
from linkenglish.extensions import db
from linkenglish.feedback.charts import bands_chart
from linkenglish.feedback.diff import word_diff
from linkenglish.feedback.forms import FeedbackForm
from linkenglish.feedback.rubric import CRITERIA, band_field, criterion_label, descriptor
from linkenglish.feedback.services import (
    FeedbackError,
    bands_over_time,
    can_give_feedback,
    feedback_of,
    feedback_release,
    feedback_rows,
    feedback_save,
    released_feedback,
    submitted_version_for,
)
from linkenglish.models import Role
from linkenglish.models.writing import Essay, EssayVersion, Feedback, VersionKind
from linkenglish.writing.labels import WRITING_TEMPLATE_GLOBALS
from linkenglish.writing.markdown import render_essay

bp = Blueprint("feedback", __name__, url_prefix="/feedback")


def staff_feedback(version: EssayVersion) -> list | None:
    """The feedback on a version for the staff panel; None for anyone who may not give it."""
    if version.kind is not VersionKind.SUBMITTED or not (
        current_user.is_authenticated and current_user.role in {Role.COORDINATOR, Role.PARTNER}
    ):
        return None
    if not can_give_feedback(current_user, db.session.get(Essay, version.essay_id)):
        return None
    return feedback_rows(version=version, released_only=False)


for name, function in {
    "released_feedback": released_feedback,
    "staff_feedback": staff_feedback,
    "rubric_criteria": lambda: CRITERIA,
    "rubric_band": lambda feedback, criterion: getattr(feedback, band_field(criterion)),
    "rubric_label": criterion_label,
    "rubric_descriptor": descriptor,
    "render_comments": render_essay,
}.items():
    bp.add_app_template_global(function, name)


@bp.context_processor
def writing_labels() -> dict:
    """Version labels, as on the writing pages."""
    return WRITING_TEMPLATE_GLOBALS


@bp.route("/versions/<int:version_id>", methods=["GET", "POST"])
@role_required(Role.COORDINATOR, Role.PARTNER)
def form(version_id: int):
    """Show and save this teacher's feedback on a submitted version."""
    version = submitted_version_for(version_id=version_id, user=current_user)
    if version is None:
        abort(404)
    feedback = feedback_of(version=version, author=current_user)
    released = feedback is not None and feedback.released_at is not None
    form = FeedbackForm(obj=feedback if request.method == "GET" else None)
    if request.method == "POST":
        if released:
            flash(_("This feedback was released and can no longer be changed."), "error")
            return redirect(url_for("feedback.form", version_id=version.id))
        if form.validate():
            feedback_save(
                version=version,
                by=current_user,
                comments=form.comments.data or "",
                bands=form.bands(),
            )
            db.session.commit()
            flash(_("Feedback saved. The participant sees it once you release it."), "success")
            return redirect(url_for("feedback.form", version_id=version.id))
    status = 400 if form.errors else 200
    return (
        render_template(
            "feedback/form.html",
            version=version,
            essay_text=render_essay(version.body),
            feedback=feedback,
            released=released,
            form=form,
        ),
        status,
    )


@bp.route("/<int:feedback_id>/release", methods=["POST"])
@role_required(Role.COORDINATOR, Role.PARTNER)
def release(feedback_id: int):
    """Release feedback to the participant (its author, or a coordinator)."""
    feedback = db.session.get(Feedback, feedback_id)
    version = (
        submitted_version_for(version_id=feedback.version_id, user=current_user)
        if feedback
        else None
    )
    if version is None or not (
        feedback.author_id == current_user.id or current_user.role is Role.COORDINATOR
    ):
        abort(404)
    try:
        feedback_release(feedback=feedback, essay=db.session.get(Essay, version.essay_id))
    except FeedbackError as error:
        if str(error) == "empty":
            flash(_("Write a comment or choose a band before releasing the feedback."), "error")
        else:
            flash(_("This feedback was already released."), "info")
    else:
        db.session.commit()
        flash(_("Feedback released: the participant can read it now."), "success")
    return redirect(url_for("feedback.form", version_id=version.id))


def version_number(value: str | None, numbers: list[int]) -> int | None:
    """A version number from the query string, if it names one of the essay's versions."""
    if value is None or not (value.isascii() and value.isdigit()) or len(value) > 9:
        return None
    number = int(value)
    return number if number in numbers else None


@bp.route("/essays/<int:essay_id>/compare")
@role_required(Role.PARTICIPANT)
def compare(essay_id: int):
    """Show two versions of the participant's essay side by side, word changes marked."""
    essay = get_essay_or_404(essay_id, current_user)
    versions = {version.number: version for version in essay.versions}
    numbers = sorted(versions)
    notice = None
    diff = before = after = None
    if len(numbers) >= 2:
        a = version_number(request.args.get("a"), numbers)
        b = version_number(request.args.get("b"), numbers)
        asked = "a" in request.args or "b" in request.args
        if a is None or b is None or a == b:
            if asked:
                notice = _("Those versions cannot be compared; showing the two newest instead.")
            a, b = numbers[-2], numbers[-1]
        before, after = versions[a], versions[b]
        diff = word_diff(before.body, after.body)
    return render_template(
        "feedback/compare.html",
        essay=essay,
        versions=[versions[number] for number in reversed(numbers)],
        before=before,
        after=after,
        diff=diff,
        notice=notice,
    )


@bp.route("/mine")
@role_required(Role.PARTICIPANT)
def mine():
    """Show the participant's released rubric bands over time: a chart and a table."""
    rows = bands_over_time(participant_id=current_user.participant_id)
    return render_template("feedback/mine.html", rows=rows, chart=bands_chart(rows))
