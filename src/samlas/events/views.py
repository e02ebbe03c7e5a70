"""Public event pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "events/home.html")


def event_list(request: HttpRequest) -> HttpResponse:
    return render(request, "events/event_list.html")
