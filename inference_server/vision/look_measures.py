"""Cheap per-frame picture measures for the ``look`` analyzer: exposure, focus and global motion.

Plain functions on grayscale (luma) images, a millisecond or two each, so the analyzer can run them on the
few frames it samples while the clip decodes. No model: an assistant's checks, written down.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

#: luma at or under this (of full scale) is crushed shadow; at or over ``CLIPPED_LUMA`` a clipped highlight
CRUSHED_LUMA = 0.03
CLIPPED_LUMA = 0.97


def luma(image_bgr: np.ndarray) -> np.ndarray:
    """The picture's luma (BT.601 weights, OpenCV's), uint8."""
    return cv2.cvtColor(image_bgr, cv2.COLOR_BGR2GRAY)


@dataclass(frozen=True)
class Exposure:
    mean: float  # mean luma, 0..1
    p95: float  # 95th percentile of luma: where the brightest part of the picture sits, 0..1
    crushed: float  # share of the picture at or under CRUSHED_LUMA
    clipped: float  # share of the picture at or over CLIPPED_LUMA


def exposure(gray: np.ndarray) -> Exposure:
    """Luma histogram summary of one frame."""
    hist = cv2.calcHist([gray], [0], None, [256], [0, 256]).ravel()
    total = float(hist.sum()) or 1.0
    cumulative = np.cumsum(hist) / total
    levels = np.arange(256, dtype=np.float64)
    return Exposure(
        mean=float((hist * levels).sum() / total / 255.0),
        p95=float(np.searchsorted(cumulative, 0.95) / 255.0),
        crushed=float(cumulative[int(CRUSHED_LUMA * 255)]),
        clipped=float(1.0 - cumulative[int(np.ceil(CLIPPED_LUMA * 255)) - 1]),
    )


@dataclass(frozen=True)
class Focus:
    blur: float  # 0 (sharp) .. 1 (blurred): see ``focus``
    detail: float  # mean difference between neighbouring pixels, levels of 255: how much there is to judge


def focus(gray: np.ndarray, reblur: int = 9, denoise: float = 0.8) -> Focus:
    """How blurred the picture looks, 0 (sharp) to 1 (blurred), whatever its content.

    The re-blur test (Crété-Roffet et al., 2007): blur the picture once more with a ``reblur``-pixel box and
    see how much of the neighbour-to-neighbour variation that removes. A sharp picture loses most of it; a
    picture that is already blurred has little left to lose. Normalising by the variation the picture has
    makes the score about edges' sharpness, not their number, so a plain wall with a few crisp edges scores as
    sharp while a busy picture out of focus scores as blurred. Each axis is scored alone and the sharper one
    is kept, so the smear of a pan (one direction) is not mistaken for focus (every direction).

    Sensor noise is fine detail that never went through the lens: a ``denoise``-sigma Gaussian along the axis
    takes it out first, else a noisy soft picture reads almost as sharp as a clean sharp one. Each axis is
    measured on every other line across it (half the work; the lines are alike).
    """
    scores, variation_sum, count = [], 0.0, 0
    for along_x in (True, False):
        lines = gray[::2] if along_x else gray[:, ::2]
        kernel = (lambda k: (k, 1)) if along_x else (lambda k: (1, k))
        raw = lines.astype(np.int16)
        here, there = (np.s_[:, 1:], np.s_[:, :-1]) if along_x else (np.s_[1:], np.s_[:-1])
        variation_raw = cv2.sumElems(cv2.absdiff(raw[here], raw[there]))[0]
        variation_sum, count = variation_sum + variation_raw, count + raw[here].size
        if denoise:
            lines = cv2.GaussianBlur(lines, kernel(2 * int(np.ceil(3 * denoise)) + 1), sigmaX=denoise,
                                     sigmaY=denoise)
        f = lines.astype(np.int16) << 4  # headroom for the box filter's rounding on soft, low-contrast edges
        blurred = cv2.blur(f, kernel(reblur))
        variation = cv2.absdiff(f[here], f[there])
        left = cv2.absdiff(blurred[here], blurred[there])
        lost = cv2.max(cv2.subtract(variation, left), 0)
        total = cv2.sumElems(variation)[0]
        if total > 0:
            scores.append((total - cv2.sumElems(lost)[0]) / total)
    return Focus(float(min(scores)) if scores else 1.0, variation_sum / max(1, count))


@dataclass(frozen=True)
class Shift:
    dx: float  # how far the picture's content moved right from one frame to the next, in picture widths
    dy: float  # how far it moved down, also in picture widths (so both axes share one unit)
    response: float  # 0..1: the median tile's phase-correlation peak; low when no shift is clear


class ShiftEstimator:
    """Global translation between two frames: phase correlation on a 3 x 3 grid of tiles, median of the tiles.

    One correlation over the whole frame follows whatever moves most in its middle (a person walking through
    a locked-off shot reads as a pan); the median of nine tiles follows the background. The tiles are
    correlated in one batch of FFTs, with a centroid around each peak for the sub-pixel part (as OpenCV's
    ``phaseCorrelate`` does).
    """

    GRID = 3
    #: a tile whose peak is under this found no shift of its own (flat, dark, or all change)
    MIN_TILE_PEAK = 0.15

    def __init__(self, width: int, height: int, working_width: int = 192) -> None:
        # 192 px: a tenth of a pixel at 640 of error on our measurements, 64 x 36 px tiles at 16:9
        width_out = min(width, working_width)
        tile_w = max(8, width_out // self.GRID)
        tile_h = max(8, round(height * width_out / width / self.GRID))
        self.size = (tile_w * self.GRID, tile_h * self.GRID)
        self._tile = (tile_h, tile_w)
        self._window = cv2.createHanningWindow((tile_w, tile_h), cv2.CV_64F)

    def prepare(self, gray: np.ndarray) -> np.ndarray:
        """A frame as its tiles' windowed spectra, ready to be compared with the next frame."""
        # bilinear is 7x cheaper than area averaging and as exact for the analysis size's gentle reduction
        gentle = gray.shape[1] <= 2 * self.size[0]
        small = cv2.resize(gray, self.size, interpolation=cv2.INTER_LINEAR if gentle else cv2.INTER_AREA)
        small = small.astype(np.float64)  # numpy's FFT runs twice as fast on float64 as on float32
        h, w = self._tile
        tiles = small.reshape(self.GRID, h, self.GRID, w).transpose(0, 2, 1, 3).reshape(-1, h, w)
        return np.fft.rfft2(tiles * self._window)

    def shift(self, previous: np.ndarray, current: np.ndarray) -> Shift:
        h, w = self._tile
        cross = current * np.conj(previous)
        cross /= np.abs(cross) + 1e-12
        surface = np.fft.irfft2(cross, s=(h, w))
        n = np.arange(surface.shape[0])
        py, px = np.divmod(surface.reshape(len(n), -1).argmax(axis=1), w)
        peak = surface[n, py, px]
        oy, ox = np.mgrid[-1:2, -1:2]
        around = np.maximum(surface[n[:, None, None], (py[:, None, None] + oy) % h, (px[:, None, None] + ox) % w], 0)
        weight = around.sum(axis=(1, 2)) + 1e-12
        sx = np.where(px > w // 2, px - w, px) + (around * ox).sum(axis=(1, 2)) / weight
        sy = np.where(py > h // 2, py - h, py) + (around * oy).sum(axis=(1, 2)) / weight
        clear = peak >= self.MIN_TILE_PEAK
        if clear.sum() < 3:
            return Shift(0.0, 0.0, 0.0)
        width = self.size[0]
        return Shift(float(np.median(sx[clear])) / width, float(np.median(sy[clear])) / width,
                     float(np.median(peak)))
