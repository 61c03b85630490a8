"""Made-up demo data, written through the services so that their rules apply to it too.

Each feature adds its own part; seed_demo creates whatever is missing, so running it twice
changes nothing the second time.
"""

from linkenglish.demo.gallery import seed_gallery
from linkenglish.demo.people import DEMO_LOGINS, database_is_empty, seed_people
from linkenglish.demo.prompts import seed_prompts
from linkenglish.demo.teaching import seed_teaching
from linkenglish.demo.writing import seed_writing
from linkenglish.extensions import db

__all__ = ["DEMO_LOGINS", "database_is_empty", "seed_demo"]


def seed_demo() -> str:
    """Create whatever demo data is missing; return a one-line summary."""
    people = seed_people()
    teaching = seed_teaching(people)
    writing = seed_writing(people)
    prompts = seed_prompts(people)
    gallery = seed_gallery(people)
    db.session.commit()
    return (
        f"1 coordinator, {people.partner.name} with {len(people.partner_users)} users, "
        f"{len(people.participants)} participants; {teaching}; {writing}; {prompts}; {gallery}"
    )
