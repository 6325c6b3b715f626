"""The torch-free checkpoint reader, on checkpoints written here by hand in PyTorch's two documented formats.

``torch.save`` pickles a tensor as ``torch._utils._rebuild_tensor_v2(storage, offset, size, stride, ...)`` whose
storage is a persistent id ``("storage", torch.FloatStorage, key, location, numel)``; the zip format keeps
the pickle in ``<root>/data.pkl`` and each storage's bytes in ``<root>/data/<key>``. The stand-ins below
pickle exactly that, without torch.
"""

from __future__ import annotations

import collections
import io
import pickle
import struct
import sys
import types
import zipfile
from pathlib import Path

import numpy as np
import pytest

from inference_server.model_export.torch_checkpoint import CheckpointError, load_checkpoint


class _Storage:
    def __init__(self, key: str, type_name: str, data: np.ndarray) -> None:
        self.key, self.type_name, self.data = key, type_name, data


class _Tensor:
    def __init__(self, storage: _Storage, offset: int, size: tuple, stride: tuple) -> None:
        self.storage, self.offset, self.size, self.stride = storage, offset, size, stride

    def __reduce__(self):
        rebuild = sys.modules["torch._utils"]._rebuild_tensor_v2
        return rebuild, (self.storage, self.offset, self.size, self.stride, False, collections.OrderedDict())


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, _Storage):
            return ("storage", getattr(sys.modules["torch"], obj.type_name), obj.key, "cpu", obj.data.size)
        return None


@pytest.fixture()
def fake_torch(monkeypatch):
    """Just enough of torch's module names for the standard pickler to write the globals torch writes."""
    torch = types.ModuleType("torch")
    utils = types.ModuleType("torch._utils")

    def _rebuild_tensor_v2(*args):  # pragma: no cover - never called: only its name is pickled
        raise AssertionError

    _rebuild_tensor_v2.__module__, _rebuild_tensor_v2.__qualname__ = "torch._utils", "_rebuild_tensor_v2"
    utils._rebuild_tensor_v2 = _rebuild_tensor_v2
    for name in ("FloatStorage", "LongStorage"):
        setattr(torch, name, type(name, (), {"__module__": "torch"}))
    torch._utils = utils
    monkeypatch.setitem(sys.modules, "torch", torch)
    monkeypatch.setitem(sys.modules, "torch._utils", utils)


def _dumps(obj) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=2).dump(obj)
    return buffer.getvalue()


def _state():
    """A state dict: a 2x3 weight, its transpose sharing the storage (strided, offset), an int64 scalar."""
    weights = _Storage("0", "FloatStorage", np.arange(1, 8, dtype=np.float32))  # 7 values, offset 1 used
    count = _Storage("1", "LongStorage", np.array([42], np.int64))
    state = collections.OrderedDict()
    state["layer.weight"] = _Tensor(weights, 1, (2, 3), (3, 1))
    state["layer.weight_t"] = _Tensor(weights, 1, (3, 2), (1, 3))
    state["bn.num_batches_tracked"] = _Tensor(count, 0, (), ())
    return state, [weights, count]


def _write_zip(path: Path, root: str = "archive", byteorder: str | None = None) -> None:
    state, storages = _state()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr(f"{root}/data.pkl", _dumps(state))
        if byteorder:
            z.writestr(f"{root}/byteorder", byteorder)
        for s in storages:
            data = s.data.astype(s.data.dtype.newbyteorder(">")) if byteorder == "big" else s.data
            z.writestr(f"{root}/data/{s.key}", data.tobytes())
        z.writestr(f"{root}/version", "3\n")


EXPECTED_WEIGHT = np.array([[2, 3, 4], [5, 6, 7]], np.float32)


def _check(state: dict) -> None:
    assert list(state) == ["layer.weight", "layer.weight_t", "bn.num_batches_tracked"]
    np.testing.assert_array_equal(state["layer.weight"], EXPECTED_WEIGHT)
    np.testing.assert_array_equal(state["layer.weight_t"], EXPECTED_WEIGHT.T)
    assert state["layer.weight"].dtype == np.float32
    assert state["bn.num_batches_tracked"].shape == () and int(state["bn.num_batches_tracked"]) == 42


@pytest.mark.parametrize("root", ["archive", "transnetv2-weights"])
def test_zip_checkpoint_gives_the_tensors_saved(fake_torch, tmp_path, root):
    path = tmp_path / "weights.pth"
    _write_zip(path, root)
    _check(load_checkpoint(path))


def test_big_endian_zip_checkpoint_reads_the_same_values(fake_torch, tmp_path):
    path = tmp_path / "weights.pth"
    _write_zip(path, byteorder="big")
    _check(load_checkpoint(path))


def test_legacy_checkpoint_still_reads(fake_torch, tmp_path):
    state, storages = _state()
    out = io.BytesIO()
    for header in (0x1950A86A20F9469CFC6C, 1001, {"little_endian": True}):
        pickle.dump(header, out, protocol=2)
    out.write(_dumps(state))
    pickle.dump([s.key for s in storages], out, protocol=2)
    for s in storages:
        out.write(struct.pack("<q", s.data.size) + s.data.tobytes())
    path = tmp_path / "legacy.pt"
    path.write_bytes(out.getvalue())
    _check(load_checkpoint(path))


def test_a_checkpoint_that_would_run_code_is_refused(tmp_path):
    marker = tmp_path / "ran"
    # what a malicious checkpoint holds: a call to os.system instead of tensors
    payload = b"\x80\x02cos\nsystem\nX" + struct.pack("<I", len(f"touch {marker}")) + f"touch {marker}".encode()
    payload += b"\x85R."
    path = tmp_path / "evil.pth"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("archive/data.pkl", payload)
    with pytest.raises(CheckpointError, match="refusing to load os.system"):
        load_checkpoint(path)
    assert not marker.exists()


def test_files_that_are_not_checkpoints_say_so(fake_torch, tmp_path):
    not_zip = tmp_path / "notes.pth"
    not_zip.write_text("not a checkpoint")
    with pytest.raises(CheckpointError, match="not a PyTorch checkpoint"):
        load_checkpoint(not_zip)
    other_zip = tmp_path / "photos.pth"
    with zipfile.ZipFile(other_zip, "w") as z:
        z.writestr("photo.jpg", b"...")
    with pytest.raises(CheckpointError, match="no <root>/data.pkl"):
        load_checkpoint(other_zip)
    missing_storage = tmp_path / "cut.pth"
    state, _ = _state()
    with zipfile.ZipFile(missing_storage, "w") as z:
        z.writestr("archive/data.pkl", _dumps(state))
    with pytest.raises(CheckpointError, match="storage archive/data/0 is missing"):
        load_checkpoint(missing_storage)
