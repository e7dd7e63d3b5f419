"""The report shows, per step, the new users' tickets it drew, and per scenario the tickets
no step drew; `shoshin report --tickets DIR` reads them from files alone."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path

from harness.record.read import read_run
from harness.report.build import write_run_reports
from harness.report.html import render_html
from harness.report.tickets_view import tickets_view
from harness.tickets.model import Ticket
from harness.tickets.store import update_store
from tests.tickets.labelled import FIXTURES
from tests.tickets.test_import import shoshin

HOSTILE = "<script>alert('IBAN')</script> IBAN does not match my payout account"


def run_folder(tmp_path: Path) -> Path:
    run_dir = tmp_path / "reports" / "20261101-090000-ta11y"
    run_dir.mkdir(parents=True)
    shutil.copy(FIXTURES / "tally_run.json", run_dir / "run.json")
    return run_dir


def tickets() -> list[Ticket]:
    def t(id_: str, subject: str, body: str) -> Ticket:
        return Ticket(id_, f"2026-11-1{id_}T10:00:00Z", subject, body, 2.0)

    return [
        t("1", HOSTILE, "The IBAN does not match the country of your business, it says."),
        t("2", "No SMS code", "I typed my mobile number, pressed send code, no 6-digit code."),
        t("3", "Dark mode", "Any plans for a dark theme?"),
    ]


def section(page: str, anchor: str) -> str:
    """The HTML of one step's card."""
    start = page.index(f'id="{anchor}"')
    end = page.find("<article", start)
    return page[start : end if end != -1 else len(page)]


def text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_steps_show_the_tickets_they_drew_and_scenarios_those_no_step_drew(
    tmp_path: Path,
) -> None:
    run_dir = run_folder(tmp_path)
    update_store(tmp_path / "reports" / "tickets", tickets())  # the default place
    write_run_reports(run_dir, read_run(run_dir))
    page = (run_dir / "index.html").read_text("utf-8")

    payout = section(page, "s2-step-6")
    assert "1 ticket from new users about this step" in " ".join(text(payout).split())
    assert "&lt;script&gt;alert(" in payout and "<script>alert(" not in page
    phone = [" ".join(text(section(page, f"s{n}-step-3")).split()) for n in (1, 2)]
    assert all("No SMS code" in shown for shown in phone)  # a step both scenarios share
    assert "No SMS code" not in text(section(page, "s1-step-2"))

    uncovered = re.findall(
        r"1 ticket matched no step: onboarding the scripts do not cover.*?</details>",
        page,
        re.S,
    )
    assert len(uncovered) == 2  # under each scenario
    assert all("Dark mode" in part and "No SMS" not in part for part in uncovered)


def test_report_reads_tickets_from_the_folder_given(tmp_path: Path) -> None:
    run_dir = run_folder(tmp_path)
    elsewhere = tmp_path / "support"
    update_store(elsewhere, tickets())
    plain = shoshin("report", str(run_dir))
    assert plain.returncode == 0, plain.stderr
    assert "tickets from new users" not in (run_dir / "index.html").read_text("utf-8")
    given = shoshin("report", str(run_dir), "--tickets", str(elsewhere))
    assert given.returncode == 0, given.stderr
    assert "Dark mode" in (run_dir / "index.html").read_text("utf-8")


def test_a_damaged_tickets_file_is_a_warning_and_the_report_is_written(tmp_path: Path) -> None:
    run_dir = run_folder(tmp_path)
    folder = tmp_path / "reports" / "tickets"
    folder.mkdir()
    (folder / "tickets.json").write_text("[1, 2")
    result = shoshin("report", str(run_dir))
    assert result.returncode == 0, result.stderr
    assert "warning:" in result.stderr and "tickets.json" in result.stderr
    assert (run_dir / "index.html").is_file()


def test_a_step_that_drew_many_tickets_lists_the_first_and_counts_the_rest() -> None:
    record = json.loads((FIXTURES / "tally_run.json").read_text("utf-8"))
    many = [
        Ticket(f"{i:03}", "2026-11-10T10:00:00Z", f"IBAN refused {i}", "IBAN does not match", 1)
        for i in range(40)
    ] + [Ticket(f"x{i:03}", "2026-11-10T10:00:00Z", f"Dark mode {i}", "", 1) for i in range(60)]
    view = tickets_view(record, many)
    assert view is not None
    payout = view.steps["s2-step-6"]
    assert (payout.count, len(payout.tickets), payout.more) == (40, 25, 15)
    scenario = view.scenarios["scenario-1"]
    assert (scenario.unmatched, len(scenario.uncovered)) == (60, 50)
    page = render_html(record, tickets=many)
    assert "40 tickets from new users about this step" in " ".join(text(page).split())
    assert "and 15 more" in page and "and 10 more" in page
    assert tickets_view(record, []) is None
