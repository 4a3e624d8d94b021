"""Hostile and broken files for the ingest, made by code: every kind the ingest must refuse cleanly.

Each kind damages a real disclosure (the seed's first pages, rendered by seedpdf) or builds a
PDF whose structure is hostile on purpose, with pikepdf (qpdf) writing the objects as they are
asked, loops and lies included. ``generate(count, seed=…)`` cycles over the kinds, each file from
its own random generator, so that a run is reproducible from its seed. ``tests/test_hostile.py``
runs a bounded subset through the ingest; ``bench/hostile.py`` runs hundreds.

    python -m tests.hostile OUT_DIR [COUNT]    # write them, to try them by hand

The refusal tests' few plain cases (an empty file, text renamed .pdf …) are the ``*_pdf`` and
``*_file`` functions at the end (they used to be tests/bad_pdfs.py).
"""

from __future__ import annotations

import functools
import io
import random
import re
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

# Names a hostile upload may carry: markup, spreadsheet formulas, paths, controls, length.
HOSTILE_NAMES = (
    "../../../etc/passwd.pdf",
    "<script>alert(1)</script>.pdf",
    '<img src=x onerror="alert(1)">.pdf',
    '=HYPERLINK("http://example.invalid","点我").pdf',
    "+SUM(1,2)@x.pdf",
    "第1行\n第2行\r\t.pdf",
    "\u202egpj.exe.pdf",
    "零宽\u200b\u200d字符.pdf",
    "预算" * 150 + ".pdf",
    " .pdf",
    "CON.pdf",
    "%00%2e%2e.pdf",
)
# Texts printed where a department's name goes.
HOSTILE_TEXTS = (
    "<script>alert('x')</script>局",
    "=cmd|' /C calc'!A0局",
    '@SUM(1+1)*cmd|"/c calc"!A1办公室',
    "\u202e局政财\u202c市",
    "财政局\x00\x07\x1b[31m",
    "局" * 120,
    "{{ request.user }}{% debug %}局",
    "'; DROP TABLE disclosures_disclosure; --局",
)


@dataclass(frozen=True)
class Hostile:
    kind: str
    variant: str
    name: str  # the name it is uploaded under
    data: bytes

    def write(self, folder: Path, index: int) -> Path:
        """Written under a safe name (the hostile one is the upload's name, not a path)."""
        path = folder / f"{index:04d}-{self.kind}-{self.variant}.pdf"
        path.write_bytes(self.data)
        return path


# --- the bases ------------------------------------------------------------------------------------


@functools.cache
def seed_pdf() -> bytes:
    """The seed disclosure as printed (34 pages)."""
    return _rendered()


def _rendered(**changes) -> bytes:
    """The seed (with ``changes``) rendered by seedpdf, which writes to a path."""
    from seedpdf import SEED, render_document

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "seed.pdf"
        render_document(path, replace(SEED, **changes))
        return path.read_bytes()


@functools.cache
def base_pdf(pages: int = 4) -> bytes:
    """The seed's first pages (cover, contents, 收支总表 …): a small real disclosure to damage."""
    with pikepdf.open(io.BytesIO(seed_pdf())) as pdf:
        del pdf.pages[pages:]
        return _saved(pdf)


def _saved(pdf: pikepdf.Pdf, **options) -> bytes:
    """The PDF as qpdf writes it: a classic xref table, streams left as they are."""
    out = io.BytesIO()
    defaults = {
        "object_stream_mode": pikepdf.ObjectStreamMode.disable,
        "compress_streams": False,
        "stream_decode_level": pikepdf.StreamDecodeLevel.none,
    }
    pdf.save(out, **(defaults | options))
    return out.getvalue()


def _page_pdf(content: bytes = b"", *, box=(0, 0, 595, 842), pages: int = 1, filters=None) -> pikepdf.Pdf:
    """A PDF of ``pages`` pages drawing ``content`` (encoded with ``filters`` when given) in Helvetica."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    for _ in range(pages):
        stream = pikepdf.Stream(pdf, b"")
        if filters:
            stream.write(content, filter=filters)
        else:
            stream.write(content)
        page = Dictionary(
            Type=Name.Page,
            MediaBox=Array(box),
            Contents=stream,
            Resources=Dictionary(Font=Dictionary(F1=font)),
        )
        pdf.pages.append(pikepdf.Page(page))
    return pdf


# --- the kinds ------------------------------------------------------------------------------------
# Each takes a random generator and returns (variant, data).


def truncated(rng: random.Random) -> tuple[str, bytes]:
    data = base_pdf()
    where = rng.choice(["head", "middle", "tail"])
    cut = {"head": rng.randint(9, 400), "middle": rng.randint(400, len(data) - 400)}.get(
        where, len(data) - rng.randint(1, 400)
    )
    return where, data[:cut]


def bit_flipped(rng: random.Random) -> tuple[str, bytes]:
    data = bytearray(base_pdf())
    flips = rng.choice([1, 8, 64, 512])
    for _ in range(flips):
        position = rng.randrange(16, len(data))
        data[position] ^= 1 << rng.randrange(8)
    return f"{flips}bits", bytes(data)


def byte_runs(rng: random.Random) -> tuple[str, bytes]:
    data = bytearray(base_pdf())
    filler = rng.choice(["zeros", "ones", "random", "brackets", "dicts"])
    for _ in range(rng.randint(1, 5)):
        length = rng.choice([16, 256, 4096])
        start = rng.randrange(16, max(17, len(data) - length))
        run = {
            "zeros": b"\0" * length,
            "ones": b"\xff" * length,
            "random": rng.randbytes(length),
            "brackets": b"[" * length,
            "dicts": b"<<" * (length // 2),
        }[filler]
        data[start : start + length] = run
    return filler, bytes(data)


def destroyed_xref(rng: random.Random) -> tuple[str, bytes]:
    data = base_pdf()
    xref = data.rfind(b"xref")
    how = rng.choice(["garbage", "offsets", "startxref", "trailer", "gone"])
    if how == "garbage":
        return how, data[:xref] + rng.randbytes(len(data) - xref)
    if how == "offsets":  # every offset in the table pointing somewhere else
        table = re.sub(rb"\d{10} 00000 n", lambda _: b"%010d 00000 n" % rng.randrange(len(data)), data[xref:])
        return how, data[:xref] + table
    if how == "startxref":
        return how, re.sub(rb"startxref\s+\d+", b"startxref\n%d" % rng.randrange(10**9), data)
    if how == "trailer":
        return how, data.replace(b"/Root", b"/Xoot")
    return how, data[:xref]


def encrypted(rng: random.Random) -> tuple[str, bytes]:
    revision = rng.choice([2, 3, 4, 6])
    user = rng.choice(["secret", ""])
    with pikepdf.open(io.BytesIO(base_pdf())) as pdf:
        encryption = pikepdf.Encryption(
            owner="owner-password", user=user, R=revision, metadata=revision >= 4, aes=revision >= 4
        )
        return f"R{revision}{'-user' if user else '-owner'}", _saved(
            pdf, encryption=encryption, stream_decode_level=None
        )


def image_only(rng: random.Random) -> tuple[str, bytes]:
    """Scanned pages: a picture on each page, no text layer."""
    width, height = rng.choice([(64, 48), (640, 480)])
    pages = rng.randint(1, 5)
    pdf = _page_pdf(b"q 500 0 0 400 40 300 cm /Im1 Do Q", pages=pages)
    image = pikepdf.Stream(pdf, zlib.compress(rng.randbytes(width * height * 3 // 16) * 16))
    image.Type, image.Subtype, image.Filter = Name.XObject, Name.Image, Name.FlateDecode
    image.Width, image.Height, image.ColorSpace, image.BitsPerComponent = width, height, Name.DeviceRGB, 8
    for page in pdf.pages:
        page.Resources.XObject = Dictionary(Im1=image)
    return f"{pages}pages", _saved(pdf)


def random_bytes(rng: random.Random) -> tuple[str, bytes]:
    size = rng.choice([10, 1000, 100_000])
    header = rng.choice([b"%PDF-1.7\n", b"%PDF-2.0\n%\xe2\xe3\n1 0 obj\n<<", b""])
    return f"{'header' if header else 'bare'}{size}", header + rng.randbytes(size)


def other_format(rng: random.Random) -> tuple[str, bytes]:
    what = rng.choice(["png", "zip", "docx", "html", "utf16", "jpeg", "late_header", "empty"])
    if what in ("zip", "docx"):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("[Content_Types].xml" if what == "docx" else "a.txt", "部门预算" * 100)
        return what, out.getvalue()
    return what, {
        "png": b"\x89PNG\r\n\x1a\n" + rng.randbytes(2000),
        "html": "<html><body><h1>2025年部门预算</h1><script>alert(1)</script></body></html>".encode(),
        "utf16": "2025年部门预算收支总表\n单位：万元".encode("utf-16"),
        "jpeg": b"\xff\xd8\xff\xe0" + rng.randbytes(2000),
        "late_header": b" " * 2048 + base_pdf(),  # the %PDF- marker beyond where readers look
        "empty": b"",
    }[what]


def deep_nesting(rng: random.Random) -> tuple[str, bytes]:
    depth = rng.choice([1_000, 50_000, 500_000])
    where = rng.choice(["content", "object", "chain"])
    if where == "content":  # an operand nested thousands of arrays deep in the content stream
        pdf = _page_pdf(b"BT /F1 12 Tf 72 700 Td " + b"[" * depth + b"(x)" + b"]" * depth + b" TJ ET")
        return f"{where}{depth}", _saved(pdf)
    if where == "object":  # a page attribute nested as deep (an inline object)
        data = _saved(_page_pdf(b"BT /F1 12 Tf 72 700 Td (x) Tj ET"))
        return f"{where}{depth}", data.replace(
            b"/Type /Page", b"/Deep " + b"[" * depth + b"]" * depth + b" /Type /Page", 1
        )
    pdf = _page_pdf(b"BT /F1 12 Tf 72 700 Td (x) Tj ET")  # indirect objects referring down a long chain
    link = pdf.make_indirect(Dictionary())
    for _ in range(min(depth, 20_000)):
        link = pdf.make_indirect(Dictionary(Next=link))
    pdf.pages[0].Resources.ExtGState = Dictionary(G1=link)
    pdf.pages[0].Group = link
    return f"{where}{min(depth, 20_000)}", _saved(pdf)


def decompression_bomb(rng: random.Random) -> tuple[str, bytes]:
    """Small streams that inflate to gigabytes: the page's content, once or twice deflated."""
    size = rng.choice([300, 1_500, 4_000]) * 1024 * 1024
    filler = rng.choice([b"0", b" ", b"BT ET "])
    layers = rng.choice([1, 2])
    data, filters = (
        _deflated(filler * (8 * 1024 * 1024 // len(filler)), size // (8 * 1024 * 1024)),
        Name.FlateDecode,
    )
    if layers == 2:
        data, filters = zlib.compress(data, 9), Array([Name.FlateDecode, Name.FlateDecode])
    pdf = _page_pdf(data, filters=filters)
    return f"{size >> 20}MB-{layers}layer-{filler.strip().decode() or 'space'}", _saved(pdf)


@functools.cache
def _deflated(chunk: bytes, times: int) -> bytes:
    """``chunk * times`` as a zlib stream, without deflating it all: after a full flush deflate
    forgets what it saw, so each repeat of the chunk deflates to the same bytes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(times):
        checksum = zlib.adler32(chunk, checksum)
    return b"\x78\xda" + block * times + compressor.flush() + checksum.to_bytes(4, "big")


PLACEHOLDER = b"7777777.5"


def page_boxes(rng: random.Random) -> tuple[str, bytes]:
    """The seed's pages with huge, negative, empty, NaN or infinite boxes."""
    what = rng.choice(["huge", "negative", "empty", "nan", "inf", "short", "string", "rotate"])
    with pikepdf.open(io.BytesIO(base_pdf())) as pdf:
        for page in pdf.pages:
            if what == "huge":
                page.MediaBox = Array([0, 0, 1e30, 1e30])
            elif what == "negative":
                page.MediaBox = Array([0, 0, -1e9, -595])
            elif what == "empty":
                page.MediaBox = Array([0, 0, 0, 0])
            elif what in ("nan", "inf"):
                page.MediaBox = Array([0, 0, pikepdf.Object.parse(PLACEHOLDER), 842])
                page.CropBox = Array([0, 0, 595, pikepdf.Object.parse(PLACEHOLDER)])
            elif what == "short":
                page.MediaBox = Array([0, 0, 595])
            elif what == "string":
                page.MediaBox = pikepdf.String("A4")
            else:
                page.Rotate = rng.choice([45, -90, 10**12])
        data = _saved(pdf)
    token = {"nan": b"NaN", "inf": b"1e400"}.get(what)
    if token:  # qpdf writes no NaN: an equally long placeholder is replaced, so offsets hold
        data = data.replace(PLACEHOLDER, token.ljust(len(PLACEHOLDER)))
    return what, data


def circular_tree(rng: random.Random) -> tuple[str, bytes]:
    """Page trees, page labels and forms that refer to themselves."""
    what = rng.choice(["kids_self", "kids_ancestor", "kids_twice", "parent_loop", "labels", "form_self"])
    pdf = _page_pdf(b"BT /F1 12 Tf 72 700 Td (2025 budget) Tj ET")
    root, page = pdf.Root.Pages, pdf.pages[0].obj
    if what == "kids_self":
        root.Kids = Array([root])
    elif what == "kids_ancestor":
        middle = pdf.make_indirect(
            Dictionary(Type=Name.Pages, Kids=Array([page, root]), Count=2, Parent=root)
        )
        root.Kids, page.Parent = Array([middle]), middle
    elif what == "kids_twice":
        root.Kids = Array([page, root, root, page])
        root.Count = 4
    elif what == "parent_loop":
        page.Parent = page
    elif what == "labels":
        labels = pdf.make_indirect(Dictionary())
        labels.Kids = Array([labels, labels])
        pdf.Root.PageLabels = labels
    else:  # a form XObject that draws itself twice: a tree of 2^depth drawings
        form = pdf.make_stream(b"/F0 Do /F0 Do")
        form.Type, form.Subtype, form.BBox = Name.XObject, Name.Form, Array([0, 0, 10, 10])
        form.Resources = Dictionary(XObject=Dictionary(F0=form))
        page.Resources.XObject = Dictionary(F0=form)
        page.Contents = pdf.make_stream(b"/F0 Do")
    return what, _saved(pdf)


def count_lie(rng: random.Random) -> tuple[str, bytes]:
    """A page tree that says it has 200,000 pages, or has them."""
    what = rng.choice(["count", "same_page", "real"])
    if what == "real":
        pages = rng.choice([600, 5_000, 200_000])
        return f"real{pages}", _many_pages(pages)
    pdf = _page_pdf(b"BT /F1 12 Tf 72 700 Td (x) Tj ET")
    root, page = pdf.Root.Pages, pdf.pages[0].obj
    if what == "count":
        root.Count = 200_000
    else:
        root.Kids = Array([page] * 200_000)
        root.Count = 200_000
    return what, _saved(pdf)


@functools.cache
def _many_pages(pages: int) -> bytes:
    """Real pages, sharing one content stream, a thousand under each intermediate node."""
    pdf = _page_pdf(b"BT /F1 12 Tf 72 700 Td (x) Tj ET")
    root, page = pdf.Root.Pages, pdf.pages[0].obj
    nodes = []
    for start in range(0, pages, 1000):
        node = pdf.make_indirect(Dictionary(Type=Name.Pages, Parent=root))
        leaves = [
            pdf.make_indirect(
                Dictionary(Type=Name.Page, Parent=node, MediaBox=page.MediaBox, Contents=page.Contents)
            )
            for _ in range(min(1000, pages - start))
        ]
        node.Kids, node.Count = Array(leaves), len(leaves)
        nodes.append(node)
    root.Kids, root.Count = Array(nodes), pages
    return _saved(pdf)


def dense_pages(rng: random.Random, *, pages: int | None = None) -> tuple[str, bytes]:
    """Pages packed with ruled cells and text: the work grows with every cell on every page."""
    pages = pages or rng.choice([5, 20, 60, 490])
    rows, columns = rng.choice([(30, 8), (60, 12), (120, 20)])
    ops = [b"0.2 w"]
    for row in range(rows + 1):
        ops.append(b"20 %d m 575 %d l S" % (20 + row * 800 // rows, 20 + row * 800 // rows))
    for column in range(columns + 1):
        ops.append(b"%d 20 m %d 820 l S" % (20 + column * 555 // columns, 20 + column * 555 // columns))
    ops.append(b"BT /F1 4 Tf")
    for row in range(rows):
        for column in range(columns):
            x, y = 22 + column * 555 // columns, 22 + row * 800 // rows
            ops.append(b"1 0 0 1 %d %d Tm (%d.%02d) Tj" % (x, y, rng.randrange(10**6), rng.randrange(100)))
    ops.append(b"ET")
    pdf = _page_pdf(b"\n".join(ops), pages=pages, filters=None)
    return f"{pages}pages-{rows}x{columns}", _saved(pdf, compress_streams=True)


def hostile_text(rng: random.Random) -> tuple[str, bytes]:
    """A real disclosure whose department prints as markup, a formula, controls …: stored, escaped."""
    index = rng.randrange(len(HOSTILE_TEXTS))
    return f"text{index}", _rendered(department=HOSTILE_TEXTS[index], explanation=())


def hostile_name(rng: random.Random) -> tuple[str, bytes]:
    return "name", base_pdf() if rng.random() < 0.5 else b"not a pdf"


KINDS: dict[str, Callable[[random.Random], tuple[str, bytes]]] = {
    "truncated": truncated,
    "bit_flipped": bit_flipped,
    "byte_runs": byte_runs,
    "destroyed_xref": destroyed_xref,
    "encrypted": encrypted,
    "image_only": image_only,
    "random_bytes": random_bytes,
    "other_format": other_format,
    "deep_nesting": deep_nesting,
    "decompression_bomb": decompression_bomb,
    "page_boxes": page_boxes,
    "circular_tree": circular_tree,
    "count_lie": count_lie,
    "dense_pages": dense_pages,
    "hostile_text": hostile_text,
    "hostile_name": hostile_name,
}


def make(kind: str, rng: random.Random) -> Hostile:
    variant, data = KINDS[kind](rng)
    name = rng.choice(HOSTILE_NAMES) if kind == "hostile_name" else f"{kind}-{variant}.pdf"
    return Hostile(kind=kind, variant=variant, name=name, data=data)


def generate(count: int, *, seed: int = 0, kinds: list[str] | None = None):
    """``count`` hostile files, cycling over ``kinds`` (all of them by default), reproducibly."""
    kinds = kinds or list(KINDS)
    for index in range(count):
        yield make(kinds[index % len(kinds)], random.Random(f"{seed}:{index}"))


# --- plain cases for the refusal tests (were tests/bad_pdfs.py) -----------------------------------

FONT = "STSong-Light"


def _canvas(target, **kwargs):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return canvas.Canvas(target, pagesize=A4, invariant=1, **kwargs)


def text_pdf(path: Path, lines: list[str], **kwargs) -> Path:
    """A one-page PDF printing the given lines."""
    c = _canvas(str(path), **kwargs)
    c.setFont(FONT, 12)
    for i, line in enumerate(lines):
        c.drawString(72, 760 - 20 * i, line)
    c.showPage()
    c.save()
    return path


def empty_file(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def text_file_named_pdf(path: Path) -> Path:
    path.write_text("部门预算收支总表\n这不是PDF，只是改了扩展名的文本文件。\n", encoding="utf-8")
    return path


def truncated_pdf(path: Path) -> Path:
    whole = io.BytesIO()
    c = _canvas(whole)
    c.setFont(FONT, 12)
    c.drawString(72, 760, "部门预算收支总表")
    c.showPage()
    c.save()
    data = whole.getvalue()
    path.write_bytes(data[: len(data) // 3])
    return path


def encrypted_pdf(path: Path) -> Path:
    return text_pdf(path, ["2025年部门预算收支总表", "单位：万元"], encrypt="secret")


def image_only_pdf(path: Path) -> Path:
    """A scanned page: a picture of a table, no text layer."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    picture = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(picture, format="PNG")
    picture.seek(0)
    c = _canvas(str(path))
    c.drawImage(ImageReader(picture), 72, 400, width=400, height=300)
    c.showPage()
    c.save()
    return path


def not_a_disclosure_pdf(path: Path) -> Path:
    return text_pdf(path, ["会议通知", "定于下周三下午三点在三楼会议室召开全体会议，请准时参加。"])


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    for number, hostile in enumerate(generate(int(sys.argv[2]) if len(sys.argv) > 2 else len(KINDS))):
        print(hostile.write(folder, number), repr(hostile.name))
