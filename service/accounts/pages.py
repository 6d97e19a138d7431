"""The landing page, firm registration (reviewed by the bureau), sign-in and sign-out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from catalogs.chains import load_chains
from catalogs.regions import load_regions
from service import stats
from service.accounts import service as users
from service.accounts.deps import LoginGuardDep
from service.accounts.tables import UserRole
from service.accounts.throttle import TooManyAttempts
from service.core.errors import PeitaoError
from service.enterprises import service as enterprises
from service.enterprises.schemas import EnterpriseCreate
from service.enterprises.tables import EnterpriseStatus, Role
from service.web import forms
from service.web.context import WebDep
from service.web.session import FormDep, sign_in, sign_out

router = APIRouter()
HOME_BY_ROLE = {
    "bureau": "/bureau",
    "owner": "/owner",
    "supplier": "/supplier",
    "institute": "/institute",
}


@router.get("/", response_class=HTMLResponse)
def landing(web: WebDep) -> Response:
    return web.render("landing.html", counts=stats.record_counts(web.session))


@router.get("/home")
def home(web: WebDep) -> Response:
    user = web.require()
    return RedirectResponse(HOME_BY_ROLE.get(user.role, "/"), status_code=303)


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else ""


@router.get("/login", response_class=HTMLResponse)
def login_page(web: WebDep, next_: Annotated[str, Query(alias="next")] = "") -> Response:
    return web.render("login.html", next=_safe_next(next_), error=None, username="")


@router.post("/login")
def login(web: WebDep, form: FormDep, guard: LoginGuardDep) -> Response:
    username, password = forms.text(form, "username"), forms.text(form, "password")
    page = {"username": username, "next": forms.text(form, "next")}
    try:
        user = guard.sign_in(username, lambda: users.authenticate(web.session, username, password))
    except TooManyAttempts as exc:
        response = web.render("login.html", status_code=429, error=exc.message, **page)
        response.headers.update(exc.headers)
        return response
    if user is None or user.id is None:
        return web.render("login.html", status_code=401, error="用户名或密码错误", **page)
    sign_in(web.request, user.id, user.session_version)
    return web.redirect(_safe_next(page["next"]) or HOME_BY_ROLE.get(user.role, "/"))


@router.post("/logout")
def logout(web: WebDep, _form: FormDep) -> Response:
    """Sign out everywhere: every page session and API token of this user ends."""
    user = web.principal.user
    if user is not None and user.id is not None:
        users.end_sessions(web.session, user.id)
    sign_out(web.request)
    return RedirectResponse("/", status_code=303)


@router.get("/account/password", response_class=HTMLResponse)
def password_page(web: WebDep) -> Response:
    web.require()
    return web.render("password.html", error=None)


@router.post("/account/password")
def change_password(web: WebDep, form: FormDep) -> Response:
    """A new password ends every session of the user, this one too: sign in again."""
    user = web.require()
    assert user.id is not None
    try:
        users.change_password(
            web.session,
            user.id,
            current=forms.text(form, "current_password"),
            new=forms.text(form, "new_password"),
        )
    except PeitaoError as exc:
        message, _errors = forms.domain_error(web.session, exc)
        return web.render("password.html", status_code=exc.status_code, error=message)
    sign_out(web.request)
    return web.redirect("/login", "密码已修改，请用新密码重新登录")


def _register_page(
    web: WebDep, form: FormData, *, error: str | None, errors: dict[str, str], status: int
) -> Response:
    home = web.settings.home_region
    regions = [load_regions().require(home), *load_regions().children(home)]
    chains = load_chains(web.settings.chain_set)
    return web.render(
        "register.html",
        status_code=status,
        form=form,
        error=error,
        errors=errors,
        regions=regions,
        chains=chains,
    )


@router.get("/register", response_class=HTMLResponse)
def register_page(web: WebDep) -> Response:
    return _register_page(web, FormData(), error=None, errors={}, status=200)


@router.post("/register")
def register(web: WebDep, form: FormDep) -> Response:
    role = UserRole.owner if forms.text(form, "role") == "owner" else UserRole.supplier
    try:
        data = EnterpriseCreate(
            name=forms.text(form, "name"),
            credit_code=forms.optional(form, "credit_code"),
            roles=[Role.owner if role == UserRole.owner else Role.supplier],
            region_code=forms.text(form, "region_code"),
            chain_codes=[c for c in form.getlist("chain_codes") if isinstance(c, str)],
            description=forms.text(form, "description"),
            contact_name=forms.text(form, "contact_name"),
            contact_phone=forms.text(form, "contact_phone"),
        )
    except ValidationError as exc:
        errors = forms.validation_errors(exc)
        return _register_page(web, form, error=forms.summary(errors), errors=errors, status=422)
    try:
        firm = enterprises.create(
            web.session,
            data,
            threshold=web.settings.duplicate_name_threshold,
            status=EnterpriseStatus.pending,
        )
        users.create(
            web.session,
            username=forms.text(form, "username"),
            password=form.get("password") if isinstance(form.get("password"), str) else "",  # type: ignore[arg-type]
            role=role,
            enterprise_id=firm.id,
        )
    except PeitaoError as exc:
        message, errors = forms.domain_error(web.session, exc)
        return _register_page(web, form, error=message, errors=errors, status=exc.status_code)
    return web.redirect(
        "/login",
        f"注册已提交：{firm.name}。经信局审核通过后企业信息对外可见，现在即可登录完善资料。",
    )
