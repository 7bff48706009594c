"""Selects written in Python (registry/form_renderer.py) are the HTML Django's own select
template writes: same options, values, labels, escaping, selection and attributes."""
import re

from django import forms
from django.forms.renderers import DjangoTemplates
from hypothesis import given
from hypothesis import strategies as st

from registry.form_renderer import FormRenderer

labels = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=12)
values = st.text(alphabet="abc123<>&\"' ", max_size=6)
flat_choices = st.lists(st.tuples(values, labels), max_size=6, unique_by=lambda choice: choice[0])
grouped_choices = st.lists(st.tuples(labels, flat_choices), min_size=1, max_size=3)


def tidy(html):
    return re.sub(r">\s+<", "><", html.strip())


@given(choices=st.one_of(flat_choices, grouped_choices), data=st.data())
def test_a_select_reads_as_djangos_own(choices, data):
    options = [value for choice in choices for value in ([choice[0]] if isinstance(choice[1], str) else [v for v, _ in choice[1]])]
    chosen = data.draw(st.sampled_from(options)) if options else ""
    widget = forms.Select(choices=choices, attrs={"class": "govuk-select", "aria-describedby": "x-hint x-error", "required": True})
    ours = widget.render("field", chosen, attrs={"id": "id_field"}, renderer=FormRenderer())
    djangos = widget.render("field", chosen, attrs={"id": "id_field"}, renderer=DjangoTemplates())
    assert tidy(ours) == tidy(djangos)
