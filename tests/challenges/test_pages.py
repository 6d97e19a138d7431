"""链创 pages: an institute signs in to its own home with its ranked challenges; a challenge's page
shows the summary only to an institute without the full text."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from service.accounts.tables import UserRole
from tests.challenges.world import make_challenge, make_institute
from tests.factories import make_enterprise, make_user
from tests.web.test_pages import login


def test_an_institute_lands_on_its_home_with_ranked_challenges(
    client: TestClient, session: Session
) -> None:
    owner = make_enterprise(session, owner=True, supplier=False)
    institute = make_institute(session, name="示例理工大学")
    make_challenge(session, owner=owner)
    login(client, make_user(session, role=UserRole.institute, enterprise=institute))
    home = client.get("/home", follow_redirects=False)
    assert home.headers["location"] == "/institute"
    page = client.get("/institute")
    assert page.status_code == 200
    assert page.text.count('data-testid="ranked-challenge"') == 1
    assert "高强钢激光焊接变形控制" in page.text


def test_an_on_request_challenge_page_withholds_the_problem(
    client: TestClient, session: Session
) -> None:
    owner = make_enterprise(session, owner=True, supplier=False)
    institute = make_institute(session)
    challenge = make_challenge(session, owner=owner, disclosure="on_request")
    login(client, make_user(session, role=UserRole.institute, enterprise=institute))
    page = client.get(f"/challenges/{challenge.id}")
    assert page.status_code == 200
    assert "机密细节" not in page.text
    assert 'data-testid="summary-only"' in page.text
