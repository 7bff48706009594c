"""GOV.UK Design System classes on Django form widgets, so templates can render `{{ field }}`.
(Errors are shown by includes/field.html, which marks the whole form group.)"""
from django import forms
from django.forms.widgets import Input

WIDGET_CLASSES = (
    (forms.CheckboxSelectMultiple, "govuk-checkboxes__input"),
    (forms.Select, "govuk-select"),
    (forms.CheckboxInput, "govuk-checkboxes__input"),
    (forms.Textarea, "govuk-textarea"),
    (Input, "govuk-input"),
)


def apply_govuk_classes(form):
    for field in form.fields.values():
        field.widget.attrs["class"] = next(css for widget_type, css in WIDGET_CLASSES if isinstance(field.widget, widget_type))
    return form
