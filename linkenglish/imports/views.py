"""Importing participants from a coordinator's spreadsheet: upload, preview, confirm.

The preview shows legal names and contacts to the coordinator; pages are never cached
(Cache-Control: no-store on every page) and the audit log records the row count only.
"""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from linkenglish.audit.services import audit_record
from linkenglish.authz import role_required
from linkenglish.cohorts.services import EnrollmentError
from linkenglish.extensions import db
from linkenglish.imports.forms import ImportConfirmForm, ImportUploadForm
from linkenglish.imports.limits import MAX_UPLOAD_BYTES, TOO_LARGE
from linkenglish.imports.parsing import (
    FIELD_LABELS,
    FIELDS,
    HEADERS,
    MAX_ROWS,
    REQUIRED_COLUMNS,
    ImportFileError,
    sheet_read,
)
from linkenglish.imports.services import ImportCheck, import_check, import_run
from linkenglish.imports.storage import upload_keep, upload_take
from linkenglish.models import Role
from linkenglish.spreadsheets import spreadsheet_response

bp = Blueprint("imports", __name__, url_prefix="/participants/import")


def preview_page(check: ImportCheck, confirm: ImportConfirmForm | None) -> str:
    """The preview: every row with its errors, and the confirm button if all is well.

    It shows legal names and contacts, so it is audited (the row count only). It is rendered
    before the commit, which would expire the cohorts and levels it names.
    """
    audit_record(
        action="participants.import.preview", actor=current_user, detail={"rows": len(check.rows)}
    )
    page = render_template("imports/preview.html", check=check, confirm=confirm)
    db.session.commit()
    return page


@bp.route("/", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def upload():
    """Take a spreadsheet of participants and show every row with its errors, writing none."""
    form = ImportUploadForm()
    if form.validate_on_submit():
        # One byte past the cap is enough to refuse it; the rest stays in the spooled file.
        filename, data = form.file.data.filename, form.file.data.read(MAX_UPLOAD_BYTES + 1)
        try:
            sheet = sheet_read(filename=filename, data=data)
        except ImportFileError as error:
            form.file.errors.append(str(error))
        else:
            check = import_check(sheet=sheet)
            confirm = None
            if check.valid:
                token = upload_keep(filename=filename, data=data, user_id=current_user.id)
                confirm = ImportConfirmForm(upload=token)
            return preview_page(check, confirm)
    return upload_page(form)


@bp.errorhandler(RequestEntityTooLarge)
def upload_too_large(_error):
    """Say on the form that a file over MAX_CONTENT_LENGTH is too large, as for any other."""
    form = ImportUploadForm(formdata=None)  # the request's form cannot be read
    form.file.errors = [str(TOO_LARGE)]
    return upload_page(form), 413


def upload_page(form: ImportUploadForm) -> str:
    """The upload form with the columns an import reads."""
    return render_template(
        "imports/upload.html",
        form=form,
        fields=[(FIELD_LABELS[name], HEADERS[name], name in REQUIRED_COLUMNS) for name in FIELDS],
        max_rows=MAX_ROWS,
        max_megabytes=MAX_UPLOAD_BYTES // (1024 * 1024),
    )


@bp.route("/confirm", methods=["POST"])
@role_required(Role.COORDINATOR)
def confirm():
    """Import a checked file: every row, or none if any row has become wrong meanwhile."""
    form = ImportConfirmForm()
    kept = None
    if form.validate_on_submit():
        kept = upload_take(token=form.upload.data, user_id=current_user.id)
    if kept is None:
        flash(
            _("This preview has expired or was imported already. Upload the file again."), "error"
        )
        return redirect(url_for("imports.upload"))
    try:
        sheet = sheet_read(filename=kept.filename, data=kept.data)
    except ImportFileError as error:  # read once already; only a change of rules gets here
        flash(str(error), "error")
        return redirect(url_for("imports.upload"))
    # Checked again in the transaction that inserts: the database may have changed.
    check = import_check(sheet=sheet)
    if not check.valid:
        return preview_page(check, None)
    try:
        count = import_run(check=check, by=current_user)
    except EnrollmentError as error:  # a cohort changed between the check and the insert
        db.session.rollback()
        flash(_("Nothing was imported: %(reason)s", reason=str(error)), "error")
        return redirect(url_for("imports.upload"))
    db.session.commit()
    flash(
        ngettext(
            "Imported %(count)s participant.",
            "Imported %(count)s participants.",
            count,
            count=format_decimal(count),
        ),
        "success",
    )
    return redirect(url_for("participants.index"))


@bp.route("/template.csv")
@role_required(Role.COORDINATOR)
def template():
    """Download an empty CSV with the column names an import reads."""
    # The file's column names are part of the format, not text to translate: English ones
    # are always accepted, whatever the language of the page.
    header = [HEADERS[name][0] for name in FIELDS]
    return spreadsheet_response(
        header=header,
        rows=[],
        file_format="csv",
        filename="participants-import-template",
        sheet="Participants",
    )
