"""Telling the person why, on the page they are sent back to: each reason a rule gave, or each
field's errors, as an error message (the layout shows them in the GOV.UK error summary)."""
from django.contrib import messages


def show_refusal(request, refused):
    for reason in refused.messages:
        messages.error(request, reason)


def show_form_errors(request, form):
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
