"""Claims: attributed statements (direct quotes and reported speech) with provenance.

    from wirewatch.claims import extract_claims
    claims = extract_claims(article.id, article.text, nlp(article.text))
"""

from wirewatch.claims.extract import extract_claims
from wirewatch.claims.quotes import find_quotes
from wirewatch.claims.records import Claim, Span

__all__ = ["Claim", "Span", "extract_claims", "find_quotes"]
