from django.urls import path

from . import views

urlpatterns = [
    path("two-factor/", views.verify, name="two_factor_verify"),
    path("security/", views.security, name="account_security"),
    path("security/authenticator/", views.enrol, name="two_factor_enrol"),
    path("security/authenticator/<int:pk>/remove/", views.remove, name="two_factor_remove"),
    path("security/backup-codes/", views.backup_codes, name="two_factor_backup_codes"),
]
