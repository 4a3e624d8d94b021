"""Tables as printed: grids joined across pages, named by their title, read into rows.

A table starts where a title is printed above a grid; a grid with no title of its own
continues the table before it (with its header repeated, or with no header at all). Each
grid's columns get a role (序号, code, item, amount); the columns are grouped into panels
(收入 | 支出 in the two-sided summary tables), and every panel's cells become Rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from disclosures.parsing.classify import is_project_table, table_kind
from disclosures.parsing.document import Amount, Row, Skipped, Table
from disclosures.parsing.grid import ORDINAL_RE, TOTAL_LABELS, column_for, header_columns
from disclosures.parsing.kinds import ECONOMIC, FUNCTION, kind_named
from disclosures.parsing.money import UNIT, unit_named
from disclosures.parsing.page import Cell, Column, Grid, PageLayout, TextLine
from disclosures.parsing.text import is_amount, is_code, parse_amount, squeeze

# 单位：万元 printed above a table (金额单位：元).
UNIT_RE = re.compile(rf"(?:金额)?单\s*位\s*[:：]\s*({UNIT})")
EMPTY_NOTE_RE = re.compile(r"^注\s*[:：].*(空表|无).*$")
EMPTY_IN_TABLE_RE = re.compile(r"(此|本)表为空|空表列示")
TABLE_NUMBER_RE = re.compile(
    r"^(公开)?\s*(\d+|[一二三四五六七八九十]+)\s*表$|^表\s*[\d一二三四五六七八九十]+[:：]?$"
)
# Headers of row-name columns, for columns the data leaves empty (项目支出 is an amount column).
ITEM_HEADER_RE = re.compile(r"名称$|^(项目|科目|支出用途)$|^项目[（(]")
CODE_WORDS = ("编码", "代码")
# A code printed inside the name cell: [301]工资福利支出, 【2010101】行政运行, (20101)人大事务.
CODE_IN_NAME_RE = re.compile(r"^[\[【［(（]\s*(\d{3}(?:\d{2}){0,2})\s*[\]】］)）]\s*(\S.*)$", re.S)
# The same without brackets, where a space parts the code from the name (2010101 行政运行): with
# no space the digits may be the name's own (110报警服务中心, 12345热线).
SPACED_CODE_IN_NAME_RE = re.compile(r"^\s*(\d{3}(?:\d{2}){0,2})\s+([^\d\s].*)$", re.S)
# What a cell prints for "no figure": redacted (****, ***), dashes and slashes. Never an amount.
NOT_A_NUMBER_RE = re.compile(r"^([*＊]+|[-—－–/／―]+|…+|\.{2,})$")
CJK_RE = re.compile(r"[\u4e00-\u9fff]")
# How a table's title ends: 表, or 表 with a note in brackets (支出表（按功能分类）).
TITLE_END_RE = re.compile(r"表(（[^）]*）|\([^)]*\))?$")
# A change in percent (增减(%) | -60.86%): a ratio, neither a name nor an amount of money.
PERCENT_RE = re.compile(r"^[-−+]?\d+(\.\d+)?[%％]$")
PERCENT_HEADER_RE = re.compile(r"[%％]|百分比|增长率|增幅|比重|占比")


@dataclass
class _OpenTable:
    table: Table
    columns: list[Column]
    header_key: tuple[str, ...]
    fragments: list[_Fragment] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # amount cells that could not be read


@dataclass
class _Fragment:
    """What one grid row holds in one panel."""

    page: int
    panel: int
    side: str
    row_no: str = ""
    code: str = ""
    item: str = ""
    amounts: list[tuple[Column, str]] = field(default_factory=list)


def unit_in(text: str) -> str:
    """The unit a 单位：… line states (万元), or ""."""
    match = UNIT_RE.search(text)
    return unit_named(match.group(1)) if match else ""


def build_tables(layouts: list[PageLayout]) -> tuple[list[Table], list[Skipped]]:
    """Join the grids of all pages into Tables; report what was not kept and why."""
    tables: list[Table] = []
    skipped: list[Skipped] = []
    current: _OpenTable | None = None
    in_project = False  # the last titled grid was a 项目绩效目标表: untitled grids continue it
    for layout in layouts:
        previous_bottom = 0.0
        for grid in layout.grids:
            if _is_page_number(grid):
                continue
            above = [
                ln for ln in layout.outside if previous_bottom - 1 <= ln.top and ln.bottom <= grid.top + 1
            ]
            title = _title(grid, above)
            unit = unit_in(" ".join([*grid.preamble, *(ln.text for ln in above)]))
            previous_bottom = grid.bottom
            if is_project_table(title, grid) or (in_project and not title):
                current = _finish(current, tables, skipped)
                if title or not in_project:
                    skipped.append(Skipped(grid.page, title or "项目表格", "项目绩效目标表，由项目解析读取"))
                in_project = True
                continue
            in_project = False
            repeated_title = bool(title) and current is not None and title == current.table.title
            if (not title or repeated_title) and current and _continues(current, grid):
                _add_grid(current, grid, continuation=True)
                continue
            if not title:
                if _is_empty_frame(grid):
                    continue
                skipped.append(Skipped(grid.page, "无标题表格", "表格上方没有标题，且不是上一表格的续页"))
                continue
            current = _finish(current, tables, skipped)
            unit = unit or _unit_from_header(grid)
            table = Table(kind=title, title=title, pages=[], unit=unit)
            current = _OpenTable(table=table, columns=grid.columns, header_key=grid.header_key)
            _add_grid(current, grid, continuation=False)
            if not _has_amount_columns(current):
                skipped.append(Skipped(grid.page, title, "没有金额列（不是收支表格）"))
                current = None
        # A 注 note below the last grid of the page belongs to that table.
        if current and current.table.pages and current.table.pages[-1] == layout.number:
            note = _empty_note(layout, previous_bottom)
            if note:
                current.table.empty_note = note
    _finish(current, tables, skipped)
    _name_kinds(tables)
    codes_from_names(tables)
    for table in tables:
        mark_total(table)
    return tables, skipped


def _title(grid: Grid, above: list[TextLine]) -> str:
    """The printed title of the grid: a line ending in 表 above it, or inside its preamble.

    A title too long for one line (赣州市文化广电旅游局2026年部门预算一般公共预算财政拨款支出
    / 表) is read as printed, its lines joined (``_wrapped``). Where several lines qualify (a
    document title above a table title), the one naming a standard table wins, then the one
    nearest the grid.
    """
    texts = _wrapped([line.text for line in above], lambda i: wraps_onto(above[i], above[i + 1]))
    for row in grid.rows[: len(grid.preamble)]:
        for cell in row:
            # A cell's lines are one paragraph, but for a label line (单位：万元) under a title.
            lines = [line for line in cell.raw.splitlines() if line.strip()]
            texts += _wrapped(lines, lambda i, lines=lines: _may_wrap(lines[i]))
    candidates = []
    for text in texts:
        for part in re.split(r"\s{2,}|\n", text):
            compact = squeeze(part)
            if not compact or TABLE_NUMBER_RE.match(compact) or compact.startswith("注"):
                continue
            if TITLE_END_RE.search(compact):
                candidates.append(compact)
    named = [c for c in candidates if table_kind(c)[0]]
    return (named or candidates or [""])[-1]


def _wrapped(texts: list[str], wraps: Callable[[int], bool]) -> list[str]:
    """``texts`` (lines top to bottom), with a title wrapped over several lines joined: lines
    ``i`` and ``i + 1`` where ``wraps(i)``, joined where the joined text names a standard table
    (from the run's first line that makes it do so down to the run's last line)."""
    texts = list(texts)
    start = 0
    while start < len(texts):
        end = start
        while end + 1 < len(texts) and wraps(end):
            end += 1
        for first in range(start, end):
            joined = squeeze("".join(texts[first : end + 1]))
            if TITLE_END_RE.search(joined) and table_kind(joined)[0]:
                texts[first : end + 1] = [joined] + [""] * (end - first)
                break
        start = end + 1
    return [text for text in texts if text]


def _may_wrap(text: str) -> bool:
    """Whether a line may go on onto the next as part of a title: it does not end as a title
    does (表) and is no label (单位：万元, 部门：…)."""
    compact = squeeze(text)
    return not TITLE_END_RE.search(compact) and not re.search("[:：]", compact)


def wraps_onto(line: TextLine, following: TextLine) -> bool:
    """Whether ``following`` is the next line of the same paragraph as ``line``: printed in the
    same size right under it (no wider gap than a line's height), beside it."""
    height, next_height = line.bottom - line.top, following.bottom - following.top
    return (
        _may_wrap(line.text)
        and abs(height - next_height) <= 0.15 * max(height, next_height)
        and 0 <= following.top - line.bottom <= max(height, next_height)
        and following.x0 < line.x1
        and following.x1 > line.x0
    )


def _unit_from_header(grid: Grid) -> str:
    for column in grid.columns:
        for text in column.path:
            match = re.search(UNIT, text)
            if match and ("单位" in text or "（" in text or "(" in text):
                return unit_named(match.group(0))
    return ""


def _continues(current: _OpenTable, grid: Grid) -> bool:
    if grid.header_rows and grid.columns:
        if grid.unruled:
            # Merged headers are placed from where words line up, which the data of each page
            # moves: the leaf headers must repeat.
            return [c.leaf for c in grid.columns] == [c.leaf for c in current.columns]
        return grid.header_key == current.header_key or _continues_below_header(current, grid)
    # No header repeated: the grid must line up with the open table's columns.
    cells = [c for row in grid.rows for c in row if c.text]
    return bool(cells) and all(column_for(c, current.columns) is not None for c in cells)


def _continues_below_header(current: _OpenTable, grid: Grid) -> bool:
    """A ruled grid opening the page after the open table's last page, that reads on from it.

    The rest of a row broken over the page (保险基金的补助 under 财政对其他社会) holds no amount:
    with no numbering row to close the header, it is read as one more header line, and the
    header no longer matches. The grid continues the table when the first of its header lines
    (none, where no header is repeated) give the table's own header and every line below them
    is such a fragment: text in the name columns only. Those lines then become data.
    """
    if grid.unruled or not grid.first_on_page or grid.page - 1 not in current.table.pages:
        return False
    start = len(grid.preamble)
    for rows in range(grid.header_rows - 1, -1, -1):
        columns = header_columns(grid, rows)
        if rows and tuple("/".join(col.path) for col in columns) != current.header_key:
            continue
        # The fragments lie in the name columns: those of the header the page repeats (a page
        # may print the table's columns a little wider or narrower), else the table's own.
        reference = columns if rows else current.columns
        items = [
            mine for mine, theirs in zip(reference, current.columns, strict=False) if theirs.role == "item"
        ]
        below = grid.rows[start + rows : start + grid.header_rows]
        if all(
            column_for(cell, reference) in items and _lines_up(cell, reference)
            for cells in below
            for cell in cells
            if cell.text
        ):
            grid.header_rows, grid.columns = rows, columns
            return True
    return False


def _lines_up(cell: Cell, columns: list[Column]) -> bool:
    """Whether a ruled cell's edges are those of the columns (it spans one or more of them)."""
    return any(abs(cell.x0 - col.x0) <= 2 for col in columns) and any(
        abs(cell.x1 - col.x1) <= 2 for col in columns
    )


def _is_page_number(grid: Grid) -> bool:
    """A grid of one short line with no word and no amount in it (``-1-``, ``- 1 -`` under a page
    of prose, read as a table when the page prints no rules): page furniture, neither a table nor
    a table's continuation."""
    rows = [[c.text for c in row if c.text] for row in grid.rows]
    texts = [text for row in rows for text in row]
    joined = "".join(texts)
    return (
        sum(1 for row in rows if row) == 1
        and 0 < len(joined) <= 8
        and not CJK_RE.search(joined)
        and not any(is_amount(text) for text in texts)
    )


def _is_empty_frame(grid: Grid) -> bool:
    """An empty grid with no title and no header is page furniture (a frame), not a table."""
    return not any(c.text for row in grid.rows for c in row)


def _finish(current: _OpenTable | None, tables: list[Table], skipped: list[Skipped]) -> None:
    if current is not None:
        current.table.rows = _assemble(current)
        current.table.columns = _amount_column_names(current.columns)
        current.table.column_paths = {c.name: c.path for c in current.columns if c.role == "amount"}
        tables.append(current.table)
        skipped.extend(current.skipped)
    return None


def _has_amount_columns(current: _OpenTable) -> bool:
    return any(col.role == "amount" for col in current.columns)


def _amount_column_names(columns: list[Column]) -> list[str]:
    names: list[str] = []
    for col in columns:
        if col.role == "amount" and col.name not in names:
            names.append(col.name)
    return names


def _add_grid(current: _OpenTable, grid: Grid, *, continuation: bool) -> None:
    """Read a grid's data rows into fragments, using this grid's own header when it has one."""
    columns = grid.columns if grid.columns and grid.header_rows else current.columns
    data = grid.data_rows if grid.header_rows or not continuation else grid.rows
    if not continuation:
        _assign_roles(columns, data)
    else:
        for mine, theirs in zip(columns, current.columns, strict=False):
            mine.role = theirs.role
        if [c.leaf for c in columns] == [c.leaf for c in current.columns]:
            # The header repeated on a continuation page is the table's: its merged headers
            # (收入 | 支出 over the two sides) are those the table was read with, column by
            # column. Placed again from this page's few lines (a lone 总计 row under it), a
            # merged header printed without rules may land over other columns.
            for mine, theirs in zip(columns, current.columns, strict=True):
                mine.path = theirs.path
    panels = _panels(columns)
    _name_columns(columns, panels)
    if grid.page not in current.table.pages:
        current.table.pages.append(grid.page)
    for cells in data:
        current.fragments.extend(_fragments(cells, columns, panels, grid.page))


def _assign_roles(columns: list[Column], data: list[list[Cell]]) -> None:
    values: dict[int, list[str]] = {id(col): [] for col in columns}
    for cells in data:
        for cell in cells:
            col = column_for(cell, columns)
            if col is not None and cell.text and not NOT_A_NUMBER_RE.match(cell.text):
                # A column of redacted or dashed cells is still a column of amounts.
                values[id(col)].append(cell.text)
    for col in columns:
        leaf = col.leaf
        texts = values[id(col)]
        numeric = sum(1 for t in texts if is_amount(t))
        percents = sum(1 for t in texts if PERCENT_RE.match(t))
        if leaf in ("序号", "行次"):
            col.role = "row_no"
        elif PERCENT_HEADER_RE.search(leaf) or (texts and percents > len(texts) / 2):
            col.role = "percent"  # read by no one: a ratio is no amount, and no row's name
        elif any(w in leaf for w in CODE_WORDS) or leaf in ("类", "款", "项"):
            col.role = "code"
        elif texts and numeric < len(texts) / 2 or not texts and ITEM_HEADER_RE.search(leaf):
            col.role = "item"
        elif leaf == "科目" and texts and all(is_code(t) for t in texts):
            col.role = "code"
        else:
            col.role = "amount"


def _panels(columns: list[Column]) -> list[int]:
    """Panel index per column: a new panel starts where a code or item column follows amounts."""
    panels = []
    panel = 0
    seen_amount = False
    for col in columns:
        if col.role in ("code", "item") and seen_amount:
            panel += 1
            seen_amount = False
        if col.role == "amount":
            seen_amount = True
        panels.append(panel)
    return panels


def _name_columns(columns: list[Column], panels: list[int]) -> None:
    """A column is named by its leaf header, unless the leaf repeats within its panel (预算数 |
    决算数 under each 三公 category): then the headers above it that tell them apart lead."""
    for col, panel in zip(columns, panels, strict=True):
        twins = [
            other
            for other, p in zip(columns, panels, strict=True)
            if p == panel and other is not col and other.leaf == col.leaf and other.role == col.role
        ]
        col.name = col.leaf
        if twins:
            col.name = "/".join(col.path[-2:])


def _side(columns: list[Column], panels: list[int], panel: int) -> str:
    if max(panels, default=0) == 0:
        return ""
    tops = {
        col.path[0] for col, p in zip(columns, panels, strict=True) if p == panel and col.role != "row_no"
    }
    if len(tops) != 1:
        return ""
    top = tops.pop()
    if "收入" in top:
        return "收入"
    if "支出" in top:
        return "支出"
    return ""


def _fragments(cells: list[Cell], columns: list[Column], panels: list[int], page: int) -> list[_Fragment]:
    by_panel: dict[int, _Fragment] = {}
    row_no = ""
    placed: list[tuple[Column, int, Cell]] = []
    for cell in cells:
        if not cell.text:
            continue
        col = column_for(cell, columns)
        if col is None:
            continue
        index = columns.index(col)
        if col.role == "row_no":
            row_no = cell.text
            continue
        if col.role == "percent":
            continue
        placed.append((col, panels[index], cell))
    _settle_collisions(placed, columns, panels)
    for col, panel, cell in placed:
        fragment = by_panel.setdefault(panel, _Fragment(page, panel, _side(columns, panels, panel)))
        if col.role == "code":
            if cell.text in ("类", "款", "项"):
                continue  # sub-headers of a split code column printed on the first data line
            if is_code(cell.text) or (cell.text.isdigit() and len(cell.text) <= 2):
                fragment.code += cell.text
            else:
                _add_name(fragment, cell)  # 合计 printed across the code and name columns
        elif col.role == "item":
            _add_name(fragment, cell)
        else:
            fragment.amounts.append((col, cell.text))
    fragments = _join_spanning_names(sorted(by_panel.values(), key=lambda f: f.panel))
    if row_no:
        if not fragments:
            fragments = [_Fragment(page, 0, _side(columns, panels, 0))]
        for fragment in fragments:
            fragment.row_no = row_no
    return fragments


def _settle_collisions(
    placed: list[tuple[Column, int, Cell]], columns: list[Column], panels: list[int]
) -> None:
    """Two figures of one row under one amount column belong to two columns.

    A table printed without rules has its columns placed from its header words, narrower than the
    figures under them: a figure right-aligned in its column may sit nearer the next column's
    middle. When two cells of a row fall under one amount column, the left one goes to the amount
    column before it if that one has nothing on this row (else the right one to the column after
    it, likewise); a figure is never read as another column's.
    """
    amount_columns = [c for c in columns if c.role == "amount"]
    for col in amount_columns:
        mine = [i for i, (c, _, _) in enumerate(placed) if c is col]
        if len(mine) != 2:
            continue
        left, right = sorted(mine, key=lambda i: placed[i][2].x0)
        k = amount_columns.index(col)
        for index, neighbour in ((left, k - 1), (right, k + 1)):
            if not 0 <= neighbour < len(amount_columns):
                continue
            other = amount_columns[neighbour]
            panel = panels[columns.index(other)]
            if panel == placed[index][1] and not any(c is other for c, _, _ in placed):
                placed[index] = (other, panel, placed[index][2])
                break


def _add_name(fragment: _Fragment, cell: Cell) -> None:
    """Add a name cell's text to the fragment; a code printed at the head of the name
    (``[301]工资福利支出``, ``2010101 行政运行``) becomes the row's code, the name the rest."""
    if not fragment.code and not fragment.item:
        code, name = code_in_name(cell.raw)
        if code:
            fragment.code, fragment.item = code, name
            return
    fragment.item += cell.text


def code_in_name(raw: str) -> tuple[str, str]:
    """(code, name) when a name cell prints its classification code first, else ("", "").

    ``[2200504]气象事业机构`` → ("2200504", "气象事业机构"); ``2010101 行政运行`` →
    ("2010101", "行政运行"); ``110报警服务`` and ``2026年…`` keep their digits (no bracket, no space).
    """
    match = CODE_IN_NAME_RE.match(raw.strip()) or SPACED_CODE_IN_NAME_RE.match(raw.strip())
    if not match:
        return "", ""
    return match.group(1), squeeze(match.group(2))


def _join_spanning_names(fragments: list[_Fragment]) -> list[_Fragment]:
    """A name printed across two panels of one side (支出合计 over 功能分类 and 支出用途) owns
    the amounts of the panel beside it, which has no name of its own on that line."""
    joined: list[_Fragment] = []
    for fragment in fragments:
        before = joined[-1] if joined else None
        if (
            before
            and before.side == fragment.side
            and before.item
            and not before.amounts
            and not before.code
            and fragment.amounts
            and not (fragment.item or fragment.code)
        ):
            before.amounts = fragment.amounts
            continue
        joined.append(fragment)
    return joined


def _assemble(current: _OpenTable) -> list[Row]:
    """Fragments to Rows: join names wrapped onto a line of their own, within a panel."""
    has_row_no = any(col.role == "row_no" for col in current.columns)
    split_codes = (
        sum(1 for col in current.columns if col.role == "code" and col.leaf in ("类", "款", "项")) > 1
    )
    rows: list[Row] = []
    last: dict[int, Row] = {}
    last_code_prefix: dict[int, str] = {}
    for fragment in current.fragments:
        previous = last.get(fragment.panel)
        if previous and _is_wrapped_name(fragment, previous, has_row_no):
            previous.item += fragment.item
            continue
        if previous and not (fragment.item or fragment.code or fragment.row_no) and not previous.amounts:
            previous.amounts, previous.not_numbers = _amounts(fragment, current)
            continue
        code = fragment.code
        if split_codes and code and len(code) in (2, 4):
            # 款/项 printed without the 类 (and 款) above it: carry them from the row above.
            prefix = last_code_prefix.get(fragment.panel, "")
            code = prefix[: 7 - len(code)] + code if prefix else code
        if code:
            last_code_prefix[fragment.panel] = code
        amounts, not_numbers = _amounts(fragment, current)
        row = Row(
            item=fragment.item,
            page=fragment.page,
            code=code,
            row_no=fragment.row_no,
            side=fragment.side,
            amounts=amounts,
            not_numbers=not_numbers,
        )
        if not (row.item or row.code or row.amounts):
            continue
        if EMPTY_IN_TABLE_RE.search(row.item) and not row.amounts:
            current.table.empty_note = row.item  # 此表为空 printed inside the grid
            continue
        rows.append(row)
        last[fragment.panel] = row
    return rows


def _is_wrapped_name(fragment: _Fragment, previous: Row, has_row_no: bool) -> bool:
    if fragment.row_no or fragment.code or fragment.amounts or not fragment.item:
        return False
    if fragment.item in TOTAL_LABELS or ORDINAL_RE.match(fragment.item):
        return False
    if has_row_no:
        return True
    if previous.code:
        return True
    # No 序号 and no codes to go by (two-sided summary tables): only a stub of a word or two
    # (费, 算) is a wrapped remainder; anything longer may be a row of its own (结余分配).
    return len(fragment.item) <= 2


def _amounts(fragment: _Fragment, current: _OpenTable) -> tuple[list[Amount], dict[str, str]]:
    """The fragment's amounts, and its cells that print no number (``****``, ``-``) by column.

    A cell that is no number is never an amount; unless it is a redaction or a dash (what
    exports print for "nothing"), it is also recorded as skipped, for the parse log.
    """
    amounts = []
    not_numbers: dict[str, str] = {}
    for col, text in fragment.amounts:
        value = parse_amount(text)
        if value is not None:
            amounts.append(Amount(column=col.name, value=value, column_path=col.path))
            continue
        not_numbers[col.name] = not_numbers.get(col.name, "") + text
        if not NOT_A_NUMBER_RE.match(text):
            where = f"{current.table.title}“{fragment.code}{fragment.item}”行“{col.name}”列：{text}"
            current.skipped.append(Skipped(fragment.page, where, "金额无法识别为数字，未记录"))
    return amounts, not_numbers


def _empty_note(layout: PageLayout, bottom: float) -> str:
    for line in layout.outside:
        if line.top >= bottom - 1:
            text = squeeze(line.text)
            if EMPTY_NOTE_RE.match(text):
                return text
            if text.endswith("表"):
                break
    return ""


def _name_kinds(tables: list[Table]) -> None:
    """Name each table's kind: the best-matching table of each standard kind gets the kind."""
    best: dict[str, tuple[int, int]] = {}
    for index, table in enumerate(tables):
        kind, score = table_kind(table.title)
        if kind and (kind not in best or score > best[kind][0]):
            best[kind] = (score, index)
    chosen = {index: kind for kind, (_, index) in best.items()}
    for index, table in enumerate(tables):
        table.kind = chosen.get(index, table.title)


# The first digit of a code in each classification: 功能分类 2xx, 经济分类 3xx (部门) or 5xx (政府).
CLASSIFICATION_DIGITS = {FUNCTION: "2", ECONOMIC: "35"}


def codes_from_names(tables: list[Table]) -> None:
    """Give the rows of a coded standard table printed without codes the codes the same names
    carry elsewhere in the document, where that leaves no doubt.

    A name may carry two codes (其他一般公共服务支出 is both the 款 20199 and its 项 2019999):
    the one whose parent is the row above's code or one of its ancestors wins, a code being
    used once per table. Only a table whose every coded-looking row is decided gets codes; a
    table half coded would have its 类/款/项 sums checked over half its rows. Rows above the
    first coded one (合计, the department's own row) stay as printed.
    """
    known: dict[str, set[str]] = {}
    for table in tables:
        for row in table.rows:
            if is_code(row.code):
                known.setdefault(row.item, set()).add(row.code)
    for table in tables:
        kind = kind_named(table.kind)
        if kind is None or not kind.codes or any(row.code for row in table.rows):
            continue
        digits = CLASSIFICATION_DIGITS.get(kind.codes, "")
        codes = _codes_for(table.rows, known, digits)
        if codes is not None:
            for row, code in zip(table.rows, codes, strict=True):
                row.code = code


def _codes_for(rows: list[Row], known: dict[str, set[str]], digits: str) -> list[str] | None:
    codes: list[str] = []
    used: set[str] = set()
    previous = ""
    for row in rows:
        candidates = {c for c in known.get(row.item, ()) if c[0] in digits and c not in used}
        if len(candidates) > 1:
            candidates = {c for c in candidates if len(c) == 3 or previous.startswith(c[:-2])}
        if len(candidates) == 1:
            previous = candidates.pop()
            used.add(previous)
            codes.append(previous)
        elif row.item in TOTAL_LABELS or not row.item or not used:
            codes.append("")  # 合计, or the department's own row above the coded rows
        else:
            return None
    return codes if used else None


def mark_total(table: Table) -> None:
    """Mark the row that carries a coded table's totals (``Row.is_total``).

    That is its uncoded 合计 or 总计 row; a table printed without one may carry its totals on
    the department's or unit's own row above the codes (气象局 | 100.00 | …): that row is the
    total only when each of its figures is the sum of the 类 rows' figures in its column; a code
    printed on that row is then the department's own (142 赣州市文化广电旅游局), no 类, and is
    dropped from the row. A table printed with no codes at all (none given from names either),
    whatever its first row's name: that row is the total when the rows under it read as a tree
    whose top rows add up to it (``_tops_add_up``).
    """
    labelled = [r for r in table.rows if not r.code and r.item in ("合计", "总计") and not r.side]
    for row in labelled:
        row.is_total = True
    if labelled or not table.rows:
        return
    first = table.rows[0]
    classes = [r for r in table.rows[1:] if len(r.code) == 3 and r.code.isdigit()]
    if (first.code and len(first.code) != 3) or first.side or not first.item or not first.amounts:
        return
    if not classes:
        kind = kind_named(table.kind)
        uncoded = not any(row.code or row.side for row in table.rows)
        if kind is not None and kind.codes and uncoded and _tops_add_up(first, table.rows[1:]):
            first.is_total = True
        return
    for amount in first.amounts:
        parts = [r.amount(amount.column) for r in classes]
        if sum(p for p in parts if p is not None) != amount.value:
            return
    first.is_total = True
    # A code printed beside the department's name (142 赣州市文化广电旅游局) is the department's,
    # not a 类 of the classification.
    first.code = ""


def _tops_add_up(first: Row, rows: list[Row], budget: int = 20_000) -> bool:
    """Whether ``rows`` read as a classification printed in order with no codes: each row is
    either a leaf or followed by the rows under it, which add up to it, and the top rows add up
    to ``first``, in every column (an empty cell is 0). The figures of every column must fit, so
    a 类 is not taken for the total: its rows under it would have to hold the other 类 too.
    ``budget`` bounds the search (False when spent)."""
    names = list(dict.fromkeys(a.column for row in [first, *rows] for a in row.amounts))
    values = [tuple(row.amount(name) or 0 for name in names) for row in rows]
    if not values or any(v < 0 for row in values for v in row):
        return False
    zero = tuple(0 for _ in names)
    steps = [budget]

    @cache
    def sequence(start: int, target: tuple) -> frozenset[int]:
        """Where a run of whole trees starting at ``start`` may end with its tops adding up to
        ``target``."""
        steps[0] -= 1
        if steps[0] < 0:
            raise _SearchSpent
        ends: set[int] = set()
        rest = tuple(t - v for t, v in zip(target, values[start], strict=True))
        if any(r < 0 for r in rest):
            return frozenset()
        for end in tree(start):
            if rest == zero:
                ends.add(end)
            elif end < len(values):
                ends |= sequence(end, rest)
        return frozenset(ends)

    @cache
    def tree(start: int) -> frozenset[int]:
        """Where the tree whose top row is ``start`` may end: after the row, or after the rows
        under it."""
        ends = {start + 1}
        if start + 1 < len(values) and values[start] != zero:
            ends |= sequence(start + 1, values[start])
        return frozenset(ends)

    target = tuple(first.amount(name) or 0 for name in names)
    try:
        return target != zero and len(values) in sequence(0, target)
    except (_SearchSpent, RecursionError):
        return False


class _SearchSpent(Exception):
    """The search for a tree of rows took too many steps: no decision."""
