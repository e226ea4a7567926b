from django.contrib.auth.backends import ModelBackend


class NoPasswordBackend(ModelBackend):
    """Django's permissions and sessions without password sign-in (``PASSWORD_SIGN_IN=false``):
    ``authenticate`` never accepts a password, so neither the sign-in page nor the admin's does."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        return None
