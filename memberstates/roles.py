"""Who may see what: roles are Django groups a secretariat admin can assign.

- Secretariat: everything, read and write.
- Observer: reads everything, changes nothing.
- Focal point: their own member state only (through an active FocalPoint row).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser

if TYPE_CHECKING:
    from aalco.models import User

    from .models import MemberState

SECRETARIAT = "Secretariat"
OBSERVER = "Observer"
FOCAL_POINT = "Focal points"
ROLE_GROUPS = (SECRETARIAT, OBSERVER, FOCAL_POINT)


def _group_names(user: User | AnonymousUser) -> frozenset[str]:
    # Cached on the user object: a page asks several times and should query once.
    cached = getattr(user, "_role_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_group_names = cached  # type: ignore[union-attr]  # a per-request cache
    return cached


def is_secretariat(user: User | AnonymousUser) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or SECRETARIAT in _group_names(user)


def is_observer(user: User | AnonymousUser) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return OBSERVER in _group_names(user) and not is_secretariat(user)


def can_read_all_states(user: User | AnonymousUser) -> bool:
    """Secretariat and observers see every member state."""
    return is_secretariat(user) or is_observer(user)


def focal_point_state(user: User | AnonymousUser) -> MemberState | None:
    """The state an active focal point answers for, else None."""
    if not user.is_authenticated or not user.is_active:
        return None
    if not hasattr(user, "_focal_point_state"):
        from .models import FocalPoint

        fp = (
            FocalPoint.objects.filter(user=user, is_active=True)
            .select_related("member_state")
            .first()
        )
        user._focal_point_state = fp.member_state if fp else None  # type: ignore[attr-defined]  # a per-request cache
    return user._focal_point_state  # type: ignore[attr-defined]  # set just above


def role_of(user: User | AnonymousUser) -> str | None:
    """The role that decides the navigation: secretariat, observer, focal_point or None."""
    if is_secretariat(user):
        return "secretariat"
    if is_observer(user):
        return "observer"
    if focal_point_state(user) is not None:
        return "focal_point"
    return None
