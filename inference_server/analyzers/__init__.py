"""Analyzers: one interface (``base.Analyzer``), one concern per module, fed by the shared decode.

``registry`` lists them and orders them for a clip; the engine runs them.
"""
