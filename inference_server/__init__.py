"""derush inference server: jobs, media, analyzers, result store and the rough cut, over gRPC."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("derush")
except PackageNotFoundError:  # running from a checkout that was not installed
    __version__ = "0.0.0+checkout"

API_VERSION = "derush.v1"
