"""Everything derush reads from or writes to DaVinci Resolve goes through this package.

``link`` finds Resolve (inside Resolve, external scripting, the launcher's loopback bridge, or the
emulator); ``reader`` lists clips; ``tags`` writes metadata and markers; ``timeline`` builds a new
timeline from an edit plan; ``undo`` removes what derush wrote. Every write is read back.
"""
