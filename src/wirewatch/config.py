"""Settings in one place: defaults, then environment variables, then CLI flags.

| setting           | env var                    | default         | what it does                              |
|-------------------|----------------------------|-----------------|-------------------------------------------|
| db                | WIREWATCH_DB               | ./wirewatch.db  | the SQLite store                          |
| max_bytes         | WIREWATCH_MAX_BYTES        | 5000000         | inputs (files, downloads) larger are rejected |
| fetch_timeout     | WIREWATCH_FETCH_TIMEOUT    | 20              | seconds per HTTP request                  |
| max_redirects     | WIREWATCH_MAX_REDIRECTS    | 5               | redirects followed per URL                |
| user_agent        | WIREWATCH_USER_AGENT       | wirewatch/VERSION (+repo URL) | sent with every request     |
| batch_size        | WIREWATCH_BATCH_SIZE       | 200             | articles per store transaction            |
| nlp_model         | WIREWATCH_NLP_MODEL        | (bundled)       | another installed spaCy pipeline to use   |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from typing import Any

from wirewatch.errors import ConfigError

USER_AGENT = "wirewatch/0.1 (+https://github.com/wirewatch/wirewatch; news-intelligence research tool)"


@dataclass(frozen=True)
class Settings:
    db: str = "wirewatch.db"
    max_bytes: int = 5_000_000
    fetch_timeout: float = 20.0
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    batch_size: int = 200
    nlp_model: str | None = None

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: Any) -> "Settings":
        """Defaults, overridden by WIREWATCH_* variables, overridden by non-None keyword flags."""
        env = dict(os.environ if env is None else env)
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"WIREWATCH_{f.name.upper()}")
            if raw is None or raw == "":
                continue
            values[f.name] = _coerce(f.name, f.type, raw)
        settings = cls(**values)
        flags = {k: v for k, v in overrides.items() if v is not None}
        unknown = set(flags) - {f.name for f in fields(cls)}
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        settings = replace(settings, **flags)
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.max_bytes <= 0:
            raise ConfigError("max_bytes must be positive (set WIREWATCH_MAX_BYTES or --max-bytes)")
        if self.fetch_timeout <= 0:
            raise ConfigError("fetch_timeout must be positive (WIREWATCH_FETCH_TIMEOUT)")
        if self.batch_size <= 0:
            raise ConfigError("batch_size must be positive (WIREWATCH_BATCH_SIZE)")


def _coerce(name: str, typ: Any, raw: str) -> Any:
    typ = str(typ)
    try:
        if typ.startswith("int"):
            return int(raw)
        if typ.startswith("float"):
            return float(raw)
    except ValueError:
        raise ConfigError(f"WIREWATCH_{name.upper()}={raw!r} is not a number") from None
    return raw
