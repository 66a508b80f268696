import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)


class PortalLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the person chose English with the language selector (its cookie).

    The browser's Accept-Language is ignored on purpose: many Vietnamese users run browsers
    set to English, and the portal is Vietnamese first.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class DatabaseUnavailableMiddleware:
    """A database that is down or does not answer (README, "What the portal guarantees under
    faults") gives every page a plain 503 "service interrupted" page, within the connect and
    call timeouts (settings), instead of a 500 or a request that hangs. The page needs no
    database: no context processors, no user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.warning("database unavailable for %s: %s", request.path, exception)
        session = getattr(request, "session", None)
        if session is not None:
            # Saving it would wait out the timeouts once more and turn the 503 into a 500.
            session.save = _skip_save
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        add_never_cache_headers(response)
        return response


def _skip_save(must_create: bool = False) -> None:
    return None
