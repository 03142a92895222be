"""Briefings: assemble what the store knows into a report, render it as HTML, Markdown and JSON.

Every line that states something cites the article(s) it comes from.
"""

from wirewatch.brief.assemble import Briefing, assemble
from wirewatch.brief.render import write_briefing

__all__ = ["Briefing", "assemble", "write_briefing"]
