"""The staff roles (zone staff, organisers, viewers) as Django groups, kept in step with the models.

The groups are synchronised after every ``migrate`` (and after the test runner's flushes),
so a new model's permissions reach the right role without a hand-written data migration.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

ZONE_STAFF = "Zone staff"
ORGANISERS = "Organisers"
VIEWERS = "Viewers"

# role -> (apps whose models it may change, apps whose models it may only view)
ROLES = {
    # Zone staff see the outgoing mail (post_office: each message, its status and errors) to
    # answer "I never got my confirmation"; the messages hold other people's personal data
    # and registration links, so organisers and viewers do not.
    # Zone staff also read events and their figures (places taken, waiting lists), not the
    # registrants themselves.
    ZONE_STAFF: (["companies"], ["post_office", "events"]),
    ORGANISERS: (["events"], []),
    VIEWERS: ([], ["companies", "events"]),
}
# Permissions a role never has, though its apps would give them: organisers cancel
# registrations (and may erase a person's data on request), they never delete them.
# Viewers read figures, not the personal data of people who wrote to the zone.
WITHHELD = {
    ORGANISERS: ["delete_registration"],
    ZONE_STAFF: ["view_registration"],
    VIEWERS: ["view_inquiry", "view_registration"],
}


def role_permissions(change_apps, view_apps, using="default"):
    """Return the permissions of a role that changes ``change_apps`` and views ``view_apps``."""
    app_labels = set(change_apps) | set(view_apps)
    content_types = ContentType.objects.db_manager(using).filter(app_label__in=app_labels)
    permissions = Permission.objects.db_manager(using).filter(content_type__in=content_types)
    view_only = permissions.filter(content_type__app_label__in=view_apps, codename__startswith="view_")
    return permissions.filter(content_type__app_label__in=change_apps) | view_only


def sync_roles(using="default", **kwargs):
    """Create the role groups if missing and give each exactly its permissions."""
    if not apps.is_installed("django.contrib.auth"):
        return
    for name, (change_apps, view_apps) in ROLES.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        permissions = role_permissions(change_apps, view_apps, using=using).exclude(
            codename__in=WITHHELD.get(name, [])
        )
        group.permissions.set(permissions)
