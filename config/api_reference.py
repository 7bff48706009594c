"""The API reference page (/api/docs/), read from the same OpenAPI document /api/schema/ serves.

`reference()` walks drf-spectacular's generated document into plain dicts a template can show:
the API's title and description, its ways of signing in, and each operation grouped by tag, with
its parameters and responses. Only what the page shows is read, and every key is optional, so a
document that lacks one still gives a page rather than an error.
"""
import functools
import re
from http import HTTPStatus

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "put", "post", "patch", "delete", "head", "options", "trace")
# Up to this many enum values are listed where the type is; more are left to the document.
SHORT_ENUM = 12
# drf-spectacular describes each choice on its own line: * `value` - Label
CHOICE_LINE = re.compile(r"^\* `(?P<value>[^`]*)` - (?P<label>.*)$")
CODE_SPAN = re.compile(r"`([^`]+)`")
# Formats worth a reader's attention; int32/int64 and the like are not.
SHOWN_FORMATS = {"date", "date-time", "time", "uri", "email", "uuid", "binary", "decimal"}


@functools.cache
def openapi_document():
    """The document /api/schema/ serves. It changes only with the code, so it is made once a process."""
    return SchemaGenerator().get_schema(request=None, public=True)


@functools.cache
def reference():
    """The whole page's content, made once a process from the memoised document."""
    return build_reference(openapi_document())


def build_reference(document):
    info = document.get("info", {})
    tags = grouped_by_tag(document)
    return {
        "title": info.get("title", "API"),
        "version": info.get("version", ""),
        "description": prose(info.get("description", "")),
        "sign_in_methods": sign_in_methods(document),
        "tags": tags,
        "operation_count": sum(len(tag["operations"]) for tag in tags),
    }


# --- Text --------------------------------------------------------------------------------------

def prose(text):
    """Paragraphs of escaped text, with `code` spans marked up; lines within a paragraph join."""
    paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n", text or "")]
    return [with_code(paragraph) for paragraph in paragraphs if paragraph]


def with_code(text):
    pieces = CODE_SPAN.split(text)  # odd pieces were inside backticks
    marked = (format_html("<code>{}</code>", piece) if i % 2 else format_html("{}", piece) for i, piece in enumerate(pieces))
    return mark_safe("".join(marked))


def without_choices(description):
    """A description minus the list of choices drf-spectacular appends (the page lists them itself)."""
    kept = [line for line in (description or "").splitlines() if not CHOICE_LINE.match(line.strip())]
    return "\n".join(kept).strip()


def choice_labels(description):
    labels = {}
    for line in (description or "").splitlines():
        match = CHOICE_LINE.match(line.strip())
        if match:
            labels[match["value"]] = match["label"]
    return labels


def breakable_path(path):
    """The path with a line-break opportunity after each slash, so a phone can wrap it."""
    return format_html_join(mark_safe("/<wbr>"), "{}", ((part,) for part in path.split("/")))


# --- Schemas -----------------------------------------------------------------------------------

def component(document, ref):
    """The component a local $ref names, and that name."""
    name = ref.rsplit("/", 1)[-1]
    return document.get("components", {}).get("schemas", {}).get(name, {}), name


def unwrap(document, node):
    """Follow $refs, the lone allOf drf-spectacular wraps a reference in, and a oneOf of enums.
    Returns (schema, component name or "", nullable)."""
    nullable = bool(node.get("nullable"))
    if "$ref" in node:
        target, name = component(document, node["$ref"])
        inner, _, inner_nullable = unwrap(document, target)
        return inner, name, nullable or inner_nullable
    if len(node.get("allOf", [])) == 1:
        inner, name, inner_nullable = unwrap(document, node["allOf"][0])
        return {**inner, **{k: v for k, v in node.items() if k not in ("allOf", "nullable")}}, name, nullable or inner_nullable
    if node.get("oneOf"):
        return merged_choices(document, node["oneOf"], nullable)
    return node, "", nullable


def merged_choices(document, options, nullable):
    """drf-spectacular writes a choice that may be blank or null as oneOf [Choices, BlankEnum, NullEnum]."""
    values, labels, name, types = [], {}, "", set()
    for option in options:
        schema, option_name, option_nullable = unwrap(document, option)
        nullable = nullable or option_nullable
        if "enum" not in schema:
            return {"oneOf": options}, "", nullable  # not a choice: shown as it is
        values += schema["enum"]
        labels.update(choice_labels(schema.get("description")))
        types.add(schema.get("type"))
        name = name or (option_name if option_name not in ("BlankEnum", "NullEnum") else "")
    merged = {"enum": values, "description": "\n".join(f"* `{v}` - {l}" for v, l in labels.items())}
    types.discard(None)
    if len(types) == 1:
        merged["type"] = types.pop()
    return merged, name, nullable


def describe(document, node):
    """What a table row shows of a schema: its type in words, its choices, whether it may be null,
    and its description (or title)."""
    schema, name, nullable = unwrap(document, node)
    enum = schema.get("enum")
    if enum is not None:
        nullable = nullable or None in enum
    return {
        "type": type_words(document, schema, name),
        "choices": choices(schema),
        "choice_count": len([value for value in enum or () if value is not None]),
        "nullable": nullable,
        "description": prose(first_of(node, schema, keys=("description", "title"))),
    }


def first_of(*schemas, keys):
    """The first of these keys any of the schemas has, the outer schema's before the inner's, less
    any list of choices (a description that is only that list does not count)."""
    texts = (without_choices(schema.get(key)) for key in keys for schema in schemas)
    return next((text for text in texts if text), "")


def type_words(document, schema, name=""):
    kind = schema.get("type")
    if kind == "array":
        items, item_name, _ = unwrap(document, schema.get("items", {}))
        return f"list of {type_words(document, items, item_name)}"
    if kind == "object" or (kind is None and "properties" in schema):
        return f"object ({name})" if name else "object"
    if kind is None:
        if "enum" in schema:
            return "string"
        return "one of several types" if "oneOf" in schema or "anyOf" in schema else "any"
    if schema.get("format") in SHOWN_FORMATS:
        return f"{kind} ({schema['format']})"
    return kind


def choices(schema):
    """The enum's values with their labels, when there are few enough to list; null is left to
    the nullable column."""
    values = [value for value in schema.get("enum") or () if value is not None]
    if not values or len(values) > SHORT_ENUM:
        return []
    labels = choice_labels(schema.get("description"))
    listed = [{"value": str(value), "label": labels.get(str(value), "")} for value in values]
    # A label that only repeats its value says nothing more.
    return [{**choice, "label": "" if choice["label"] == choice["value"] else choice["label"]} for choice in listed]


def fields(document, node):
    """The properties of an object schema, one level deep, as table rows."""
    schema, _, _ = unwrap(document, node)
    required = set(schema.get("required", ()))
    return [
        {"name": field_name, "required": field_name in required, **describe(document, field)}
        for field_name, field in schema.get("properties", {}).items()
    ]


# --- Operations ------------------------------------------------------------------------------

def grouped_by_tag(document):
    """Operations under their first tag, tags in the document's order (else first appearance)."""
    groups = {tag["name"]: [] for tag in document.get("tags", ()) if "name" in tag}
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                operation = item[method]
                tag = (operation.get("tags") or ["other"])[0]
                groups.setdefault(tag, []).append(build_operation(document, path, method, operation))
    return [
        {"name": name, "id": f"tag-{slugify(name)}", "operations": operations}
        for name, operations in groups.items()
        if operations
    ]


def build_operation(document, path, method, operation):
    operation_id = operation.get("operationId") or f"{method} {path}"
    responses = operation.get("responses", {})
    return {
        "id": f"operation-{slugify(operation_id.replace('_', '-'))}",
        "method": method.upper(),
        "path": path,
        "path_html": breakable_path(path),
        "summary": operation.get("summary", ""),
        "description": prose(operation.get("description", "")),
        "access": access(document, operation, responses),
        "parameters": [build_parameter(document, parameter) for parameter in operation.get("parameters", ())],
        "responses": [build_response(document, code, response) for code, response in sorted(responses.items())],
    }


def access(document, operation, responses):
    """Who may call it. An empty requirement ({}) in its security list means no sign-in needed."""
    security = operation.get("security", document.get("security", [{}]))
    members_only = bool(security) and {} not in security
    refusals = [
        {"code": code, "description": prose(responses[code].get("description", ""))}
        for code in ("401", "403")
        if code in responses
    ]
    return {"members_only": members_only or bool(refusals), "refusals": refusals}


def build_parameter(document, parameter):
    if "$ref" in parameter:
        parameter, _ = component(document, parameter["$ref"])
    schema = parameter.get("schema", {})
    if parameter.get("description"):
        # The parameter's own description wins, and lists its choices' labels if the schema does not.
        schema = {**schema, "description": parameter["description"]}
    return {
        "name": parameter.get("name", ""),
        "location": parameter.get("in", ""),
        "required": bool(parameter.get("required")),
        **describe(document, schema),
    }


def build_response(document, code, response):
    """A response's code and description; for a success, the fields of what it answers, and of
    each item when it is a list (plain, or paginated in `results`)."""
    built = {
        "code": code,
        "description": prose(response.get("description")) or [status_phrase(code)],
        "body": "",
        "fields": [],
        "item_fields": [],
        "items_in": "",
    }
    node = response.get("content", {}).get("application/json", {}).get("schema")
    if node is None:
        return built
    schema, name, _ = unwrap(document, node)
    built["body"] = type_words(document, schema, name)
    if not code.startswith("2"):
        return built
    if schema.get("type") == "array":
        built["item_fields"], built["items_in"] = fields(document, schema.get("items", {})), ""
    else:
        built["fields"] = fields(document, schema)
        results = schema.get("properties", {}).get("results", {})
        if results.get("type") == "array":
            built["item_fields"], built["items_in"] = fields(document, results.get("items", {})), "results"
    return built


def status_phrase(code):
    try:
        return HTTPStatus(int(code)).phrase
    except ValueError:
        return ""


def sign_in_methods(document):
    """The document's security schemes, in words."""
    methods = []
    for scheme in document.get("components", {}).get("securitySchemes", {}).values():
        if scheme.get("type") == "apiKey" and scheme.get("in") == "cookie":
            cookie = scheme.get("name", "")
            methods.append(format_html("the session cookie (<code>{}</code>) that signing in on this site sets", cookie))
        elif scheme.get("type") == "http" and scheme.get("scheme") == "basic":
            methods.append(mark_safe("HTTP Basic authentication, with the email address and password you sign in with"))
        else:
            methods.append(format_html("{} {}", scheme.get("type", ""), scheme.get("scheme", scheme.get("name", ""))).strip())
    return methods
