"""Pictures for sample rushes: slates drawn as text, and shots with texture and slow motion."""

from __future__ import annotations

import cv2
import numpy as np

# OpenCV's Hershey fonts: several distinct faces with no font files to ship.
SLATE_FONTS = (cv2.FONT_HERSHEY_SIMPLEX, cv2.FONT_HERSHEY_DUPLEX, cv2.FONT_HERSHEY_TRIPLEX, cv2.FONT_HERSHEY_COMPLEX)


def slate(width: int, height: int, scene: str, take: str, roll: str = "A001", font: int = SLATE_FONTS[0]) -> np.ndarray:
    """A clapperboard-like card: production line, then SC and TK in large type (RGB)."""
    image = np.zeros((height, width, 3), np.uint8)
    image[:] = (24, 24, 24)
    cv2.rectangle(image, (width // 16, height // 10), (width - width // 16, height - height // 10), (235, 235, 235), 3)
    small = height / 480
    _centered(image, f"DERUSH DEMO   ROLL {roll}", int(height * 0.28), font, 1.0 * small, 2)
    _centered(image, f"SC {scene}   TK {take}", int(height * 0.62), font, 2.4 * small, 5)
    return image


def french_slate(width: int, height: int, scene: str, shot: str, take: str, roll: str = "A001",
                 font: int = SLATE_FONTS[0]) -> np.ndarray:
    """A French slate card: production and BOBINE, then SÉQ., PLAN and PRISE in large type (RGB). OpenCV's faces
    have no accents: the É's acute is drawn over the E, as a hand would."""
    image = np.zeros((height, width, 3), np.uint8)
    image[:] = (24, 24, 24)
    cv2.rectangle(image, (width // 16, height // 10), (width - width // 16, height - height // 10), (235, 235, 235), 3)
    small = height / 480
    _centered(image, f"LE PHARE   BOBINE {roll}", int(height * 0.28), font, 1.0 * small, 2)
    scale, thickness, baseline = 1.6 * small, 4, int(height * 0.62)
    left = _centered(image, f"SEQ. {scene}   PLAN {shot}   PRISE {take}", baseline, font, scale, thickness)
    (s_width, _), _ = cv2.getTextSize("S", font, scale, thickness)
    (e_width, e_height), _ = cv2.getTextSize("E", font, scale, thickness)
    top = baseline - e_height - int(5 * small)
    x = left + s_width + e_width // 2
    cv2.line(image, (x - int(5 * small), top), (x + int(7 * small), top - int(11 * small)), (235, 235, 235),
             thickness - 1, cv2.LINE_AA)
    return image


def _centered(image: np.ndarray, text: str, baseline: int, font: int, scale: float, thickness: int) -> int:
    """Draw ``text`` centred on the row; returns its left edge."""
    (w, _), _ = cv2.getTextSize(text, font, scale, thickness)
    origin = ((image.shape[1] - w) // 2, baseline)
    cv2.putText(image, text, origin, font, scale, (235, 235, 235), thickness, cv2.LINE_AA)
    return origin[0]


def shot_texture(width: int, height: int, seed: int) -> np.ndarray:
    """A colourful, textured background, different for every seed (so cuts between seeds are hard cuts)."""
    rng = np.random.default_rng(seed)
    base = rng.integers(40, 216, size=3)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    freq = rng.uniform(0.01, 0.04, size=2)
    wave = (np.sin(x * freq[0]) + np.cos(y * freq[1])) * 30
    image = np.clip(base[None, None, :] + wave[..., None] * rng.uniform(0.5, 1.0, 3), 0, 255).astype(np.uint8)
    for _ in range(6):  # a few shapes so the detector sees edges and structure
        centre = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        cv2.circle(image, centre, int(rng.integers(height // 12, height // 4)), colour, -1)
    return image


def shot_frame(texture: np.ndarray, frame_in_shot: int) -> np.ndarray:
    """The shot's texture drifting slowly sideways: motion within a shot, never a cut."""
    return np.roll(texture, frame_in_shot, axis=1)
