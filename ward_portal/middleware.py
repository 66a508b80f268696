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


class SecureHeadersMiddleware:
    """Headers every response carries (README, "Secure headers"), set once here.

    - Permissions-Policy: no page uses the camera, the microphone or the location (the public
      form asks for an address in words), so every feature is off.
    - Cache-Control: no-store (and Pragma: no-cache for old proxies) on everything except the
      static files and the public pages anyone may cache (`settings.CACHEABLE_PUBLIC_PATHS`,
      for the anonymous only): staff pages and every file download (attachments, reports,
      exports) hold personal or unpublished data that must not stay in a shared computer's
      cache or a proxy. Deny by default: a new staff path is covered without a change here.

    HSTS is Django's SecurityMiddleware (SECURE_HSTS_SECONDS, settings "security headers").
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.cacheable = (settings.STATIC_URL, *settings.CACHEABLE_PUBLIC_PATHS)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if not request.path.startswith(self.cacheable) or self._signed_in(request):
            add_never_cache_headers(response)
            response.headers["Pragma"] = "no-cache"
        return response

    @staticmethod
    def _signed_in(request) -> bool:
        # A public page seen by a signed-in person carries their name in the header.
        user = getattr(request, "user", None)  # none on a static file (WhiteNoise answers)
        return bool(user and user.is_authenticated)


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
        return unavailable_response()


def unavailable_response() -> HttpResponse:
    """The plain 503 page; it needs no database."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    add_never_cache_headers(response)
    return response


def _skip_save(must_create: bool = False) -> None:
    return None
