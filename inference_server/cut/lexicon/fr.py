"""French speech habits on a set (« euh… non pardon, je reprends », « moteur… ça tourne… action ! », « coupez »):
what the rough cut treats as a filler, a restart or the floor's call.

Words are written as said, accents included; the lexicon folds them (lower case, no accents, apostrophes split:
« l'eau » is « l », « eau ») exactly as it folds transcripts and scripts, so « ça » matches « ca » from a script
typed without accents."""

#: sounds that hold the floor: each one counts against a take
FILLERS = ("euh", "euhm", "heu", "hum", "hmm", "bah", "beh", "ben", "hein", "pfff", "mmh")
#: real words that are fillers when the script does not have them (« bon, enfin, voilà, du coup »)
SOFT_FILLERS = ("bon", "enfin", "voila", "quoi", "genre", "coup", "bref", "alors")
#: phrases by which a speaker abandons what they said and says it again: each one is a restart
RESTARTS = ("non pardon", "pardon", "je reprends", "je reprend", "je recommence", "attends", "attendez", "on la refait",
            "on recommence", "excuse moi", "excusez moi", "non attends", "je me suis trompe", "reprenons")
#: the floor's calls before a take (« moteur », « ça tourne », « annonce », « action »); a call may be a phrase
CALLS_BEFORE = ("moteur", "ça tourne", "moteur demandé", "annonce", "action", "clap", "silence plateau")
#: the floor's calls after a take (« coupez », « on la garde », « on la refait »). Whisper writes what it hears:
#: « coupé » for « coupez », « je reprend » for « je reprends » (homophones), so both spellings are listed.
CALLS_AFTER = ("coupez", "coupé", "on la garde", "on la refait", "on la tire", "c'est bon pour moi")
#: the floor's calls between two attempts when the camera keeps rolling (« on la refait », « on reprend »)
CALLS_AGAIN = ("on la refait", "on recommence", "on reprend", "encore une", "on y retourne", "on refait")
#: words that go with the calls (« et action », « ok coupez »)
CALL_FILLERS = ("et", "ok", "okay", "allez", "bon", "merci")
#: the language num2words spells numbers in (« 1953 » in a script, « mille neuf cent cinquante-trois » on set)
NUMBERS = "fr"
