"""GOV.UK Design System classes on Django form widgets, so templates can render `{{ field }}`."""
from django import forms
from django.forms.widgets import Input

WIDGET_CLASSES = (
    (forms.Select, "govuk-select"),
    (forms.CheckboxInput, "govuk-checkboxes__input"),
    (forms.Textarea, "govuk-textarea"),
    (Input, "govuk-input"),
)


def apply_govuk_classes(form):
    for name, field in form.fields.items():
        css = next(css for widget_type, css in WIDGET_CLASSES if isinstance(field.widget, widget_type))
        if name in form.errors:
            css += f" {css}--error"
        field.widget.attrs["class"] = css
    return form
