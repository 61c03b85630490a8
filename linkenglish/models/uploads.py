"""Files kept between an import's preview and its confirmation."""

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from linkenglish.models.base import UTCDateTime, db, utcnow


class PendingUpload(db.Model):
    """An uploaded file sealed with the data key, waiting for the uploader to confirm it.

    In the database, not in a worker's memory or one host's disk, because several workers
    and hosts serve the app; looked up by the SHA-256 of a random id the browser holds.
    """

    __tablename__ = "pending_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    def __repr__(self) -> str:
        return f"<PendingUpload {self.id}>"
