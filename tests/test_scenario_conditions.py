"""The contingency condition language: parsing, located errors, evaluation, no eval()."""

import re

import pytest

from simulation.scenario.conditions import (
    ConditionError,
    check_names,
    evaluate,
    parse_condition,
    quantities,
)

KNOWN = {
    "crowd.kpu_bangil": {"status", "size"},
    "crowd.ppk_bangil": {"status", "size"},
    "hoax.surat_suara": {"reach", "believing"},
    "clock": set(),
}


def _state(**values: object):
    def lookup(name: str) -> object:
        return values[name.replace(".", "__")]

    return lookup


@pytest.mark.parametrize(
    ("text", "status", "size", "expected"),
    [
        ("crowd.kpu_bangil.status >= merah", "merah", 10, True),
        ("crowd.kpu_bangil.status >= merah", "kuning", 10, False),
        ("crowd.kpu_bangil.status == kuning and crowd.kpu_bangil.size > 500", "kuning", 501, True),
        ("crowd.kpu_bangil.status == kuning and crowd.kpu_bangil.size > 500", "kuning", 500, False),
        (
            "not (crowd.kpu_bangil.status == hijau or crowd.kpu_bangil.size < 50)",
            "kuning",
            60,
            True,
        ),
        ("crowd.kpu_bangil.status > hijau or crowd.kpu_bangil.size >= 1000", "hijau", 10, False),
    ],
)
def test_evaluates_comparisons_with_ordered_statuses(
    text: str, status: str, size: float, expected: bool
) -> None:
    node = parse_condition(text)
    lookup = _state(crowd__kpu_bangil__status=status, crowd__kpu_bangil__size=size)
    assert evaluate(node, lookup) is expected


def test_and_binds_tighter_than_or() -> None:
    node = parse_condition("clock > 1 or clock > 5 and clock < 0")
    assert evaluate(node, _state(clock=2.0)) is True  # 2>1 or (2>5 and 2<0)


def test_lists_quantities_in_text_order() -> None:
    node = parse_condition("hoax.surat_suara.reach > 0.2 and crowd.ppk_bangil.status == merah")
    assert [q.name for q in quantities(node)] == [
        "hoax.surat_suara.reach",
        "crowd.ppk_bangil.status",
    ]


@pytest.mark.parametrize(
    ("text", "offset", "message"),
    [
        ("crowd.kpu_bangil.status >=", 26, "expected a quantity or a value at the end"),
        ("crowd.kpu_bangil.status = merah", 24, "unexpected character '='"),
        ("(clock > 3", 10, "expected ')' at the end"),
        ("clock > 3 clock", 10, "expected 'and', 'or' or the end"),
        ("clock >= 14:30", 11, "unexpected character ':'"),
        ("__import__('os').system('x')", 16, "unexpected character '.'"),
        ("size >= 1e3", 8, "unexpected character '1'"),
        ("", 0, "empty condition"),
    ],
)
def test_syntax_errors_point_at_the_offending_character(
    text: str, offset: int, message: str
) -> None:
    with pytest.raises(ConditionError) as info:
        parse_condition(text)
    assert info.value.offset == offset
    assert message in info.value.message


@pytest.mark.parametrize(
    ("text", "offset", "message"),
    [
        ("crowd.kpu_pasuruan.status == merah", 0, "unknown object 'crowd.kpu_pasuruan'"),
        ("clock > 3 and crowd.kpu_bangil.mood > 1", 31, "has no quantity 'mood'"),
        ("convoy.truk_puspo.delay > 30", 0, "unknown object 'convoy.truk_puspo'"),
    ],
)
def test_unknown_names_are_located(text: str, offset: int, message: str) -> None:
    with pytest.raises(ConditionError) as info:
        check_names(parse_condition(text), KNOWN)
    assert info.value.offset == offset
    assert message in info.value.message


def test_unknown_object_lists_known_ones_of_its_kind() -> None:
    with pytest.raises(
        ConditionError, match=re.escape("known: crowd.kpu_bangil, crowd.ppk_bangil")
    ):
        check_names(parse_condition("crowd.kpu.status == merah"), KNOWN)
