from django import template

from delivery.ledger import amount_text

register = template.Library()


@register.filter
def amount(entry):
    """An entry's amount with its unit: "2.5 days", "50%"."""
    return amount_text(entry.amount, entry.unit)


@register.filter
def days(value):
    """A number of days without trailing zeros: 6, 2.5."""
    return amount_text(value, "days").split(" ")[0]


STATE_TAGS = {"recorded": "govuk-tag--blue", "confirmed": "govuk-tag--green", "signed_off": "govuk-tag--turquoise", "disputed": "govuk-tag--orange", "voided": "govuk-tag--grey",
              "planned": "govuk-tag--blue", "in_progress": "govuk-tag--yellow", "completed": "govuk-tag--green", "withdrawn": "govuk-tag--grey",
              "awaiting": "govuk-tag--yellow", "not_asked": "govuk-tag--grey"}


@register.filter
def state_tag(state):
    return STATE_TAGS.get(state, "")
