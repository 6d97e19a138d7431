"""Templates escape user text: a need titled with a <script> tag shows as text on the owner's pages."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlmodel import Session

from service.accounts.tables import UserRole
from tests.factories import auth_headers, make_enterprise, make_user

TITLE = '<script>alert("xss")</script>压铸件'
DESCRIPTION = "<img src=x onerror=alert(1)> ADC12 壳体"
FIRM = "<b onmouseover=alert(2)>恶意名称</b>有限公司"


def _sign_in(client: TestClient, username: str) -> None:
    page = client.get("/login").text
    token = re.search(r'name="_csrf" value="([^"]+)"', page)
    form = {"username": username, "password": "correct horse battery"}
    if token:
        form["_csrf"] = token.group(1)
    response = client.post("/login", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text


def test_script_in_a_need_title_is_shown_as_text(client: TestClient, session: Session) -> None:
    owner = make_enterprise(session, name=FIRM, owner=True, supplier=False)
    user = make_user(session, role=UserRole.owner, enterprise=owner)
    created = client.post(
        "/api/v1/needs",
        headers=auth_headers(client, user),
        json={"owner_id": owner.id, "title": TITLE, "description": DESCRIPTION},
    )
    assert created.status_code == 201, created.text
    assert created.json()["title"] == TITLE  # stored as typed; escaping is the page's job
    _sign_in(client, user.username)
    for path in ("/owner", f"/owner/needs/{created.json()['id']}"):
        page = client.get(path)
        assert page.status_code == 200, (path, page.status_code)
        html = page.text
        assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;压铸件" in html, path
        assert '<script>alert("xss")' not in html
        assert "<img src=x" not in html
        assert "<b onmouseover" not in html
