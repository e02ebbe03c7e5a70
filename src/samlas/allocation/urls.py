"""The allocation pages, included in the back office under evenemang/<pk>/platsfordelning/.

No namespace of their own: the names join `backoffice:` (e.g. `backoffice:allocation`), so
the back office's tenant-isolation test walks them with every other event page.
"""

from django.urls import path

from samlas.allocation import views

urlpatterns = [
    path("", views.overview, name="allocation"),
    path("kor/", views.start, name="allocation_start"),
    path("status/", views.progress, name="allocation_progress"),
    path("kapacitet/", views.capacities, name="allocation_capacities"),
    path("sista-dag/", views.deadline, name="allocation_deadline"),
    path("publicera/", views.publish, name="allocation_publish"),
    path("export/", views.download, name="allocation_download"),
]
