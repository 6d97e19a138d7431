"""Pages through the ASGI app: sessions and CSRF, registration and review, who may open what,
the bulk upload of an owner's spreadsheet, the inbox."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import Session, select

from service.accounts.tables import User, UserRole
from service.enterprises.tables import Enterprise
from service.needs.tables import Need
from service.needs.upload_pages import guess_mapping
from tests.factories import make_enterprise, make_need, make_user

PASSWORD = "correct horse battery"


def csrf(client: TestClient, path: str = "/login") -> str:
    found = re.search(r'name="_csrf" value="([^"]+)"', client.get(path).text)
    assert found is not None
    return found.group(1)


def login(client: TestClient, user: User) -> str:
    response = client.post(
        "/login",
        data={"username": user.username, "password": PASSWORD, "_csrf": csrf(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return csrf(client, "/inbox")


class TestSignIn:
    def test_cookie_is_http_only_and_same_site_lax(
        self, client: TestClient, session: Session
    ) -> None:
        user = make_user(session, role=UserRole.bureau)
        response = client.post(
            "/login",
            data={"username": user.username, "password": PASSWORD, "_csrf": csrf(client)},
            follow_redirects=False,
        )
        assert response.headers["location"] == "/bureau"
        cookie = response.headers["set-cookie"].lower()
        assert "peitao_session=" in cookie
        assert "httponly" in cookie
        assert "samesite=lax" in cookie

    def test_wrong_password_is_refused(self, client: TestClient, session: Session) -> None:
        user = make_user(session, role=UserRole.bureau)
        response = client.post(
            "/login",
            data={"username": user.username, "password": "nope-nope", "_csrf": csrf(client)},
        )
        assert response.status_code == 401
        assert "用户名或密码错误" in response.text

    def test_form_without_csrf_token_is_forbidden(
        self, client: TestClient, session: Session
    ) -> None:
        user = make_user(session, role=UserRole.bureau)
        client.get("/login")
        response = client.post("/login", data={"username": user.username, "password": PASSWORD})
        assert response.status_code == 403
        assert "页面已过期" in response.text

    def test_anonymous_page_visit_goes_to_login(self, client: TestClient) -> None:
        response = client.get("/owner", follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == "/login?next=/owner"

    def test_next_only_follows_local_paths(self, client: TestClient, session: Session) -> None:
        user = make_user(session, role=UserRole.bureau)
        response = client.post(
            "/login",
            data={
                "username": user.username,
                "password": PASSWORD,
                "_csrf": csrf(client),
                "next": "//evil.example/",
            },
            follow_redirects=False,
        )
        assert response.headers["location"] == "/bureau"

    def test_cookie_alone_does_not_authorise_api_writes(
        self, client: TestClient, session: Session
    ) -> None:
        owner = make_enterprise(session, owner=True, supplier=False)
        token = login(client, make_user(session, role=UserRole.owner, enterprise=owner))
        body = {"owner_id": owner.id, "title": "铝合金压铸件"}
        assert client.post("/api/v1/needs", json=body).status_code == 401
        assert (
            client.post("/api/v1/needs", json=body, headers={"X-CSRF-Token": token}).status_code
            == 201
        )
        assert client.get("/api/v1/auth/me").json()["role"] == "owner"

    def test_logout_ends_the_session(self, client: TestClient, session: Session) -> None:
        token = login(client, make_user(session, role=UserRole.bureau))
        client.post("/logout", data={"_csrf": token})
        assert client.get("/bureau", follow_redirects=False).status_code == 303


class TestRegistration:
    def form(self, client: TestClient, **kw: str) -> dict[str, str]:
        data = {
            "_csrf": csrf(client, "/register"),
            "name": "咸宁市示例精密机械有限公司",
            "role": "supplier",
            "region_code": "421202",
            "username": "newfirm",
            "password": "long-enough-pw",
        }
        data.update(kw)
        return data

    def test_creates_a_pending_firm_and_its_account(
        self, client: TestClient, session: Session
    ) -> None:
        response = client.post("/register", data=self.form(client), follow_redirects=False)
        assert response.status_code == 303
        firm = session.exec(
            select(Enterprise).where(Enterprise.name == "咸宁市示例精密机械有限公司")
        ).one()
        assert (firm.status, firm.is_supplier, firm.is_owner) == ("pending", True, False)
        user = session.exec(select(User).where(User.username == "newfirm")).one()
        assert (user.role, user.enterprise_id) == ("supplier", firm.id)

    def test_duplicate_firm_is_shown_on_the_form_and_nothing_is_kept(
        self, client: TestClient, session: Session
    ) -> None:
        make_enterprise(session, name="咸宁市示例精密机械有限公司")
        response = client.post("/register", data=self.form(client))
        assert response.status_code == 409
        assert "已存在名称相近的企业：咸宁市示例精密机械有限公司" in response.text
        assert session.exec(select(User).where(User.username == "newfirm")).first() is None

    def test_taken_username_rolls_back_the_firm(self, client: TestClient, session: Session) -> None:
        make_user(session, role=UserRole.bureau, username="newfirm")
        response = client.post("/register", data=self.form(client))
        assert response.status_code == 409
        assert "用户名 newfirm 已存在" in response.text
        assert (
            session.exec(
                select(Enterprise).where(Enterprise.name == "咸宁市示例精密机械有限公司")
            ).first()
            is None
        )

    def test_bureau_approves(self, client: TestClient, session: Session) -> None:
        firm = make_enterprise(session, status="pending")
        token = login(client, make_user(session, role=UserRole.bureau))
        assert firm.name in client.get("/bureau/reviews").text
        response = client.post(
            f"/bureau/reviews/{firm.id}/approve", data={"_csrf": token}, follow_redirects=False
        )
        assert response.status_code == 303
        session.refresh(firm)
        assert firm.status == "approved"


class TestAccess:
    @pytest.mark.parametrize("path", ["/owner", "/owner/ledger", "/bureau", "/bureau/reviews"])
    def test_supplier_is_refused_other_roles_pages(
        self, client: TestClient, session: Session, path: str
    ) -> None:
        login(
            client, make_user(session, role=UserRole.supplier, enterprise=make_enterprise(session))
        )
        response = client.get(path)
        assert response.status_code == 403
        assert "您的账号无权访问此页面" in response.text

    def test_owner_cannot_open_another_owners_need(
        self, client: TestClient, session: Session
    ) -> None:
        mine = make_enterprise(session, owner=True, supplier=False)
        other = make_enterprise(session, owner=True, supplier=False)
        need = make_need(session, owner=other)
        login(client, make_user(session, role=UserRole.owner, enterprise=mine))
        assert client.get(f"/owner/needs/{need.id}/edit").status_code == 404

    def test_owner_edits_and_closes_its_need(self, client: TestClient, session: Session) -> None:
        owner = make_enterprise(session, owner=True, supplier=False)
        need = make_need(session, owner=owner, title="精密冲压件")
        token = login(client, make_user(session, role=UserRole.owner, enterprise=owner))
        page = client.get(f"/owner/needs/{need.id}/edit").text
        assert 'value="120"' in page  # 1,200,000 yuan shown as 120 万元
        response = client.post(
            f"/owner/needs/{need.id}/close", data={"_csrf": token}, follow_redirects=False
        )
        assert response.status_code == 303
        session.refresh(need)
        assert need.status == "closed"


class TestUpload:
    def test_guess_maps_an_owners_own_headers(self) -> None:
        columns = (
            "序号",
            "物料名称",
            "规格型号",
            "年用量",
            "单位",
            "年采购金额(元)",
            "现供应商",
            "供应商所在地区代码",
        )
        assert guess_mapping(columns) == {
            "title": "物料名称",
            "description": "规格型号",
            "yearly_quantity": "年用量",
            "unit": "单位",
            "yearly_amount": "年采购金额(元)",
            "supplier_region": "供应商所在地区代码",
            "supplier": "现供应商",
        }

    def test_template_is_a_workbook_with_our_headers(
        self, client: TestClient, session: Session
    ) -> None:
        login(
            client,
            make_user(
                session, role=UserRole.owner, enterprise=make_enterprise(session, owner=True)
            ),
        )
        response = client.get("/owner/needs/template.xlsx")
        sheet = load_workbook(BytesIO(response.content)).active
        assert sheet is not None
        assert [c.value for c in sheet[1]][:2] == ["需求名称", "规格与技术要求"]

    def upload(self, client: TestClient, token: str, text: str) -> str:
        response = client.post(
            "/owner/needs/upload",
            data={"_csrf": token},
            files={"file": ("清单.csv", text.encode("gbk"), "text/csv")},
        )
        assert response.status_code == 200, response.text
        found = re.search(r'name="rows_json" value="([^"]+)"', response.text)
        assert found is not None
        import html

        return html.unescape(found.group(1))

    def confirm(self, client: TestClient, token: str, rows_json: str) -> object:
        return client.post(
            "/owner/needs/upload/confirm",
            follow_redirects=False,
            data={
                "_csrf": token,
                "rows_json": rows_json,
                "map_title": "物料名称",
                "map_yearly_amount": "年采购金额(元)",
                "amount_unit": "1",
                "map_supplier": "现供应商",
                "map_supplier_region": "供应商地区",
            },
        )

    def test_all_rows_are_created_with_amounts_in_yuan(
        self, client: TestClient, session: Session
    ) -> None:
        owner = make_enterprise(session, owner=True, supplier=False)
        token = login(client, make_user(session, role=UserRole.owner, enterprise=owner))
        rows = self.upload(
            client,
            token,
            '物料名称,年采购金额(元),现供应商,供应商地区\n精密冲压件,"1,200,000",东莞某五金厂,441900\n'
            "PCB线路板,350000,,\n",
        )
        response = self.confirm(client, token, rows)
        assert response.status_code == 303  # type: ignore[attr-defined]
        needs = session.exec(select(Need).where(Need.owner_id == owner.id).order_by(Need.id)).all()
        assert [(n.title, n.yearly_amount) for n in needs] == [
            ("精密冲压件", 1200000),
            ("PCB线路板", 350000),
        ]
        assert needs[0].current_suppliers == [{"name": "东莞某五金厂", "region_code": "441900"}]

    def test_one_bad_row_imports_nothing(self, client: TestClient, session: Session) -> None:
        owner = make_enterprise(session, owner=True, supplier=False)
        token = login(client, make_user(session, role=UserRole.owner, enterprise=owner))
        rows = self.upload(
            client,
            token,
            "物料名称,年采购金额(元),现供应商,供应商地区\n精密冲压件,1000,,\n轴承,-5,,\n",
        )
        response = self.confirm(client, token, rows)
        assert response.status_code == 422  # type: ignore[attr-defined]
        assert "第 3 行：年采购额：请填写不小于 0 的数字" in response.text  # type: ignore[attr-defined]
        assert session.exec(select(Need).where(Need.owner_id == owner.id)).all() == []


class TestInbox:
    def test_preferences_are_saved(self, client: TestClient, session: Session) -> None:
        user = make_user(session, role=UserRole.bureau)
        token = login(client, user)
        response = client.post(
            "/inbox/preferences",
            follow_redirects=False,
            data={
                "_csrf": token,
                "kinds": ["need_fits"],
                "email_enabled": "on",
                "email": "a@example.cn",
            },
        )
        assert response.status_code == 303
        page = client.get("/inbox").text
        assert "通知设置已保存" in page
        assert 'value="a@example.cn"' in page


class TestChainTargets:
    def test_bureau_sets_a_target_as_a_percentage(
        self, client: TestClient, session: Session
    ) -> None:
        token = login(client, make_user(session, role=UserRole.bureau))
        response = client.post(
            "/bureau/targets/xn-electronics", data={"target_percent": "40", "_csrf": token}
        )
        assert response.status_code == 200
        assert "已将「电子信息产业集群」的本地配套率目标设为 40%" in response.text
        assert client.get("/api/v1/chains/xn-electronics").json()["target_rate"] == 0.4
        bad = client.post(
            "/bureau/targets/xn-electronics", data={"target_percent": "140", "_csrf": token}
        )
        assert "目标应在 0% 到 100% 之间" in bad.text

    def test_supplier_cannot_open_targets(self, client: TestClient, session: Session) -> None:
        firm = make_enterprise(session)
        login(client, make_user(session, role=UserRole.supplier, enterprise=firm))
        assert client.get("/bureau/targets").status_code == 403
