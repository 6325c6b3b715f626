"""Which Resolve is being emulated: edition and version, and the rules that hang on them
(docs/resolve-emulator.md §4, §12)."""

from __future__ import annotations

from dataclasses import dataclass

Version = tuple[int, ...]

EDITIONS = ("studio", "free")


def version_at_least(version: Version, since: Version | None) -> bool:
    """``since`` None means "in every README we know" (R19 onwards); shorter tuples compare on their prefix."""
    if since is None:
        return True
    padded = tuple(version) + (0,) * (4 - len(version))
    wanted = tuple(since) + (0,) * (4 - len(since))
    return padded[:4] >= wanted[:4]


@dataclass(frozen=True)
class Product:
    edition: str = "studio"
    version: Version = (20, 2, 3, 0)
    suffix: str = ""

    def __post_init__(self) -> None:
        if self.edition not in EDITIONS:
            raise ValueError(f"edition must be one of {EDITIONS}, not {self.edition!r}")
        if not 1 <= len(self.version) <= 4 or not all(isinstance(v, int) for v in self.version):
            raise ValueError(f"version must be up to four integers, not {self.version!r}")
        object.__setattr__(self, "version", tuple(self.version) + (0,) * (4 - len(self.version)))

    @property
    def is_studio(self) -> bool:
        return self.edition == "studio"

    @property
    def name(self) -> str:
        # §4 Resolve.GetProductName: "DaVinci Resolve" or "DaVinci Resolve Studio".
        return "DaVinci Resolve Studio" if self.is_studio else "DaVinci Resolve"

    def at_least(self, since: Version | None) -> bool:
        return version_at_least(self.version, since)

    def version_fields(self) -> list:
        # §4 GetVersion: [major, minor, patch, build, suffix].
        major, minor, patch, build = self.version
        return [major, minor, patch, build, self.suffix]

    def version_string(self) -> str:
        # §4 GetVersionString: "major.minor.patch[suffix].build".
        major, minor, patch, build = self.version
        return f"{major}.{minor}.{patch}{self.suffix}.{build}"

    @property
    def python_in_app(self) -> bool:
        """Scripts-menu / console Python: free 21.1 lists no .py scripts at all (§12)."""
        return self.is_studio or not self.at_least((21, 1))

    @property
    def external_scripting(self) -> bool:
        """``scriptapp`` from another process is Studio-only; free returns None (§1, §12)."""
        return self.is_studio
