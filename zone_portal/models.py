"""The zone_portal app owns no tables; this module makes Django send it post_migrate (roles)."""
