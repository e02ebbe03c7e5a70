"""Signing in and out of the back office (Django's own views, Swedish templates)."""

from django.contrib.auth import views as auth_views

from samlas.backoffice.forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "backoffice/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    next_page = "backoffice:login"
