"""A strict Content-Security-Policy: the pages use no inline scripts or
handlers, so nothing but the project's own files may run."""

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            # The admin ships inline scripts of its own.
            response.headers.setdefault(
                "Content-Security-Policy", "frame-ancestors 'none'"
            )
        else:
            response.headers.setdefault("Content-Security-Policy", POLICY)
        return response
