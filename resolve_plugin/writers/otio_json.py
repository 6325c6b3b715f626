"""Edit plan -> ``.otio``: the existing Resolve-shaped OTIO adapter (inference_server/cut/otio_adapter.py),
behind the writers' interface. Subtitles cannot ride in OTIO (no subtitle track kind): write the SRT beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import opentimelineio as otio

from inference_server.cut.otio_adapter import to_otio
from inference_server.cut.plan import EditPlan
from resolve_plugin.writers.base import write_text


@dataclass
class OtioWriter:
    suffix: str = ".otio"

    def write(self, plan: EditPlan, path: str | Path) -> list[Path]:
        return [write_text(path, otio.adapters.write_to_string(to_otio(plan), "otio_json"))]
