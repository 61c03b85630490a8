"""Writing prompts: setting them, the overview per prompt, extensions and reading essays."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from linkenglish.authz import (
    can_teach_cohort,
    get_cohort_or_404,
    get_essay_or_404,
    get_prompt_or_404,
    role_required,
    visible_versions,
)
from linkenglish.extensions import db
from linkenglish.models import Enrollment, Extension, Participant, Role, WritingPrompt
from linkenglish.prompts.forms import ExtensionForm, PromptForm
from linkenglish.prompts.overview import OVERVIEW_FILTERS, prompt_overview
from linkenglish.prompts.services import (
    READING_STATUSES,
    essay_mark_final,
    essay_of,
    extension_set,
    free_essays_submitted,
    prompt_create,
    prompt_start,
    prompt_update,
    prompts_of_cohort,
    visible_prompts,
)
from linkenglish.prompts.template_globals import FILTER_LABELS, PROMPT_TEMPLATE_GLOBALS
from linkenglish.timeutil import to_local
from linkenglish.visibility import participant_listed
from linkenglish.writing.labels import WRITING_TEMPLATE_GLOBALS
from linkenglish.writing.markdown import render_essay
from linkenglish.writing.services import WritingError

bp = Blueprint("prompts", __name__, url_prefix="/prompts")
STAFF = (Role.COORDINATOR, Role.PARTNER)
for _name, _function in PROMPT_TEMPLATE_GLOBALS.items():
    bp.add_app_template_global(_function, _name)


@bp.context_processor
def labels() -> dict:
    """Make the essay labels and the overview filter names available to the templates."""
    return {**WRITING_TEMPLATE_GLOBALS, "filter_labels": FILTER_LABELS}


def taught_prompt_or_404(prompt_id: int) -> WritingPrompt:
    """Load a prompt of a cohort this coordinator or teacher teaches, or answer 404."""
    prompt = get_prompt_or_404(prompt_id, current_user)
    if not can_teach_cohort(current_user, prompt.cohort_id):
        abort(404)
    return prompt


@bp.route("/")
@role_required()
def index():
    """List the prompts this user may see."""
    free = [] if current_user.role is Role.PARTICIPANT else free_essays_submitted(user=current_user)
    return render_template(
        "prompts/index.html", prompts=visible_prompts(user=current_user), free_essays=free
    )


@bp.route("/cohorts/<int:cohort_id>")
@role_required()
def cohort(cohort_id: int):
    """List a cohort's prompts for those who teach it or write in it."""
    group = get_cohort_or_404(cohort_id, current_user)
    teaches = can_teach_cohort(current_user, group.id)
    if current_user.role is Role.PARTNER and not teaches:
        abort(404)
    prompts = prompts_of_cohort(cohort_id=group.id)
    if current_user.role is Role.PARTICIPANT:
        prompts = [p for p in prompts if p in visible_prompts(user=current_user)]
    free = free_essays_submitted(user=current_user, cohort_id=group.id) if teaches else []
    return render_template(
        "prompts/cohort.html", cohort=group, prompts=prompts, teaches=teaches, free_essays=free
    )


@bp.route("/cohorts/<int:cohort_id>/new", methods=["GET", "POST"])
@role_required(*STAFF)
def create(cohort_id: int):
    """Set a new prompt for a cohort."""
    group = get_cohort_or_404(cohort_id, current_user)
    if not can_teach_cohort(current_user, group.id):
        abort(404)
    form = PromptForm()
    if form.validate_on_submit():
        prompt = prompt_create(
            cohort=group,
            title=form.title.data,
            instructions=form.instructions.data,
            due_at=form.due_at(),
            suggested_words=form.suggested_words.data,
            by=current_user,
        )
        db.session.commit()
        flash(_("Prompt set."), "success")
        return redirect(url_for("prompts.detail", prompt_id=prompt.id))
    return render_template("prompts/form.html", form=form, cohort=group, prompt=None)


@bp.route("/<int:prompt_id>/edit", methods=["GET", "POST"])
@role_required(*STAFF)
def edit(prompt_id: int):
    """Change a prompt."""
    prompt = taught_prompt_or_404(prompt_id)
    form = PromptForm(obj=prompt)
    if request.method == "GET" and prompt.due_at is not None:
        local = to_local(prompt.due_at)
        form.due_on.data, form.due_time.data = local.date(), local.time()
    if form.validate_on_submit():
        prompt_update(
            prompt=prompt,
            title=form.title.data,
            instructions=form.instructions.data,
            due_at=form.due_at(),
            suggested_words=form.suggested_words.data,
        )
        db.session.commit()
        flash(_("Prompt saved."), "success")
        return redirect(url_for("prompts.detail", prompt_id=prompt.id))
    group = get_cohort_or_404(prompt.cohort_id, current_user)
    return render_template("prompts/form.html", form=form, cohort=group, prompt=prompt)


@bp.route("/<int:prompt_id>")
@role_required()
def detail(prompt_id: int):
    """Show a prompt: to a participant with their essay; to staff with the overview."""
    prompt = get_prompt_or_404(prompt_id, current_user)
    instructions = render_essay(prompt.instructions)
    if current_user.role is Role.PARTICIPANT:
        essay = essay_of(prompt=prompt, participant_id=current_user.participant_id)
        return render_template(
            "prompts/detail.html", prompt=prompt, instructions=instructions, essay=essay
        )
    chosen = request.args.get("state", "")
    rows = prompt_overview(prompt=prompt)
    shown = [row for row in rows if chosen in row.states] if chosen in OVERVIEW_FILTERS else rows
    return render_template(
        "prompts/overview.html",
        prompt=prompt,
        instructions=instructions,
        rows=shown,
        total=len(rows),
        chosen=chosen if chosen in OVERVIEW_FILTERS else "",
        filters=OVERVIEW_FILTERS,
    )


@bp.route("/<int:prompt_id>/start", methods=["POST"])
@role_required(Role.PARTICIPANT)
def start(prompt_id: int):
    """Start the participant's essay for a prompt (or open the one already started)."""
    prompt = get_prompt_or_404(prompt_id, current_user)
    participant = db.session.get(Participant, current_user.participant_id)
    essay = prompt_start(prompt=prompt, participant=participant, by=current_user)
    db.session.commit()
    return redirect(url_for("writing.edit", essay_id=essay.id))


def prompt_essay_or_404(prompt: WritingPrompt, essay_id: int):
    """Load an essay written for this prompt that this user may read, or answer 404."""
    essay = get_essay_or_404(essay_id, current_user)
    if essay.prompt_id != prompt.id:
        abort(404)
    return essay


@bp.route("/<int:prompt_id>/essays/<int:essay_id>")
@role_required(*STAFF)
def essay(prompt_id: int, essay_id: int):
    """Show the submitted versions of an essay, newest first (never drafts)."""
    prompt = taught_prompt_or_404(prompt_id)
    essay = prompt_essay_or_404(prompt, essay_id)
    versions = [
        (version, render_essay(version.body))
        for version in reversed(visible_versions(essay, current_user))
    ]
    author = db.session.get(Participant, essay.participant_id)
    return render_template(
        "prompts/essay.html", prompt=prompt, essay=essay, versions=versions, author=author
    )


@bp.route("/free-writing/<int:essay_id>")
@role_required(*STAFF)
def free_essay(essay_id: int):
    """Show the submitted versions of an essay written without a prompt (never drafts)."""
    essay = get_essay_or_404(essay_id, current_user)
    if essay.prompt_id is not None:
        abort(404)
    versions = [
        (version, render_essay(version.body))
        for version in reversed(visible_versions(essay, current_user))
    ]
    author = db.session.get(Participant, essay.participant_id)
    return render_template(
        "prompts/essay.html", prompt=None, essay=essay, versions=versions, author=author
    )


@bp.route("/<int:prompt_id>/essays/<int:essay_id>/final", methods=["POST"])
@role_required(*STAFF)
def mark_final(prompt_id: int, essay_id: int):
    """Mark an essay final: no more rounds of feedback."""
    prompt = taught_prompt_or_404(prompt_id)
    essay = prompt_essay_or_404(prompt, essay_id)
    try:
        essay_mark_final(essay=essay, by=current_user)
    except WritingError:
        flash(_("Only a submitted essay can be marked final."), "error")
        return redirect(url_for("prompts.essay", prompt_id=prompt.id, essay_id=essay.id))
    db.session.commit()
    flash(_("Marked final."), "success")
    return redirect(url_for("prompts.essay", prompt_id=prompt.id, essay_id=essay.id))


@bp.route("/<int:prompt_id>/extensions/<int:participant_id>", methods=["GET", "POST"])
@role_required(*STAFF)
def extension(prompt_id: int, participant_id: int):
    """Give a participant of the prompt's cohort a later due time, or change it."""
    prompt = taught_prompt_or_404(prompt_id)
    participant = db.session.scalar(
        select(Participant)
        .join(Enrollment, Enrollment.participant_id == Participant.id)
        .where(
            Participant.id == participant_id,
            Enrollment.cohort_id == prompt.cohort_id,
            Enrollment.status.in_(READING_STATUSES),
            participant_listed(),
        )
        .limit(1)
    )
    if participant is None:
        abort(404)
    form = ExtensionForm()
    given = db.session.scalar(
        select(Extension).where(
            Extension.prompt_id == prompt.id, Extension.participant_id == participant.id
        )
    )
    if request.method == "GET" and given is not None:
        local = to_local(given.due_at)
        form.due_on.data, form.due_time.data = local.date(), local.time()
        form.reason.data = given.reason
    if form.validate_on_submit():
        extension_set(
            prompt=prompt,
            participant=participant,
            due_at=form.due_at(),
            reason=form.reason.data,
            by=current_user,
        )
        db.session.commit()
        flash(_("Extension saved."), "success")
        return redirect(url_for("prompts.detail", prompt_id=prompt.id))
    return render_template(
        "prompts/extension.html", prompt=prompt, participant=participant, form=form
    )
