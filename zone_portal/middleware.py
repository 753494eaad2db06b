"""Staff sessions that end after a working day without activity."""

import time

from django.conf import settings

# When the session's expiry was last moved (seconds since the epoch).
REFRESHED_AT = "zone_session_refreshed_at"
# Move it at most this often: a session write per staff request would cost three queries on
# every admin page for a precision nobody needs; ten hours give or take ten minutes.
REFRESH_EVERY = 10 * 60


def stamp_session_on_login(sender, request, user, **kwargs):
    """Note the sign-in as the session's last refresh (a ``user_logged_in`` receiver)."""
    request.session[REFRESHED_AT] = int(time.time())


class SessionActivityMiddleware:
    """Keep a signed-in session alive while it is used: SESSION_COOKIE_AGE after the last
    request, give or take REFRESH_EVERY.

    Django's alternative, SESSION_SAVE_EVERY_REQUEST, writes the session on every request.
    Only staff sign in (visitors have no session), so this applies to staff; requests
    without a session cookie are left alone, and never get a Vary: Cookie from here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            refreshed_at = request.session.get(REFRESHED_AT)
            now = int(time.time())
            if refreshed_at is not None and now - refreshed_at >= REFRESH_EVERY:
                # Saving the session sets its expiry to now + SESSION_COOKIE_AGE.
                request.session[REFRESHED_AT] = now
        return response
