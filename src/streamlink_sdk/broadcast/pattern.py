"""A moving colour-bar test pattern, generated in I420 with plain bytes (no numpy)."""

from __future__ import annotations

from .frames import RawFrame

# BT.601 limited-range (Y, U, V) for white, yellow, cyan, green, magenta, red, blue, black.
_BARS = (
    (235, 128, 128),
    (210, 16, 146),
    (170, 166, 16),
    (145, 54, 34),
    (106, 202, 222),
    (81, 90, 240),
    (41, 240, 110),
    (16, 128, 128),
)
_WHITE = (235, 128, 128)


def _even(n: int) -> int:
    return n - (n % 2)


def _bar_row(width: int, plane: int) -> bytes:
    """One row of the bars for `plane` (0=Y, 1=U, 2=V), `width` samples wide."""
    return bytes(_BARS[x * len(_BARS) // width][plane] for x in range(width))


class TestPattern:
    """Colour bars scrolling right over a luma ramp scrolling left, with a moving white box.

    Every frame differs from the one before, so encoders cannot skip frames and a
    viewer can tell a live picture from a frozen one. About 1 ms per 720p frame.
    """

    __test__ = False  # not a pytest test class despite the name
    is_screencast = False
    blocking = False

    def __init__(self, width: int = 1280, height: int = 720) -> None:
        if width < 16 or height < 16 or width % 2 or height % 2:
            raise ValueError(
                f"TestPattern needs even dimensions of at least 16, got {width}x{height}"
            )
        self.width = width
        self.height = height
        self._index = 0
        cw = width // 2
        # Two periods side by side, so any scroll offset is one contiguous slice.
        self._y_bars = _bar_row(width, 0) * 2
        self._u_bars = _bar_row(cw, 1) * 2
        self._v_bars = _bar_row(cw, 2) * 2
        self._y_ramp = bytes(16 + (x * 219) // width for x in range(width)) * 2
        self._c_flat = bytes([128]) * cw
        self._band = _even(height * 2 // 3)  # rows of bars; the ramp fills the rest
        self._box = max(2, _even(height // 6))
        self._box_y = _even((self._band - self._box) // 2)

    def read(self) -> RawFrame:
        """Render the next frame."""
        w, cw = self.width, self.width // 2
        i = self._index
        self._index += 1
        cs = (2 * i) % cw  # chroma scroll; luma scrolls twice as far (4 px per frame)
        ys = 2 * cs
        y_row = self._y_bars[w - ys : 2 * w - ys]
        u_row = self._u_bars[cw - cs : 2 * cw - cs]
        v_row = self._v_bars[cw - cs : 2 * cw - cs]
        ramp = self._y_ramp[ys : ys + w]

        box = self._box
        bx = _even((8 * i) % (w - box))
        y_box = y_row[:bx] + bytes([_WHITE[0]]) * box + y_row[bx + box :]
        cbx, cbox = bx // 2, box // 2
        u_box = u_row[:cbx] + bytes([_WHITE[1]]) * cbox + u_row[cbx + cbox :]
        v_box = v_row[:cbx] + bytes([_WHITE[2]]) * cbox + v_row[cbx + cbox :]

        by, band, h = self._box_y, self._band, self.height
        below = band - by - box
        ramp_rows = h - band
        data = b"".join(
            (
                y_row * by,
                y_box * box,
                y_row * below,
                ramp * ramp_rows,
                u_row * (by // 2),
                u_box * (box // 2),
                u_row * (below // 2),
                self._c_flat * (ramp_rows // 2),
                v_row * (by // 2),
                v_box * (box // 2),
                v_row * (below // 2),
                self._c_flat * (ramp_rows // 2),
            )
        )
        return RawFrame(self.width, self.height, "I420", data)

    def close(self) -> None:
        """Nothing to release."""
