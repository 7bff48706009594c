"""GOV.UK Design System classes on Django form widgets, so templates can render `{{ field }}`,
and the GOV.UK date input (day, month and year boxes) as a widget and form field.

Errors are shown by includes/field.html, which gives the hint and error message the ids Django's
`aria-describedby` names (`<id>_helptext`, `<id>_error`); an errored input gets GOV.UK's error
class from GovukBoundField."""
from datetime import date

from django import forms
from django.forms.boundfield import BoundField
from django.forms.widgets import Input
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

WIDGET_CLASSES = (
    (forms.CheckboxSelectMultiple, "govuk-checkboxes__input"),
    (forms.Select, "govuk-select"),
    (forms.CheckboxInput, "govuk-checkboxes__input"),
    (forms.Textarea, "govuk-textarea"),
    (Input, "govuk-input"),
)
ERROR_CLASSES = {"govuk-input": "govuk-input--error", "govuk-select": "govuk-select--error", "govuk-textarea": "govuk-textarea--error"}


class GovukBoundField(BoundField):
    """Marks an input whose value was refused with GOV.UK's red border."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        css = attrs.get("class") or (widget or self.field.widget).attrs.get("class", "")
        error_class = ERROR_CLASSES.get(css.split(" ")[0]) if css else None
        if self.errors and error_class:
            attrs["class"] = f"{css} {error_class}"
        return attrs


class GovukDateWidget(forms.MultiWidget):
    """Three boxes, as the GOV.UK date input: `<name>_day`, `<name>_month`, `<name>_year`. An ISO
    date posted or linked as `<name>` itself (`?on=2024-09-01`) is read too."""

    PARTS = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))
    use_fieldset = True

    def __init__(self, attrs=None):
        super().__init__({part: forms.TextInput() for part, _, _ in self.PARTS}, attrs)

    def decompress(self, value):
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        if data.get(name):
            return data[name]
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)

    def id_for_label(self, id_):
        # The label and the error summary lead to the day box.
        return f"{id_}_0" if id_ else ""

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)["widget"]
        error = "govuk-input--error" in context["attrs"].get("class", "")
        items = []
        for (part, label, width), sub in zip(self.PARTS, context["subwidgets"]):
            css = f"govuk-input govuk-date-input__input govuk-input--width-{width}{' govuk-input--error' if error else ''}"
            items.append((sub["attrs"]["id"], label, css, sub["attrs"]["id"], sub["name"], sub["value"] or "",
                          mark_safe(' aria-invalid="true"') if error else ""))
        inputs = format_html_join(
            "",
            '<div class="govuk-date-input__item"><div class="govuk-form-group">'
            '<label class="govuk-label govuk-date-input__label" for="{}">{}</label>'
            '<input class="{}" id="{}" name="{}" type="text" inputmode="numeric" value="{}"{}>'
            "</div></div>",
            items,
        )
        return format_html('<div class="govuk-date-input" id="{}">{}</div>', context["attrs"].get("id", name), inputs)


class GovukDateField(forms.Field):
    """A date typed as day, month and year; impossible dates are refused in GOV.UK's words."""

    widget = GovukDateWidget

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                raise forms.ValidationError(f"{self.label} must be a real date", code="invalid")
        parts = [str(part if part is not None else "").strip() for part in value]
        if not any(parts):
            return None
        missing = [name for (name, _, _), part in zip(GovukDateWidget.PARTS, parts) if not part]
        if missing:
            raise forms.ValidationError(f"{self.label} must include a {' and a '.join(missing)}", code="incomplete")
        day, month, year = parts
        try:
            if len(year) != 4:
                raise ValueError
            return date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise forms.ValidationError(f"{self.label} must be a real date, such as 27 3 2027", code="invalid")

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(f"Enter the {self.label.lower()}", code="required")


def apply_govuk_classes(form):
    for field in form.fields.values():
        if isinstance(field.widget, GovukDateWidget):
            field.widget.attrs["class"] = "govuk-input"  # so an error is marked; each box is styled by the widget
        else:
            field.widget.attrs["class"] = next(css for widget_type, css in WIDGET_CLASSES if isinstance(field.widget, widget_type))
        field.bound_field_class = GovukBoundField
    return form
