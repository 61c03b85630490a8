"""Add programs, levels, cohorts, sessions, attendance, writing, consent and publications

Revision ID: eb1117f089c7
Revises: cbbfc01db218
Create Date: 2026-11-27 21:34:57.442819
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "eb1117f089c7"
down_revision = "cbbfc01db218"
branch_labels = None
depends_on = None

PROGRAMS = [
    {"id": 1, "code": "lelp", "name": "LiNK English Language Program (LELP)",
     "description": "English for speakers of every level, A1 to C2."},
    {"id": 2, "code": "liep", "name": "LiNK Intensive English Program (LIEP)",
     "description": "Intensive English for intermediate speakers, taught with the British "
                    "Council: communication, critical thinking and writing."},
]  # fmt: skip
CEFR_LEVELS = [
    ("A1", "Beginner"), ("A2", "Elementary"), ("B1", "Intermediate"),
    ("B2", "Upper intermediate"), ("C1", "Advanced"), ("C2", "Proficient"),
]  # fmt: skip

# Append-only tables and the columns that erasure of a participant may blank.
APPEND_ONLY = {
    "essay_versions": ("title", "body"),
    "consent_records": ("pen_name", "author_note", "method_note"),
    "consent_texts": (),
}

POSTGRES_GUARD = """
CREATE FUNCTION append_only_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_rest jsonb := to_jsonb(OLD);
    new_rest jsonb := to_jsonb(NEW);
    col text;
BEGIN
    IF TG_OP = 'DELETE' OR TG_NARGS = 0 THEN
        RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    -- Erasure: the erasable columns become blank and nothing else changes.
    FOREACH col IN ARRAY TG_ARGV LOOP
        IF coalesce(new_rest ->> col, '') <> '' THEN
            RAISE EXCEPTION '% rows are append-only (erasure only blanks %)', TG_TABLE_NAME, col
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        old_rest := old_rest - col;
        new_rest := new_rest - col;
    END LOOP;
    IF old_rest IS DISTINCT FROM new_rest THEN
        RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$
"""


def upgrade():
    # First: cohort_teachers points at users(id, role).
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f("uq_users_id_role"), ["id", "role"])

    op.create_table(
        "consent_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=20), nullable=False),
        sa.Column(
            "language",
            sa.Enum("ko", "en", name="language", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_texts")),
        sa.UniqueConstraint("version", "language", name=op.f("uq_consent_texts_version_language")),
    )
    op.create_table(
        "programs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "code",
            sa.Enum("lelp", "liep", name="code", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programs")),
        sa.UniqueConstraint("code", name=op.f("uq_programs_code")),
    )
    op.create_table(
        "proficiency_levels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "cefr",
            sa.Enum(
                "A1",
                "A2",
                "B1",
                "B2",
                "C1",
                "C2",
                name="cefr",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("program_id", sa.Integer(), nullable=True),
        sa.Column("rank", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint("rank > 0", name=op.f("ck_proficiency_levels_rank_positive")),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_proficiency_levels_program_id_programs"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proficiency_levels")),
        sa.UniqueConstraint("code", name=op.f("uq_proficiency_levels_code")),
    )
    op.create_table(
        "cohorts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("target_level_id", sa.Integer(), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "capacity IS NULL OR capacity > 0", name=op.f("ck_cohorts_capacity_positive")
        ),
        sa.CheckConstraint("ends_on > starts_on", name=op.f("ck_cohorts_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partner_organisations.id"],
            name=op.f("fk_cohorts_partner_id_partner_organisations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_cohorts_program_id_programs"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["target_level_id"],
            ["proficiency_levels.id"],
            name=op.f("fk_cohorts_target_level_id_proficiency_levels"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cohorts")),
        sa.UniqueConstraint("program_id", "name", name=op.f("uq_cohorts_program_id_name")),
    )
    with op.batch_alter_table("cohorts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cohorts_partner_id"), ["partner_id"], unique=False)

    op.create_table(
        "class_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("teacher_id", sa.Integer(), nullable=True),
        sa.Column("series_id", sa.String(length=32), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column(
            "mode",
            sa.Enum("online", "in_person", name="mode", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("meeting_url", sa.String(length=500), nullable=True),
        sa.Column("topic", sa.String(length=200), nullable=True),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("cancellation_reason", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "NOT cancelled OR cancellation_reason IS NOT NULL",
            name=op.f("ck_class_sessions_cancelled_has_reason"),
        ),
        sa.CheckConstraint(
            "duration_minutes > 0 AND duration_minutes <= 1440",
            name=op.f("ck_class_sessions_duration_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name=op.f("fk_class_sessions_cohort_id_cohorts"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partner_organisations.id"],
            name=op.f("fk_class_sessions_partner_id_partner_organisations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"],
            ["users.id"],
            name=op.f("fk_class_sessions_teacher_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_class_sessions")),
    )
    with op.batch_alter_table("class_sessions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_class_sessions_cohort_id_starts_at", ["cohort_id", "starts_at"], unique=False
        )
        batch_op.create_index(
            "ix_class_sessions_partner_id_starts_at", ["partner_id", "starts_at"], unique=False
        )
        batch_op.create_index("ix_class_sessions_series_id", ["series_id"], unique=False)
        batch_op.create_index("ix_class_sessions_starts_at", ["starts_at"], unique=False)

    op.create_table(
        "cohort_teachers",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("user_role", sa.String(length=11), nullable=False),
        sa.Column("assigned_by_id", sa.Integer(), nullable=True),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "user_role = 'partner'", name=op.f("ck_cohort_teachers_teacher_is_partner")
        ),
        sa.ForeignKeyConstraint(
            ["assigned_by_id"],
            ["users.id"],
            name=op.f("fk_cohort_teachers_assigned_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name=op.f("fk_cohort_teachers_cohort_id_cohorts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id", "user_role"],
            ["users.id", "users.role"],
            name=op.f("fk_cohort_teachers_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cohort_id", "user_id", name=op.f("pk_cohort_teachers")),
    )
    with op.batch_alter_table("cohort_teachers", schema=None) as batch_op:
        batch_op.create_index("ix_cohort_teachers_user_id", ["user_id"], unique=False)

    op.create_table(
        "enrollments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "completed",
                "withdrawn",
                name="status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("enrolled_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status = 'active' OR ended_on IS NOT NULL",
            name=op.f("ck_enrollments_ended_has_end_date"),
        ),
        sa.CheckConstraint(
            "ended_on IS NULL OR ended_on >= enrolled_on",
            name=op.f("ck_enrollments_ends_after_start"),
        ),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name=op.f("fk_enrollments_cohort_id_cohorts"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_enrollments_participant_id_participants"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrollments")),
        sa.UniqueConstraint(
            "cohort_id", "participant_id", name=op.f("uq_enrollments_cohort_id_participant_id")
        ),
    )
    with op.batch_alter_table("enrollments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_enrollments_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "level_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("level_id", sa.Integer(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column(
            "method",
            sa.Enum(
                "placement_test",
                "course_completion",
                "teacher_assessment",
                "external_test",
                name="method",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("external_test", sa.String(length=40), nullable=True),
        sa.Column("external_score", sa.Numeric(precision=6, scale=1), nullable=True),
        sa.Column("speaking_score", sa.Numeric(precision=5, scale=1), nullable=True),
        sa.Column("listening_score", sa.Numeric(precision=5, scale=1), nullable=True),
        sa.Column("reading_score", sa.Numeric(precision=5, scale=1), nullable=True),
        sa.Column("writing_score", sa.Numeric(precision=5, scale=1), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "method <> 'external_test' OR external_test IS NOT NULL",
            name=op.f("ck_level_assessments_external_test_named"),
        ),
        sa.CheckConstraint(
            "external_score IS NULL OR external_score >= 0",
            name=op.f("ck_level_assessments_external_score"),
        ),
        sa.CheckConstraint(
            "listening_score IS NULL OR listening_score >= 0",
            name=op.f("ck_level_assessments_listening_score"),
        ),
        sa.CheckConstraint(
            "reading_score IS NULL OR reading_score >= 0",
            name=op.f("ck_level_assessments_reading_score"),
        ),
        sa.CheckConstraint(
            "speaking_score IS NULL OR speaking_score >= 0",
            name=op.f("ck_level_assessments_speaking_score"),
        ),
        sa.CheckConstraint(
            "writing_score IS NULL OR writing_score >= 0",
            name=op.f("ck_level_assessments_writing_score"),
        ),
        sa.ForeignKeyConstraint(
            ["level_id"],
            ["proficiency_levels.id"],
            name=op.f("fk_level_assessments_level_id_proficiency_levels"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_level_assessments_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_level_assessments_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_level_assessments")),
    )
    with op.batch_alter_table("level_assessments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_level_assessments_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "writing_prompts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("instructions", sa.Text(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("suggested_words", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "suggested_words IS NULL OR suggested_words > 0",
            name=op.f("ck_writing_prompts_suggested_words_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name=op.f("fk_writing_prompts_cohort_id_cohorts"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_writing_prompts_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_writing_prompts")),
    )
    with op.batch_alter_table("writing_prompts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_writing_prompts_cohort_id_due_at", ["cohort_id", "due_at"], unique=False
        )

    op.create_table(
        "attendance_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "present",
                "late",
                "excused",
                "absent",
                name="status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("remark", sa.String(length=300), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_attendance_marks_participant_id_participants"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_attendance_marks_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["class_sessions.id"],
            name=op.f("fk_attendance_marks_session_id_class_sessions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_marks")),
        sa.UniqueConstraint(
            "session_id",
            "participant_id",
            name=op.f("uq_attendance_marks_session_id_participant_id"),
        ),
    )
    with op.batch_alter_table("attendance_marks", schema=None) as batch_op:
        batch_op.create_index(
            "ix_attendance_marks_participant_id", ["participant_id"], unique=False
        )

    op.create_table(
        "essays",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("prompt_id", sa.Integer(), nullable=True),
        sa.Column("cohort_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "submitted",
                "feedback_released",
                "resubmitted",
                "final",
                name="status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name=op.f("fk_essays_cohort_id_cohorts"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_essays_participant_id_participants"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["prompt_id"],
            ["writing_prompts.id"],
            name=op.f("fk_essays_prompt_id_writing_prompts"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_essays")),
        sa.UniqueConstraint(
            "participant_id", "prompt_id", name=op.f("uq_essays_participant_id_prompt_id")
        ),
    )
    with op.batch_alter_table("essays", schema=None) as batch_op:
        batch_op.create_index("ix_essays_cohort_id_status", ["cohort_id", "status"], unique=False)
        batch_op.create_index("ix_essays_prompt_id_status", ["prompt_id", "status"], unique=False)

    op.create_table(
        "attendance_mark_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mark_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "present",
                "late",
                "excused",
                "absent",
                name="status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("remark", sa.String(length=300), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("replaced_by_id", sa.Integer(), nullable=True),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["mark_id"],
            ["attendance_marks.id"],
            name=op.f("fk_attendance_mark_changes_mark_id_attendance_marks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_attendance_mark_changes_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["replaced_by_id"],
            ["users.id"],
            name=op.f("fk_attendance_mark_changes_replaced_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_mark_changes")),
    )
    with op.batch_alter_table("attendance_mark_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attendance_mark_changes_mark_id"), ["mark_id"], unique=False
        )

    op.create_table(
        "essay_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("essay_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("revision > 0", name=op.f("ck_essay_drafts_revision_positive")),
        sa.ForeignKeyConstraint(
            ["essay_id"],
            ["essays.id"],
            name=op.f("fk_essay_drafts_essay_id_essays"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_essay_drafts")),
        sa.UniqueConstraint("essay_id", name=op.f("uq_essay_drafts_essay_id")),
    )
    op.create_table(
        "essay_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("essay_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("saved", "submitted", name="kind", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("number > 0", name=op.f("ck_essay_versions_number_positive")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_essay_versions_created_by_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["essay_id"],
            ["essays.id"],
            name=op.f("fk_essay_versions_essay_id_essays"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_essay_versions")),
        sa.UniqueConstraint("essay_id", "number", name=op.f("uq_essay_versions_essay_id_number")),
    )
    op.create_table(
        "consent_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("essay_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("given", "withdrawn", name="kind", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("withdraws_id", sa.Integer(), nullable=True),
        sa.Column("pen_name", sa.String(length=60), nullable=True),
        sa.Column("author_note", sa.String(length=200), nullable=True),
        sa.Column("scope_web", sa.Boolean(), nullable=False),
        sa.Column("scope_print", sa.Boolean(), nullable=False),
        sa.Column("scope_social", sa.Boolean(), nullable=False),
        sa.Column("consent_text_id", sa.Integer(), nullable=True),
        sa.Column("content_sha256", sa.String(length=64), nullable=True),
        sa.Column(
            "method",
            sa.Enum(
                "self_service",
                "in_person",
                "paper",
                "phone",
                name="method",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("method_note", sa.String(length=500), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind <> 'given' OR (pen_name IS NOT NULL AND consent_text_id IS NOT NULL AND content_sha256 IS NOT NULL)",
            name=op.f("ck_consent_records_given_is_complete"),
        ),
        sa.CheckConstraint(
            "kind <> 'withdrawn' OR withdraws_id IS NOT NULL",
            name=op.f("ck_consent_records_withdrawal_names_consent"),
        ),
        sa.CheckConstraint(
            "content_sha256 IS NULL OR length(content_sha256) = 64",
            name=op.f("ck_consent_records_sha256_hex"),
        ),
        sa.ForeignKeyConstraint(
            ["consent_text_id"],
            ["consent_texts.id"],
            name=op.f("fk_consent_records_consent_text_id_consent_texts"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["essay_id"],
            ["essays.id"],
            name=op.f("fk_consent_records_essay_id_essays"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_consent_records_participant_id_participants"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_consent_records_recorded_by_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["essay_versions.id"],
            name=op.f("fk_consent_records_version_id_essay_versions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["withdraws_id"],
            ["consent_records.id"],
            name=op.f("fk_consent_records_withdraws_id_consent_records"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_records")),
        sa.UniqueConstraint("id", "version_id", name=op.f("uq_consent_records_id_version_id")),
    )
    with op.batch_alter_table("consent_records", schema=None) as batch_op:
        batch_op.create_index("ix_consent_records_essay_id", ["essay_id"], unique=False)
        batch_op.create_index("ix_consent_records_participant_id", ["participant_id"], unique=False)

    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("comments", sa.Text(), nullable=False),
        sa.Column(
            "task_band",
            sa.Enum(
                "A1",
                "A2",
                "B1",
                "B2",
                "C1",
                "C2",
                name="task_band",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column(
            "organisation_band",
            sa.Enum(
                "A1",
                "A2",
                "B1",
                "B2",
                "C1",
                "C2",
                name="organisation_band",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column(
            "vocabulary_band",
            sa.Enum(
                "A1",
                "A2",
                "B1",
                "B2",
                "C1",
                "C2",
                name="vocabulary_band",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column(
            "grammar_band",
            sa.Enum(
                "A1",
                "A2",
                "B1",
                "B2",
                "C1",
                "C2",
                name="grammar_band",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column(
            "overall_band",
            sa.Enum(
                "A1",
                "A2",
                "B1",
                "B2",
                "C1",
                "C2",
                name="overall_band",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_feedback_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["essay_versions.id"],
            name=op.f("fk_feedback_version_id_essay_versions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
        sa.UniqueConstraint(
            "version_id", "author_id", name=op.f("uq_feedback_version_id_author_id")
        ),
    )
    op.create_table(
        "publications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=32), nullable=False),
        sa.Column("consent_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column(
            "program",
            sa.Enum("lelp", "liep", name="program", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_by_id", sa.Integer(), nullable=True),
        sa.Column("withdrawal_reason", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["consent_id", "version_id"],
            ["consent_records.id", "consent_records.version_id"],
            name=op.f("fk_publications_consent_id_consent_records"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["users.id"],
            name=op.f("fk_publications_published_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["essay_versions.id"],
            name=op.f("fk_publications_version_id_essay_versions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["withdrawn_by_id"],
            ["users.id"],
            name=op.f("fk_publications_withdrawn_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publications")),
        sa.UniqueConstraint("consent_id", name=op.f("uq_publications_consent_id")),
        sa.UniqueConstraint("slug", name=op.f("uq_publications_slug")),
    )
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.create_index(
            "ix_publications_live_published_at",
            ["published_at", "id"],
            unique=False,
            sqlite_where=sa.text("withdrawn_at IS NULL"),
            postgresql_where=sa.text("withdrawn_at IS NULL"),
        )

    insert_built_in_rows()

    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.create_index(
            "ix_participants_status_program_name",
            ["status", "program", "preferred_name"],
            unique=False,
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_participants_program_programs"),
            "programs",
            ["program"],
            ["code"],
            ondelete="RESTRICT",
        )

    create_append_only_guards()


def downgrade():
    drop_append_only_guards()

    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_participants_program_programs"), type_="foreignkey")
        batch_op.drop_index("ix_participants_status_program_name")

    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_publications_live_published_at",
            sqlite_where=sa.text("withdrawn_at IS NULL"),
            postgresql_where=sa.text("withdrawn_at IS NULL"),
        )

    op.drop_table("publications")
    op.drop_table("feedback")
    with op.batch_alter_table("consent_records", schema=None) as batch_op:
        batch_op.drop_index("ix_consent_records_participant_id")
        batch_op.drop_index("ix_consent_records_essay_id")

    op.drop_table("consent_records")
    op.drop_table("essay_versions")
    op.drop_table("essay_drafts")
    with op.batch_alter_table("attendance_mark_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_mark_changes_mark_id"))

    op.drop_table("attendance_mark_changes")
    with op.batch_alter_table("essays", schema=None) as batch_op:
        batch_op.drop_index("ix_essays_prompt_id_status")
        batch_op.drop_index("ix_essays_cohort_id_status")

    op.drop_table("essays")
    with op.batch_alter_table("attendance_marks", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_marks_participant_id")

    op.drop_table("attendance_marks")
    with op.batch_alter_table("writing_prompts", schema=None) as batch_op:
        batch_op.drop_index("ix_writing_prompts_cohort_id_due_at")

    op.drop_table("writing_prompts")
    with op.batch_alter_table("level_assessments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_level_assessments_participant_id"))

    op.drop_table("level_assessments")
    with op.batch_alter_table("enrollments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enrollments_participant_id"))

    op.drop_table("enrollments")
    with op.batch_alter_table("cohort_teachers", schema=None) as batch_op:
        batch_op.drop_index("ix_cohort_teachers_user_id")

    op.drop_table("cohort_teachers")
    with op.batch_alter_table("class_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_class_sessions_starts_at")
        batch_op.drop_index("ix_class_sessions_series_id")
        batch_op.drop_index("ix_class_sessions_partner_id_starts_at")
        batch_op.drop_index("ix_class_sessions_cohort_id_starts_at")

    op.drop_table("class_sessions")
    with op.batch_alter_table("cohorts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cohorts_partner_id"))

    op.drop_table("cohorts")
    op.drop_table("proficiency_levels")
    op.drop_table("programs")
    op.drop_table("consent_texts")
    # Last: nothing points at users(id, role) any more.
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_users_id_role"), type_="unique")


def insert_built_in_rows():
    """The two programs and the six CEFR levels every installation has."""
    programs = sa.table(
        "programs", sa.column("id"), sa.column("code"), sa.column("name"), sa.column("description")
    )
    levels = sa.table(
        "proficiency_levels",
        sa.column("code"),
        sa.column("name"),
        sa.column("cefr"),
        sa.column("program_id"),
        sa.column("rank"),
    )
    op.bulk_insert(programs, PROGRAMS)
    op.bulk_insert(
        levels,
        [
            {"code": code, "name": f"{code} {name}", "cefr": code, "program_id": None,
             "rank": 10 * (index + 1)}
            for index, (code, name) in enumerate(CEFR_LEVELS)
        ],
    )  # fmt: skip
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SELECT setval('programs_id_seq', (SELECT max(id) FROM programs))")


def create_append_only_guards():
    """Triggers that refuse UPDATE and DELETE on append-only tables, except erasure."""
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(POSTGRES_GUARD)
        for table, erasable in APPEND_ONLY.items():
            arguments = ", ".join(f"'{column}'" for column in erasable)
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION append_only_guard({arguments})"
            )
        return
    # SQLite has no row-to-JSON, so the "nothing else changes" list is spelled out from the
    # table as it is now. A later migration that adds a column to one of these tables must
    # drop and recreate its triggers (and batch mode drops them anyway when it copies).
    for table, erasable in APPEND_ONLY.items():
        columns = [column["name"] for column in sa.inspect(bind).get_columns(table)]
        if erasable:
            blank = [f"coalesce(NEW.{column}, '') = ''" for column in erasable]
            same = [f"NEW.{column} IS OLD.{column}" for column in columns if column not in erasable]
            allowed = " AND ".join(blank + same)
        else:
            allowed = "0"
        op.execute(
            f"CREATE TRIGGER {table}_append_only_update BEFORE UPDATE ON {table} "
            f"FOR EACH ROW WHEN NOT ({allowed}) "
            f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only'); END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only_delete BEFORE DELETE ON {table} "
            f"FOR EACH ROW BEGIN SELECT RAISE(ABORT, '{table} rows are append-only'); END"
        )


def drop_append_only_guards():
    """Remove the triggers create_append_only_guards made."""
    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
        op.execute("DROP FUNCTION append_only_guard()")
        return
    for table in APPEND_ONLY:
        op.execute(f"DROP TRIGGER {table}_append_only_update")
        op.execute(f"DROP TRIGGER {table}_append_only_delete")
