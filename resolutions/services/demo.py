"""Demo accounts and data for a fresh clone: idempotent, safe to run again."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from memberstates.models import FocalPoint, MemberState
from memberstates.roles import FOCAL_POINT, OBSERVER, SECRETARIAT

if TYPE_CHECKING:
    from .demo_scenario import DemoScenario

SEEDS_DIR = Path(__file__).resolve().parent.parent / "data" / "seeds"
#: Fictional resolutions of the latest session on record, each saying so in its own text.
DEMO_TEXTS_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"
DEMO_PASSWORD = "aalco-demo"  # noqa: S105 — a documented demo credential, never production


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: str
    state_iso3: str | None = None


DEMO_ACCOUNTS = (
    DemoAccount("secretariat@aalco.example", "Secretariat Officer", SECRETARIAT),
    DemoAccount("observer@aalco.example", "Observer", OBSERVER),
    DemoAccount("focal.ind@aalco.example", "Focal Point, India", FOCAL_POINT, "IND"),
    DemoAccount("focal.phl@aalco.example", "Focal Point, Philippines", FOCAL_POINT, "PHL"),
)


def ensure_role_groups() -> dict[str, Group]:
    """The three role groups with their model permissions (a secretariat admin can edit them)."""
    app_perms = Permission.objects.filter(
        content_type__app_label__in=["memberstates", "resolutions"]
    )
    groups = {
        name: Group.objects.get_or_create(name=name)[0]
        for name in (SECRETARIAT, OBSERVER, FOCAL_POINT)
    }
    groups[SECRETARIAT].permissions.set(app_perms)
    groups[OBSERVER].permissions.set(app_perms.filter(Q(codename__startswith="view_")))
    return groups


@transaction.atomic
def load_demo_accounts(*, password: str = DEMO_PASSWORD) -> list[DemoAccount]:
    User = get_user_model()
    groups = ensure_role_groups()
    for account in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(email=account.email, defaults={"name": account.name})
        user.name = account.name
        user.is_active = True
        user.is_staff = account.role == SECRETARIAT  # the admin is part of the secretariat's tools
        user.set_password(password)
        user.save()
        user.groups.add(groups[account.role])
        if account.state_iso3:
            state = MemberState.objects.get(iso3=account.state_iso3)
            if not FocalPoint.objects.filter(
                user=user, member_state=state, is_active=True
            ).exists():
                FocalPoint.objects.filter(
                    member_state=state, role=FocalPoint.Role.MAIN, is_active=True
                ).update(is_active=False)
                FocalPoint.objects.create(
                    user=user,
                    member_state=state,
                    role=FocalPoint.Role.MAIN,
                    position="Legal Adviser, Ministry of Foreign Affairs",
                )
    return list(DEMO_ACCOUNTS)


@dataclass(frozen=True)
class DemoData:
    accounts: list[DemoAccount]
    imported: list[str]  # symbols imported by this run
    already_there: list[str]  # symbols found in the database and left alone
    scenario: DemoScenario | None = None


def load_demo_data(
    *, password: str = DEMO_PASSWORD, today: datetime.date | None = None
) -> DemoData:
    """Demo accounts, the shipped seed and demo resolutions imported through the real import
    path, and a living reporting cycle around them (``demo_scenario``), relative to `today`.

    A resolution whose symbol is already in the database is left alone, so running it again
    never touches what the secretariat has changed since.
    """
    from resolutions.models import Resolution, Session
    from resolutions.parser import parse_many

    from .demo_scenario import build_demo_scenario
    from .imports import import_resolution

    accounts = load_demo_accounts(password=password)
    officer = get_user_model().objects.get(email=DEMO_ACCOUNTS[0].email)
    imported, already_there = [], []
    paths = sorted(SEEDS_DIR.glob("*.txt")) + sorted(DEMO_TEXTS_DIR.glob("*.txt"))
    for path in paths:
        text = path.read_text(encoding="utf-8")
        parsed = parse_many(text)
        symbols = [p.symbol for p in parsed if p.symbol]
        if Resolution.objects.filter(symbol__in=symbols).exists():
            already_there += symbols
            continue
        if not Session.objects.filter(number__in=[p.session for p in parsed]).exists():
            continue  # reference data without that session: nothing to hang it on
        imported.append(import_resolution(text=text, user=officer).symbol)
    scenario = build_demo_scenario(officer=officer, today=today)
    return DemoData(
        accounts=accounts, imported=imported, already_there=already_there, scenario=scenario
    )
