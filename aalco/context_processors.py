from __future__ import annotations

from django.http import HttpRequest

from memberstates.roles import focal_point_state, role_of


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_role": None, "nav_state": None}
    role = role_of(user)
    return {
        "nav_role": role,
        "nav_state": focal_point_state(user) if role == "focal_point" else None,
    }
