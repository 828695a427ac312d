"""Maps spans of normalised text back to the decoded original.

Normalisation is a chain of stages. Most stages are 1:1 character substitutions (full-width
folding, OpenCC character conversion, blanking boilerplate) and need no bookkeeping. The
others delete text (pinyin annotations, HTML tags) or, rarely, replace a run by one of
another length (OpenCC phrases, ``data/phrases.yaml`` fixes). Each of those is recorded as
an :class:`EditMap`: a sorted list of edits, each saying "``in[a:b]`` became ``out[c:d]``";
between edits, positions move by a constant shift. Lookups are two binary searches per
stage, so mapping the few spans facts use costs nothing, and building a map never loops
over characters in Python.
"""

from __future__ import annotations

import difflib
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from itertools import accumulate, compress, repeat


class EditMap:
    """One length-changing stage: sorted edits ``in[a:b] -> out[c:d]``.

    Between edits the map is a shift; a position inside a replaced run maps to the whole
    run (a span's start to the run's start, its end to the run's end), and a deletion is
    skipped by starts and not reached by ends, so ``original[s:e]`` never begins or ends
    with deleted text but does include deletions inside the span.
    """

    __slots__ = ("in_end", "in_start", "out_end", "out_start")

    def __init__(self, in_start: array, in_end: array, out_start: array, out_end: array):
        self.in_start = in_start
        self.in_end = in_end
        self.out_start = out_start
        self.out_end = out_end

    def __len__(self) -> int:
        return len(self.out_start)

    @classmethod
    def from_edits(cls, edits: Iterable[tuple[int, int, int, int]]) -> EditMap | None:
        """Build from ``(in_start, in_end, out_start, out_end)`` tuples in text order."""
        rows = [e for e in edits if e[1] - e[0] != e[3] - e[2]]
        if not rows:
            return None
        cols = list(zip(*rows, strict=True))
        return cls(*(array("q", col) for col in cols))

    @classmethod
    def from_split(cls, pieces: Sequence[str]) -> EditMap | None:
        """Build from ``re.split`` output of a one-group pattern: kept, deleted, kept, ...

        Every odd piece was deleted; the even pieces, joined, are the output.
        """
        if len(pieces) < 3:
            return None
        lens = list(map(len, pieces))
        pos = list(accumulate(lens, initial=0))        # input offset of each piece
        kept = list(accumulate(lens[0::2]))              # output offset after keep k
        out = array("q", kept[:-1])
        return cls(array("q", pos[1::2]), array("q", pos[2::2]), out, out)  # deletions: c == d

    def start(self, p: int) -> int:
        """Input offset where an output span starting at ``p`` begins."""
        k = bisect_right(self.out_start, p) - 1
        if k < 0:
            return p
        if p < self.out_end[k]:
            return self.in_start[k]
        return self.in_end[k] + p - self.out_end[k]

    def end(self, p: int) -> int:
        """Input offset where an output span ending at ``p`` ends."""
        k = bisect_left(self.out_start, p) - 1
        if k < 0:
            return p
        if p <= self.out_end[k]:
            return self.in_end[k]
        return self.in_end[k] + p - self.out_end[k]


class OffsetMap:
    """Maps ``[start, end)`` in normalised text to ``[s, e)`` in the original.

    Attributes:
        length: length of the normalised text.
        original_length: length of the original text.
        stages: the length-changing stages, first applied first.
    """

    __slots__ = ("length", "original_length", "stages")

    def __init__(self, stages: Sequence[EditMap | None], length: int, original_length: int):
        self.stages = tuple(s for s in stages if s is not None)
        self.length = length
        self.original_length = original_length

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of a normalised span; ``original[s:e]`` is what it came from.

        Raises:
            ValueError: the span is not inside the normalised text.
        """
        if not 0 <= start <= end <= self.length:
            raise ValueError(f"span {start}..{end} outside text of length {self.length}")
        s, e = start, end
        for stage in reversed(self.stages):
            s, e = stage.start(s), stage.end(e)
            if e < s:  # an empty span sitting on a deletion
                e = s
        return s, e

    def __repr__(self) -> str:
        edits = sum(len(s) for s in self.stages)
        return f"OffsetMap({len(self.stages)} stages, {edits} edits, {self.length} chars)"


def align_lines(before: str, after: str,
                fold: Callable[[str], str] | None = None) -> EditMap | None:
    """Edits that turn ``before`` into ``after`` when a converter changed a few runs.

    Lines are compared by length (in C); only lines whose length changed are aligned, with
    :mod:`difflib` on ``fold(line)`` (e.g. a character-level traditional→simplified fold,
    so that only the phrase a converter rewrote differs). A line whose length did not
    change is taken as 1:1.
    """
    if before == after:
        return None
    a_lines = before.split("\n")
    b_lines = after.split("\n")
    if len(a_lines) != len(b_lines):  # the converter touched line ends: align it all
        a_lines, b_lines = [before], [after]
    a_lens = list(map(len, a_lines))
    b_lens = list(map(len, b_lines))
    changed = list(compress(range(len(a_lens)), map(int.__ne__, a_lens, b_lens)))
    if not changed:
        return None
    a_pos = list(accumulate(map(int.__add__, a_lens, repeat(1)), initial=0))
    b_pos = list(accumulate(map(int.__add__, b_lens, repeat(1)), initial=0))
    edits: list[tuple[int, int, int, int]] = []
    for i in changed:
        a, b = a_lines[i], b_lines[i]
        if fold is not None:
            a = fold(a)
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        ia, ib = a_pos[i], b_pos[i]
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op != "equal" and i2 - i1 != j2 - j1:
                edits.append((ia + i1, ia + i2, ib + j1, ib + j2))
    return EditMap.from_edits(edits)
