"""The token endpoint: DRF's own view, watched by django-axes like every
other login."""

from rest_framework.authtoken.views import ObtainAuthToken


class TokenView(ObtainAuthToken):
    def get_serializer_context(self):
        # The serializer hands this request to authenticate(). django-axes
        # marks the request it is given as locked out, and AxesMiddleware
        # looks for that mark on Django's request, not on DRF's wrapper.
        return {**super().get_serializer_context(), "request": self.request._request}


obtain_token = TokenView.as_view()
