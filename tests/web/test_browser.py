"""End to end in a real browser (Playwright driving Debian's Chromium) against `peitao serve` with the
demo data: an owner posts a need and shortlists a local candidate, the supplier sees it and says it is
interested, the owner is notified, the bureau sees the funnel move and the charts render; a supplier
cannot open an owner's ledger page. Screenshots go to test-artifacts/browser/."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.browser import PHONE, needs_chromium, shot, sign_in
from tests.web.server import load_demo, running_server

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("browser") / "demo.db"
    load_demo(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="module")
def base_url(demo_db: Path) -> Iterator[str]:
    with running_server(f"sqlite:///{demo_db}") as url:
        yield url


def _supplier_and_capability(db: Path) -> tuple[int, str, str]:
    with sqlite3.connect(db) as conn:
        (supplier_id,) = conn.execute(
            "SELECT enterprise_id FROM user WHERE username = 'supplier'"
        ).fetchone()
        title, description = conn.execute(
            "SELECT title, description FROM capability WHERE supplier_id = ? ORDER BY id LIMIT 1",
            (supplier_id,),
        ).fetchone()
    return int(supplier_id), str(title), str(description)


def _funnel(page: Any, status: str) -> int:
    return int(page.inner_text(f"[data-testid=funnel-{status}]"))


def test_each_role_does_its_job(browser: Any, base_url: str, demo_db: Path) -> None:
    supplier_id, title, description = _supplier_and_capability(demo_db)
    need_title = f"采购{title}"

    bureau = sign_in(browser, base_url, "bureau")
    assert bureau.url.endswith("/bureau")
    interested_before = _funnel(bureau, "interested")

    # The owner posts a need that the demo supplier can serve, and shortlists that supplier.
    owner = sign_in(browser, base_url, "owner")
    shot(owner, "owner-catalog")
    owner.click("[data-testid=new-need]")
    owner.fill("input[name=title]", need_title)
    owner.fill("textarea[name=description]", description)
    owner.fill("input[name=yearly_amount_wan]", "120")
    owner.click("[data-testid=save-need]")
    owner.wait_for_load_state()
    assert re.search(r"/owner/needs/\d+$", owner.url), owner.url
    row = owner.locator(f"[data-testid=candidates] tr[data-supplier='{supplier_id}']")
    assert row.count() == 1, "the demo supplier should be a ranked local candidate"
    assert "本地" in row.inner_text()
    shot(owner, "owner-need-candidates")
    row.locator("[data-testid=move-shortlisted]").click()
    owner.wait_for_load_state()
    assert "链主入围" in owner.locator(f"tr[data-supplier='{supplier_id}']").inner_text()

    # The supplier sees the pairing and says it is interested; the owner gets a notification.
    supplier = sign_in(browser, base_url, "supplier")
    supplier.goto("/supplier/pairings")
    pairing = supplier.locator("[data-testid=pairings] tr", has_text=need_title)
    assert "链主入围" in pairing.inner_text()
    supplier.goto("/supplier/opportunities")
    shot(supplier, "supplier-opportunities")
    supplier.goto("/supplier/pairings")
    pairing.get_by_role("button", name="企业有意向").click()
    supplier.wait_for_load_state()
    assert (
        "企业有意向"
        in supplier.locator("[data-testid=pairings] tr", has_text=need_title).inner_text()
    )
    shot(supplier, "supplier-pairings")

    owner.goto("/inbox")
    assert need_title in owner.inner_text("[data-testid=inbox]")
    shot(owner, "owner-inbox")

    # The bureau sees the funnel move and the charts render.
    bureau.reload()
    assert _funnel(bureau, "interested") == interested_before + 1
    bureau.wait_for_selector("body[data-charts-ready='2']")
    assert bureau.locator("#trend-chart canvas").count() >= 1
    assert bureau.locator("#funnel-chart canvas").count() >= 1
    shot(bureau, "bureau-dashboard")


def test_one_pair_shows_one_score_to_the_owner_the_supplier_and_in_the_notice(
    browser: Any, base_url: str, demo_db: Path
) -> None:
    supplier_id, title, description = _supplier_and_capability(demo_db)
    owner = sign_in(browser, base_url, "owner")
    owner.click("[data-testid=new-need]")
    owner.fill("input[name=title]", title)
    owner.fill("textarea[name=description]", description)
    owner.click("[data-testid=save-need]")
    owner.wait_for_load_state()
    need_id = owner.url.rsplit("/", 1)[-1]
    score = owner.inner_text(
        f"[data-testid=candidates] tr[data-supplier='{supplier_id}'] [data-testid=score]"
    )
    assert re.fullmatch(r"\d{1,3}", score), score

    supplier = sign_in(browser, base_url, "supplier")
    supplier.goto("/supplier/opportunities")
    assert supplier.inner_text(f"tr[data-need='{need_id}'] [data-testid=score]") == score
    supplier.goto("/inbox")
    notice = supplier.locator("[data-testid=inbox] li", has_text=f"新需求适合贵企业：{title}")
    assert f"与贵企业能力匹配度 {score}。" in notice.inner_text()
    shot(supplier, "supplier-inbox-score")


def test_supplier_cannot_open_an_owners_ledger(browser: Any, base_url: str) -> None:
    supplier = sign_in(browser, base_url, "supplier")
    response = supplier.goto("/owner/ledger")
    assert response is not None
    assert response.status == 403
    assert supplier.inner_text("[data-testid=error]") == "您的账号无权访问此页面"
    response = supplier.goto("/bureau/owners/1")
    assert response is not None
    assert response.status == 403
    shot(supplier, "supplier-forbidden")


def test_pages_fit_a_phone(browser: Any, base_url: str) -> None:
    for username, path in (
        ("owner", "/owner"),
        ("supplier", "/supplier/opportunities"),
        ("bureau", "/bureau"),
    ):
        page = sign_in(browser, base_url, username, viewport=PHONE)
        page.goto(path)
        # Tables scroll inside their wrapper; the page itself must not scroll sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        shot(page, f"phone-{username}")
    landing = browser.new_context(viewport=PHONE, base_url=base_url).new_page()
    landing.goto("/")
    shot(landing, "phone-landing")
