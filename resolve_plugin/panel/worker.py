"""Runs one piece of panel work off the UI thread; results and job events come back as Qt signals."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

from PySide6.QtCore import QThread, Signal

from resolve_plugin.panel.controller import CancelledByUser, PanelError

log = logging.getLogger(__name__)


class Worker(QThread):
    """``work(emit)`` runs on its own thread; ``emit(obj)`` reaches ``event`` on the UI thread (queued)."""

    event = Signal(object)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal(str)

    def __init__(self, name: str, work: Callable[[Callable[[object], None]], object], parent=None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._work = work

    def run(self) -> None:
        try:
            result = self._work(self.event.emit)
        except CancelledByUser as exc:
            self.cancelled.emit(str(exc))
        except PanelError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug must still leave the panel usable, with the details in the log
            log.error("%s failed:\n%s", self.objectName(), traceback.format_exc())
            self.failed.emit(f"{self.objectName()} failed unexpectedly: {exc}. Details are in the log; the panel "
                             "is still usable.")
        else:
            self.succeeded.emit(result)
