"""The fast serialisers used for large briefings give exactly what the standard library gives."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field

from hypothesis import given, settings, strategies as st

from wirewatch.brief.render import dumps_indented
from wirewatch.records import as_plain

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(),
                    st.floats(allow_nan=True, allow_infinity=True))
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.one_of(st.text(), st.integers(), st.booleans()), inner, max_size=4)),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(values)
def test_dumps_indented_is_json_dumps(value):
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


@dataclass
class _Span:
    text: str
    start: int
    end: int


@dataclass
class _Claim:
    spans: list[_Span]
    where: tuple[int, int]
    meta: dict = field(default_factory=dict)
    source: _Span | None = None


def test_as_plain_is_asdict():
    c = _Claim([_Span("Kirby", 3, 8), _Span("said", 9, 13)], (1, 2), {"k": [_Span("x", 0, 1)], 2: None},
               _Span("White House", 0, 11))
    assert as_plain(c) == dataclasses.asdict(c)
    assert as_plain(c)["spans"][0] is not c.spans[0]  # a new structure, not shared records
