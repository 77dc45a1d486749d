"""Build the bundled Chinese font ``fuzhou_data/fonts/FuzhouDataSansSC-Regular.otf``.

Usage (from the repository root)::

    python scripts/build_font_subset.py [--source PATH]

``--source`` is an OFL-licensed Noto Sans CJK SC Regular font: either the Debian
collection ``/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc`` (package
``fonts-noto-cjk``; the "Noto Sans CJK SC" face is picked out by name) or a single-face
``NotoSansCJKsc-Regular.otf``. Without ``--source`` the usual Debian paths are tried.
Needs only ``fonttools`` (a matplotlib dependency).

The subset keeps:

* every non-ASCII character found in ``fuzhou_data/data/*.csv``, ``fuzhou_data/data/*.toml``,
  ``notebooks/*.ipynb`` and ``fuzhou_data/*.py`` (subdirectories included; whatever exists
  when the script runs, so re-run it whenever new Chinese text is added);
* the 3,755 level-1 hanzi of GB2312;
* the GB2312 punctuation, numeral, full-width, Greek and pinyin rows, CJK symbols and
  punctuation, full-width forms, a few units and signs common in statistics tables;
* printable ASCII and Latin-1.

Hinting, vertical-metrics tables and non-English name records are dropped. The family
is renamed "Fuzhou Data Sans SC" (a Modified Version under the SIL Open Font License 1.1
may not use the original's names). The script also writes ``LICENSE-OFL.txt`` and
``README.md`` next to the font. The output is deterministic: the same source font and
the same input files give a byte-identical font.

Exit status is 1 if some character found in the package's files is missing from the
source font (the font is written anyway; the missing characters are listed).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

REPO_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = REPO_ROOT / "fuzhou_data"
FONTS_DIR = PACKAGE_DIR / "fonts"
OUTPUT_NAME = "FuzhouDataSansSC-Regular.otf"

FAMILY = "Fuzhou Data Sans SC"
STYLE = "Regular"
POSTSCRIPT_NAME = "FuzhouDataSansSC-Regular"
SOURCE_FAMILY = "Noto Sans CJK SC"

DEFAULT_SOURCES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
)

# Files scanned for characters, relative to the repository root.
SCAN_PATTERNS = (
    ("fuzhou_data/data", "**/*.csv"),
    ("fuzhou_data/data", "**/*.toml"),
    ("notebooks", "**/*.ipynb"),
    ("fuzhou_data", "**/*.py"),
)

# Characters in these Unicode categories are never drawn (controls, format characters
# such as a UTF-8 BOM or zero-width joiners, line/paragraph separators); they need no glyph.
# tests/test_fonts.py applies the same rule.
NON_RENDERED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})

EXTRA_RANGES = (
    (0x0020, 0x007E),  # printable ASCII
    (0x00A0, 0x00FF),  # Latin-1: ° ± · × ÷ ² ³ ...
    (0x2010, 0x2027),  # ‐ – — ‖ ‘ ’ “ ” † ‥ … ·
    (0x2030, 0x203B),  # ‰ ′ ″ ‹ › ※
    (0x2103, 0x2103),  # ℃
    (0x2116, 0x2116),  # №
    (0x2160, 0x216B),  # Ⅰ..Ⅻ
    (0x2170, 0x2179),  # ⅰ..ⅹ
    (0x2190, 0x2193),  # ← ↑ → ↓
    (0x2212, 0x2212),  # − minus sign
    (0x2460, 0x249B),  # ①..⑳ ⑴..⒇ ⒈..⒛
    (0x25A0, 0x25A1),  # ■ □
    (0x25B2, 0x25B3),  # ▲ △
    (0x25BC, 0x25BD),  # ▼ ▽
    (0x25C6, 0x25C7),  # ◆ ◇
    (0x25CB, 0x25CB),  # ○
    (0x25CE, 0x25CF),  # ◎ ●
    (0x2605, 0x2606),  # ★ ☆
    (0x3000, 0x303F),  # CJK symbols and punctuation: 、。〈〉《》「」『』【】〔〕〖〗〜
    (0x3220, 0x3229),  # ㈠..㈩
    (0x338E, 0x338F),  # ㎎ ㎏
    (0x339C, 0x339E),  # ㎜ ㎝ ㎞
    (0x33A1, 0x33A1),  # ㎡
    (0x33C4, 0x33C4),  # ㏄
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF01, 0xFF65),  # full-width ASCII forms and half-width CJK punctuation
    (0xFFE0, 0xFFE6),  # ￠ ￡ ￢ ￣ ￤ ￥ ￦
)

# GB2312 symbol rows kept whole: 0xA1 punctuation, 0xA2 numerals, 0xA3 full-width ASCII,
# 0xA6 Greek, 0xA8 pinyin and bopomofo. (Kana, Cyrillic and box drawing are left out.)
GB2312_SYMBOL_ROWS = (0xA1, 0xA2, 0xA3, 0xA6, 0xA8)

# Tables that matplotlib never uses: vertical layout, baselines, DSIG, and hinting-only ones.
DROP_TABLES = ("VORG", "vhea", "vmtx", "BASE", "DSIG", "hdmx", "LTSH", "VDMX", "kern")

# OpenType layout features kept. Left out: 'locl' (Japanese/Korean/Traditional glyph
# variants), vertical forms ('vert', 'vrt2') and 'aalt'/'fwid'/'hwid'/... alternates, which
# together would almost double the glyph count for nothing a horizontal chart label needs.
LAYOUT_FEATURES = ("kern", "liga", "ccmp", "calt", "mark", "mkmk")

OFL_TEXT = """\
This Font Software is licensed under the SIL Open Font License, Version 1.1.
This license is copied below, and is also available with a FAQ at:
https://openfontlicense.org


-----------------------------------------------------------
SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007
-----------------------------------------------------------

PREAMBLE
The goals of the Open Font License (OFL) are to stimulate worldwide
development of collaborative font projects, to support the font creation
efforts of academic and linguistic communities, and to provide a free and
open framework in which fonts may be shared and improved in partnership
with others.

The OFL allows the licensed fonts to be used, studied, modified and
redistributed freely as long as they are not sold by themselves. The
fonts, including any derivative works, can be bundled, embedded,
redistributed and/or sold with any software provided that any reserved
names are not used by derivative works. The fonts and derivatives,
however, cannot be released under any other type of license. The
requirement for fonts to remain under this license does not apply
to any document created using the fonts or their derivatives.

DEFINITIONS
"Font Software" refers to the set of files released by the Copyright
Holder(s) under this license and clearly marked as such. This may
include source files, build scripts and documentation.

"Reserved Font Name" refers to any names specified as such after the
copyright statement(s).

"Original Version" refers to the collection of Font Software components as
distributed by the Copyright Holder(s).

"Modified Version" refers to any derivative made by adding to, deleting,
or substituting -- in part or in whole -- any of the components of the
Original Version, by changing formats or by porting the Font Software to a
new environment.

"Author" refers to any designer, engineer, programmer, technical
writer or other person who contributed to the Font Software.

PERMISSION & CONDITIONS
Permission is hereby granted, free of charge, to any person obtaining
a copy of the Font Software, to use, study, copy, merge, embed, modify,
redistribute, and sell modified and unmodified copies of the Font
Software, subject to the following conditions:

1) Neither the Font Software nor any of its individual components,
in Original or Modified Versions, may be sold by itself.

2) Original or Modified Versions of the Font Software may be bundled,
redistributed and/or sold with any software, provided that each copy
contains the above copyright notice and this license. These can be
included either as stand-alone text files, human-readable headers or
in the appropriate machine-readable metadata fields within text or
binary files as long as those fields can be easily viewed by the user.

3) No Modified Version of the Font Software may use the Reserved Font
Name(s) unless explicit written permission is granted by the corresponding
Copyright Holder. This restriction only applies to the primary font name as
presented to the users.

4) The name(s) of the Copyright Holder(s) or the Author(s) of the Font
Software shall not be used to promote, endorse or advertise any
Modified Version, except to acknowledge the contribution(s) of the
Copyright Holder(s) and the Author(s) or with their explicit written
permission.

5) The Font Software, modified or unmodified, in part or in whole,
must be distributed entirely under this license, and must not be
distributed under any other license. The requirement for fonts to
remain under this license does not apply to any document created
using the Font Software.

TERMINATION
This license becomes null and void if any of the above conditions are
not met.

DISCLAIMER
THE FONT SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND,
EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO ANY WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT
OF COPYRIGHT, PATENT, TRADEMARK, OR OTHER RIGHT. IN NO EVENT SHALL THE
COPYRIGHT HOLDER BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY,
INCLUDING ANY GENERAL, SPECIAL, INDIRECT, INCIDENTAL, OR CONSEQUENTIAL
DAMAGES, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
FROM, OUT OF THE USE OR INABILITY TO USE THE FONT SOFTWARE OR FROM
OTHER DEALINGS IN THE FONT SOFTWARE.
"""

# The upstream noto-cjk LICENSE names 'Source' as a Reserved Font Name; the font's own
# name table only carries the first sentence, so the full line is stated here.
COPYRIGHT_LINE = (
    "Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'."
)


# --------------------------------------------------------------------------- characters


def gb2312_level1() -> list[str]:
    """The 3,755 level-1 hanzi of GB2312 (rows 0xB0..0xD7, cells 0xA1..0xFE)."""
    return _gb2312_rows(range(0xB0, 0xD8))


def _gb2312_rows(rows: Iterable[int]) -> list[str]:
    chars = []
    for row in rows:
        for cell in range(0xA1, 0xFF):
            try:
                chars.append(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:
                continue  # unassigned positions, e.g. 0xD7FA..0xD7FE
    return chars


def is_rendered(char: str) -> bool:
    """Whether *char* is a non-ASCII character that a chart could have to draw."""
    return ord(char) > 0x7F and unicodedata.category(char) not in NON_RENDERED_CATEGORIES


def _strings_in_json(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings_in_json(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings_in_json(item)


def text_of(path: Path) -> str:
    """All text of *path* in which characters can hide, escapes decoded where cheap."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    parts = [raw]
    if path.suffix == ".ipynb":
        try:
            parts.extend(_strings_in_json(json.loads(raw)))  # \\uXXXX escapes decoded
        except json.JSONDecodeError:
            pass
    elif path.suffix == ".toml":
        try:
            parts.extend(_strings_in_json(tomllib.loads(raw)))
        except tomllib.TOMLDecodeError:
            pass
    return "\n".join(parts)


def scanned_files(root: Path = REPO_ROOT) -> list[Path]:
    """The package files whose characters must be in the font, sorted."""
    files: set[Path] = set()
    for directory, pattern in SCAN_PATTERNS:
        base = root / directory
        if base.is_dir():
            files.update(
                p for p in base.glob(pattern) if p.is_file() and ".ipynb_checkpoints" not in p.parts
            )
    return sorted(files)


def characters_in_files(files: Iterable[Path]) -> dict[str, list[Path]]:
    """Map each rendered non-ASCII character to the files it occurs in."""
    found: dict[str, list[Path]] = {}
    for path in files:
        for char in sorted(set(text_of(path))):
            if is_rendered(char):
                found.setdefault(char, []).append(path)
    return found


def base_character_set() -> set[str]:
    """Characters kept whatever the package's files contain."""
    chars = set(gb2312_level1())
    chars.update(_gb2312_rows(GB2312_SYMBOL_ROWS))
    for first, last in EXTRA_RANGES:
        chars.update(chr(c) for c in range(first, last + 1))
    return chars


# --------------------------------------------------------------------------------- font


def _name(font: TTFont, name_id: int) -> str:
    record = font["name"].getName(name_id, 3, 1, 0x409) or font["name"].getName(name_id, 1, 0, 0)
    return record.toUnicode() if record else ""


def find_source(explicit: str | None) -> Path:
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            sys.exit(f"error: source font {path} does not exist")
        return path
    for candidate in DEFAULT_SOURCES:
        if Path(candidate).is_file():
            return Path(candidate)
    sys.exit(
        "error: no Noto Sans CJK font found; install it (Debian/Ubuntu: "
        "`apt-get install fonts-noto-cjk`) or pass --source PATH"
    )


def load_source(path: Path) -> TTFont:
    """Open *path*, picking the "Noto Sans CJK SC" face out of a .ttc/.otc collection."""
    if path.suffix.lower() in {".ttc", ".otc"}:
        collection = TTCollection(str(path), lazy=True)
        families = [_name(face, 1) for face in collection.fonts]
        if SOURCE_FAMILY not in families:
            sys.exit(f"error: {path} has no {SOURCE_FAMILY!r} face (faces: {families})")
        index = families.index(SOURCE_FAMILY)
        return TTFont(str(path), fontNumber=index, lazy=False, recalcTimestamp=False)
    font = TTFont(str(path), lazy=False, recalcTimestamp=False)
    family = _name(font, 16) or _name(font, 1)
    if "SC" not in family.split():
        print(f"warning: {path} is {family!r}, not a Simplified Chinese face", file=sys.stderr)
    return font


def subset_font(font: TTFont, codepoints: Iterable[int]) -> None:
    options = subset.Options()
    options.hinting = False
    options.desubroutinize = False
    options.notdef_outline = True
    options.name_IDs = ["*"]  # keep copyright, licence and credits
    options.name_languages = [0x0409]  # English records only
    options.name_legacy = False
    options.glyph_names = False
    options.layout_features = list(LAYOUT_FEATURES)
    options.drop_tables = sorted(set(options.drop_tables) | set(DROP_TABLES))
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)


def rename(font: TTFont, source_name: str, source_version: str) -> None:
    """Give the subset its own family name, as OFL section 3 asks of a Modified Version."""
    name = font["name"]
    for name_id in (16, 17, 21, 22):  # typographic/WWS names: not needed for a lone Regular
        name.removeNames(nameID=name_id)
    version = f"{source_version}; {FAMILY} subset for fuzhou-data"
    description = (
        f"{FAMILY} is a subset of {source_name} ({source_version}), renamed for the "
        "fuzhou-data package under the SIL Open Font License 1.1."
    )
    for name_id, value in (
        (1, FAMILY),
        (2, STYLE),
        (3, f"{source_version.removeprefix('Version ').split(';')[0]};{POSTSCRIPT_NAME}"),
        (4, FAMILY),
        (5, version),
        (6, POSTSCRIPT_NAME),
        (10, description),
    ):
        name.removeNames(nameID=name_id)
        name.setName(value, name_id, 3, 1, 0x409)

    cff = font["CFF "].cff
    old_ps_name = cff.fontNames[0]
    cff.fontNames = [POSTSCRIPT_NAME]
    top = cff.topDictIndex[0]
    top.FamilyName = FAMILY
    top.FullName = f"{FAMILY} {STYLE}"
    for fd in getattr(top, "FDArray", None) or []:
        if hasattr(fd, "FontName"):
            fd.FontName = fd.FontName.replace(old_ps_name, POSTSCRIPT_NAME)


def write_readme(
    path: Path,
    source: Path,
    source_name: str,
    source_version: str,
    font: TTFont,
    n_chars: int,
    n_from_files: int,
    files: list[Path],
    font_bytes: bytes,
) -> None:
    debian = " (Debian package `fonts-noto-cjk`)" if str(source).startswith("/usr/share/") else ""
    listed = "\n".join(f"- `{p.relative_to(REPO_ROOT).as_posix()}`" for p in files) or "- (none)"
    text = f"""\
# Bundled font: {FAMILY}

`{OUTPUT_NAME}` is the font that `fuzhou_data.style` registers with
matplotlib so that charts show Chinese text (抚州市, 规模以上工业增加值, ...) on any
machine, including one with no CJK font installed.

- **What it is:** a subset of the font **{source_name}** Regular,
  `{source_version}` (Adobe and Google, SIL Open Font License 1.1),
  taken from the face named "{SOURCE_FAMILY}" in `{source.name}`{debian}.
- **Modified and renamed:** per the OFL, a Modified Version may not use the original's
  names, so the family is renamed **"{FAMILY}"**
  (PostScript name `{POSTSCRIPT_NAME}`). Hinting, vertical-layout tables, glyph
  variants for other languages and non-English name records were removed.
- **Licence:** SIL Open Font License 1.1, see [`LICENSE-OFL.txt`](LICENSE-OFL.txt):
  {COPYRIGHT_LINE}
  This licence covers the font only, not the rest of the package.
- **Contents:** {n_chars} characters, {len(font.getGlyphOrder())} glyphs,
  {len(font_bytes):,} bytes (sha256 `{hashlib.sha256(font_bytes).hexdigest()[:16]}…`):
  the 3,755 level-1 hanzi of GB2312; GB2312 punctuation, numeral, full-width, Greek and
  pinyin rows; CJK symbols and punctuation; full-width forms; printable ASCII and
  Latin-1; and the {n_from_files} non-ASCII characters found, when it was built, in:

{listed}

## Rebuilding

Whenever new Chinese text is added to `fuzhou_data/data/`, `notebooks/` or
`fuzhou_data/*.py`, rebuild the font (`tests/test_fonts.py` fails, naming the missing
characters, until you do):

```sh
apt-get install fonts-noto-cjk          # the source font, once
python scripts/build_font_subset.py     # or: --source path/to/NotoSansCJK-Regular.ttc
```

The build needs only `fonttools` and is deterministic: the same source font and the same
input files give a byte-identical font. It also rewrites this README and
`LICENSE-OFL.txt`.
"""
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", help="Noto Sans CJK SC Regular .ttc/.otc/.otf")
    parser.add_argument("--output-dir", type=Path, default=FONTS_DIR, help=f"default: {FONTS_DIR}")
    args = parser.parse_args(argv)

    source = find_source(args.source)
    font = load_source(source)
    source_name = _name(font, 16) or _name(font, 1)
    source_version = _name(font, 5).split(";")[0]
    cmap = font.getBestCmap()

    files = scanned_files()
    from_files = characters_in_files(files)
    wanted = base_character_set() | set(from_files)
    missing_from_files = sorted(c for c in from_files if ord(c) not in cmap)
    codepoints = sorted(ord(c) for c in wanted if ord(c) in cmap)

    subset_font(font, codepoints)
    rename(font, source_name, source_version)

    out_dir: Path = args.output_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / OUTPUT_NAME
    font.save(str(out))
    font_bytes = out.read_bytes()

    (out_dir / "LICENSE-OFL.txt").write_text(f"{COPYRIGHT_LINE}\n\n{OFL_TEXT}", encoding="utf-8")
    write_readme(
        out_dir / "README.md",
        source,
        source_name,
        source_version,
        TTFont(str(out)),
        len(codepoints),
        len(from_files),
        files,
        font_bytes,
    )

    print(f"source:     {source} ({source_name}, {source_version})")
    print(f"scanned:    {len(files)} files, {len(from_files)} distinct non-ASCII characters")
    print(f"wrote:      {out} ({len(font_bytes):,} bytes, {len(codepoints)} characters)")
    if missing_from_files:
        print(
            f"error: {len(missing_from_files)} characters are not in the source font:",
            file=sys.stderr,
        )
        for char in missing_from_files:
            where = ", ".join(str(p.relative_to(REPO_ROOT)) for p in from_files[char])
            print(f"  U+{ord(char):04X} {char!r} in {where}", file=sys.stderr)
        print(
            "Charts cannot show these characters; use common equivalents in the data.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
