"""A page for a section whose issue is still open: it says so instead of pretending."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


def section(name: str, *, public: bool = False):
    def view(request, *args, **kwargs):
        return render(request, "portal/placeholder.html", {"section": name})

    return view if public else login_required(view)
