from django import template

from ward_portal import formatting

register = template.Library()


@register.filter
def money(value):
    """{{ 3124335200|money }} -> 3.124.335.200"""
    return formatting.format_money(value)


@register.filter
def number(value, places=0):
    return formatting.format_number(value, int(places))


@register.filter
def quantity(value):
    """{{ 104.84|quantity }} -> 104,84; {{ 18|quantity }} -> 18"""
    return formatting.format_quantity(value)


@register.filter
def pct(value, places=2):
    """{{ 98.68|pct }} -> 98,68%"""
    return formatting.format_percent(value, int(places))


@register.filter
def minutes(value):
    """A timedelta as whole minutes (rounded up), for "try again in 15 minutes"."""
    if value is None:
        return 0
    return -(-int(value.total_seconds()) // 60)
