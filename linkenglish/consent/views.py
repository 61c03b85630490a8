"""The author's side: consent with a preview of the public page, withdrawal, and
"My publications"."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from linkenglish.authz import get_essay_or_404, role_required
from linkenglish.consent.forms import ConfirmForm, ConsentForm
from linkenglish.consent.messages import pen_name_message
from linkenglish.consent.selectors import (
    consent_current,
    consent_states,
    consentable_versions,
    content_digest,
    redactions_since,
)
from linkenglish.consent.services import (
    ConsentError,
    PenNameRefused,
    consent_give,
    consent_withdraw,
    pen_name_check,
    publication_program,
)
from linkenglish.consent.wording import consent_text_current
from linkenglish.dates import localtime
from linkenglish.extensions import db
from linkenglish.gallery.views import publication_month
from linkenglish.models import (
    ConsentKind,
    ConsentMethod,
    ConsentRecord,
    Essay,
    EssayVersion,
    Language,
    Participant,
    Redaction,
    Role,
)
from linkenglish.models.base import utcnow
from linkenglish.writing.markdown import render_essay

bp = Blueprint("consent", __name__, url_prefix="/writing")


def version_labels(essay: Essay, versions: list[EssayVersion]) -> dict[int, str]:
    """How each version is named in the chooser."""
    redacted = set(
        db.session.scalars(select(Redaction.version_id).where(Redaction.essay_id == essay.id))
    )
    labels = {}
    for version in versions:
        when = localtime(version.created_at, "d MMM y")
        if version.id in redacted:
            labels[version.id] = _(
                "Version %(number)s — edited by a coordinator on %(date)s",
                number=version.number,
                date=when,
            )
        else:
            labels[version.id] = _(
                "Version %(number)s — submitted on %(date)s", number=version.number, date=when
            )
    return labels


def heading_and_body(text: str) -> tuple[str, str]:
    """Split a consent text's "# heading" line from the rest."""
    first, _newline, rest = text.partition("\n")
    if first.startswith("# "):
        return first[2:].strip(), rest.strip()
    return "", text


def preview_digest(form: ConsentForm) -> str:
    """A fingerprint of everything the preview shows, so agreeing confirms exactly that."""
    return content_digest(
        "|".join(
            [
                str(form.chosen_version_id()),
                " ".join((form.pen_name.data or "").split()),
                " ".join((form.author_note.data or "").split()),
                f"{form.scope_web.data}{form.scope_print.data}{form.scope_social.data}",
                form.language.data or "",
            ]
        ),
        "",
    )


def consent_error_message(error: ConsentError) -> str:
    """Say why consent could not be recorded."""
    messages = {
        "version": _("Choose one of the versions offered."),
        "scope": _("Choose at least one place where the essay may appear."),
        "erased": _("This participant's data was erased; nothing can be published."),
    }
    return messages.get(str(error), _("Consent could not be recorded. Please try again."))


class ConsentPage:
    """The consent form with its preview: shared by the author and a coordinator who
    records consent on the author's behalf."""

    def __init__(
        self, essay: Essay, form: ConsentForm, template: str, for_coordinator: bool, **context
    ):
        self.essay = essay
        self.context = context
        self.form = form
        self.template = template
        self.for_coordinator = for_coordinator
        self.participant = db.session.get(Participant, essay.participant_id)
        self.versions = consentable_versions(essay)
        form.set_versions(self.versions, version_labels(essay, self.versions))

    def chosen(self) -> EssayVersion | None:
        """The chosen version, if it is one that may be consented to."""
        chosen = self.form.chosen_version_id()
        return next((version for version in self.versions if version.id == chosen), None)

    def render(self, *, preview: bool = False, **context):
        """The page: state, form and, once asked, the preview and the consent text."""
        current = consent_current(self.essay)
        context.update(self.context)
        context.update(
            essay=self.essay,
            form=self.form,
            versions=self.versions,
            states=consent_states(ConsentRecord.essay_id == self.essay.id),
            redactions=redactions_since(self.essay, current),
            withdraw_form=ConfirmForm(formdata=None),
        )
        if preview:
            version = self.chosen()
            language = Language(self.form.language.data)
            title, body = heading_and_body(consent_text_current(language).body)
            context.update(
                preview_version=version,
                preview_html=render_essay(version.body),
                preview_program=publication_program(self.essay, self.participant).value,
                preview_month=publication_month(utcnow()),
                consent_title=title,
                consent_text=render_essay(body),
                consent_language=language.value,
            )
            self.form.previewed.data = preview_digest(self.form)
        return render_template(self.template, **context)

    def post(
        self, *, method: ConsentMethod, method_note: str | None, done_url: str, done_message: str
    ):
        """Preview or confirm; refusals keep what was typed and say why."""
        form = self.form
        if not form.validate() or self.chosen() is None:
            if self.chosen() is None and not form.version.errors:
                form.version.errors = [_("Choose one of the versions offered.")]
            return self.render()
        if request.form.get("action") != "confirm":
            problem = self.pen_name_problem()
            if problem:
                form.pen_name.errors = [problem]
                return self.render()
            db.session.commit()  # the consent text row, stored once
            return self.render(preview=True)
        if form.previewed.data != preview_digest(form):
            flash(_("Something changed since the preview. Check the preview again."), "error")
            return self.render(preview=True)
        if not form.agree.data:
            form.agree.errors = [_('Tick "I agree" to give consent, or leave this page.')]
            return self.render(preview=True)
        try:
            consent_give(
                essay=self.essay,
                version=self.chosen(),
                pen_name=form.pen_name.data,
                author_note=form.author_note.data,
                language=Language(form.language.data),
                by=current_user,
                scope_web=form.scope_web.data,
                scope_print=form.scope_print.data,
                scope_social=form.scope_social.data,
                method=method,
                method_note=method_note,
            )
        except PenNameRefused as error:
            db.session.rollback()
            form.pen_name.errors = [pen_name_message(error, for_coordinator=self.for_coordinator)]
            return self.render()
        except ConsentError as error:
            db.session.rollback()
            flash(consent_error_message(error), "error")
            return self.render()
        db.session.commit()
        flash(done_message, "success")
        return redirect(done_url)

    def pen_name_problem(self) -> str | None:
        """Check the pen name before the preview, so the author hears at once."""
        problems = pen_name_check(self.participant, self.form.pen_name.data or "")
        if problems:
            return pen_name_message(PenNameRefused(problems), for_coordinator=self.for_coordinator)
        return None


def own_essay(essay_id: int) -> Essay:
    """The signed-in participant's essay, or 404."""
    essay = get_essay_or_404(essay_id, current_user)
    participant = db.session.get(Participant, essay.participant_id)
    if participant.erased_at is not None:
        abort(404)
    return essay


@bp.route("/<int:essay_id>/publish", methods=["GET", "POST"])
@role_required(Role.PARTICIPANT)
def give(essay_id: int):
    """Choose a version, pen name and scope, see the public page, read the consent text,
    and agree; withdraw from the same page."""
    essay = own_essay(essay_id)
    form = ConsentForm()
    if request.method == "GET" and request.accept_languages.best_match(["ko", "en"]) == "en":
        form.language.data = "en"
    page = ConsentPage(essay, form, "consent/give.html", for_coordinator=False)
    if request.method == "GET":
        return page.render()
    done = url_for("consent.give", essay_id=essay.id)
    return page.post(
        method=ConsentMethod.SELF_SERVICE,
        method_note=None,
        done_url=done,
        done_message=_(
            "Thank you. Your consent is recorded. A coordinator will check the text before "
            "it is published; you can withdraw at any time on this page."
        ),
    )


@bp.route("/<int:essay_id>/consents/<int:consent_id>/withdraw", methods=["GET", "POST"])
@role_required(Role.PARTICIPANT)
def withdraw(essay_id: int, consent_id: int):
    """Ask once, then withdraw: from the next request the essay is gone."""
    essay = own_essay(essay_id)
    consent = db.session.get(ConsentRecord, consent_id)
    if consent is None or consent.essay_id != essay.id or consent.kind is not ConsentKind.GIVEN:
        abort(404)
    form = ConfirmForm()
    if request.method == "POST" and form.validate():
        consent_withdraw(consent=consent, by=current_user, method=ConsentMethod.SELF_SERVICE)
        db.session.commit()
        flash(
            _("Your consent is withdrawn. The essay is no longer public, from now on."),
            "success",
        )
        if request.form.get("next_page") == "mine":
            return redirect(url_for("consent.mine"))
        return redirect(url_for("consent.give", essay_id=essay.id))
    (state,) = consent_states(ConsentRecord.id == consent.id)
    return render_template(
        "consent/withdraw.html",
        essay=essay,
        state=state,
        form=form,
        next_page=request.args.get("from", ""),
    )


@bp.route("/publications")
@role_required(Role.PARTICIPANT)
def mine():
    """What is public under which pen name, since when, with the withdraw button."""
    states = consent_states(ConsentRecord.participant_id == current_user.participant_id)
    return render_template("consent/mine.html", states=states, form=ConfirmForm(formdata=None))
