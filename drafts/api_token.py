"""The token endpoint: DRF's own view, throttled, and watched by django-axes
like every other login."""

from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from drafts.api_parsers import DepthLimitedJSONParser


class TokenView(ObtainAuthToken):
    # DRF's view opts out of throttling; each request here is a password
    # guess, so it gets the site-wide rates back and a tighter scope on top.
    throttle_classes = [*APIView.throttle_classes, ScopedRateThrottle]
    throttle_scope = "token"
    # DRF's view names its own parsers, the unbounded JSON one among them.
    parser_classes = [FormParser, MultiPartParser, DepthLimitedJSONParser]

    def get_serializer_context(self):
        # The serializer hands this request to authenticate(). django-axes
        # marks the request it is given as locked out, and AxesMiddleware
        # looks for that mark on Django's request, not on DRF's wrapper.
        return {**super().get_serializer_context(), "request": self.request._request}


obtain_token = TokenView.as_view()
