"""Personal data is encrypted at rest and found through keyed hashes."""

import pytest
from sqlalchemy import select, text

from linkenglish.crypto import DataKeyError, KeyRing, normalise
from linkenglish.extensions import db
from linkenglish.keys import new_data_key
from linkenglish.models import Participant
from linkenglish.models.base import EncryptedText
from linkenglish.participants.services import participants_by_legal_name


def raw_row(app, participant_id):
    with app.app_context():
        return db.session.execute(
            text("SELECT legal_name, email, phone FROM participants WHERE id = :id"),
            {"id": participant_id},
        ).one()


def test_raw_sql_reads_ciphertext(app, make_participant):
    participant = make_participant(legal_name="김하늘", email="haneul@example.org")
    legal_name, email, phone = raw_row(app, participant.id)
    for stored, plain in [(legal_name, "김하늘"), (email, "haneul@example.org")]:
        stored = bytes(stored)
        assert plain.encode() not in stored
        assert stored[0] == 1  # key id
        assert len(stored) == 1 + 12 + len(plain.encode()) + 16
    assert b"010-" not in bytes(phone)


def test_same_name_gives_different_ciphertext_and_the_model_gives_plaintext(app, make_participant):
    first = make_participant(legal_name="이서연")
    second = make_participant(legal_name="이서연")
    assert bytes(raw_row(app, first.id)[0]) != bytes(raw_row(app, second.id)[0])
    with app.app_context():
        loaded = db.session.get(Participant, first.id)
        assert loaded.legal_name == "이서연"
        assert loaded.email == first.email
        found = participants_by_legal_name(" 이서연 ")
        assert sorted(p.id for p in found) == [first.id, second.id]


def test_wrong_key_gives_a_clear_error(app, make_participant, other_app):
    participant = make_participant(legal_name="박민준")
    other = other_app(LINKENGLISH_DATA_KEY=new_data_key())
    with other.app_context():
        with pytest.raises(DataKeyError, match=r"Cannot decrypt participants\.legal_name"):
            db.session.get(Participant, participant.id)
        db.session.rollback()


def test_value_moved_to_another_column_does_not_decrypt(app, make_participant):
    participant = make_participant(legal_name="최지우", email="jiwoo@example.org")
    with app.app_context():
        db.session.execute(
            text("UPDATE participants SET email = legal_name WHERE id = :id"),
            {"id": participant.id},
        )
        db.session.commit()
        with pytest.raises(DataKeyError, match=r"participants\.email"):
            db.session.scalars(select(Participant.email_encrypted)).all()
        db.session.rollback()


def test_every_encrypted_column_names_its_own_table_and_column():
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, EncryptedText):
                assert column.type.context == f"{table.name}.{column.name}"


def test_key_ring_rotation_and_lookup_keys():
    old, new = new_data_key(), new_data_key().replace("1:", "2:", 1)
    old_ring = KeyRing.from_setting(old)
    rotated = KeyRing.from_setting(f"{new},{old}")
    sealed = old_ring.encrypt("정훈", "participants.legal_name")
    assert rotated.decrypt(sealed, "participants.legal_name") == "정훈"
    assert rotated.encrypt("x", "t.c")[0] == 2
    # The lookup key comes from the oldest key, so rotation keeps lookups.
    assert rotated.lookup_hash("A@B.org", "email") == old_ring.lookup_hash("a@b.org ", "email")
    assert old_ring.lookup_hash("a", "email") != old_ring.lookup_hash("a", "name")


@pytest.mark.parametrize("setting", ["", "short", "1:" + "A" * 10, "300:" + "A" * 43])
def test_malformed_keys_are_refused(setting):
    with pytest.raises(DataKeyError):
        KeyRing.from_setting(setting)


def test_normalise_folds_width_and_case():
    assert normalise("  ＫＩＭ  ") == "kim"
    assert normalise("Straße") == "strasse"
