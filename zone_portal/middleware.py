"""Site-wide response headers."""

# Everything the portal shows ships with it: no third-party script, font, style or frame
# can load, which also keeps pages working for visitors in mainland China.
# The proof-of-work widget of the public forms (static/vendor/altcha/, its "external"
# build) needs nothing more: its stylesheet and its worker script come from 'self'
# (worker-src falls back to script-src), and it sets no inline style or script.
# tests/browser/test_antispam_journey.py checks that it solves under this policy.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """Add a strict Content-Security-Policy header unless a view set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response
