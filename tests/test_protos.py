"""The committed Python modules are exactly what the pinned grpcio-tools makes of the .proto files."""

from pathlib import Path

from protos.generate import PROTO_FILES, ROOT, generate


def test_generated_modules_match_the_proto_files(tmp_path: Path):
    generate(tmp_path)
    for proto in PROTO_FILES:
        stem = proto.removesuffix(".proto")
        for suffix in ("_pb2.py", "_pb2.pyi", "_pb2_grpc.py"):
            fresh = (tmp_path / f"{stem}{suffix}").read_text()
            committed = (ROOT / f"{stem}{suffix}").read_text()
            assert fresh == committed, f"{stem}{suffix} is stale: run `python -m protos.generate` and commit"
