"""/api/v1/auth — OAuth2 password flow for API clients, sign-out, password change — and the
bureau's switch for accounts (/api/v1/users/{id}/active)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response, status
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel, Field

from service.accounts import service as crud
from service.accounts.deps import LoginGuardDep, PrincipalDep
from service.accounts.security import create_token
from service.core.deps import SessionDep, SettingsDep, UnitOfWorkRoute
from service.core.errors import Unauthorized

router = APIRouter(tags=["auth"], route_class=UnitOfWorkRoute)


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"


class Me(BaseModel):
    id: int
    username: str
    role: str
    enterprise_id: int | None


class PasswordChange(BaseModel):
    current_password: str = Field(max_length=256)
    new_password: str = Field(max_length=256)


class Activation(BaseModel):
    active: bool


@router.post("/auth/token", response_model=Token)
def login_for_token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    session: SessionDep,
    settings: SettingsDep,
    guard: LoginGuardDep,
) -> Token:
    user = guard.sign_in(
        form.username, lambda: crud.authenticate(session, form.username, form.password)
    )
    if user is None or user.id is None:
        raise Unauthorized("用户名或密码错误")
    token = create_token(user.id, settings.secret_key, session_version=user.session_version)
    return Token(access_token=token)


@router.get("/auth/me", response_model=Me)
def me(principal: PrincipalDep) -> Me:
    user = principal.require_user()
    assert user.id is not None
    return Me(id=user.id, username=user.username, role=user.role, enterprise_id=user.enterprise_id)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(session: SessionDep, principal: PrincipalDep) -> Response:
    """End every session and token of the signed-in user, on every device."""
    user = principal.require_user()
    assert user.id is not None
    crud.end_sessions(session, user.id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/auth/password", status_code=status.HTTP_204_NO_CONTENT)
def change_password(data: PasswordChange, session: SessionDep, principal: PrincipalDep) -> Response:
    """A new password; every session and token of the user ends (sign in again)."""
    user = principal.require_user()
    assert user.id is not None
    crud.change_password(session, user.id, current=data.current_password, new=data.new_password)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.put("/users/{user_id}/active", response_model=Activation)
def set_user_active(
    user_id: int, data: Activation, session: SessionDep, principal: PrincipalDep
) -> Activation:
    """The bureau deactivates (every session and token ends) or reactivates an account."""
    principal.require_bureau()
    user = crud.set_active(session, user_id, active=data.active)
    return Activation(active=user.is_active)
