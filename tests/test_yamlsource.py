"""The YAML reader: positions, YAML 1.2 scalars, and the things it refuses."""

from __future__ import annotations

import pytest

from reporter.content.yamlsource import YamlProblem, decode, parse


def test_values_and_keys_have_one_based_positions():
    source = parse("name: Alpha\nmilestones:\n  - id: design\n    due: 2026-02-27\n")
    assert source.data == {"name": "Alpha", "milestones": [{"id": "design", "due": "2026-02-27"}]}
    assert source.values[("name",)] == (1, 7)
    assert source.keys[("milestones",)] == (2, 1)
    assert source.values[("milestones", 0)] == (3, 5)
    assert source.keys[("milestones", 0, "due")] == (4, 5)
    assert source.values[("milestones", 0, "due")] == (4, 10)


def test_missing_path_falls_back_to_nearest_parent():
    source = parse("tasks:\n  - id: a\n")
    assert source.position(("tasks", 0, "start")) == (2, 5)


def test_scalars_follow_yaml_1_2_core_schema():
    source = parse("a: no\nb: yes\nc: true\nd: 12\ne: 1.5\nf: ~\ng: '12'\nh: 0o17\ni: 1:30\nj: FALSE\n")
    assert source.data == {
        "a": "no",
        "b": "yes",
        "c": True,
        "d": 12,
        "e": 1.5,
        "f": None,
        "g": "12",
        "h": "0o17",
        "i": "1:30",
        "j": False,
    }


def test_duplicate_keys_are_reported_with_both_lines_and_first_value_kept():
    source = parse("budget: 10\nname: x\nbudget: 20\n")
    assert source.data == {"budget": 10, "name": "x"}
    assert [(p.line, p.col, p.message) for p in source.problems] == [
        (
            3,
            1,
            "duplicate key 'budget': it is also set at line 1; YAML would silently keep only the last one, so remove one of them",
        )
    ]


@pytest.mark.parametrize(
    "text, line, col, start",
    [
        ("a: !!python/object:os.system x\n", 1, 4, "YAML tags such as 'tag:yaml.org,2002:python/object:os.system'"),
        ("a: !custom [1]\n", 1, 4, "YAML tags such as '!custom'"),
        ("base: &b {x: 1}\nother:\n  <<: *b\n", 3, 3, "merge keys (<<) are not supported"),
        ("a: [1, 2\nb: 3\n", 1, 4, "YAML syntax error: while parsing a flow sequence started here"),
        ("", 1, 1, "the file is empty"),
        ("# only a comment\n\n", 1, 1, "the file is empty"),
    ],
)
def test_refused_input(text, line, col, start):
    with pytest.raises(YamlProblem) as info:
        parse(text)
    assert (info.value.line, info.value.col) == (line, col)
    assert info.value.message.startswith(start)


def test_alias_bomb_is_refused():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 8):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    with pytest.raises(YamlProblem, match="expands to more than"):
        parse("\n".join(lines) + "\n")


def test_non_utf8_is_reported_at_the_byte():
    with pytest.raises(YamlProblem) as info:
        decode(b"name: ok\nowner: Jos\xe9\n")
    assert (info.value.line, info.value.col) == (2, 11)
    assert info.value.message == "the file is not UTF-8 text (byte 0xe9); save it as UTF-8"


def test_utf8_bom_is_accepted():
    assert parse(decode(b"\xef\xbb\xbfname: ok\n")).data == {"name": "ok"}
