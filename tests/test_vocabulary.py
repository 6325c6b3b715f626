"""The vocabulary a seat sends: the user's words, a file's, a script's names; bad files say what to do."""

from __future__ import annotations

import argparse
import wave

import numpy as np
import pytest

from protos import vocabulary
from protos.vocabulary import MAX_ENTRIES, VocabularyError, capped, parse, read_file, script_words
from resolve_plugin import cli
from resolve_plugin.commands.common import EXIT_USAGE, vocabulary_from_args

FOUNTAIN = """Title: The Harbour

INT. QUORVEX LAB - DAY

MAELIS TARDIEU enters. The WAITER follows her in.

MAELIS TARDIEU
Welcome to Quorvex. The new R2-D2 unit is ready.

WAITER
(quietly)
Everything is ready, Miss Tardieu. Dr. McKenna called from Drennick Bay.

JEAN-PIERRE (V.O.)
The tide comes in twice a day. Quorvex never sleeps.

MAN 2
Hello? Is the waiter there?
"""


def test_entries_are_split_on_commas_and_lines_each_kept_once_in_order():
    text = "Quorvex, Maelis Tardieu\n# the studio's names\nquorvex; Drennick  Bay\n\nHÉLÈNE, Hélène"
    assert parse(text) == ["Quorvex", "Maelis Tardieu", "Drennick Bay", "HÉLÈNE"]


def test_a_sentence_is_not_an_entry_and_the_error_says_how_to_separate_them():
    with pytest.raises(VocabularyError) as caught:
        parse("Welcome to the lab said the director of the whole company")
    assert "not a name or a term" in caught.value.message and "commas" in caught.value.message


def test_a_fountain_scripts_names_come_characters_first_then_names_in_the_lines():
    words = script_words(FOUNTAIN)
    # characters, title-cased; "MAN 2" is no name, and "WAITER" is said in lower case in the lines (a common noun)
    assert words[:2] == ["Maelis Tardieu", "Jean-Pierre"]
    assert {"Quorvex", "R2-D2", "McKenna", "Drennick Bay", "Tardieu"} <= set(words)
    assert words.index("Quorvex") < words.index("McKenna")  # said twice, so before names said once
    # capitals that only start a sentence, and common words beside a name, are no names
    assert not {"Welcome", "Everything", "The", "Hello", "Miss Tardieu", "Dr", "Waiter", "Man"} & set(words)


def test_a_plain_script_gives_the_names_in_its_lines():
    assert script_words("The tide comes in twice a day.\nEverything waits for Oskavel at Drennick Bay.\n"
                        "Oskavel is late, I said OK to NASA.") == ["Oskavel", "Drennick Bay", "NASA"]


def test_a_long_vocabulary_is_capped_and_the_note_says_what_was_left_out():
    chosen = capped([f"Name{n}" for n in range(150)], ["Quorvex"])
    assert len(chosen.entries) == MAX_ENTRIES and chosen.entries[0] == "Name0" and "Quorvex" not in chosen.entries
    assert "151 entries" in chosen.note() and "first 100" in chosen.note() and "most first" in chosen.note()
    assert capped(["A", "B"]).note() is None


def test_the_wire_refuses_more_entries_than_are_used():
    with pytest.raises(VocabularyError, match="at most 100"):
        vocabulary.check([f"Name{n}" for n in range(MAX_ENTRIES + 1)])
    vocabulary.check(["Quorvex", "Maelis Tardieu"])


def test_a_vocabulary_file_is_read_as_text_in_utf8_or_windows_1252(tmp_path):
    utf8, cp1252 = tmp_path / "utf8.txt", tmp_path / "cp1252.txt"
    utf8.write_text("Hélène\nJérôme, Quorvex\n", encoding="utf-8")
    cp1252.write_bytes("Hélène\nJérôme\n".encode("cp1252"))
    assert read_file(utf8) == ["Hélène", "Jérôme", "Quorvex"]
    assert read_file(cp1252) == ["Hélène", "Jérôme"]
    fountain = tmp_path / "harbour.fountain"
    fountain.write_text(FOUNTAIN)
    assert read_file(fountain) == script_words(FOUNTAIN)


@pytest.mark.parametrize(("content", "says"), [
    (b"", "has no words"),
    (b"\n  \n# only a comment\n", "has no words"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "not a text file"),
    (bytes(np.random.default_rng(0).integers(0, 256, 4096, dtype=np.uint8)), "not a text file"),
    (b"Quorvex\n" * ((vocabulary.MAX_FILE_BYTES // 8) + 1), "is 1.0 MB"),
])
def test_a_bad_vocabulary_file_fails_with_what_to_do(tmp_path, content, says):
    path = tmp_path / "words.txt"
    path.write_bytes(content)
    with pytest.raises(VocabularyError) as caught:
        read_file(path)
    assert says in caught.value.message and "words.txt" in caught.value.message


def test_a_missing_vocabulary_file_says_so(tmp_path):
    with pytest.raises(VocabularyError, match="Cannot read the vocabulary file .*missing.txt"):
        read_file(tmp_path / "missing.txt")


def _silent_wav(path) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(bytes(3200))


@pytest.mark.parametrize("command", ["analyze", "cut"])
def test_the_cli_stops_on_a_bad_vocabulary_file_before_any_work_with_the_usage_exit_code(tmp_path, capsys, command):
    clip, empty = tmp_path / "clip.wav", tmp_path / "names.txt"
    _silent_wav(clip)
    empty.write_text("")
    code = cli.main([command, str(clip), "--vocabulary-file", str(empty), "--data-dir", str(tmp_path / "data")])
    err = capsys.readouterr().err
    assert code == EXIT_USAGE and "names.txt has no words" in err
    assert not (tmp_path / "data").exists()  # no server was started for it


def test_the_cli_says_when_it_leaves_words_out(tmp_path, capsys):
    listed = tmp_path / "names.txt"
    listed.write_text("\n".join(f"Name{n}" for n in range(120)))
    args = argparse.Namespace(vocabulary="Quorvex", vocabulary_file=str(listed), script=None)
    words = vocabulary_from_args(args)
    assert words[0] == "Quorvex" and len(words) == MAX_ENTRIES
    assert "121 entries" in capsys.readouterr().err


def test_serve_refuses_a_vocabulary_file_that_is_not_text_before_it_listens(tmp_path, capsys):
    binary = tmp_path / "names.doc"
    binary.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8)
    code = cli.main(["serve", "--vocabulary-file", str(binary), "--data-dir", str(tmp_path / "data")])
    assert code == EXIT_USAGE and "names.doc is not a text file" in capsys.readouterr().err
    assert not (tmp_path / "data").exists()
