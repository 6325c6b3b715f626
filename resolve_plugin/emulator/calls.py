"""How a script's calls reach the emulated objects: logged, checked against the documented API, never raising.

Every emulated object is a fresh proxy over model data, as Resolve's ``PyRemoteObject``s are (§3): two calls that
return the same timeline return two different Python objects, so scripts must compare ``GetUniqueId()``
(§13.11). A method is an ``ApiMethod`` descriptor: reading it on a version that does not document it yields
None, like any unknown name (§13.4); calling it records a ``CallRecord``, then

* after Resolve quit, returns None (the remote end is gone; see ``controls.Controls.quit``);
* while a free-edition upsell modal is up, returns the failure value (§10, §12);
* on a stale object (deleted, or of a project that is no longer loaded), returns the failure value;
* with arguments no documented form takes (count or types), returns the failure value (§13.4);
* otherwise runs the implementation; an exception inside it is logged and turned into the failure value, so
  nothing ever raises into the script. Tests read ``Session.errors`` to catch emulator bugs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from resolve_plugin.emulator import api_spec

log = logging.getLogger(__name__)


@dataclass
class CallRecord:
    """One call (or one read of an attribute the API does not have) made by a script."""

    seq: int
    cls: str
    method: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    kind: str = "call"  # "call", or "getattr" for a name that resolved to None
    result: Any = None
    outcome: str = "ok"  # ok, quit, modal, stale, bad_arguments, internal_error, unavailable
    error: str | None = None

    def __str__(self) -> str:
        if self.kind == "getattr":
            return f"#{self.seq} {self.cls}.{self.method} (attribute read -> None)"
        args = ", ".join([*map(repr, self.args), *(f"{k}={v!r}" for k, v in self.kwargs.items())])
        return f"#{self.seq} {self.cls}.{self.method}({args}) -> {self.result!r} [{self.outcome}]"


class CallLog:
    """Every call made on any emulated object of one Resolve, in order."""

    def __init__(self) -> None:
        self._records: list[CallRecord] = []

    def add(self, cls: str, method: str, args: tuple, kwargs: dict, kind: str = "call") -> CallRecord:
        record = CallRecord(len(self._records) + 1, cls, method, tuple(args), dict(kwargs), kind)
        self._records.append(record)
        return record

    def __iter__(self) -> Iterator[CallRecord]:
        return iter(list(self._records))

    def __len__(self) -> int:
        return len(self._records)

    def __getitem__(self, index):
        return self._records[index]

    def clear(self) -> None:
        self._records.clear()

    def methods(self) -> list[str]:
        """``Class.Method`` of every record, in order: handy in assertions."""
        return [f"{r.cls}.{r.method}" for r in self._records]


class ApiMethod:
    """Descriptor turning an implementation into a documented, logged, never-raising API method."""

    def __init__(self, func: Callable[..., Any]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        # Mixins (markers, flags, colours) are checked through the classes that use them.
        if not vars(owner).get("_api_mixin", False) and api_spec.method(owner.__name__, name) is None:
            raise TypeError(f"{owner.__name__}.{name} is not in api_spec: the emulator offers documented methods only")

    def __get__(self, obj: Any, objtype: type | None = None) -> Any:
        if obj is None:
            return self
        cls = type(obj).__name__
        spec = api_spec.method(cls, self.name)
        session = obj._session
        if not spec.available(session.product.version):
            # Not in this version's API: the proxy answers None, as for any unknown name (§13.4).
            session.log.add(cls, self.name, (), {}, kind="getattr").outcome = "unavailable"
            return None

        def call(*args: Any, **kwargs: Any) -> Any:
            return _dispatch(obj, self, spec, args, kwargs)

        call.__name__ = self.name
        call.__qualname__ = f"{cls}.{self.name}"
        call.__doc__ = self.func.__doc__
        return call


def api(func: Callable[..., Any]) -> ApiMethod:
    return ApiMethod(func)


def _dispatch(obj: Any, method: ApiMethod, spec: api_spec.Method, args: tuple, kwargs: dict) -> Any:
    session = obj._session
    record = session.log.add(type(obj).__name__, method.name, args, kwargs)
    if not session.alive:
        record.outcome = "quit"
        return None
    failure = spec.failure()
    record.result = failure
    if session.modal is not None:
        # §10/§12: the free edition's upsell dialog makes later, unrelated calls fail until dismissed.
        record.outcome = "modal"
        return failure
    if not obj._valid():
        record.outcome = "stale"
        return failure
    bound = spec.match(args, kwargs, session.product.version)
    if bound is None:
        record.outcome = "bad_arguments"
        return failure
    try:
        result = method.func(obj, *bound[1])
    except Exception as exc:  # the real API never raises into the script (§13.4)
        log.exception("emulator error in %s.%s", type(obj).__name__, method.name)
        record.outcome = "internal_error"
        record.error = f"{type(exc).__name__}: {exc}"
        session.errors.append(record)
        return failure
    record.result = result
    if _changes_the_project(type(obj).__name__, method.name) and result != failure and session.current_project:
        session.current_project.dirty = True  # CreateProject is blocked by unsaved changes (resolve.py)
    return result


# Calls that read, or that write outside the project (a file), leave it unchanged; so do the application's and the
# project manager's own calls (pages, saving, switching), which keep their own rules.
_READ_PREFIXES = ("Get", "Is", "Export", "Reveal")
_OUTSIDE_THE_PROJECT = ("Resolve", "ProjectManager")


def _changes_the_project(cls: str, method: str) -> bool:
    return cls not in _OUTSIDE_THE_PROJECT and not method.startswith(_READ_PREFIXES)


class ApiObject:
    """Base of every emulated Resolve object (a proxy: session + model)."""

    _api_class = True

    def __init__(self, session: Any) -> None:
        self._session = session

    def _valid(self) -> bool:
        return True

    def __getattr__(self, name: str) -> Any:
        # Only reached for names the class lacks. hasattr() is always True and getattr returns None (§13.4),
        # so calling an unknown method raises "'NoneType' object is not callable" in the script, as on Resolve.
        if name.startswith("_"):
            raise AttributeError(name)
        self._session.log.add(type(self).__name__, name, (), {}, kind="getattr").outcome = "unavailable"
        return None

    def __dir__(self) -> list[str]:
        # dir() is the one reliable probe (§13.4): it lists what this version offers.
        names = []
        for klass in type(self).__mro__:
            for name, value in vars(klass).items():
                if isinstance(value, ApiMethod) and api_spec.method(type(self).__name__, name).available(
                    self._session.product.version
                ):
                    names.append(name)
        return sorted(set(names) | set(self._constants()))

    def _constants(self) -> list[str]:
        return []

    def __repr__(self) -> str:
        return f"<{type(self).__name__} proxy at {id(self):#x}>"


class ProjectObject(ApiObject):
    """An object of one project (a clip, a timeline): usable while that project is open and the object lives."""

    def __init__(self, session: Any, project: Any, model: Any) -> None:
        super().__init__(session)
        self._project = project
        self._model = model

    def _valid(self) -> bool:
        return self._session.current_project is self._project and self._model.alive
