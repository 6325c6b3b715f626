"""Path mapping on a shared box: a seat's /Volumes/Media/... opens at the server's folder; nothing else opens."""

from __future__ import annotations

import os
import shutil
import subprocess

import grpc
import pytest

from inference_server.paths import PathNotServed, load_policy
from protos.derush.v1 import derush_pb2 as pb
from resolve_plugin.client import ClientError, DerushClient
from tests.conftest import free_port
from tests.integration.studio import DERUSH, SHOTS, StudioServer


@pytest.fixture(scope="module")
def box(tmp_path_factory, fixtures_dir, clips):
    """The box's storage: /mnt/media holds two shoots; /srv/ingest is served as is; secrets lie beside them."""
    root = tmp_path_factory.mktemp("box")
    media = root / "mnt" / "media"
    (media / "A001").mkdir(parents=True)
    shutil.copy(fixtures_dir / clips[1].file, media / "A001" / "C001.mp4")
    ingest = root / "srv" / "ingest"
    ingest.mkdir(parents=True)
    shutil.copy(fixtures_dir / clips[4].file, ingest / "C101.mp4")
    secret = root / "private"
    secret.mkdir()
    shutil.copy(fixtures_dir / clips[2].file, secret / "unreleased.mov")
    # a link inside the served folder that points out of it
    os.symlink(secret / "unreleased.mov", media / "A001" / "escape.mov")
    os.symlink(media / "A001" / "C001.mp4", media / "A001" / "inside_link.mp4")
    return root


@pytest.fixture(scope="module")
def server(tmp_path_factory, box):
    path_map = tmp_path_factory.mktemp("conf") / "paths.txt"
    path_map.write_text(f"# seats' mounts\nM:\\Shoots = {box / 'mnt' / 'media'}\n{box / 'srv' / 'ingest'}\n")
    with StudioServer(tmp_path_factory.mktemp("serve"), "--path-map", f"/Volumes/Media={box / 'mnt' / 'media'}",
                      "--path-map", str(path_map)) as running:
        yield running


def _analyse(address: str, *paths: str):
    with DerushClient(address) as client:
        return client.analyze([pb.MediaRef(path=p, display_path=p) for p in paths], SHOTS)


def test_a_seat_path_is_opened_at_the_server_path(server, clips):
    outcome = _analyse(server.address, "/Volumes/Media/A001/C001.mp4", "M:\\Shoots\\A001\\C001.mp4")
    for result in outcome.results:
        assert result is not None, outcome.errors
        assert [s.start_frame for s in result.shots][1:] == clips[1].cuts
    # results carry the seat's own path, so the panel finds its clip
    assert [r.path for r in outcome.results] == ["/Volumes/Media/A001/C001.mp4", "M:\\Shoots\\A001\\C001.mp4"]


def test_an_allowed_root_is_opened_as_named(server, box, clips):
    outcome = _analyse(server.address, str(box / "srv" / "ingest" / "C101.mp4"))
    assert [s.start_frame for s in outcome.results[0].shots][1:] == clips[4].cuts


@pytest.mark.parametrize("path", [
    "/Volumes/Media/../../private/unreleased.mov",      # .. out of the mapped folder
    "/Volumes/Media/A001/escape.mov",                  # a symlink out of it
    "/etc/passwd",                                     # outside every root
    "/Volumes/MediaX/A001/C001.mp4",                   # a prefix of a name is not the folder
])
def test_paths_outside_the_served_folders_are_never_opened(server, box, path):
    if path.startswith("/etc"):
        path = str(box / "private" / "unreleased.mov")  # a real file the server could read, but must not
    with pytest.raises(ClientError) as caught:
        _analyse(server.address, path)
    assert caught.value.code == grpc.StatusCode.PERMISSION_DENIED
    message = str(caught.value)
    assert "/Volumes/Media" in message and str(box / "srv" / "ingest") in message and "--path-map" in message
    assert server.alive()


def test_a_refused_clip_fails_alone_beside_served_ones(server, box, clips):
    outcome = _analyse(server.address, "/Volumes/Media/A001/inside_link.mp4", "/Volumes/Media/A001/escape.mov")
    assert outcome.results[0] is not None and outcome.errors[0] is None  # a link that stays inside is fine
    assert outcome.results[1] is None and outcome.errors[1].code == "path_not_served"
    assert "serves only files under" in outcome.errors[1].message


def test_server_info_says_which_folders_are_served(server, box):
    with DerushClient(server.address) as client:
        served = list(client.server_info().status.served_paths)
    assert served == [f"/Volumes/Media -> {box / 'mnt' / 'media'}", f"M:\\Shoots -> {box / 'mnt' / 'media'}",
                      str(box / "srv" / "ingest")]


@pytest.mark.parametrize("spec, says", [
    ("Volumes/Media=/mnt/media", "not absolute"),
    ("/Volumes/Media=mnt/media", "not absolute"),
    ("/=/mnt/media", "whole disk"),
    ("/nowhere/paths.txt", "Cannot read the path-map file"),
])
def test_a_bad_path_map_stops_the_start_with_what_to_fix(tmp_path, spec, says):
    done = subprocess.run([*DERUSH, "serve", "--listen", f"127.0.0.1:{free_port()}", "--data-dir", str(tmp_path),
                           "--path-map", spec], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and says in done.stderr, done.stderr


def test_windows_seat_paths_map_case_insensitively_by_drive(tmp_path):
    (tmp_path / "media" / "A").mkdir(parents=True)
    policy = load_policy([f"M:\\={tmp_path / 'media'}"])
    assert policy.resolve("m:\\A\\c.mov") == tmp_path / "media" / "A" / "c.mov"
    assert policy.resolve("M:/A/c.mov") == tmp_path / "media" / "A" / "c.mov"
    with pytest.raises(PathNotServed):
        policy.resolve("N:\\A\\c.mov")
    with pytest.raises(PathNotServed):
        policy.resolve("M:\\..\\..\\etc\\passwd")
