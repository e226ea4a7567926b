"""How the API key appears in the OpenAPI schema (drf-spectacular): a header and a query parameter."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

from .keys import QUERY_PARAMETER


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiKeyAuthentication"
    name = ["ApiKeyHeader", "ApiKeyQuery"]

    def get_security_definition(self, auto_schema):
        return [
            {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": "`Api-Key <key>`: an organisation's API key (created on the API keys page).",
            },
            {
                "type": "apiKey",
                "in": "query",
                "name": QUERY_PARAMETER,
                "description": "The same key as a query parameter, for Power BI's Web API credential.",
            },
        ]
