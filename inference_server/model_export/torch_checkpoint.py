"""Read a PyTorch checkpoint into numpy arrays without importing torch.

Two on-disk formats exist, and both are read:

- legacy (before PyTorch 1.6, resemblyzer's ``pretrained.pt``): a magic number, a protocol version and
  system info, then the pickled object whose tensors refer to storages by key, then the raw storages
  in order;
- zip (``torch.save`` since 1.6, TransNetV2's ``.pth``): an uncompressed zip holding ``<root>/data.pkl``
  (the pickled object; a tensor's storage is a persistent id ``("storage", FloatStorage, key, location,
  numel)``), ``<root>/data/<key>`` (each storage's raw bytes), and optionally ``<root>/byteorder``
  (``little`` when absent).

Only tensors and plain containers are rebuilt; any other class in the pickle is refused (a checkpoint is
data, not code).
"""

from __future__ import annotations

import collections
import io
import pickle
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

_LEGACY_MAGIC = 0x1950A86A20F9469CFC6C
_DTYPES = {
    "FloatStorage": np.float32, "DoubleStorage": np.float64, "HalfStorage": np.float16,
    "LongStorage": np.int64, "IntStorage": np.int32, "ShortStorage": np.int16, "CharStorage": np.int8,
    "ByteStorage": np.uint8, "BoolStorage": np.bool_,
}


class CheckpointError(pickle.UnpicklingError, ValueError):
    """The file is not a PyTorch checkpoint this reader understands (or holds more than data)."""


class _StorageType:
    def __init__(self, name: str) -> None:
        self.dtype = np.dtype(_DTYPES[name])


class _Storage:
    def __init__(self, dtype: np.dtype, size: int) -> None:
        self.dtype = dtype
        self.size = size
        self.data: np.ndarray | None = None


class _TensorRef:
    """A tensor waiting for its storage bytes, which come after the pickle in legacy files."""

    def __init__(self, storage: _Storage, offset: int, size: tuple, stride: tuple) -> None:
        self.storage, self.offset, self.size, self.stride = storage, offset, tuple(size), tuple(stride)

    def array(self) -> np.ndarray:
        item = self.storage.dtype.itemsize
        return np.lib.stride_tricks.as_strided(
            self.storage.data[self.offset:], shape=self.size, strides=[s * item for s in self.stride]
        ).copy()


def _rebuild_tensor(storage, offset, size, stride, *_ignored):
    return _TensorRef(storage, offset, size, stride)


def _rebuild_parameter(data, *_ignored):
    # an nn.Parameter saved whole: its tensor is all a checkpoint reader needs
    return data


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: BinaryIO, new_storage: Callable[[str, np.dtype, int], _Storage]) -> None:
        super().__init__(file)
        self._new_storage = new_storage
        self._storages: dict[str, _Storage] = {}

    def find_class(self, module: str, name: str):
        if module == "torch._utils" and name in ("_rebuild_tensor", "_rebuild_tensor_v2"):
            return _rebuild_tensor
        if module == "torch._utils" and name == "_rebuild_parameter":
            return _rebuild_parameter
        if module == "torch" and name in _DTYPES:
            return _StorageType(name)
        if module == "collections" and name == "OrderedDict":
            return collections.OrderedDict
        raise CheckpointError(f"refusing to load {module}.{name} from a checkpoint")

    def persistent_load(self, pid):
        kind, storage_type, key, _location, size = pid[:5]
        if kind != "storage" or not isinstance(storage_type, _StorageType):
            raise CheckpointError(f"unknown persistent id {kind!r}")
        key = str(key)
        if key not in self._storages:
            self._storages[key] = self._new_storage(key, storage_type.dtype, int(size))
        return self._storages[key]


def load_checkpoint(path: Path) -> dict[str, Any]:
    """The pickled object of a zip or legacy checkpoint, with every tensor turned into a numpy array."""
    if zipfile.is_zipfile(path):
        return load_zip_checkpoint(path)
    return load_legacy_checkpoint(path)


def load_legacy_checkpoint(path: Path) -> dict[str, Any]:
    """The pickled object with every tensor turned into a numpy array."""
    with path.open("rb") as f:
        try:
            magic = pickle.load(f)
        except Exception as exc:
            raise CheckpointError(f"{path} is not a PyTorch checkpoint ({exc})") from exc
        if magic != _LEGACY_MAGIC:
            raise CheckpointError(f"{path} is not a legacy PyTorch checkpoint")
        pickle.load(f)  # protocol version
        pickle.load(f)  # system info (byte order, type sizes)
        storages: dict[str, _Storage] = {}

        def new_storage(key: str, dtype: np.dtype, size: int) -> _Storage:
            storages[key] = _Storage(dtype, size)
            return storages[key]

        obj = _Unpickler(f, new_storage).load()
        keys = pickle.load(f)
        for key in keys:
            storage = storages[str(key)]
            (count,) = struct.unpack("<q", f.read(8))
            storage.data = np.frombuffer(f.read(count * storage.dtype.itemsize), dtype=storage.dtype)
    return _materialise(obj)


def load_zip_checkpoint(path: Path) -> dict[str, Any]:
    """The pickled object of a zip checkpoint (``torch.save`` since PyTorch 1.6), tensors as numpy arrays."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise CheckpointError(f"{path} is not a PyTorch zip checkpoint ({exc})") from exc
    with archive:
        names = archive.namelist()
        # the one root folder is named after the file that was saved ("archive" by default): find it by data.pkl
        pickles = [n for n in names if n.endswith("data.pkl") and n.count("/") == 1]
        if len(pickles) != 1:
            raise CheckpointError(f"{path} is a zip but not a PyTorch checkpoint (no <root>/data.pkl in it)")
        root = pickles[0][: -len("data.pkl")]
        order = "little"
        if f"{root}byteorder" in names:
            order = archive.read(f"{root}byteorder").decode().strip()
        if order not in ("little", "big"):
            raise CheckpointError(f"{path}: unknown byte order {order!r}")

        def new_storage(key: str, dtype: np.dtype, size: int) -> _Storage:
            name = f"{root}data/{key}"
            if name not in names:
                raise CheckpointError(f"{path} is incomplete: storage {name} is missing")
            storage = _Storage(dtype, size)
            raw = archive.read(name)
            if len(raw) < size * dtype.itemsize:
                raise CheckpointError(f"{path} is damaged: storage {name} holds {len(raw)} bytes, "
                                      f"{size * dtype.itemsize} expected")
            storage.data = np.frombuffer(raw, dtype=dtype.newbyteorder("<" if order == "little" else ">"),
                                         count=size).astype(dtype)
            return storage

        try:
            obj = _Unpickler(io.BytesIO(archive.read(pickles[0])), new_storage).load()
        except CheckpointError:
            raise
        except Exception as exc:  # a damaged pickle fails in many ways; say which file
            raise CheckpointError(f"{path} is damaged: {exc}") from exc
    return _materialise(obj)


def _materialise(obj: Any) -> Any:
    if isinstance(obj, _TensorRef):
        return obj.array()
    if isinstance(obj, dict):
        return type(obj)((k, _materialise(v)) for k, v in obj.items())
    if isinstance(obj, (list, tuple)):
        return type(obj)(_materialise(v) for v in obj)
    return obj
