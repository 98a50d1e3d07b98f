"""Writes BertUnicodeData.g.cs: the Unicode tables BertNormalization reads, so that the text tokenizer normalizes text as
Hugging Face's tokenizers (0.23.2, the tests' reference) does, in any .NET globalization mode.

Re-runnable: apt-get install unicode-data (Debian's 15.0.0-1), then
    /usr/bin/python3 src/BatchScoring.Onnx/Text/make_bert_unicode_data.py

Source: the Unicode Character Database 15.0.0 as Debian's unicode-data package installs it under /usr/share/unicode
(UnicodeData.txt, SpecialCasing.txt, PropList.txt, DerivedAge.txt), checked against its NormalizationTest.txt. The
reference does not read one Unicode version but three, and the tables follow each:
- General categories (what clean_text drops, what strip_accents removes, what the pre-tokenizer splits off as
  punctuation) come from the unicode_categories 0.1.1 crate, whose tables are Unicode 8.0: a character assigned since
  is in no category there, and the six whose category changed since between the categories BERT reads are listed in
  CATEGORY_8_0.
- The canonical decomposition (NFD, before strip_accents) comes from unicode-normalization-alignments 0.1.12, whose
  tables are Unicode 9.0: characters assigned since neither decompose nor have a combining class there.
- White space and lower case come from Rust's standard library, which is at Unicode 17.0: lower-case mappings new in
  16.0 and 17.0 are listed in LOWER_SINCE_15 (read off the reference).
The versions are those that leave no difference when every code point, and every pair of combining characters, is
normalized here and by the reference (tests/BatchScoring.Onnx.Tests/Text/BertNormalizationTests.cs): one version
earlier or later for either table leaves hundreds.
"""
import bz2
import os
import sys

UCD = "/usr/share/unicode"
HERE = os.path.dirname(os.path.abspath(__file__))
OUTPUT = os.path.join(HERE, "BertUnicodeData.g.cs")
BLOCK = 128
CATEGORIES_VERSION = (8, 0)
NORMALIZATION_VERSION = (9, 0)

# Category changes since Unicode 8.0 among Other (C*), Mn and punctuation (P*), as Unicode 8.0 had them.
CATEGORY_8_0 = {
    0x166D: "Po",   # CANADIAN SYLLABICS CHI SIGN: So in 15.0
    0x1734: "Mn",   # HANUNOO SIGN PAMUDPOD: Mc in 15.0
    0x1885: "Lo",   # MONGOLIAN LETTER ALI GALI BALUDA: Mn in 15.0
    0x1886: "Lo",   # MONGOLIAN LETTER ALI GALI THREE BALUDA: Mn in 15.0
    0xA9BD: "Mc",   # JAVANESE CONSONANT SIGN KERET: Mn in 15.0
    0x111C9: "Po",  # SHARADA SANDHI MARK: Mn in 15.0
}

# Lower-case mappings of characters assigned in Unicode 16.0 and 17.0: (first, last, offset to the lower case).
LOWER_SINCE_15 = [
    (0x1C89, 0x1C89, 1),                # CYRILLIC CAPITAL LETTER TJE
    (0xA7CB, 0xA7CB, 0x0264 - 0xA7CB),  # LATIN CAPITAL LETTER RAMS HORN
    (0xA7CC, 0xA7CC, 1),                # LATIN CAPITAL LETTER S WITH DIAGONAL STROKE
    (0xA7CE, 0xA7CE, 1),                # LATIN CAPITAL LETTER PHARYNGEAL VOICED FRICATIVE
    (0xA7D2, 0xA7D2, 1),                # LATIN CAPITAL LETTER DOUBLE THORN
    (0xA7D4, 0xA7D4, 1),                # LATIN CAPITAL LETTER DOUBLE WYNN
    (0xA7DA, 0xA7DA, 1),                # LATIN CAPITAL LETTER LAMBDA
    (0xA7DC, 0xA7DC, 0x019B - 0xA7DC),  # LATIN CAPITAL LETTER LAMBDA WITH STROKE
    (0x10D50, 0x10D65, 0x20),           # GARAY CAPITAL LETTERS
    (0x16EA0, 0x16EB8, 0x1B),           # BERIA ERFE CAPITAL LETTERS
]

# Flags of BertUnicodeData.Properties (the low byte; the high byte is the canonical combining class).
DROP, SPACE, NONSPACING_MARK, PUNCTUATION, LOWER, DECOMPOSES = 1, 2, 4, 8, 16, 32


def ranges(path):
    """(first, last, fields) of each data line of a UCD property file."""
    for line in open(os.path.join(UCD, path), encoding="utf-8"):
        line = line.split("#")[0].strip()
        if line:
            fields = [f.strip() for f in line.split(";")]
            first, _, last = fields[0].partition("..")
            yield int(first, 16), int(last or first, 16), fields[1:]


def load():
    header = open(os.path.join(UCD, "DerivedAge.txt"), encoding="utf-8").readline()
    if "15.0.0" not in header:
        sys.exit(f"{UCD}/DerivedAge.txt is not Unicode 15.0.0 ({header.strip()}); install Debian's unicode-data 15.0.0-1")
    category, ccc, decomposition, lower = {}, {}, {}, {}
    first = None
    for line in open(os.path.join(UCD, "UnicodeData.txt"), encoding="utf-8"):
        f = line.rstrip("\n").split(";")
        c = int(f[0], 16)
        if f[1].endswith(", First>"):
            first = c
            continue
        for x in range(first if f[1].endswith(", Last>") else c, c + 1):
            category[x] = f[2]
        if f[3] != "0":
            ccc[c] = int(f[3])
        if f[5] and not f[5].startswith("<"):
            decomposition[c] = [int(x, 16) for x in f[5].split()]
        if f[13]:
            lower[c] = [int(f[13], 16)]
    for c, _, f in ranges("SpecialCasing.txt"):
        if len(f) < 4 or not f[3]:  # unconditional mappings only, as Rust's char::to_lowercase
            mapped = [int(x, 16) for x in f[0].split()]
            if mapped != [c]:
                lower[c] = mapped
    for first_, last, offset in LOWER_SINCE_15:
        for c in range(first_, last + 1):
            lower[c] = [c + offset]
    white = {c for a, b, f in ranges("PropList.txt") if f[0] == "White_Space" for c in range(a, b + 1)}
    age = {c: tuple(int(p) for p in f[0].split(".")) for a, b, f in ranges("DerivedAge.txt") for c in range(a, b + 1)}
    return category, ccc, decomposition, lower, white, age


def main():
    category, ccc, decomposition, lower, white, age = load()

    def known_by(c, version):
        return c in age and age[c] <= version

    def category_8_0(c):
        if c in CATEGORY_8_0:
            return CATEGORY_8_0[c]
        return category.get(c, "Cn") if known_by(c, CATEGORIES_VERSION) else "Cn"

    def combining_class(c):
        return ccc.get(c, 0) if known_by(c, NORMALIZATION_VERSION) else 0

    def full_decomposition(c):
        if 0xAC00 <= c <= 0xD7A3:
            raise ValueError("Hangul syllables decompose by arithmetic, not by table")
        if c in decomposition and known_by(c, NORMALIZATION_VERSION):
            return [d for part in decomposition[c] for d in full_decomposition(part)]
        return [c]

    verify_nfd(full_decomposition, combining_class, lambda c: known_by(c, NORMALIZATION_VERSION))

    def properties(c):
        k = category_8_0(c)
        flags = 0
        if c == 0 or c == 0xFFFD or (k in ("Cc", "Cf", "Co", "Cs") and c not in (0x09, 0x0A, 0x0D)):
            flags |= DROP
        if c in white:
            flags |= SPACE
        if k == "Mn":
            flags |= NONSPACING_MARK
        if k.startswith("P") or (c < 0x80 and chr(c) in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"):
            flags |= PUNCTUATION
        if c in lower:
            flags |= LOWER
        if not 0xAC00 <= c <= 0xD7A3 and full_decomposition(c) != [c]:
            flags |= DECOMPOSES
        return flags | combining_class(c) << 8

    values = [properties(c) for c in range(0x110000)]
    distinct = sorted(set(values))
    index = {v: i for i, v in enumerate(distinct)}
    blocks, block_index = {}, []
    for start in range(0, 0x110000, BLOCK):
        block = tuple(index[v] for v in values[start:start + BLOCK])
        block_index.append(blocks.setdefault(block, len(blocks)))
    assert len(distinct) <= 256 and len(blocks) <= 256, "the tables index with bytes"

    decomposed = sorted(c for c in range(0x110000) if values[c] & DECOMPOSES)
    lowered = sorted(lower)
    write(block_index, blocks, distinct, decomposed, [full_decomposition(c) for c in decomposed], lowered, [lower[c] for c in lowered])


def verify_nfd(full_decomposition, combining_class, known):
    """NFD (of characters Unicode 9.0 knew, as this file's) agrees with every line of NormalizationTest.txt."""

    def nfd(cps):
        out = []
        for c in cps:
            if 0xAC00 <= c <= 0xD7A3:
                s = c - 0xAC00
                out += [0x1100 + s // 588, 0x1161 + s % 588 // 28] + ([0x11A7 + s % 28] if s % 28 else [])
            else:
                out += full_decomposition(c)
        i = 0
        while i < len(out):
            j = i
            while j < len(out) and combining_class(out[j]):
                j += 1
            out[i:j] = sorted(out[i:j], key=combining_class)
            i = j + 1
        return out

    tested = 0
    with bz2.open(os.path.join(UCD, "NormalizationTest.txt.bz2"), "rt", encoding="utf-8") as lines:
        for line in lines:
            line = line.split("#")[0].strip()
            if not line or line.startswith("@"):
                continue
            source, _, expected = [[int(x, 16) for x in f.split()] for f in line.split(";")[:3]]
            if all(known(c) for c in source):
                assert nfd(source) == expected, f"NFD({line}) differs"
                tested += 1
    print(f"NFD agrees with {tested} lines of NormalizationTest.txt")



def write(block_index, blocks, properties, decomposed, decompositions, lowered, lowers):
    def table(name, kind, items, per_line, comment):
        body = ",\n".join("        " + ", ".join(items[i:i + per_line]) for i in range(0, len(items), per_line))
        return f"    /// <summary>{comment}</summary>\n    private static ReadOnlySpan<{kind}> {name} =>\n    [\n{body},\n    ];\n"

    def flat(lists):
        starts, values = [0], []
        for x in lists:
            values += x
            starts.append(len(values))
        return starts, values

    decomposition_starts, decomposition_values = flat(decompositions)
    lower_starts, lower_values = flat(lowers)
    hexes = lambda xs: [f"0x{x:04X}" for x in xs]
    decimals = lambda xs: [str(x) for x in xs]
    parts = [
        table("BlockIndex", "byte", decimals(block_index), 32, f"The block of each {BLOCK} code points (code point / {BLOCK})."),
        table("Blocks", "byte", decimals([v for block in blocks for v in block]), 32, f"Per block, the index into Properties of each of its {BLOCK} code points."),
        table("Properties", "ushort", hexes(properties), 16, "Flags (low byte) and canonical combining class (high byte)."),
        table("DecompositionKeys", "int", hexes(decomposed), 16, "Code points with a canonical decomposition (Hangul syllables aside), ascending."),
        table("DecompositionStarts", "int", decimals(decomposition_starts), 24, "Where each key's full decomposition starts in DecompositionValues (one more entry: the end)."),
        table("DecompositionValues", "int", hexes(decomposition_values), 16, "Full canonical decompositions, one after the other."),
        table("LowerKeys", "int", hexes(lowered), 16, "Code points with a lower case other than themselves, ascending."),
        table("LowerStarts", "int", decimals(lower_starts), 24, "Where each key's lower case starts in LowerValues (one more entry: the end)."),
        table("LowerValues", "int", hexes(lower_values), 16, "Lower cases, one after the other."),
    ]
    with open(OUTPUT, "w", encoding="utf-8", newline="\n") as f:
        f.write("// <auto-generated>\n")
        f.write("// Written by make_bert_unicode_data.py from the Unicode Character Database 15.0.0 (Debian's unicode-data\n")
        f.write("// 15.0.0-1), following the Unicode versions Hugging Face's tokenizers reads: see the script. Do not edit.\n")
        f.write("// </auto-generated>\n")
        f.write("namespace BatchScoring.Onnx.Text;\n\n")
        f.write("internal static partial class BertUnicodeData\n{\n")
        f.write(f"    private const int BlockShift = {BLOCK.bit_length() - 1};\n\n")
        f.write("\n".join(parts))
        f.write("}\n")
    print(f"wrote {OUTPUT}: {len(blocks)} blocks of {BLOCK}, {len(properties)} properties, {len(decomposed)} decompositions, {len(lowered)} lower cases")


if __name__ == "__main__":
    main()
