"""How an unruled table's bands of figures become its columns (``grid.grid_from_text``) when a
column's cells are printed apart: whole figures at the left of their cell, the 0.00 printed for
nothing at its right. Bands as grid_from_text makes them (``grid._Band``)."""

from __future__ import annotations

from disclosures.parsing.grid import _Band, _join_split_columns, _merge_unnumbered


def band(x0, x1, lines, *, number=None, blank=False):
    return _Band(x0, x1, number is not None, True, not blank, blank, set(lines), number)


def test_figures_beside_a_number_join_the_column_they_never_share_a_line_with():
    basic = band(320.5, 361.6, {0, 1, 2, 3, 4}, number=341.0)  # 1,292 | 0.00 under number 4
    short = band(367.6, 382.9, {0, 1, 2})  # 项目支出 214, left of its number
    project = band(384.9, 407.3, {3, 4}, number=387.4)  # number 5 and the 0.00 right of it
    merged = _merge_unnumbered([basic, short, project])
    assert [(b.x0, b.x1) for b in merged] == [(320.5, 361.6), (367.6, 407.3)]
    assert merged[1].lines == {0, 1, 2, 3, 4}


def test_figures_sharing_lines_with_both_numbered_columns_stay_apart():
    left = band(320.5, 361.6, {0, 1, 2}, number=341.0)
    alone = band(367.6, 382.9, {0, 1, 2})
    right = band(384.9, 407.3, {1, 2}, number=387.4)
    assert len(_merge_unnumbered([left, alone, right])) == 3


def header(x0, x1):
    return {"x0": x0, "x1": x1, "top": 150.0, "bottom": 160.0}


def distance(piece, b):
    return max(b.x0 - piece["x1"], piece["x0"] - b.x1, 0.0)


def test_an_unclaimed_band_joins_the_column_centred_under_its_header():
    ints = band(358.2, 373.4, {0, 1, 2})  # 214, at the left of 项目支出's cell
    zeros = band(382.4, 400.2, {3, 4})  # 0.00, at its right
    joined = _join_split_columns([ints, zeros], {0: [header(373.7, 384.7)]}, distance)
    assert [(b.x0, b.x1) for b in joined] == [(358.2, 400.2)]


def test_the_zeros_of_a_wide_column_go_to_its_number_not_to_the_empty_number_beside_it():
    # Landscape, 64 points a column: 89 | 0.00 at the two sides of 项目支出, its number between;
    # the number of 经营支出 to the right has none of its own 0.00 joined to it yet.
    project = band(540.9, 572.9, {0}, number=569.9)  # 89 joined to number 5
    zeros = band(577.7, 598.9, {1, 2, 3})
    business = band(630.8, 636.9, set(), number=633.9)
    merged = _merge_unnumbered([project, zeros, business])
    assert [(b.x0, b.x1) for b in merged] == [(540.9, 598.9), (630.8, 636.9)]


def test_columns_side_by_side_each_under_its_header_are_not_joined():
    # 基本支出 and 项目支出, no row holding both: each band is claimed by its own header.
    basic = band(320.0, 345.0, {0, 1})
    project = band(368.0, 393.0, {2, 3})
    claims = {0: [header(320.0, 345.0)], 1: [header(368.0, 393.0)]}
    assert len(_join_split_columns([basic, project], claims, distance)) == 2
    # Even unclaimed, a band centred away from the header beside it stays a column of its own.
    assert len(_join_split_columns([basic, project], {0: [header(320.0, 345.0)]}, distance)) == 2
