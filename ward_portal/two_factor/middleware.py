from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from . import services

# Pages a session owing a step may still open: the page that collects it, logging out,
# and choosing the language.
OPEN_WHILE_OWING = {
    services.OWES_CODE: {"two_factor_verify", "logout", "set_language"},
    services.OWES_ENROLMENT: {"two_factor_enrol", "logout", "set_language"},
}
PAGE_FOR = {
    services.OWES_CODE: "two_factor_verify",
    services.OWES_ENROLMENT: "two_factor_enrol",
}


class TwoFactorMiddleware:
    """Sends a logged-in session that still owes a code or an enrolment to the page that
    collects it, whatever it asked for (the admin included). Installed after OTPMiddleware.

    What is owed is noted in the session at login (services.session_start), so a settled
    session costs no query; a session from before two-factor login existed is judged once.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        step = request.session.get(services.STATE_KEY)
        if step is None:
            verified = request.user.is_verified()
            step = services.SETTLED if verified else services.owed_step(request.user)
            request.session[services.STATE_KEY] = step
        if step == services.SETTLED:
            return None
        if request.resolver_match.url_name in OPEN_WHILE_OWING[step]:
            return None
        query = urlencode({"next": request.get_full_path()}, safe="/")
        return redirect(f"{reverse(PAGE_FOR[step])}?{query}")
