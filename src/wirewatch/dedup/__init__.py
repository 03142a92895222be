"""Duplicate detection: exact copies, near-duplicates, containment and partial overlap.

``DedupIndex`` finds the relations of each new article with earlier ones (MinHash LSH on word
shingles, verified on exact shingle sets); ``copy_groups`` turns relations into copy groups with
a canonical article each.
"""

from wirewatch.dedup.groups import copy_groups
from wirewatch.dedup.index import DedupIndex

__all__ = ["DedupIndex", "copy_groups"]
