"""Template tags for the tracker's charts: `{% indicator_chart indicator %}`
draws an indicator's figures and their table from its prefetched values, so a
page needs no view of its own to show one."""

from django import template

from plans.charts import indicator_chart as chart_of

register = template.Library()


@register.inclusion_tag("plans/indicator_chart.html")
def indicator_chart(indicator):
    return {"chart": chart_of(indicator)}
