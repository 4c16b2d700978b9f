"""indented_json writes exactly what json.dumps(..., ensure_ascii=False, indent=2) writes."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from kg.plumbing.indented_json import indented_json

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
keys = st.text() | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=5)
        | st.tuples(children, children)
        | st.dictionaries(st.text(), children, max_size=5)
        | st.dictionaries(keys, children, max_size=3)
    ),
    max_leaves=30,
)


@given(values)
def test_the_same_text_as_json_dumps(value):
    assert indented_json(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_what_json_refuses_is_refused():
    import pytest

    with pytest.raises(TypeError):
        indented_json([{"a": object()}])
