"""Decoded pictures at analysis size, cheaply.

Analyzers look at small frames (shot changes, exposure, faces at a few hundred pixels), so a 1080p frame
is decimated straight from its Y/U/V planes (nearest neighbour, no copy of the full frame) and converted to
BGR at the small size: almost free next to decoding, where a full swscale pass cost as much as the decode
itself (bench/RESULTS.md). Formats this does not know go through swscale.
"""

from __future__ import annotations

import av
import cv2
import numpy as np

# planar YUV formats whose planes are read directly: name -> bits per sample
_PLANAR_YUV = {
    "yuv420p": 8, "yuvj420p": 8, "yuv422p": 8, "yuvj422p": 8, "yuv444p": 8, "yuvj444p": 8,
    "yuv420p10le": 10, "yuv422p10le": 10, "yuv444p10le": 10, "yuv420p12le": 12, "yuv422p12le": 12,
    "yuv444p12le": 12,
}
_FULL_RANGE = 2  # AVCOL_RANGE_JPEG


def _plane(plane, bits: int, h: int, w: int) -> np.ndarray:
    """One plane, viewed in place (rows padded to line_size) and sampled down to h x w."""
    dtype = np.dtype(np.uint8) if bits == 8 else np.dtype("<u2")
    stride = plane.line_size // dtype.itemsize
    data = np.frombuffer(plane, dtype).reshape(-1, stride)[: plane.height, : plane.width]
    small = cv2.resize(data, (w, h), interpolation=cv2.INTER_NEAREST)
    return small if bits == 8 else (small >> (bits - 8)).astype(np.uint8)


def to_bgr(frame: av.VideoFrame, width: int, height: int) -> np.ndarray:
    """``frame`` as a height x width x 3 uint8 BGR image."""
    bits = _PLANAR_YUV.get(frame.format.name)
    if bits is None:
        return frame.reformat(width=width, height=height, format="bgr24", interpolation="FAST_BILINEAR").to_ndarray()
    full_range = frame.color_range == _FULL_RANGE or frame.format.name.startswith("yuvj")
    if bits == 8 and frame.format.name in ("yuv420p", "yuvj420p") and not full_range and width % 2 == 0 \
            and height % 2 == 0:
        # the common case (H.264/HEVC camera and phone files): one I420 buffer, OpenCV's BT.601 video-range
        # conversion, no per-channel range expansion
        y = _plane(frame.planes[0], 8, height, width)
        u = _plane(frame.planes[1], 8, height // 2, width // 2)
        v = _plane(frame.planes[2], 8, height // 2, width // 2)
        i420 = np.concatenate([y.ravel(), u.ravel(), v.ravel()]).reshape(height * 3 // 2, width)
        return cv2.cvtColor(i420, cv2.COLOR_YUV2BGR_I420)
    y, u, v = (_plane(frame.planes[i], bits, height, width) for i in range(3))
    if not full_range:
        # limited ("video") range: Y 16-235, chroma 16-240 -> full range before the BT.601 conversion
        y = cv2.convertScaleAbs(y, alpha=255 / 219, beta=-16 * 255 / 219)
        u = cv2.convertScaleAbs(u, alpha=255 / 224, beta=128 - 128 * 255 / 224)
        v = cv2.convertScaleAbs(v, alpha=255 / 224, beta=128 - 128 * 255 / 224)
    return cv2.cvtColor(cv2.merge([y, v, u]), cv2.COLOR_YCrCb2BGR)
