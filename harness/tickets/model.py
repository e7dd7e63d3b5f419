"""A support ticket of a new user, as shoshin keeps it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["DEFAULT_NEW_WITHIN", "Ticket"]

# A user is new for their first two weeks: onboarding questions come then.
DEFAULT_NEW_WITHIN = 14.0


@dataclass(frozen=True)
class Ticket:
    """One ticket: its id in the help desk, when it was written, what it says, and how old
    the writer's account was then (days)."""

    id: str
    created: str  # ISO 8601, as read from the file (UTC when it named no zone)
    subject: str
    body: str
    account_age_days: float

    @property
    def text(self) -> str:
        return f"{self.subject}\n{self.body}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> Ticket | None:
        """A stored ticket; None when the entry is not one (a hand-edited file)."""
        if not isinstance(data, dict):
            return None
        texts = [data.get(k) for k in ("id", "created", "subject", "body")]
        age = data.get("account_age_days")
        if not all(isinstance(t, str) for t in texts) or not isinstance(age, int | float):
            return None
        id_, created, subject, body = (str(t) for t in texts)
        return cls(id_, created, subject, body, float(age))
