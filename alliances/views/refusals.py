"""Telling the person why, on the page they are sent back to: each reason a rule gave, or each
field's errors, as an error message (the layout shows them in the GOV.UK error summary); and
carrying out a posted form's action, with the rule's reasons shown on the form when it refuses."""
from django.contrib import messages

from alliances.rules import RuleBroken


def show_refusal(request, refused):
    for reason in refused.messages:
        messages.error(request, reason)


def show_form_errors(request, form):
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))


def carried_out(request, form, action, done=""):
    """True when the form was posted valid and `action(form.cleaned_data)` kept every rule; its
    return value is then kept as form.outcome and `done` shown as a success message (`done` may be
    a function of the outcome, for messages naming what was made). Otherwise the rule's reasons
    are added to the form's errors, so the page shown again lists them."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        form.outcome = action(form.cleaned_data)
    except RuleBroken as refused:
        form.add_error(None, refused)
        return False
    if done:
        messages.success(request, done(form.outcome) if callable(done) else done)
    return True
