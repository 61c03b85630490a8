"""The level report, the level scale, and the SVG charts: counts, cost and safety."""

import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime

from sqlalchemy import select

from linkenglish.cohorts.services import program_by_code
from linkenglish.extensions import db
from linkenglish.levels.charts import level_distribution_chart, level_history_chart
from linkenglish.levels.reports import level_distribution, level_progression
from linkenglish.levels.scale import proficiency_level_create
from linkenglish.levels.services import (
    level_assessment_record,
    level_assessment_void,
    level_by_code,
    level_history,
)
from linkenglish.models import (
    CEFR,
    AssessmentMethod,
    Participant,
    ParticipantStatus,
    ProficiencyLevel,
    ProgramCode,
    Role,
    User,
)
from linkenglish.participants.services import participant_create

SVG = "{http://www.w3.org/2000/svg}"
SCRIPT = '<script>alert("x")</script>'
JAN, JUN = date(2025, 1, 10), date(2025, 6, 1)


def person(number, program=ProgramCode.LELP, **fields):
    """A participant, in the caller's app context."""
    return participant_create(
        legal_name=f"Name {number}", preferred_name=f"P{number}", program=program, **fields
    )


def enter(participant, code, on, **extra):
    """An entry of the participant's history, in the caller's app context."""
    return level_assessment_record(
        participant=participant,
        level=level_by_code(code),
        assessed_on=on,
        method=extra.pop("method", AssessmentMethod.PLACEMENT_TEST),
        by=None,
        **extra,
    )


def add_sub_level(code, cefr="B1", rank=32, program=ProgramCode.LELP):
    return proficiency_level_create(
        code=code, name=f"{code} name", cefr=CEFR(cefr), program=program_by_code(program),
        rank=rank, by=None,
    )  # fmt: skip


def build_known_data(app):
    """Six active LELP participants (one without a level), three who do not count, one LIEP."""
    with app.app_context():
        add_sub_level("B1.2")
        enter(person(1), "A2", JAN)
        second = person(2)
        enter(second, "B1", JAN)
        enter(second, "B2", JUN)
        third = person(3)
        enter(third, "B1", JAN)
        coordinator = User(role=Role.COORDINATOR, email="void@example.org")
        db.session.add(coordinator)
        db.session.flush()
        level_assessment_void(assessment=enter(third, "B2", JUN), by=coordinator, reason="typo")
        person(4)  # no level yet
        now = datetime(2025, 7, 1, tzinfo=UTC)
        for number, fields in (
            (5, {"archived_at": now}),
            (6, {"status": ParticipantStatus.ALUMNI}),
            (7, {"erased_at": now}),
        ):
            gone = person(number)
            for name, value in fields.items():
                setattr(gone, name, value)
            enter(gone, "C1", JAN)
        enter(person(8), "B1.2", JAN)
        ninth = person(9)
        enter(ninth, "A2", JUN)
        enter(ninth, "B2", JUN)  # same day, entered later: the current level
        enter(person(10, ProgramCode.LIEP), "B2", JUN)
        db.session.commit()


def counts_of(item):
    """{level code: count} of one program's distribution, plus unplaced and CEFR totals."""
    counts = {}
    for group in item.groups:
        counts[group.level.code] = group.count
        counts.update({level.code: count for level, count in group.sub_levels})
    totals = {group.level.code: group.total for group in item.groups}
    return counts, totals, item.unplaced, item.total


def test_distribution_counts_a_known_data_set(app):
    build_known_data(app)
    with app.app_context():
        lelp, liep = level_distribution()
        counts, totals, unplaced, total = counts_of(lelp)
        assert lelp.program.code is ProgramCode.LELP
        assert counts == {"A1": 0, "A2": 1, "B1": 1, "B1.2": 1, "B2": 2, "C1": 0, "C2": 0}
        assert totals["B1"] == 2 and (unplaced, total) == (1, 6)
        counts, _totals, unplaced, total = counts_of(liep)
        assert counts["B2"] == 1 and "B1.2" not in counts and (unplaced, total) == (0, 1)
        progression = level_progression(today=date(2025, 6, 30))
        quarters = dict(progression["lelp"])
        assert len(progression["lelp"]) == 8
        assert quarters[date(2025, 1, 1)] == {"A2": 1, "B1": 3, "C1": 3}
        assert quarters[date(2025, 4, 1)] == {"A2": 1, "B2": 2}
        assert quarters[date(2023, 7, 1)] == {}


def test_report_page_shows_tables_and_charts(app, client, make_user, login_as):
    build_known_data(app)
    login_as(make_user(Role.COORDINATOR))
    body = client.get("/levels/report").get_data(as_text=True)
    assert "6 active participants." in body and "One active participant." in body
    assert body.count('role="img"') == 2
    assert re.search(
        r"B1\.2 <span class=\"hint\">B1\.2 name</span></th>\s*<td class=\"numeric\">1<", body
    )


def test_report_costs_the_same_queries_for_10_and_300_participants(
    app, client, make_user, login_as, count_queries
):
    login_as(make_user(Role.COORDINATOR))
    costs = []
    made = 0
    for size in (10, 300):
        with app.app_context():
            add_sub_level(f"B1.{size}", rank=30 + size % 9 + 1)
            for number in range(made, size):
                someone = person(number, ProgramCode.LIEP if number % 3 else ProgramCode.LELP)
                enter(someone, ("A1", "A2", "B1", "B2", "C1")[number % 5], JAN)
                if number % 4 == 0:
                    enter(someone, f"B1.{size}" if number % 3 == 0 else "C2", JUN)
            db.session.commit()
        made = size
        with count_queries() as statements:
            response = client.get("/levels/report")
        assert response.status_code == 200
        costs.append(len(statements))
    assert costs[0] == costs[1] and costs[0] <= 6, costs
    with app.app_context():
        assert sum(item.total for item in level_distribution()) == 300


def parse_svgs(markup):
    """Parse each SVG in a page or fragment, and check it has no style and no script."""
    found = re.findall(r"<svg\b.*?</svg>", markup, re.DOTALL)
    trees = [ET.fromstring(svg) for svg in found]  # noqa: S314 (our own output)
    for tree in trees:
        assert tree.tag == f"{SVG}svg" and tree.get("role") == "img"
        assert [child.tag for child in tree][:2] == [f"{SVG}title", f"{SVG}desc"]
        labelled = tree.get("aria-labelledby").split()
        assert labelled == [tree[0].get("id"), tree[1].get("id")]
        for element in tree.iter():
            assert "style" not in element.attrib, element.tag
            assert element.tag not in (f"{SVG}style", f"{SVG}script", "script", "style")
    return trees


def texts(tree):
    return "".join(tree.itertext())


def test_charts_escape_what_people_typed(app, client, make_user, login_as):
    with app.app_context():
        add_sub_level("<script>1</script>")
        someone = person(1)
        enter(someone, "A2", JAN, note=SCRIPT)
        enter(someone, "<script>1</script>", JUN, external_test=SCRIPT,
              method=AssessmentMethod.EXTERNAL_TEST)  # fmt: skip
        db.session.commit()
        participant_id = someone.id
        with app.test_request_context():
            entries = level_history(db.session.get(Participant, participant_id))
            chart = str(level_history_chart(entries, today=date(2025, 7, 1)))
            (tree,) = parse_svgs(chart)
            assert SCRIPT in texts(tree) and "<script>1</script>" in texts(tree)
            assert "<script>" not in chart
            bars = str(level_distribution_chart([(SCRIPT, 3, True)], title=SCRIPT, chart_id="x"))
            (tree,) = parse_svgs(bars)
            assert tree[0].text == SCRIPT and "<script>" not in bars
    login_as(make_user(Role.COORDINATOR))
    for url, charts in ((f"/participants/{participant_id}", 1), ("/levels/report", 2)):
        body = client.get(url).get_data(as_text=True)
        assert "<script" not in body, url
        assert len(parse_svgs(body)) == charts
    assert "<script" not in client.get("/levels/scale").get_data(as_text=True)


def test_history_chart_handles_one_entry_on_the_day(app):
    with app.app_context():
        someone = person(1)
        enter(someone, "C2", date(2025, 7, 1))
        db.session.commit()
        with app.test_request_context():
            entries = level_history(someone)
            (tree,) = parse_svgs(str(level_history_chart(entries, today=date(2025, 7, 1))))
            assert "Current level C2" in tree[1].text
            assert str(level_history_chart([], today=date(2025, 7, 1))) == ""


def test_coordinator_adds_a_sub_level(app, client, make_user, login_as, csrf_token):
    login_as(make_user(Role.COORDINATOR))
    token = csrf_token("/levels/scale")
    data = {"code": "B1.2", "name": "B1 second term", "cefr": "B1", "program": "1", "rank": "32"}
    response = client.post("/levels/scale", data={**data, "csrf_token": token})
    assert response.status_code == 302
    with app.app_context():
        level = level_by_code("B1.2")
        assert (level.cefr, level.rank, level.program.code) == ("B1", 32, ProgramCode.LELP)
    for changes, message in (
        ({"code": "b1.2"}, "A level with this code exists already"),
        ({"code": "B1"}, "A level with this code exists already"),
        ({"code": "B1.3", "rank": "40"}, "A sub-level of B1 ranks from 31 to 39."),
        ({"code": "C2.1", "cefr": "C2", "rank": "60"}, "A sub-level of C2 ranks from 61 to 69."),
        ({"code": "B1.4", "rank": "x"}, "Enter a whole number, such as 32."),
        ({"code": "B1.5", "program": "99"}, "Choose a program from the list."),
        ({"code": "  "}, "Enter a short code, such as B1.2."),
        ({"code": "z" * 21}, "longer than 20 characters"),
    ):
        response = client.post("/levels/scale", data={**data, **changes, "csrf_token": token})
        body = response.get_data(as_text=True)
        assert response.status_code == 200 and message in body, changes
    with app.app_context():
        assert db.session.scalars(
            select(ProficiencyLevel.code).where(ProficiencyLevel.program_id.is_not(None))
        ).all() == ["B1.2"]
    assert "B1 second term" in client.get("/levels/scale").get_data(as_text=True)
