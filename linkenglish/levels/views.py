"""Levels: recording, correcting and voiding level entries, the level report and scale."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from linkenglish.authz import get_participant_or_404, role_required
from linkenglish.extensions import db
from linkenglish.labels import program_label
from linkenglish.levels.charts import level_distribution_chart, level_history_chart
from linkenglish.levels.forms import LevelAssessmentForm, LevelForm, VoidForm, local_today
from linkenglish.levels.reports import level_distribution, level_progression
from linkenglish.levels.scale import level_scale, proficiency_level_create
from linkenglish.levels.services import (
    level_assessment_correct,
    level_assessment_get,
    level_assessment_record,
    level_assessment_void,
    level_choices,
    level_history,
    level_history_voided,
)
from linkenglish.models import CEFR, LevelAssessment, Participant, Program, Role

bp = Blueprint("levels", __name__)


@bp.app_template_global()
def level_chart(levels: list[LevelAssessment]) -> Markup:
    """Draw the participant page's chart of their level history."""
    return level_history_chart(levels, today=local_today())


@bp.app_template_global()
def voided_levels(participant: Participant) -> list[LevelAssessment]:
    """Return a participant's voided entries, for the coordinator's view of the history."""
    return level_history_voided(participant=participant)


def get_changeable_participant_or_404(participant_id: int) -> Participant:
    """Load a participant whose level history may change: visible and not erased."""
    participant = get_participant_or_404(participant_id, current_user)
    if participant.erased_at is not None:
        abort(404)
    return participant


def get_entry_or_404(participant: Participant, entry_id: int, *, lock: bool) -> LevelAssessment:
    """Load an entry of this participant's history that is not voided, or answer 404."""
    entry = level_assessment_get(participant=participant, assessment_id=entry_id, lock=lock)
    if entry is None:
        abort(404)
    return entry


def back_to(participant: Participant):
    """Redirect to the participant's page, at the level history."""
    return redirect(url_for("participants.detail", participant_id=participant.id) + "#levels")


@bp.route("/participants/<int:participant_id>/levels/new", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def new(participant_id: int):
    """Record a level entry for a participant."""
    participant = get_changeable_participant_or_404(participant_id)
    history = level_history(participant)
    form = LevelAssessmentForm(
        levels=level_choices(participant=participant),
        data={"assessed_on": local_today(), "level": history[0].level_id if history else None},
    )
    if form.validate_on_submit():
        level_assessment_record(participant=participant, by=current_user, **form.values())
        db.session.commit()
        flash(_("Level entry recorded."), "success")
        return back_to(participant)
    return render_template("levels/form.html", form=form, participant=participant, entry=None)


@bp.route("/participants/<int:participant_id>/levels/<int:entry_id>/edit", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def edit(participant_id: int, entry_id: int):
    """Correct a level entry; its earlier values are kept."""
    participant = get_changeable_participant_or_404(participant_id)
    entry = get_entry_or_404(participant, entry_id, lock=request.method == "POST")
    form = entry_form(participant, entry)
    if form.validate_on_submit():
        change = level_assessment_correct(assessment=entry, by=current_user, **form.values())
        db.session.commit()
        flash(_("Entry corrected.") if change else _("Nothing changed."), "success")
        return back_to(participant)
    return render_entry_page(participant, entry, form, VoidForm(formdata=None))


@bp.route("/participants/<int:participant_id>/levels/<int:entry_id>/void", methods=["POST"])
@role_required(Role.COORDINATOR)
def void(participant_id: int, entry_id: int):
    """Void a mistaken entry, saying why; it stays on record."""
    participant = get_changeable_participant_or_404(participant_id)
    entry = get_entry_or_404(participant, entry_id, lock=True)
    void_form = VoidForm()
    if void_form.validate_on_submit():
        level_assessment_void(assessment=entry, by=current_user, reason=void_form.reason.data)
        db.session.commit()
        flash(_("Entry voided. It is no longer part of the level history."), "success")
        return back_to(participant)
    return render_entry_page(
        participant, entry, entry_form(participant, entry, formdata=None), void_form
    )


def entry_form(participant: Participant, entry: LevelAssessment, **kwargs) -> LevelAssessmentForm:
    """Build the correction form, filled from the entry unless something was sent."""
    return LevelAssessmentForm(
        obj=entry, levels=level_choices(participant=participant, keep_id=entry.level_id), **kwargs
    )


def render_entry_page(participant, entry, form, void_form):
    """Render the correction page: the entry's form, its corrections, the form to void it."""
    return render_template(
        "levels/form.html", form=form, void_form=void_form, participant=participant, entry=entry
    )


@bp.route("/levels/report")
@role_required(Role.COORDINATOR)
def report():
    """Show where each program's active participants stand, with charts."""
    distribution = level_distribution()
    charts = {
        item.program.id: level_distribution_chart(
            [*item.chart_rows(), (_("No level yet"), item.unplaced, False)],
            title=_("Current levels, %(program)s", program=program_label(item.program.code)),
            chart_id=f"levels-{item.program.code}",
        )
        for item in distribution
    }
    return render_template(
        "levels/report.html",
        distribution=distribution,
        charts=charts,
        progression=level_progression(today=local_today()),
        cefr_levels=list(CEFR),
    )


@bp.route("/levels/scale", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def scale():
    """List the level scale and add a program sub-level."""
    programs = db.session.scalars(select(Program).order_by(Program.id)).all()
    form = LevelForm(programs=programs)
    if form.validate_on_submit():
        try:
            level = proficiency_level_create(
                code=form.code.data,
                name=form.name.data,
                cefr=CEFR(form.cefr.data),
                program=form.programs[form.program.data],
                rank=form.rank.data,
                by=current_user,
            )
            db.session.commit()
        except IntegrityError:
            # Someone added the same code between the check and the insert.
            db.session.rollback()
            form.code.errors.append(_("A level with this code exists already; choose another."))
        else:
            flash(_("Sub-level %(code)s added.", code=level.code), "success")
            return redirect(url_for("levels.scale"))
    return render_template("levels/scale.html", form=form, levels=level_scale())
