"""Sessions that end: logout, a password change and deactivation end every page session and API
token of the user at once, proven by replaying a cookie and a token saved before."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlmodel import Session

from service.accounts.tables import User, UserRole
from tests.factories import auth_headers, make_enterprise, make_user

PASSWORD = "correct horse battery"  # tests.factories' password
EXPIRED = {"detail": "登录凭据无效或已过期"}


def _csrf(client: TestClient, path: str) -> str:
    found = re.search(r'name="_csrf" value="([^"]+)"', client.get(path).text)
    assert found is not None
    return found.group(1)


def _page_sign_in(client: TestClient, user: User) -> str:
    """Signs in through /login; the session cookie stays in `client`. Returns its CSRF token."""
    form = {"username": user.username, "password": PASSWORD, "_csrf": _csrf(client, "/login")}
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303
    return _csrf(client, "/inbox")


def _replay(client: TestClient, cookie: str, csrf: str) -> TestClient:
    """A second browser that sends a saved copy of the session cookie."""
    client.cookies.clear()
    client.cookies.set("peitao_session", cookie)
    client.headers["X-CSRF-Token"] = csrf
    return client


class TestLogout:
    def test_page_logout_ends_a_replayed_cookie_and_a_token_of_the_same_user(
        self, client: TestClient, session: Session
    ) -> None:
        owner = make_enterprise(session, owner=True, supplier=False)
        user = make_user(session, role=UserRole.owner, enterprise=owner)
        token = auth_headers(client, user)
        csrf = _page_sign_in(client, user)
        saved_cookie = client.cookies["peitao_session"]
        need = {"owner_id": owner.id, "title": "铝合金压铸件"}
        assert (
            client.post("/api/v1/needs", json=need, headers={"X-CSRF-Token": csrf}).status_code
            == 201
        )

        client.post("/logout", data={"_csrf": csrf}, follow_redirects=False)
        replayed = _replay(client, saved_cookie, csrf)

        created = replayed.post("/api/v1/needs", json=need)
        assert (created.status_code, created.json()) == (401, {"detail": "请先登录"})
        page = replayed.get("/owner", follow_redirects=False)
        assert (page.status_code, page.headers["location"]) == (303, "/login?next=/owner")
        refused = replayed.get("/api/v1/auth/me", headers=token)
        assert (refused.status_code, refused.json()) == (401, EXPIRED)

    def test_api_logout_ends_every_token_and_a_new_sign_in_works(
        self, client: TestClient, session: Session
    ) -> None:
        user = make_user(session, role=UserRole.bureau)
        first, second = auth_headers(client, user), auth_headers(client, user)

        assert client.post("/api/v1/auth/logout", headers=first).status_code == 204

        assert client.get("/api/v1/auth/me", headers=first).status_code == 401
        assert client.get("/api/v1/auth/me", headers=second).json() == EXPIRED
        fresh = auth_headers(client, user)
        assert client.get("/api/v1/auth/me", headers=fresh).json()["username"] == user.username

    def test_logout_of_one_user_leaves_another_signed_in(
        self, client: TestClient, session: Session
    ) -> None:
        leaving, staying = (make_user(session, role=UserRole.bureau) for _ in range(2))
        leaving_token, staying_token = auth_headers(client, leaving), auth_headers(client, staying)
        client.post("/api/v1/auth/logout", headers=leaving_token)
        assert client.get("/api/v1/auth/me", headers=staying_token).status_code == 200


class TestPasswordChange:
    def test_change_ends_old_tokens_and_the_old_password(
        self, client: TestClient, session: Session
    ) -> None:
        user = make_user(session, role=UserRole.bureau)
        token = auth_headers(client, user)
        csrf = _page_sign_in(client, user)
        saved_cookie = client.cookies["peitao_session"]
        change = {"current_password": PASSWORD, "new_password": "a brand new secret"}

        assert client.post("/api/v1/auth/password", json=change, headers=token).status_code == 204

        assert client.get("/api/v1/auth/me", headers=token).json() == EXPIRED
        old = {"username": user.username, "password": PASSWORD}
        assert client.post("/api/v1/auth/token", data=old).status_code == 401
        new = {"username": user.username, "password": "a brand new secret"}
        assert client.post("/api/v1/auth/token", data=new).status_code == 200
        replayed = _replay(client, saved_cookie, csrf)
        assert replayed.get("/api/v1/auth/me").json() == {"detail": "请先登录"}

    def test_wrong_current_password_changes_nothing(
        self, client: TestClient, session: Session
    ) -> None:
        user = make_user(session, role=UserRole.bureau)
        token = auth_headers(client, user)
        change = {"current_password": "not my password", "new_password": "a brand new secret"}

        response = client.post("/api/v1/auth/password", json=change, headers=token)

        assert (response.status_code, response.json()["detail"][0]["msg"]) == (
            422,
            "当前密码不正确",
        )
        assert client.get("/api/v1/auth/me", headers=token).status_code == 200

    def test_short_new_password_is_refused(self, client: TestClient, session: Session) -> None:
        token = auth_headers(client, make_user(session, role=UserRole.bureau))
        change = {"current_password": PASSWORD, "new_password": "short"}
        response = client.post("/api/v1/auth/password", json=change, headers=token)
        assert response.json()["detail"][0] == {
            "loc": ["body", "new_password"],
            "msg": "密码至少 8 位",
            "type": "value_error",
        }


class TestDeactivation:
    def test_bureau_deactivation_ends_tokens_and_refuses_sign_in(
        self, client: TestClient, session: Session
    ) -> None:
        bureau = auth_headers(client, make_user(session, role=UserRole.bureau))
        supplier = make_enterprise(session)
        user = make_user(session, role=UserRole.supplier, enterprise=supplier)
        token = auth_headers(client, user)

        response = client.put(
            f"/api/v1/users/{user.id}/active", json={"active": False}, headers=bureau
        )

        assert (response.status_code, response.json()) == (200, {"active": False})
        assert client.get("/api/v1/auth/me", headers=token).json() == EXPIRED
        sign_in = {"username": user.username, "password": PASSWORD}
        assert client.post("/api/v1/auth/token", data=sign_in).status_code == 401
        client.put(f"/api/v1/users/{user.id}/active", json={"active": True}, headers=bureau)
        assert client.post("/api/v1/auth/token", data=sign_in).status_code == 200
        assert client.get("/api/v1/auth/me", headers=token).status_code == 401  # still ended

    def test_only_the_bureau_deactivates(self, client: TestClient, session: Session) -> None:
        supplier = make_enterprise(session)
        user = make_user(session, role=UserRole.supplier, enterprise=supplier)
        token = auth_headers(client, user)
        response = client.put(
            f"/api/v1/users/{user.id}/active", json={"active": False}, headers=token
        )
        assert (response.status_code, response.json()) == (
            403,
            {"detail": "仅经信局用户可执行此操作"},
        )
        assert client.get("/api/v1/auth/me", headers=token).status_code == 200

    def test_unknown_user_is_404(self, client: TestClient, session: Session) -> None:
        bureau = auth_headers(client, make_user(session, role=UserRole.bureau))
        response = client.put("/api/v1/users/999999/active", json={"active": False}, headers=bureau)
        assert (response.status_code, response.json()) == (404, {"detail": "用户 999999 不存在"})


class TestPasswordPage:
    def test_page_change_signs_out_and_the_new_password_works(
        self, client: TestClient, session: Session
    ) -> None:
        user = make_user(session, role=UserRole.bureau)
        token = auth_headers(client, user)
        _page_sign_in(client, user)
        form = {
            "_csrf": _csrf(client, "/account/password"),
            "current_password": PASSWORD,
            "new_password": "a brand new secret",
        }

        done = client.post("/account/password", data=form, follow_redirects=False)

        assert (done.status_code, done.headers["location"]) == (303, "/login")
        assert "密码已修改，请用新密码重新登录" in client.get("/login").text
        assert client.get("/api/v1/auth/me").json() == {"detail": "请先登录"}
        assert client.get("/api/v1/auth/me", headers=token).json() == EXPIRED
        new = {"username": user.username, "password": "a brand new secret"}
        assert client.post("/api/v1/auth/token", data=new).status_code == 200

    def test_wrong_current_password_is_shown_on_the_page(
        self, client: TestClient, session: Session
    ) -> None:
        user = make_user(session, role=UserRole.bureau)
        _page_sign_in(client, user)
        form = {
            "_csrf": _csrf(client, "/account/password"),
            "current_password": "not my password",
            "new_password": "a brand new secret",
        }
        response = client.post("/account/password", data=form, follow_redirects=False)
        assert response.status_code == 422
        assert "当前密码不正确" in response.text
        assert client.get("/api/v1/auth/me").status_code == 200  # still signed in
