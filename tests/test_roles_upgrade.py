"""Roles made by an earlier release gain this release's permissions on ``migrate``, and keep an
administrator's own changes (``peopleplan/migrations/0002_roles_gain_this_releases_permissions``)."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import connection

from peopleplan.roles import ROLE_PERMISSIONS

migration = importlib.import_module("peopleplan.migrations.0002_roles_gain_this_releases_permissions")


def codes(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def added(role):
    return {f"{app}.{codename}" for app, _, codename, _ in migration.ADDED[role]}


@pytest.mark.django_db
def test_roles_of_an_earlier_release_gain_exactly_this_releases_permissions():
    groups = {name: Group.objects.get(name=name) for name in migration.ADDED}
    extra = Permission.objects.get(content_type__app_label="auth", codename="delete_user")
    for name, group in groups.items():  # as the earlier release left them, plus an administrator's own grant
        group.permissions.remove(*Permission.objects.filter(codename__in=[c for _, _, c, _ in migration.ADDED[name]]))
        group.permissions.add(extra)
        assert not added(name) & codes(group)

    migration.grant(apps, SimpleNamespace(connection=connection))

    for name, group in groups.items():
        assert codes(group) == set(ROLE_PERMISSIONS[name]) | {"auth.delete_user"}


@pytest.mark.django_db
def test_every_permission_the_migration_names_is_one_the_role_has_today():
    for role in migration.ADDED:
        assert added(role) <= set(ROLE_PERMISSIONS[role])
    for app, model, codename, name in (row for rows in migration.ADDED.values() for row in rows):
        assert Permission.objects.filter(
            content_type__app_label=app, content_type__model=model, codename=codename, name=name
        ).exists()
