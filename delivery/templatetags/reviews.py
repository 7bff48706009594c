"""The delivery summary on an alliance's public profile: areas delivered this academic year, KPIs
met and flags, from the contribution review. Figures only: no names of people, no evaluations."""
from django import template

from delivery import kpis, review

register = template.Library()


@register.inclusion_tag("delivery/_review_summary.html")
def delivery_summary(alliance):
    year = kpis.current_academic_year()
    return {"alliance": alliance, "review": review.review_for(alliance, *kpis.academic_year_bounds(year))}
