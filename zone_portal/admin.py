from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Zone portal administration")
admin.site.site_title = _("Zone portal")
admin.site.index_title = _("Companies, cities and events")
