from django import template

from blog import search

register = template.Library()


@register.filter
def highlight(snippet):
    """A search snippet as HTML: escaped, its matched words in <mark>."""
    return search.highlight(snippet)
