"""Every route × every role: who gets what. A route missing from MATRIX fails the test.

Statuses: 200 shown, 302 sent elsewhere (to sign in, or to the dashboard), 404 refused or
not there, 405 wrong method, 410 taken down (a gallery essay). Object routes are tried with
the user's own object ("own": the participant of the participant login) and with someone
else's ("other").
"""

from datetime import UTC, date, datetime

import pytest
from flask import url_for
from sqlalchemy import select

from linkenglish.classes.services import class_session_create
from linkenglish.cohorts.services import (
    cohort_create,
    enrollment_add,
    enrollment_end,
    program_by_code,
)
from linkenglish.consent.selectors import consentable_versions
from linkenglish.consent.services import consent_give, publication_publish, publication_take_down
from linkenglish.extensions import db
from linkenglish.feedback.services import feedback_save
from linkenglish.levels.services import level_assessment_record, level_by_code
from linkenglish.models import (
    AssessmentMethod,
    Cohort,
    EnrollmentStatus,
    Essay,
    Language,
    Participant,
    ProgramCode,
    Publication,
    Role,
    SessionMode,
    User,
    VersionKind,
)
from linkenglish.partners.services import partner_organisation_get_or_create
from linkenglish.prompts.services import essay_hand_in, prompt_create, prompt_start
from linkenglish.schedule.services import calendar_link_create
from linkenglish.writing.services import draft_of, essay_create, essay_submit, version_freeze

ROLES = ("anonymous", Role.PARTICIPANT, Role.PARTNER, Role.COORDINATOR)
OWNERS = ("own", "other")

#            (endpoint, method, object)           anonymous participant partner coordinator
MATRIX = {
    ("static", "GET", None): (200, 200, 200, 200),
    # The public gallery answers everyone alike: "live" is a published essay, "gone" one that
    # was taken down, "missing" a slug never used.
    ("gallery.index", "GET", None): (200, 200, 200, 200),
    ("gallery.essay", "GET", "live"): (200, 200, 200, 200),
    ("gallery.essay", "GET", "gone"): (410, 410, 410, 410),
    ("gallery.essay", "GET", "missing"): (404, 404, 404, 404),
    ("gallery.feed", "GET", None): (200, 200, 200, 200),
    ("gallery.sitemap", "GET", None): (200, 200, 200, 200),
    ("gallery.robots", "GET", None): (200, 200, 200, 200),
    ("main.index", "GET", None): (302, 302, 302, 302),
    ("main.language", "POST", None): (302, 302, 302, 302),
    ("auth.login", "GET", None): (200, 302, 302, 302),
    ("auth.login", "POST", None): (200, 302, 302, 302),
    ("auth.logout", "POST", None): (302, 302, 302, 302),
    ("main.dashboard", "GET", None): (302, 200, 200, 200),
    ("participants.index", "GET", None): (302, 404, 404, 200),
    ("cohorts.index", "GET", None): (302, 200, 200, 200),
    ("cohorts.create", "GET", None): (302, 404, 404, 200),
    ("cohorts.create", "POST", None): (302, 404, 404, 200),  # empty form: errors
    ("cohorts.detail", "GET", "own"): (302, 200, 200, 200),
    ("cohorts.detail", "GET", "other"): (302, 404, 404, 200),
    ("cohorts.edit", "GET", "own"): (302, 404, 404, 200),
    ("cohorts.edit", "GET", "other"): (302, 404, 404, 200),
    ("cohorts.edit", "POST", "own"): (302, 404, 404, 302),  # fields absent: kept
    ("cohorts.edit", "POST", "other"): (302, 404, 404, 302),  # fields absent: kept
    ("cohorts.teachers", "POST", "own"): (302, 404, 404, 302),
    ("cohorts.teachers", "POST", "other"): (302, 404, 404, 302),
    ("enrollments.add", "GET", "own"): (302, 404, 404, 200),
    ("enrollments.add", "GET", "other"): (302, 404, 404, 200),
    ("enrollments.add", "POST", "own"): (302, 404, 404, 200),  # nobody ticked: errors
    ("enrollments.add", "POST", "other"): (302, 404, 404, 200),
    ("enrollments.edit", "GET", "own"): (302, 404, 404, 200),
    ("enrollments.edit", "GET", "other"): (302, 404, 404, 200),
    ("enrollments.edit", "POST", "own"): (302, 404, 404, 302),  # fields absent: kept
    ("enrollments.edit", "POST", "other"): (302, 404, 404, 302),
    ("cohorts.close", "POST", "own"): (302, 404, 404, 302),
    ("cohorts.close", "POST", "other"): (302, 404, 404, 302),
    ("partners.index", "GET", None): (302, 404, 404, 200),
    ("partners.create", "GET", None): (302, 404, 404, 200),
    ("partners.create", "POST", None): (302, 404, 404, 200),  # empty form: errors
    ("partners.detail", "GET", "own"): (302, 404, 404, 200),
    ("partners.detail", "GET", "missing"): (302, 404, 404, 404),
    ("partners.edit", "GET", "own"): (302, 404, 404, 200),
    ("partners.edit", "POST", "own"): (302, 404, 404, 302),  # name absent: kept
    # "own" for a partner: a participant of a cohort their organisation teaches.
    ("participants.detail", "GET", "own"): (302, 200, 200, 200),
    ("participants.detail", "GET", "other"): (302, 404, 404, 200),
    ("participants.lookup", "POST", None): (302, 404, 404, 302),  # empty: message, back
    ("participants.create", "GET", None): (302, 404, 404, 200),
    ("participants.create", "POST", None): (302, 404, 404, 200),  # empty form: errors
    ("participants.edit", "GET", "own"): (302, 404, 404, 200),
    ("participants.edit", "GET", "other"): (302, 404, 404, 200),
    ("participants.edit", "POST", "own"): (302, 404, 404, 302),  # fields absent: kept
    ("participants.edit", "POST", "other"): (302, 404, 404, 302),
    ("participants.export", "GET", "own"): (302, 404, 404, 200),
    ("participants.export", "GET", "other"): (302, 404, 404, 200),
    ("participants.erase", "GET", "own"): (302, 404, 404, 200),
    ("participants.erase", "GET", "other"): (302, 404, 404, 200),
    ("participants.erase", "POST", "own"): (302, 404, 404, 200),  # not confirmed: form
    ("participants.erase", "POST", "other"): (302, 404, 404, 200),
    ("participants.archive", "POST", "own"): (302, 404, 404, 302),
    ("participants.archive", "POST", "other"): (302, 404, 404, 302),
    # Logins: "own" is the participant's own login, "other" a partner user's, "missing" none.
    ("accounts.index", "GET", None): (302, 404, 404, 200),
    ("accounts.detail", "GET", "own"): (302, 404, 404, 200),
    ("accounts.detail", "GET", "other"): (302, 404, 404, 200),
    ("accounts.detail", "GET", "missing"): (302, 404, 404, 404),
    ("accounts.invite_coordinator", "GET", None): (302, 404, 404, 200),
    ("accounts.invite_coordinator", "POST", None): (302, 404, 404, 200),  # empty form: errors
    ("accounts.invite_partner", "GET", None): (302, 404, 404, 200),
    ("accounts.invite_partner", "POST", None): (302, 404, 404, 200),
    ("accounts.participant_login", "GET", "own"): (302, 404, 404, 302),  # has one: its page
    ("accounts.participant_login", "GET", "other"): (302, 404, 404, 200),
    ("accounts.participant_login", "POST", "own"): (302, 404, 404, 302),
    ("accounts.participant_login", "POST", "other"): (302, 404, 404, 200),  # no e-mail: errors
    ("accounts.link_create", "POST", "own"): (302, 404, 404, 200),  # shows the new link
    ("accounts.link_create", "POST", "other"): (302, 404, 404, 200),
    ("accounts.link_create", "POST", "missing"): (302, 404, 404, 404),
    ("accounts.disable", "POST", "own"): (302, 404, 404, 302),
    ("accounts.disable", "POST", "other"): (302, 404, 404, 302),
    ("accounts.disable", "POST", "missing"): (302, 404, 404, 404),
    ("accounts.enable", "POST", "own"): (302, 404, 404, 302),
    ("accounts.enable", "POST", "other"): (302, 404, 404, 302),
    ("accounts.enable", "POST", "missing"): (302, 404, 404, 404),
    ("accounts.set_password", "GET", None): (404, 404, 404, 404),  # a forged link
    ("accounts.set_password", "POST", None): (404, 404, 404, 404),
    # Levels: coordinators only; "own" and "other" each have one level entry.
    ("levels.new", "GET", "own"): (302, 404, 404, 200),
    ("levels.new", "GET", "other"): (302, 404, 404, 200),
    ("levels.new", "POST", "own"): (302, 404, 404, 200),  # empty form: errors
    ("levels.new", "POST", "other"): (302, 404, 404, 200),
    ("levels.edit", "GET", "own"): (302, 404, 404, 200),
    ("levels.edit", "GET", "other"): (302, 404, 404, 200),
    ("levels.edit", "POST", "own"): (302, 404, 404, 200),  # empty form: errors
    ("levels.edit", "POST", "other"): (302, 404, 404, 200),
    ("levels.void", "POST", "own"): (302, 404, 404, 200),  # no reason: errors
    ("levels.void", "POST", "other"): (302, 404, 404, 200),
    ("levels.report", "GET", None): (302, 404, 404, 200),
    ("levels.scale", "GET", None): (302, 404, 404, 200),
    ("levels.scale", "POST", None): (302, 404, 404, 200),  # empty form: errors
    # Bulk import and downloads: coordinators only; a roster of "own", "other" or "missing".
    ("imports.upload", "GET", None): (302, 404, 404, 200),
    ("imports.upload", "POST", None): (302, 404, 404, 200),  # no file: errors
    ("imports.confirm", "POST", None): (302, 404, 404, 302),  # nothing kept: back to upload
    ("imports.template", "GET", None): (302, 404, 404, 200),
    ("exports.participant_list", "GET", None): (302, 404, 404, 200),
    ("exports.cohort_roster", "GET", "own"): (302, 404, 404, 200),
    ("exports.cohort_roster", "GET", "other"): (302, 404, 404, 200),
    ("exports.cohort_roster", "GET", "missing"): (302, 404, 404, 404),
    # Certificates: completed enrollments of "own" and "other"; "missing" is no enrollment.
    ("certificates.download", "GET", "own"): (302, 404, 404, 200),
    ("certificates.download", "GET", "other"): (302, 404, 404, 200),
    ("certificates.download", "GET", "missing"): (302, 404, 404, 404),
    # Attendance: "own" is a past session of the cohort the partner's organisation teaches,
    # "other" one of a cohort LiNK teaches; a participant never takes attendance.
    ("attendance.take", "GET", "own"): (302, 404, 200, 200),
    ("attendance.take", "GET", "other"): (302, 404, 404, 200),
    ("attendance.take", "POST", "own"): (302, 404, 302, 302),  # nobody listed: nothing changed
    ("attendance.take", "POST", "other"): (302, 404, 404, 302),
    # Class sessions: "own" is a session of the cohort the partner's organisation teaches and
    # the participant is enrolled in, "other" one of a cohort LiNK teaches.
    ("sessions.index", "GET", None): (302, 200, 200, 200),
    ("sessions.cohort", "GET", "own"): (302, 200, 200, 200),
    ("sessions.cohort", "GET", "other"): (302, 404, 404, 200),
    ("sessions.create", "GET", "own"): (302, 404, 404, 200),
    ("sessions.create", "GET", "other"): (302, 404, 404, 200),
    ("sessions.create", "POST", "own"): (302, 404, 404, 200),  # empty form: errors
    ("sessions.create", "POST", "other"): (302, 404, 404, 200),
    ("sessions.series", "GET", "own"): (302, 404, 404, 200),
    ("sessions.series", "GET", "other"): (302, 404, 404, 200),
    ("sessions.series", "POST", "own"): (302, 404, 404, 200),  # empty form: errors
    ("sessions.series", "POST", "other"): (302, 404, 404, 200),
    ("sessions.detail", "GET", "own"): (302, 200, 200, 200),
    ("sessions.detail", "GET", "other"): (302, 404, 404, 200),
    ("sessions.detail", "GET", "missing"): (302, 404, 404, 404),
    ("sessions.edit", "GET", "own"): (302, 404, 404, 200),
    ("sessions.edit", "GET", "other"): (302, 404, 404, 200),
    ("sessions.edit", "POST", "own"): (302, 404, 404, 200),  # empty form: errors
    ("sessions.edit", "POST", "other"): (302, 404, 404, 200),
    ("sessions.cancel", "GET", "own"): (302, 404, 404, 200),
    ("sessions.cancel", "GET", "other"): (302, 404, 404, 200),
    ("sessions.cancel", "POST", "own"): (302, 404, 404, 200),  # no reason: errors
    ("sessions.cancel", "POST", "other"): (302, 404, 404, 200),
    ("sessions.restore", "POST", "own"): (302, 404, 404, 302),  # not cancelled: message, back
    ("sessions.restore", "POST", "other"): (302, 404, 404, 302),
    # Attendance reports: "own" is the cohort the partner's organisation teaches (and its
    # participant, and that organisation), "other" LiNK's cohort, its participant, and another
    # organisation; participants open only their own record.
    ("reports.index", "GET", None): (302, 404, 200, 200),
    ("reports.cohort_matrix", "GET", "own"): (302, 404, 200, 200),
    ("reports.cohort_matrix", "GET", "other"): (302, 404, 404, 200),
    ("reports.cohort_matrix", "GET", "missing"): (302, 404, 404, 404),
    ("reports.cohort_matrix_download", "GET", "own"): (302, 404, 200, 200),
    ("reports.cohort_matrix_download", "GET", "other"): (302, 404, 404, 200),
    ("reports.participant_attendance", "GET", "own"): (302, 200, 200, 200),
    ("reports.participant_attendance", "GET", "other"): (302, 404, 404, 200),
    ("reports.participant_attendance_download", "GET", "own"): (302, 200, 200, 200),
    ("reports.participant_attendance_download", "GET", "other"): (302, 404, 404, 200),
    ("reports.partner_summary", "GET", "own"): (302, 404, 200, 200),
    ("reports.partner_summary", "GET", "other"): (302, 404, 404, 200),
    ("reports.partner_summary", "GET", "missing"): (302, 404, 404, 404),
    ("reports.partner_summary_download", "GET", "own"): (302, 404, 200, 200),
    ("reports.partner_summary_download", "GET", "other"): (302, 404, 404, 200),
    ("reports.at_risk", "GET", None): (302, 404, 200, 200),
    ("reports.at_risk_download", "GET", None): (302, 404, 200, 200),
    # Self check-in: "own" and "other" as for attendance (past sessions: a window cannot open,
    # so an empty form shows its errors and closing says it was not open); only participants
    # enter codes.
    ("checkin.screen", "GET", "own"): (302, 404, 200, 200),
    ("checkin.screen", "GET", "other"): (302, 404, 404, 200),
    ("checkin.code", "GET", "own"): (302, 404, 200, 200),
    ("checkin.code", "GET", "other"): (302, 404, 404, 200),
    ("checkin.open_window", "POST", "own"): (302, 404, 200, 200),  # empty form: errors
    ("checkin.open_window", "POST", "other"): (302, 404, 404, 200),
    ("checkin.close_window", "POST", "own"): (302, 404, 302, 302),  # not open: message, back
    ("checkin.close_window", "POST", "other"): (302, 404, 404, 302),
    ("checkin.enter", "GET", None): (302, 200, 404, 404),
    ("checkin.enter", "POST", None): (302, 200, 404, 404),  # empty form: errors
    # The participant's own view: participants only. The calendar feed is public and found by
    # its secret: "own" is the participant login's link, "missing" a forged one. Its rows come
    # before the reset, which makes "own" stop working.
    ("me.calendar_feed", "GET", "own"): (200, 200, 200, 200),
    ("me.calendar_feed", "GET", "missing"): (404, 404, 404, 404),
    ("me.attendance", "GET", None): (302, 200, 404, 404),
    ("me.calendar", "GET", None): (302, 200, 404, 404),
    ("me.calendar_create", "POST", None): (302, 302, 404, 404),  # has one: message, back
    ("me.calendar_reset", "POST", None): (302, 302, 404, 404),
    # Writing: participants only for now; "own" is the participant login's essay, "other"
    # another participant's. An empty POST has no revision: 400. Autosave answers JSON: 401
    # when signed out, never a redirect.
    ("writing.index", "GET", None): (302, 200, 404, 404),
    ("writing.create", "POST", None): (302, 302, 404, 404),
    ("writing.edit", "GET", "own"): (302, 200, 404, 404),
    ("writing.edit", "GET", "other"): (302, 404, 404, 404),
    ("writing.edit", "GET", "missing"): (302, 404, 404, 404),
    ("writing.edit", "POST", "own"): (302, 400, 404, 404),
    ("writing.edit", "POST", "other"): (302, 404, 404, 404),
    ("writing.autosave", "POST", "own"): (401, 400, 404, 404),
    ("writing.autosave", "POST", "other"): (401, 404, 404, 404),
    ("writing.version", "GET", "own"): (302, 200, 404, 404),
    ("writing.version", "GET", "other"): (302, 404, 404, 404),
    ("writing.version", "GET", "missing"): (302, 404, 404, 404),
    # Feedback: "own" and "other" are submitted versions (and feedback a coordinator started
    # on them) of essays in the "own" and "other" cohorts. The matrix's partner user is not
    # assigned to teach either cohort: 404 (tests/test_feedback.py covers assigned teachers).
    # Compare: the participant's own essay with two versions.
    ("feedback.form", "GET", "own"): (302, 404, 404, 200),
    ("feedback.form", "GET", "other"): (302, 404, 404, 200),
    ("feedback.form", "GET", "missing"): (302, 404, 404, 404),
    ("feedback.form", "POST", "own"): (302, 404, 404, 302),  # nothing chosen: saved
    ("feedback.form", "POST", "other"): (302, 404, 404, 302),
    ("feedback.release", "POST", "own"): (302, 404, 404, 302),
    ("feedback.release", "POST", "other"): (302, 404, 404, 302),
    ("feedback.release", "POST", "missing"): (302, 404, 404, 404),
    ("feedback.compare", "GET", "own"): (302, 200, 404, 404),
    ("feedback.compare", "GET", "other"): (302, 404, 404, 404),
    ("feedback.compare", "GET", "missing"): (302, 404, 404, 404),
    ("feedback.mine", "GET", None): (302, 200, 404, 404),
    # Prompts: "own" is a prompt of the "own" cohort (the participant's; the matrix's partner
    # user's organisation teaches it but they are not assigned: 404), "other" of the other
    # cohort; each has a submitted essay of its cohort's participant. Empty forms: errors.
    ("prompts.index", "GET", None): (302, 200, 200, 200),
    ("prompts.free_essay", "GET", "missing"): (302, 404, 404, 404),
    ("prompts.cohort", "GET", "own"): (302, 200, 404, 200),
    ("prompts.cohort", "GET", "other"): (302, 404, 404, 200),
    ("prompts.create", "GET", "own"): (302, 404, 404, 200),
    ("prompts.create", "GET", "other"): (302, 404, 404, 200),
    ("prompts.create", "POST", "own"): (302, 404, 404, 200),
    ("prompts.create", "POST", "other"): (302, 404, 404, 200),
    ("prompts.edit", "GET", "own"): (302, 404, 404, 200),
    ("prompts.edit", "GET", "other"): (302, 404, 404, 200),
    ("prompts.edit", "POST", "own"): (302, 404, 404, 200),
    ("prompts.edit", "POST", "other"): (302, 404, 404, 200),
    ("prompts.detail", "GET", "own"): (302, 200, 404, 200),
    ("prompts.detail", "GET", "other"): (302, 404, 404, 200),
    ("prompts.detail", "GET", "missing"): (302, 404, 404, 404),
    ("prompts.start", "POST", "own"): (302, 302, 404, 404),
    ("prompts.start", "POST", "other"): (302, 404, 404, 404),
    ("prompts.essay", "GET", "own"): (302, 404, 404, 200),
    ("prompts.essay", "GET", "other"): (302, 404, 404, 200),
    ("prompts.mark_final", "POST", "own"): (302, 404, 404, 302),
    ("prompts.mark_final", "POST", "other"): (302, 404, 404, 302),
    ("prompts.extension", "GET", "own"): (302, 404, 404, 200),
    ("prompts.extension", "GET", "other"): (302, 404, 404, 200),
    ("prompts.extension", "POST", "own"): (302, 404, 404, 200),
    ("prompts.extension", "POST", "other"): (302, 404, 404, 200),
    # Consent: "own" is the participant's submitted essay and its consent, "other" another
    # participant's. Empty forms re-render with their errors (200).
    ("consent.give", "GET", "own"): (302, 200, 404, 404),
    ("consent.give", "GET", "other"): (302, 404, 404, 404),
    ("consent.give", "GET", "missing"): (302, 404, 404, 404),
    ("consent.give", "POST", "own"): (302, 200, 404, 404),
    ("consent.give", "POST", "other"): (302, 404, 404, 404),
    ("consent.withdraw", "GET", "own"): (302, 200, 404, 404),
    ("consent.withdraw", "GET", "other"): (302, 404, 404, 404),
    ("consent.withdraw", "GET", "missing"): (302, 404, 404, 404),
    ("consent.withdraw", "POST", "other"): (302, 404, 404, 404),
    ("consent.mine", "GET", None): (302, 200, 404, 404),
    ("review.queue", "GET", None): (302, 404, 404, 200),
    ("review.check", "GET", "own"): (302, 404, 404, 200),
    ("review.check", "GET", "other"): (302, 404, 404, 200),
    ("review.check", "GET", "missing"): (302, 404, 404, 404),
    ("review.publish", "POST", "own"): (302, 404, 404, 302),  # not ticked: back to the check
    ("review.publish", "POST", "missing"): (302, 404, 404, 404),
    ("review.redact", "GET", "own"): (302, 404, 404, 200),
    ("review.redact", "GET", "missing"): (302, 404, 404, 404),
    ("review.redact", "POST", "own"): (302, 404, 404, 200),
    ("review.take_down", "POST", "own"): (302, 404, 404, 302),  # no reason: back
    ("review.take_down", "POST", "missing"): (302, 404, 404, 404),
    ("review.record", "GET", "own"): (302, 404, 404, 200),
    ("review.record", "GET", "missing"): (302, 404, 404, 404),
    ("review.record", "POST", "own"): (302, 404, 404, 200),
    ("audit.index", "GET", None): (302, 404, 404, 200),
    # Last: the participant withdraws their own consent.
    ("consent.withdraw", "POST", "own"): (302, 302, 404, 404),
}


def url_arguments(endpoint, objects, which):
    """The URL arguments for an endpoint, pointing at the own or the other object."""
    if endpoint.startswith("reports."):
        return report_arguments(endpoint, objects, which)
    if endpoint == "static":
        return {"filename": "css/site.css"}
    if endpoint == "gallery.essay":
        return {"slug": objects["publications"][which]}
    if endpoint.startswith(("consent.", "review.")) and which:
        return consent_arguments(endpoint, objects, which)
    if endpoint == "accounts.set_password":
        return {"token": "forged.link.token"}
    if endpoint == "exports.participant_list":
        return {"file_format": "csv"}
    if endpoint == "exports.cohort_roster":
        return {"cohort_id": objects["cohorts"].get(which, 2**31 - 1), "file_format": "xlsx"}
    if endpoint == "accounts.participant_login":
        return {"participant_id": objects[which]}
    if endpoint.startswith("accounts.") and which:
        return {"user_id": objects["logins"][which]}
    if endpoint.startswith("levels.") and which:
        arguments = {"participant_id": objects[which]}
        if endpoint in {"levels.edit", "levels.void"}:
            arguments["entry_id"] = objects["level_entries"][which]
        return arguments
    if endpoint.startswith("partners.") and which:
        return {"organisation_id": objects["organisations"][which]}
    if endpoint.startswith(("cohorts.", "enrollments.")) and which:
        arguments = {"cohort_id": objects["cohorts"][which]}
        if endpoint == "enrollments.edit":
            arguments["enrollment_id"] = objects["cohort_enrollments"][which]
        return arguments
    if endpoint in {"sessions.cohort", "sessions.create", "sessions.series"}:
        return {"cohort_id": objects["cohorts"][which]}
    if endpoint.startswith("sessions.") and which:
        return {"session_id": objects["sessions"][which]}
    if endpoint.startswith(("attendance.", "checkin.")) and which:
        return {"session_id": objects["attendance_sessions"][which]}
    if endpoint == "me.calendar_feed":
        return {"token": objects["calendar_tokens"][which]}
    if endpoint == "certificates.download":
        return {"enrollment_id": objects["completed_enrollments"][which]}
    if endpoint == "feedback.form":
        return {"version_id": objects["submitted_versions"][which]}
    if endpoint == "feedback.release":
        return {"feedback_id": objects["feedback"][which]}
    if endpoint == "feedback.compare":
        return {"essay_id": objects["essays"][which]}
    if endpoint.startswith("prompts.") and which:
        return prompt_arguments(endpoint, objects, which)
    if endpoint.startswith("writing.") and which:
        arguments = {"essay_id": objects["essays"][which]}
        if endpoint == "writing.version":
            arguments["number"] = 1
        return arguments
    if endpoint.startswith("participants.") and which:
        return {"participant_id": objects[which]}
    return {}


def consent_arguments(endpoint, objects, which):
    """The URL arguments for a consent route: its essay, consent or publication."""
    if endpoint in {"consent.give", "review.record"}:
        return {"essay_id": objects["essays"][which]}
    if endpoint == "consent.withdraw":
        return {"essay_id": objects["essays"][which], "consent_id": objects["consents"][which]}
    if endpoint == "review.take_down":
        return {"publication_id": objects["consent_publications"][which]}
    return {"consent_id": objects["consents"][which]}


def prompt_arguments(endpoint, objects, which):
    """The URL arguments for a prompt route: its cohort, prompt, essay or participant."""
    if endpoint in {"prompts.cohort", "prompts.create"}:
        return {"cohort_id": objects["cohorts"][which]}
    if endpoint == "prompts.free_essay":
        return {"essay_id": 2**31 - 1}  # access is tested in test_prompts
    arguments = {"prompt_id": objects["prompts"][which]}
    if endpoint in {"prompts.essay", "prompts.mark_final"}:
        arguments["essay_id"] = objects["prompt_essays"][which]
    if endpoint == "prompts.extension":
        arguments["participant_id"] = objects[which]
    return arguments


def report_arguments(endpoint, objects, which):
    """The URL arguments for a report: its cohort, participant or organisation, and a format."""
    arguments = {"file_format": "xlsx"} if endpoint.endswith("_download") else {}
    if endpoint.startswith("reports.cohort_matrix"):
        arguments["cohort_id"] = objects["cohorts"].get(which, 2**31 - 1)
    elif endpoint.startswith("reports.participant_attendance"):
        arguments["participant_id"] = objects[which]
    elif endpoint.startswith("reports.partner_summary"):
        arguments["organisation_id"] = objects["organisations"][which]
    return arguments


def test_every_route_is_in_the_matrix(app):
    routes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    listed = {(endpoint, method) for endpoint, method, _ in MATRIX}
    assert routes - listed == set(), "add these routes to MATRIX"
    assert listed - routes == set(), "MATRIX lists routes that no longer exist"


@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=[str(r) for r in ROLES])
def test_access_matrix(
    app, client, make_user, make_participant, make_publication, login_as, csrf_token, role_index
):
    role = ROLES[role_index]
    participant_user = make_user(Role.PARTICIPANT)
    objects = {"own": participant_user.participant_id, "other": make_participant().id}
    objects["logins"] = {"own": participant_user.id, "other": make_user(Role.PARTNER).id}
    objects["logins"]["missing"] = 2**31 - 1
    objects.update(enroll_in_partner_cohort(app, objects["own"], objects["other"]))
    objects["organisations"] = {
        "own": organisation_id(app, "British Council"),
        "other": organisation_id(app, "Other Organisation"),
        "missing": 2**31 - 1,
    }
    objects["level_entries"] = {which: add_level_entry(app, objects[which]) for which in OWNERS}
    objects["completed_enrollments"] = complete_in_past_cohort(app, objects)
    objects["attendance_sessions"] = add_attendance_sessions(app, objects["cohorts"])
    objects["sessions"] = add_sessions(app, objects["cohorts"])
    objects["calendar_tokens"] = {
        "own": add_calendar_link(app, participant_user.id),
        "missing": "forged-calendar-token",
    }
    objects["essays"] = add_essays(app, objects)
    objects.update(add_feedback(app, objects, make_user(Role.COORDINATOR)))
    objects.update(add_prompts(app, objects))
    objects["publications"] = add_publications(app, make_publication)
    objects.update(add_consents(app, objects))
    if role == Role.PARTICIPANT:
        login_as(participant_user)
    elif role != "anonymous":
        login_as(make_user(role))

    failures = []
    for (endpoint, method, which), expected in MATRIX.items():
        if endpoint == "auth.logout":
            continue  # signs the user out: run last, below
        failures += check(
            app, client, csrf_token, endpoint, method, which, objects, expected, role_index
        )
    failures += check(
        app, client, csrf_token, "auth.logout", "POST", None, objects,
        MATRIX[("auth.logout", "POST", None)], role_index,
    )  # fmt: skip
    assert failures == []


def enroll_in_partner_cohort(app, participant_id, other_participant_id):
    """Put the "own" participant in a cohort the partner's organisation teaches, and the
    other participant in a cohort nobody outside LiNK teaches; return both ids of each."""
    made = {"cohorts": {}, "cohort_enrollments": {}}
    with app.app_context():
        for which, who, partner in [
            ("own", participant_id, partner_organisation_get_or_create(name="British Council")),
            ("other", other_participant_id, None),
        ]:
            cohort = cohort_create(
                program=program_by_code(ProgramCode.LIEP),
                name=f"Matrix cohort {which}",
                starts_on=date(2026, 9, 1),
                ends_on=date(2026, 12, 1),
                partner=partner,
            )
            enrollment = enrollment_add(
                cohort=cohort,
                participant=db.session.get(Participant, who),
                enrolled_on=date(2026, 9, 1),
            )
            made["cohorts"][which] = cohort.id
            made["cohort_enrollments"][which] = enrollment.id
        db.session.commit()
    return made


def add_attendance_sessions(app, cohort_ids):
    """Schedule one past session in the "own" and the "other" cohort; return their ids."""
    with app.app_context():
        made = {
            which: class_session_create(
                cohort=db.session.get(Cohort, cohort_ids[which]),
                starts_at=datetime(2026, 9, 8, 10, 0, tzinfo=UTC),
                duration_minutes=90,
                mode=SessionMode.IN_PERSON,
            ).id
            for which in OWNERS
        }
        db.session.commit()
        return made


def add_sessions(app, cohort_ids):
    """Schedule one upcoming session in the "own" and the "other" cohort; return their ids
    (and a "missing" one)."""
    with app.app_context():
        made = {
            which: class_session_create(
                cohort=db.session.get(Cohort, cohort_ids[which]),
                starts_at=datetime(2026, 11, 30, 10, 30, tzinfo=UTC),
                duration_minutes=90,
                mode=SessionMode.ONLINE,
                meeting_url="https://meet.example.org/matrix",
            ).id
            for which in OWNERS
        }
        db.session.commit()
    return {**made, "missing": 2**31 - 1}


def complete_in_past_cohort(app, objects):
    """Give "own" and "other" a completed enrollment in a past cohort no partner taught (so
    it shows "other" to no partner); return the enrollment ids."""
    with app.app_context():
        cohort = cohort_create(
            program=program_by_code(ProgramCode.LIEP),
            name="Matrix past cohort",
            starts_on=date(2026, 3, 2),
            ends_on=date(2026, 6, 26),
        )
        made = {"missing": 2**31 - 1}
        for which in OWNERS:
            enrollment = enrollment_add(
                cohort=cohort,
                participant=db.session.get(Participant, objects[which]),
                enrolled_on=date(2026, 3, 2),
            )
            enrollment_end(
                enrollment=enrollment, status=EnrollmentStatus.COMPLETED, ended_on=date(2026, 6, 26)
            )
            made[which] = enrollment.id
        db.session.commit()
        return made


def add_level_entry(app, participant_id):
    """Give a participant one level entry and return its id."""
    with app.app_context():
        entry = level_assessment_record(
            participant=db.session.get(Participant, participant_id),
            level=level_by_code("B1"),
            assessed_on=date(2026, 1, 5),
            method=AssessmentMethod.PLACEMENT_TEST,
            by=None,
        )
        db.session.commit()
        return entry.id


def add_calendar_link(app, user_id):
    """Give a login its calendar link and return the link's secret."""
    with app.app_context():
        token = calendar_link_create(user=db.session.get(User, user_id))
        db.session.commit()
        return token


def add_essays(app, objects):
    """Give "own" and "other" an essay with one frozen version; return the essay ids."""
    with app.app_context():
        made = {"missing": 2**31 - 1}
        for which in OWNERS:
            essay = essay_create(
                participant=db.session.get(Participant, objects[which]),
                by=None,
                title="Matrix essay",
                body="A few words.",
            )
            version_freeze(essay=essay, kind=VersionKind.SAVED, by=None)
            made[which] = essay.id
        db.session.commit()
        return made


def add_feedback(app, objects, author):
    """Submit the "own" and "other" essays to their cohorts and start feedback on each;
    return the submitted versions' and the feedback's ids."""
    made = {"submitted_versions": {"missing": 2**31 - 1}, "feedback": {"missing": 2**31 - 1}}
    with app.app_context():
        for which in OWNERS:
            essay = db.session.get(Essay, objects["essays"][which])
            essay.cohort_id = objects["cohorts"][which]
            version = essay_submit(essay=essay, by=None)
            feedback = feedback_save(
                version=version, by=db.session.get(User, author.id), comments="", bands={}
            )
            made["submitted_versions"][which] = version.id
            made["feedback"][which] = feedback.id
        db.session.commit()
    return made


def add_prompts(app, objects):
    """Set a prompt in the "own" and the "other" cohort and submit an essay for each."""
    made = {"prompts": {"missing": 2**31 - 1}, "prompt_essays": {}}
    with app.app_context():
        for which in OWNERS:
            prompt = prompt_create(
                cohort=db.session.get(Cohort, objects["cohorts"][which]),
                title="Matrix prompt",
                instructions="Write.",
                due_at=None,
                suggested_words=None,
                by=None,
            )
            participant = db.session.get(Participant, objects[which])
            essay = prompt_start(prompt=prompt, participant=participant, by=None)
            draft_of(essay).body = "Handed in."
            essay_hand_in(essay=essay, by=None)
            made["prompts"][which] = prompt.id
            made["prompt_essays"][which] = essay.id
        db.session.commit()
    return made


def add_publications(app, make_publication):
    """Publish two essays and take one down; return their slugs, and one never used."""
    live, gone = make_publication(), make_publication(title="Taken down")
    with app.app_context():
        publication_take_down(
            publication=db.session.get(Publication, gone.publication_id),
            by=db.session.get(User, gone.coordinator.id),
            reason="matrix",
        )
        db.session.commit()
    return {"live": live.slug, "gone": gone.slug, "missing": "a" * 26}


def add_consents(app, objects):
    """Consent to publish the "own" and "other" submitted essays and publish the "own" one;
    return the consents' and the publication's ids."""
    made = {"consents": {"missing": 2**31 - 1}, "consent_publications": {"missing": 2**31 - 1}}
    with app.app_context():
        by = db.session.scalar(select(User).where(User.role == Role.COORDINATOR).limit(1))
        for which in OWNERS:
            essay = db.session.get(Essay, objects["essays"][which])
            # Two authors may not share a pen name (nor one that looks the same).
            consent = consent_give(
                essay=essay, version=consentable_versions(essay)[0],
                pen_name=f"Matrix {which.title()}", author_note=None,
                language=Language.ENGLISH, by=by,
            )  # fmt: skip
            made["consents"][which] = consent.id
            if which == "own":
                publication = publication_publish(consent=consent, by=by)
                made["consent_publications"]["own"] = publication.id
        db.session.commit()
    return made


def organisation_id(app, name):
    """The id of the partner organisation with this name, added if there is none."""
    with app.app_context():
        organisation_id = partner_organisation_get_or_create(name=name).id
        db.session.commit()
        return organisation_id


def check(app, client, csrf_token, endpoint, method, which, objects, expected, role_index):
    """Request one route and return a description of any mismatch."""
    with app.test_request_context():
        url = url_for(endpoint, **url_arguments(endpoint, objects, which))
    if method == "GET":
        response = client.get(url)
    else:
        token = csrf_token("/dashboard" if role_index else "/sign-in")
        response = client.post(url, data={"csrf_token": token})
    response.close()
    want = expected[role_index]
    if response.status_code != want:
        return [f"{method} {endpoint} ({which}): {response.status_code}, expected {want}"]
    return []
