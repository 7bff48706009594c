"""How form widgets are written out: through the project's templates, except selects.

A select's options are written here in Python rather than by a template loop per option: the
same HTML as Django's select template, several times faster, which matters for the ~150 local
authorities every search form offers."""
from django.forms.renderers import TemplatesSetting
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"


def _attributes(attrs):
    """As Django's attrs.html: in order, a True value as a bare name, a False one left out."""
    written = (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value) for name, value in attrs.items() if value is not False)
    return mark_safe("".join(written))


def _options(options):
    return format_html_join(
        "\n", "  <option value=\"{}\"{}>{}</option>",
        ((option["value"] if option["value"] is not None else "", _attributes(option["attrs"]), option["label"]) for option in options),
    )


def render_select(widget):
    groups = []
    for group_name, options, _ in widget["optgroups"]:
        if group_name:
            groups.append(format_html('  <optgroup label="{}">\n{}\n  </optgroup>', group_name, _options(options)))
        else:
            groups.append(_options(options))
    return format_html(
        '<select name="{}"{}>\n{}\n</select>', widget["name"], _attributes(widget["attrs"]), format_html_join("\n", "{}", ((g,) for g in groups))
    )


class FormRenderer(TemplatesSetting):
    def render(self, template_name, context, request=None):
        if template_name == SELECT_TEMPLATE:
            return render_select(context["widget"])
        return super().render(template_name, context, request)
