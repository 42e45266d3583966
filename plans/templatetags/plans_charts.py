"""Template tags for the tracker's charts: `{% indicator_chart indicator %}`
draws an indicator's figures and their table from its prefetched values, so a
page needs no view of its own to show one. The drawing is core.charts'."""

from django import template

from core.charts import indicator_chart as chart_of

register = template.Library()


@register.inclusion_tag("includes/charts/indicator.html")
def indicator_chart(indicator):
    return {"chart": chart_of(indicator)}
