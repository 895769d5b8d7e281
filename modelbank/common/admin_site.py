"""The admin, grouped as the seeds describe: "AI & Automation" (AIModelConfig first, then
IntegrationProvider), "Credits", then the rest."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

# (group name, [(app_label, object_name) in display order]); unlisted models of a
# listed app follow in alphabetical order.
ADMIN_GROUPS = [
    ("AI & Automation", ["catalog", "preferences", "ai"],
     [("catalog", "AIModelConfig"), ("catalog", "IntegrationProvider"), ("preferences", "GlobalIntegrationSettings")]),
    ("Credits", ["credits"], []),
    ("Accounts", ["accounts", "auth"], []),
]


class ModelbankAdminSite(admin.AdminSite):
    site_header = "modelbank administration"
    site_title = "modelbank admin"
    index_title = "Platform administration"

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        if app_label:
            return apps
        by_app = {app["app_label"]: app for app in apps}
        grouped, used = [], set()
        for name, labels, order in ADMIN_GROUPS:
            models = [m for label in labels for m in by_app.get(label, {}).get("models", [])]
            if not models:
                continue
            rank = {key: i for i, key in enumerate(order)}
            models.sort(key=lambda m: (rank.get((_label(m), m["object_name"]), len(rank)), m["name"]))
            first = by_app.get(labels[0]) or next(by_app[label] for label in labels if label in by_app)
            grouped.append({**first, "name": name, "models": models})
            used.update(labels)
        return grouped + [app for app in apps if app["app_label"] not in used]


def _label(model_dict) -> str:
    return model_dict["model"]._meta.app_label


class ModelbankAdminConfig(AdminConfig):
    default_site = "modelbank.common.admin_site.ModelbankAdminSite"
