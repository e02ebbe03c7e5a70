"""The OpenAPI document: every operation documents the error body and the statuses it may
answer with, so that clients (and schemathesis in tests/api) can rely on them."""

ERROR_REF = {"$ref": "#/components/schemas/Error"}
ERROR_STATUSES = {
    "400": "The request is malformed: a parameter or the body has the wrong type.",
    "401": "The token is missing, not valid, expired or revoked.",
    "403": "The token may see the event but its role does not allow this.",
    "404": "No such resource, or the token may not see it.",
    "406": "None of the accepted content types can be produced.",
    "429": "Too many requests: wait and try again (see Retry-After).",
}
WRITE_STATUSES = {
    "409": "The request conflicts with the current state (full, closed, already registered…).",
    "422": "The data is not valid: see `errors`, per field.",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}
ERROR_SCHEMA = {
    "type": "object",
    "required": ["code", "message"],
    "properties": {
        "code": {"type": "string", "description": "Stable machine-readable code."},
        "message": {"type": "string", "description": "A sentence for people."},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": "Messages per field, when the input was not valid.",
        },
    },
}


def add_error_responses(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook (settings: SPECTACULAR_SETTINGS)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            statuses = dict(ERROR_STATUSES)
            if method in WRITE_METHODS:
                statuses.update(WRITE_STATUSES)
            responses = operation.setdefault("responses", {})
            for code, description in statuses.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": ERROR_REF}},
                    },
                )
    return result
