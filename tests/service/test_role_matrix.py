"""Every /api/v1 route, asked by every kind of user: who gets 200/201/204, 401, 403 or 404.

Roles: anonymous; bureau; owner (of the need, the ledger line, the match and the challenge);
another owner; supplier (of the capability and the match); another supplier; institute (链创机构,
the applicant).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import count
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from service.accounts.security import create_token, hash_password
from service.accounts.tables import User, UserRole
from service.challenges.tables import ChallengeStatus
from service.enterprises.tables import Capability, Enterprise, EnterpriseChange
from service.ledger.tables import Purchase
from service.needs.tables import Need
from service.pairings.tables import Match
from tests.challenges.world import PDF, make_application, make_challenge, make_institute
from tests.events.event_world import make_event, make_meeting, make_request, register
from tests.factories import make_capability, make_enterprise, make_need

ROLES = (
    "anonymous",
    "bureau",
    "owner",
    "other_owner",
    "supplier",
    "other_supplier",
    "institute",
)
SECRET = "test-secret-key-with-at-least-32-bytes"


@cache
def _password_hash() -> str:
    return hash_password("correct horse battery")  # hashed once: argon2 is slow on purpose


@dataclass
class World:
    session: Session
    owner: Enterprise
    other_owner: Enterprise
    supplier: Enterprise
    other_supplier: Enterprise
    headers: dict[str, dict[str, str]]
    institute: Enterprise

    def need(self) -> Need:
        return make_need(
            self.session, owner=self.owner, title="精密冲压件", description="SPCC 冲压 汽车支架"
        )

    def capability(self) -> Capability:
        return make_capability(self.session, supplier=self.supplier, title="精密冲压件加工")

    def purchase(self) -> Purchase:
        line = Purchase(
            owner_id=self.owner.id,
            item="冲压件",
            item_key="冲压件",
            supplier_name="东莞某厂",
            supplier_key="东莞某厂",
            supplier_region="441900",
            amount=Decimal("100"),
            period="2026-03",
        )
        return _saved(self.session, line)

    def match(self) -> Match:
        return _saved(self.session, Match(need_id=self.need().id, supplier_id=self.supplier.id))

    def disposable_firm(self) -> Enterprise:
        return make_enterprise(self.session)

    def change(self) -> EnterpriseChange:
        proposal = EnterpriseChange(
            enterprise_id=self.supplier.id, changes={"region_code": "421221"}
        )
        return _saved(self.session, proposal)

    def disposable_user(self) -> User:
        user = User(username=f"u{next(_files)}", password_hash=_password_hash(), role="bureau")
        return _saved(self.session, user)


def _saved(session: Session, row: Any) -> Any:
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


def _user(
    session: Session, role: UserRole, name: str, enterprise: Enterprise | None
) -> dict[str, str]:
    user = _saved(
        session,
        User(
            username=name,
            password_hash=_password_hash(),
            role=role,
            enterprise_id=enterprise.id if enterprise else None,
        ),
    )
    return {"Authorization": f"Bearer {create_token(user.id, SECRET)}"}


@pytest.fixture
def world(client: TestClient, session: Session) -> World:
    owner = make_enterprise(session, name="甲链主有限公司", owner=True, supplier=False)
    other_owner = make_enterprise(session, name="乙链主有限公司", owner=True, supplier=False)
    supplier = make_enterprise(session, name="丙配套有限公司")
    other_supplier = make_enterprise(session, name="丁配套有限公司")
    institute = make_institute(session, name="戊理工大学")
    headers = {
        "anonymous": {},
        "bureau": _user(session, UserRole.bureau, "jxj", None),
        "owner": _user(session, UserRole.owner, "jia", owner),
        "other_owner": _user(session, UserRole.owner, "yi", other_owner),
        "supplier": _user(session, UserRole.supplier, "bing", supplier),
        "other_supplier": _user(session, UserRole.supplier, "ding", other_supplier),
        "institute": _user(session, UserRole.institute, "wu", institute),
    }
    return World(session, owner, other_owner, supplier, other_supplier, headers, institute)


Request = Callable[[TestClient, World, dict[str, str]], Any]
_files = count(1)


def ledger_file() -> bytes:
    """A new file each call, so an import is never the duplicate of an earlier one."""
    header = "owner,item,supplier,supplier_region,amount,period\n"
    return f"{header}甲,冲压件{next(_files)},东莞某厂,441900,100,2026-03\n".encode()


def everyone(code: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, code)


def only(ok: int, *allowed: str, others: int = 403) -> dict[str, int]:
    expected = dict.fromkeys(ROLES, others)
    expected.update(dict.fromkeys(allowed, ok))
    expected["anonymous"] = 401
    return expected


CASES: dict[str, tuple[Request, dict[str, int]]] = {
    "GET enterprises": (lambda c, w, h: c.get("/api/v1/enterprises", headers=h), everyone(200)),
    "POST enterprises": (
        lambda c, w, h: c.post(
            "/api/v1/enterprises",
            headers=h,
            json={"name": "新登记企业有限公司", "region_code": "421202", "roles": ["supplier"]},
        ),
        only(201, "bureau"),
    ),
    "GET enterprise": (
        lambda c, w, h: c.get(f"/api/v1/enterprises/{w.supplier.id}", headers=h),
        everyone(200),
    ),
    "PATCH enterprise": (
        lambda c, w, h: c.patch(
            f"/api/v1/enterprises/{w.supplier.id}", headers=h, json={"address": "咸安区"}
        ),
        only(200, "bureau", "supplier"),
    ),
    "GET enterprise changes": (
        lambda c, w, h: c.get(f"/api/v1/enterprises/{w.supplier.id}/changes", headers=h),
        only(200, "bureau", "supplier"),
    ),
    "POST enterprise change decision": (
        lambda c, w, h: c.post(
            f"/api/v1/enterprises/{w.supplier.id}/changes/{w.change().id}/reject", headers=h
        ),
        only(200, "bureau"),
    ),
    "DELETE enterprise": (
        lambda c, w, h: c.delete(f"/api/v1/enterprises/{w.disposable_firm().id}", headers=h),
        only(204, "bureau"),
    ),
    "GET needs": (lambda c, w, h: c.get("/api/v1/needs", headers=h), everyone(200)),
    "POST need": (
        lambda c, w, h: c.post(
            "/api/v1/needs", headers=h, json={"owner_id": w.owner.id, "title": "铸件毛坯"}
        ),
        only(201, "bureau", "owner"),
    ),
    "GET need": (lambda c, w, h: c.get(f"/api/v1/needs/{w.need().id}", headers=h), everyone(200)),
    "PATCH need": (
        lambda c, w, h: c.patch(
            f"/api/v1/needs/{w.need().id}", headers=h, json={"status": "closed"}
        ),
        only(200, "bureau", "owner"),
    ),
    "DELETE need": (
        lambda c, w, h: c.delete(f"/api/v1/needs/{w.need().id}", headers=h),
        only(204, "bureau", "owner"),
    ),
    "GET capabilities": (lambda c, w, h: c.get("/api/v1/capabilities", headers=h), everyone(200)),
    "POST capability": (
        lambda c, w, h: c.post(
            "/api/v1/capabilities",
            headers=h,
            json={"supplier_id": w.supplier.id, "title": "钣金加工"},
        ),
        only(201, "bureau", "supplier"),
    ),
    "GET capability": (
        lambda c, w, h: c.get(f"/api/v1/capabilities/{w.capability().id}", headers=h),
        everyone(200),
    ),
    "PATCH capability": (
        lambda c, w, h: c.patch(
            f"/api/v1/capabilities/{w.capability().id}", headers=h, json={"capacity": "月产1万件"}
        ),
        only(200, "bureau", "supplier"),
    ),
    "DELETE capability": (
        lambda c, w, h: c.delete(f"/api/v1/capabilities/{w.capability().id}", headers=h),
        only(204, "bureau", "supplier"),
    ),
    "GET purchases of the owner": (
        lambda c, w, h: c.get("/api/v1/purchases", params={"owner_id": w.owner.id}, headers=h),
        only(200, "bureau", "owner"),
    ),
    "POST purchase": (
        lambda c, w, h: c.post(
            "/api/v1/purchases",
            headers=h,
            json={
                "owner_id": w.owner.id,
                "item": "冲压件",
                "supplier_name": "东莞某厂",
                "supplier_region": "441900",
                "amount": "10",
                "period": "2026-03",
            },
        ),
        only(201, "bureau", "owner"),
    ),
    "GET purchase": (
        lambda c, w, h: c.get(f"/api/v1/purchases/{w.purchase().id}", headers=h),
        only(200, "bureau", "owner"),
    ),
    "DELETE purchase": (
        lambda c, w, h: c.delete(f"/api/v1/purchases/{w.purchase().id}", headers=h),
        only(204, "bureau", "owner"),
    ),
    "POST ledger import": (
        lambda c, w, h: c.post(
            "/api/v1/purchases/import",
            params={"owner_id": w.owner.id},
            headers=h,
            files={"file": ("ledger.csv", ledger_file(), "text/csv")},
        ),
        only(201, "bureau", "owner"),
    ),
    "GET chains": (lambda c, w, h: c.get("/api/v1/chains", headers=h), everyone(200)),
    "GET chain": (lambda c, w, h: c.get("/api/v1/chains/xn-metallurgy", headers=h), everyone(200)),
    "PATCH chain target": (
        lambda c, w, h: c.patch(
            "/api/v1/chains/xn-metallurgy", headers=h, json={"target_rate": 0.4}
        ),
        only(200, "bureau"),
    ),
    "GET regions": (lambda c, w, h: c.get("/api/v1/regions", headers=h), everyone(200)),
    "GET region": (lambda c, w, h: c.get("/api/v1/regions/421200", headers=h), everyone(200)),
    "GET region tree": (
        lambda c, w, h: c.get("/api/v1/regions/421200/tree", headers=h),
        everyone(200),
    ),
    "GET industries": (lambda c, w, h: c.get("/api/v1/industries", headers=h), everyone(200)),
    "GET industry": (lambda c, w, h: c.get("/api/v1/industries/C", headers=h), everyone(200)),
    "GET certifications": (
        lambda c, w, h: c.get("/api/v1/certifications", headers=h),
        everyone(200),
    ),
    "GET need matches": (
        lambda c, w, h: c.get(f"/api/v1/needs/{w.need().id}/matches", headers=h),
        only(200, "bureau", "owner"),
    ),
    "GET opportunities": (
        lambda c, w, h: c.get(f"/api/v1/enterprises/{w.supplier.id}/opportunities", headers=h),
        only(200, "bureau", "supplier"),
    ),
    "GET matches": (lambda c, w, h: c.get("/api/v1/matches", headers=h), only(200, *ROLES[1:])),
    "POST match": (
        lambda c, w, h: c.post(
            "/api/v1/matches",
            headers=h,
            json={"need_id": w.need().id, "supplier_id": w.supplier.id},
        ),
        only(201, "bureau", "owner", "supplier"),
    ),
    "GET match": (
        lambda c, w, h: c.get(f"/api/v1/matches/{w.match().id}", headers=h),
        only(200, "bureau", "owner", "supplier", others=404),
    ),
    "POST transition shortlisted": (
        lambda c, w, h: c.post(
            f"/api/v1/matches/{w.match().id}/transition", headers=h, json={"to": "shortlisted"}
        ),
        {**only(200, "bureau", "owner", others=404), "supplier": 403},
    ),
    "POST transition interested": (
        lambda c, w, h: c.post(
            f"/api/v1/matches/{w.match().id}/transition", headers=h, json={"to": "interested"}
        ),
        {**only(200, "bureau", "supplier", others=404), "owner": 403},
    ),
    "GET auth me": (lambda c, w, h: c.get("/api/v1/auth/me", headers=h), only(200, *ROLES[1:])),
    "POST auth logout": (
        lambda c, w, h: c.post("/api/v1/auth/logout", headers=h),
        only(204, *ROLES[1:]),
    ),
    "POST auth password": (
        lambda c, w, h: c.post(
            "/api/v1/auth/password",
            headers=h,
            json={"current_password": "correct horse battery", "new_password": "another long one"},
        ),
        only(204, *ROLES[1:]),
    ),
    "PUT user active": (
        lambda c, w, h: c.put(
            f"/api/v1/users/{w.disposable_user().id}/active", headers=h, json={"active": False}
        ),
        only(200, "bureau"),
    ),
}
for figure in ("rates", "single-source", "gaps", "projected", "funnel"):
    CASES[f"GET metrics {figure} of the owner"] = (
        lambda c, w, h, f=figure: c.get(
            f"/api/v1/metrics/{f}", params={"owner_id": w.owner.id}, headers=h
        ),
        only(200, "bureau", "owner"),
    )


# -- 产销对接会 (/api/v1/events): each call gets an event of its own, in the status the route needs.


def _event(w: World, status: str) -> Any:
    event = make_event(w.session, status=status)
    register(w.session, event, w.owner, "owner")
    register(w.session, event, w.supplier, "supplier")
    return event


def _event_request(w: World, status: str = "pending") -> tuple[Any, Any]:
    event = _event(w, "open")
    return event, make_request(w.session, event, w.owner, w.supplier, status=status)


def _event_meeting(w: World, status: str, attendance: str = "scheduled") -> tuple[Any, Any]:
    event = _event(w, status)
    need = w.need()
    return event, make_meeting(
        w.session, event, w.owner, w.supplier, need=need, attendance=attendance
    )


def _new_event() -> dict[str, Any]:
    return {
        "name": "汽车零部件产销对接会",
        "event_date": "2026-12-18",
        "slot_count": 4,
        "table_count": 2,
    }


def _agenda(c: TestClient, w: World, h: dict[str, str], suffix: str) -> Any:
    event = _event_meeting(w, "published")[0]
    return c.get(
        f"/api/v1/events/{event.id}/{suffix}", params={"enterprise_id": w.owner.id}, headers=h
    )


def _meeting_url(w: World, status: str, attendance: str = "scheduled") -> str:
    event, meeting = _event_meeting(w, status, attendance)
    return f"/api/v1/events/{event.id}/meetings/{meeting.id}"


def _request_url(w: World) -> str:
    event, request = _event_request(w)
    return f"/api/v1/events/{event.id}/requests/{request.id}"


SIGNED_IN = only(200, *ROLES[1:])
EVENT_CASES: dict[str, tuple[Request, dict[str, int]]] = {
    "GET events": (lambda c, w, h: c.get("/api/v1/events", headers=h), SIGNED_IN),
    "POST events": (
        lambda c, w, h: c.post("/api/v1/events", headers=h, json=_new_event()),
        only(201, "bureau"),
    ),
    "GET event": (
        lambda c, w, h: c.get(f"/api/v1/events/{_event(w, 'open').id}", headers=h),
        SIGNED_IN,
    ),
    "GET draft event": (
        lambda c, w, h: c.get(f"/api/v1/events/{_event(w, 'draft').id}", headers=h),
        only(200, "bureau", others=404),
    ),
    "PATCH event": (
        lambda c, w, h: c.patch(
            f"/api/v1/events/{_event(w, 'open').id}", headers=h, json={"place": "温泉宾馆"}
        ),
        only(200, "bureau"),
    ),
    "POST event transition": (
        lambda c, w, h: c.post(
            f"/api/v1/events/{_event(w, 'draft').id}/transition", headers=h, json={"to": "open"}
        ),
        only(200, "bureau"),
    ),
    "POST event registration of the owner": (
        lambda c, w, h: c.post(
            f"/api/v1/events/{make_event(w.session).id}/registrations",
            headers=h,
            json={"enterprise_id": w.owner.id},
        ),
        only(201, "bureau", "owner"),
    ),
    "GET event registrations": (
        lambda c, w, h: c.get(f"/api/v1/events/{_event(w, 'open').id}/registrations", headers=h),
        SIGNED_IN,
    ),
    "GET event candidates of the owner": (
        lambda c, w, h: c.get(
            f"/api/v1/events/{_event(w, 'open').id}/candidates",
            params={"enterprise_id": w.owner.id},
            headers=h,
        ),
        only(200, "bureau", "owner", others=404),
    ),
    "POST event request": (
        lambda c, w, h: c.post(
            f"/api/v1/events/{_event(w, 'open').id}/requests",
            headers=h,
            json={"owner_id": w.owner.id, "supplier_id": w.supplier.id},
        ),
        only(201, "bureau", "owner", "supplier"),
    ),
    "GET event requests": (
        lambda c, w, h: c.get(f"/api/v1/events/{_event(w, 'open').id}/requests", headers=h),
        SIGNED_IN,
    ),
    "POST event request answer": (
        lambda c, w, h: c.post(f"{_request_url(w)}/answer", headers=h, json={"accept": True}),
        {**only(200, "bureau", "supplier", others=404), "owner": 403},
    ),
    "DELETE event request": (
        lambda c, w, h: c.delete(_request_url(w), headers=h),
        only(204, "bureau"),
    ),
    "POST event schedule": (
        lambda c, w, h: c.post(f"/api/v1/events/{_event(w, 'scheduling').id}/schedule", headers=h),
        only(200, "bureau"),
    ),
    "GET event meetings": (
        lambda c, w, h: c.get(
            f"/api/v1/events/{_event_meeting(w, 'published')[0].id}/meetings", headers=h
        ),
        SIGNED_IN,
    ),
    "PATCH event meeting": (
        lambda c, w, h: c.patch(_meeting_url(w, "scheduling"), headers=h, json={"slot": 2}),
        only(200, "bureau"),
    ),
    "GET event agenda of the owner": (
        lambda c, w, h: _agenda(c, w, h, "agenda"),
        only(200, "bureau", "owner", others=404),
    ),
    "GET event agenda.xlsx of the owner": (
        lambda c, w, h: _agenda(c, w, h, "agenda.xlsx"),
        only(200, "bureau", "owner", others=404),
    ),
    "POST event meeting check-in": (
        lambda c, w, h: c.post(
            f"{_meeting_url(w, 'published')}/check-in", headers=h, json={"attendance": "held"}
        ),
        only(200, "bureau"),
    ),
    "POST event meeting outcome": (
        lambda c, w, h: c.post(
            f"{_meeting_url(w, 'published', 'held')}/outcome",
            headers=h,
            json={"result": "interested"},
        ),
        # The bureau must say which side it records for: without it, 422.
        {**only(200, "owner", "supplier", others=404), "bureau": 422},
    ),
    "GET event report": (
        lambda c, w, h: c.get(f"/api/v1/events/{_event(w, 'held').id}/report", headers=h),
        only(200, "bureau"),
    ),
}
CASES.update(EVENT_CASES)


def _challenge(w: World, status: str = "published", disclosure: str = "public") -> Any:
    return make_challenge(
        w.session, owner=w.owner, status=ChallengeStatus(status), disclosure=disclosure
    )


def _challenge_url(w: World, status: str = "published", disclosure: str = "public") -> str:
    return f"/api/v1/challenges/{_challenge(w, status, disclosure).id}"


def _application(w: World, status: str = "published", awarded: bool = False) -> tuple[Any, Any]:
    challenge = _challenge(w, status)
    application = make_application(
        w.session,
        challenge=challenge,
        institute=w.institute,
        status="awarded" if awarded else "submitted",
    )
    return challenge, application


def _application_file_url(c: TestClient, w: World) -> str:
    challenge = _challenge(w)
    applicant = w.headers["institute"]
    form = {"approach": "方案", "team": "团队", "budget_wan": "10", "timeline": "一年"}
    made = c.post(
        f"/api/v1/challenges/{challenge.id}/applications",
        headers=applicant,
        data=form,
        files={"file": ("p.pdf", PDF, "application/pdf")},
    ).json()
    return f"/api/v1/challenges/{challenge.id}/applications/{made['id']}/file"


def _requested_grant_url(c: TestClient, w: World) -> str:
    url = _challenge_url(w, disclosure="on_request")
    c.post(f"{url}/access-requests", headers=w.headers["institute"])
    return f"{url}/access-requests/{w.institute.id}/grant"


def _milestone(w: World) -> tuple[str, dict[str, Any]]:
    """The milestones URL of a challenge in progress, and a milestone for its awarded application."""
    challenge, application = _application(w, "in_progress", awarded=True)
    body = {
        "application_id": application.id,
        "due_on": "2027-06-30",
        "deliverable": "样机",
        "payment_wan": "5",
    }
    return f"/api/v1/challenges/{challenge.id}/milestones", body


def _post_milestone(c: TestClient, w: World, h: dict[str, str]) -> Any:
    url, body = _milestone(w)
    return c.post(url, headers=h, json=body)


def _key_link(c: TestClient, w: World) -> int:
    body = {"year": 2026, "title": f"关键环节{next(_files)}"}
    made = c.post("/api/v1/chains/xn-equipment/key-links", headers=w.headers["bureau"], json=body)
    return int(made.json()["id"])


def _chain_need(w: World) -> Need:
    return make_need(w.session, owner=w.owner, title="线控转向电机", chain_code="xn-equipment")


def _challenge_body(w: World) -> dict[str, Any]:
    return {
        "owner_id": w.owner.id,
        "chain_code": "xn-equipment",
        "title": "线控转向执行器攻关",
        "problem": "执行器响应时间不足",
        "expected_result": "样机",
        "budget_wan": "200",
        "duration_months": 18,
        "deadline": "2027-06-30",
    }


def _institute_profile() -> dict[str, Any]:
    return {"kind": "高校", "research_fields": ["激光焊接"], "platforms": ["焊接实验室"]}


OWNER_OR_BUREAU = only(200, "bureau", "owner")
CHALLENGE_CASES: dict[str, tuple[Request, dict[str, int]]] = {
    "GET challenges": (lambda c, w, h: c.get("/api/v1/challenges", headers=h), SIGNED_IN),
    "POST challenges": (
        lambda c, w, h: c.post("/api/v1/challenges", headers=h, json=_challenge_body(w)),
        only(201, "bureau", "owner"),
    ),
    "POST challenge from a need": (
        lambda c, w, h: c.post(f"/api/v1/challenges/from-need/{_chain_need(w).id}", headers=h),
        only(201, "bureau", "owner", others=404),
    ),
    "GET published challenge": (lambda c, w, h: c.get(_challenge_url(w), headers=h), SIGNED_IN),
    "GET draft challenge": (
        lambda c, w, h: c.get(_challenge_url(w, "draft"), headers=h),
        only(200, "bureau", "owner", others=404),
    ),
    "PATCH draft challenge": (
        lambda c, w, h: c.patch(_challenge_url(w, "draft"), headers=h, json={"summary": "新摘要"}),
        only(200, "bureau", "owner", others=404),
    ),
    "POST challenge submission": (
        lambda c, w, h: c.post(
            f"{_challenge_url(w, 'draft')}/transition", headers=h, json={"to": "submitted"}
        ),
        only(200, "bureau", "owner", others=404),
    ),
    "POST challenge publication": (
        lambda c, w, h: c.post(
            f"{_challenge_url(w, 'submitted')}/transition", headers=h, json={"to": "published"}
        ),
        {**only(200, "bureau", others=404), "owner": 403},
    ),
    "GET challenge history": (
        lambda c, w, h: c.get(f"{_challenge_url(w)}/history", headers=h),
        OWNER_OR_BUREAU,
    ),
    "PUT challenge key link": (
        lambda c, w, h: c.put(
            f"{_challenge_url(w)}/key-link", headers=h, json={"key_link_id": _key_link(c, w)}
        ),
        only(200, "bureau"),
    ),
    "GET challenge candidates": (
        lambda c, w, h: c.get(f"{_challenge_url(w)}/candidates", headers=h),
        OWNER_OR_BUREAU,
    ),
    "POST challenge access request": (
        lambda c, w, h: c.post(
            f"{_challenge_url(w, disclosure='on_request')}/access-requests", headers=h
        ),
        only(201, "institute"),
    ),
    "GET challenge access requests": (
        lambda c, w, h: c.get(f"{_challenge_url(w)}/access-requests", headers=h),
        OWNER_OR_BUREAU,
    ),
    "POST challenge access grant": (
        lambda c, w, h: c.post(_requested_grant_url(c, w), headers=h),
        OWNER_OR_BUREAU,
    ),
    "POST challenge application": (
        lambda c, w, h: c.post(
            f"{_challenge_url(w)}/applications",
            headers=h,
            data={"approach": "方案", "team": "团队", "budget_wan": "10", "timeline": "一年"},
        ),
        only(201, "institute"),
    ),
    "GET challenge applications": (
        lambda c, w, h: c.get(
            f"/api/v1/challenges/{_application(w)[0].id}/applications", headers=h
        ),
        only(200, "bureau", "owner", "institute"),
    ),
    "GET challenge application file": (
        lambda c, w, h: c.get(_application_file_url(c, w), headers=h),
        only(200, "bureau", "owner", "institute", others=404),
    ),
    "POST challenge milestone": (
        lambda c, w, h: _post_milestone(c, w, h),
        only(201, "bureau", "owner"),
    ),
    "GET challenge milestones": (
        lambda c, w, h: c.get(_milestone(w)[0], headers=h),
        only(200, "bureau", "owner", "institute"),
    ),
    "GET institute profile": (
        lambda c, w, h: c.get(f"/api/v1/institutes/{w.institute.id}/profile", headers=h),
        SIGNED_IN,
    ),
    "PUT institute profile": (
        lambda c, w, h: c.put(
            f"/api/v1/institutes/{w.institute.id}/profile", headers=h, json=_institute_profile()
        ),
        only(200, "bureau", "institute"),
    ),
    "GET institute challenges": (
        lambda c, w, h: c.get(f"/api/v1/institutes/{w.institute.id}/challenges", headers=h),
        only(200, "bureau", "institute"),
    ),
    "GET chain key links": (
        lambda c, w, h: c.get("/api/v1/chains/xn-equipment/key-links", headers=h),
        SIGNED_IN,
    ),
    "POST chain key link": (
        lambda c, w, h: c.post(
            "/api/v1/chains/xn-equipment/key-links",
            headers=h,
            json={"year": 2026, "title": "线控转向执行器"},
        ),
        only(201, "bureau"),
    ),
}
CASES.update(CHALLENGE_CASES)


@pytest.mark.parametrize("case", list(CASES))
def test_role_matrix(client: TestClient, world: World, case: str) -> None:
    call, expected = CASES[case]
    got = {role: call(client, world, world.headers[role]).status_code for role in ROLES}
    assert got == expected
