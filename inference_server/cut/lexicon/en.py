"""English speech habits on a set: what the rough cut treats as a filler, a restart or the floor's call.

Words are written as said; the lexicon folds them (lower case, no accents, apostrophes split) like transcripts."""

#: sounds and words that hold the floor without meaning: each one counts against a take
FILLERS = ("um", "umm", "uh", "uhm", "er", "erm", "ah", "hmm", "mm", "sorry")
#: real words that are fillers when the script does not have them ("like", "you know")
SOFT_FILLERS = ("like", "so", "well", "basically")
#: phrases by which a speaker abandons what they said and says it again: each one is a restart
RESTARTS = ("let me start again", "let me start over", "from the top", "i'll start again", "hang on",
            "one more time", "let me try that again")
#: the floor's calls before a take ("speed", "rolling", "and action"); a call may be a phrase
CALLS_BEFORE = ("action", "rolling", "speed", "mark", "marker", "sticks", "slate")
#: the floor's calls after a take ("cut", "that's a keeper", "print it")
CALLS_AFTER = ("cut", "that's a keeper", "print it", "check the gate")
#: the floor's calls between two attempts when the camera keeps rolling ("again", "back to one")
CALLS_AGAIN = ("again", "go again", "once more", "from the top", "back to one", "reset", "one more time")
#: words that go with the calls ("and action", "ok cut")
CALL_FILLERS = ("and", "aaand", "ok", "okay")
#: the language num2words spells numbers in ("1953" in a script, "nineteen fifty-three" on set)
NUMBERS = "en"
