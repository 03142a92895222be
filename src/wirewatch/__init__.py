"""wirewatch: turn a stream of news articles into a sourced situation picture."""

from wirewatch.errors import (
    ConfigError,
    InputError,
    StoreError,
    WirewatchError,
)
from wirewatch.records import Article, DupRelation, IngestError

__version__ = "0.1.0"

__all__ = [
    "Article",
    "ConfigError",
    "DupRelation",
    "IngestError",
    "InputError",
    "StoreError",
    "WirewatchError",
    "__version__",
]
