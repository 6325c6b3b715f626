"""The derush panel: a PySide6 window of its own (opened from Resolve's Workspace ▸ Scripts, or `derush panel`).

The Qt-free parts (``settings``, ``session``, ``clip_status``) hold the logic and are usable without a screen;
the widgets (``window``, ``clip_table``, ``cut_sketch``) only show it and run the work on ``worker`` threads.
"""
