"""产销对接会 end to end in a real browser (Playwright driving Debian's Chromium) against `peitao serve`
with the demo data: the bureau creates an event and opens it; the demo supplier and owner register;
the owner asks the supplier for a meeting and the supplier accepts; the bureau schedules and
publishes; both see the same meeting on their agendas; check-in and the owner's outcome create a
pairing, and the event report counts it. Screenshots go to test-artifacts/browser/."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.browser import needs_chromium, shot, sign_in
from tests.web.server import load_demo, running_server

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("events-browser") / "demo.db"
    load_demo(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="module")
def base_url(demo_db: Path) -> Iterator[str]:
    with running_server(f"sqlite:///{demo_db}") as url:
        yield url


def _firm(db: Path, username: str) -> tuple[int, str]:
    with sqlite3.connect(db) as conn:
        firm_id, name = conn.execute(
            "SELECT e.id, e.name FROM user u JOIN enterprise e ON e.id = u.enterprise_id"
            " WHERE u.username = ?",
            (username,),
        ).fetchone()
    return int(firm_id), str(name)


def _capability(db: Path, supplier_id: int) -> tuple[str, str]:
    with sqlite3.connect(db) as conn:
        title, description = conn.execute(
            "SELECT title, description FROM capability WHERE supplier_id = ? ORDER BY id LIMIT 1",
            (supplier_id,),
        ).fetchone()
    return str(title), str(description)


def _click(page: Any, selector: str) -> None:
    page.click(selector)
    page.wait_for_load_state()


def _agenda_row(page: Any, event_path: str, other: str) -> tuple[str, str, str]:
    """Time, table and the reason (需求：…) of the meeting with `other` on this firm's agenda."""
    page.goto(f"{event_path}/agenda")
    row = page.locator("[data-testid=agenda-row]", has_text=other)
    assert row.count() == 1, page.inner_text("main")
    cells = row.locator("td")
    return cells.nth(0).inner_text(), cells.nth(1).inner_text(), cells.nth(4).inner_text()


def test_an_event_from_creation_to_its_report(browser: Any, base_url: str, demo_db: Path) -> None:
    supplier_id, supplier_name = _firm(demo_db, "supplier")
    _, owner_name = _firm(demo_db, "owner")
    title, description = _capability(demo_db, supplier_id)

    # The bureau creates the event and opens registration.
    bureau = sign_in(browser, base_url, "bureau")
    bureau.goto("/events")
    _click(bureau, "[data-testid=new-event]")
    bureau.fill("input[name=name]", "浏览器测试产销对接会")
    bureau.fill("input[name=event_date]", "2027-03-01")
    bureau.fill("input[name=slot_count]", "3")
    bureau.fill("input[name=table_count]", "2")
    bureau.fill("input[name=registration_deadline]", "2099-01-01")
    _click(bureau, "[data-testid=save-event]")
    found = re.search(r"/events/(\d+)$", bureau.url)
    assert found, bureau.url
    event_path = f"/events/{found.group(1)}"
    _click(bureau, "[data-testid=to-open]")
    assert bureau.inner_text("[data-testid=event-status]") == "报名中"

    # The supplier registers, unable to come in the third slot.
    supplier = sign_in(browser, base_url, "supplier")
    supplier.goto(event_path)
    supplier.check("input[name=unavailable_slots][value='3']")
    _click(supplier, "[data-testid=register]")
    assert "无法参加第 3 时段" in supplier.inner_text("[data-testid=registered]")

    # The owner posts a need the supplier serves, registers and asks the supplier for a meeting.
    owner = sign_in(browser, base_url, "owner")
    _click(owner, "[data-testid=new-need]")
    owner.fill("input[name=title]", f"采购{title}")
    owner.fill("textarea[name=description]", description)
    _click(owner, "[data-testid=save-need]")
    owner.goto(event_path)
    _click(owner, "[data-testid=register]")
    shot(owner, "event-owner-candidates")
    _click(owner, f"[data-testid=ask-{supplier_id}]")
    assert "已发出洽谈请求" in owner.inner_text("main")

    # The supplier accepts.
    supplier.goto(event_path)
    request = supplier.locator("[data-testid=requests] tr", has_text=owner_name)
    request.locator("button[data-testid^=answer-1-]").click()
    supplier.wait_for_load_state()
    assert (
        "已接受" in supplier.locator("[data-testid=requests] tr", has_text=owner_name).inner_text()
    )

    # The bureau closes registration, schedules and publishes.
    bureau.goto(event_path)
    _click(bureau, "[data-testid=to-scheduling]")
    _click(bureau, "[data-testid=solve]")
    assert bureau.url.endswith(f"{event_path}/plan")
    plan_cell = bureau.locator("[data-testid^=meeting-]", has_text=supplier_name)
    assert owner_name in plan_cell.inner_text()
    meeting_id = plan_cell.get_attribute("data-testid").removeprefix("meeting-")
    shot(bureau, "event-table-plan")
    bureau.goto(event_path)
    _click(bureau, "[data-testid=to-published]")
    assert bureau.inner_text("[data-testid=event-status]") == "日程已发布"

    # Both see the same meeting: same time, same table, each other's name.
    owner_sees = _agenda_row(owner, event_path, supplier_name)
    supplier_sees = _agenda_row(supplier, event_path, owner_name)
    assert owner_sees == supplier_sees
    assert owner_sees[0] != "09:40–10:00"  # never in the slot the supplier cannot attend
    shot(supplier, "event-supplier-agenda")

    # On the day: check-in by the bureau, the owner's outcome.
    bureau.goto(f"{event_path}/plan")
    _click(bureau, f"[data-testid=held-{meeting_id}]")
    assert bureau.inner_text(f"[data-testid=attendance-{meeting_id}]") == "已洽谈"
    owner.goto(f"{event_path}/agenda")
    form = owner.locator(f"[data-testid=outcome-form-{meeting_id}]")
    form.locator("select[name=result]").select_option("interested")
    form.locator("input[name=note]").fill("下周到厂考察")
    form.locator("[data-testid=save-outcome]").click()
    owner.wait_for_load_state()
    assert owner.inner_text("[data-testid=my-outcome]") == "有意向"

    # The report counts the meeting held and the pairing it created.
    bureau.goto(f"{event_path}/report")
    assert bureau.inner_text("[data-testid=meetings-scheduled]") == "1"
    assert bureau.inner_text("[data-testid=meetings-held]") == "1"
    assert bureau.inner_text("[data-testid=pairings-created]") == "1"
    shot(bureau, "event-report")

    # The supplier finds the pairing in its pipeline, moved to 已联系 by the meeting.
    supplier.goto("/supplier/pairings")
    need_title = re.match(r"需求：([^；]+)", owner_sees[2])
    assert need_title, owner_sees
    pairing = supplier.locator("[data-testid=pairings] tr", has_text=need_title.group(1)).filter(
        has_text=owner_name
    )
    assert "已联系" in pairing.inner_text()
