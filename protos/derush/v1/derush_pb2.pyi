from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class JobState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    JOB_STATE_UNSPECIFIED: _ClassVar[JobState]
    JOB_STATE_QUEUED: _ClassVar[JobState]
    JOB_STATE_RUNNING: _ClassVar[JobState]
    JOB_STATE_SUCCEEDED: _ClassVar[JobState]
    JOB_STATE_FAILED: _ClassVar[JobState]
    JOB_STATE_CANCELLED: _ClassVar[JobState]

class Pace(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PACE_UNSPECIFIED: _ClassVar[Pace]
    PACE_TIGHT: _ClassVar[Pace]
    PACE_NORMAL: _ClassVar[Pace]
    PACE_LOOSE: _ClassVar[Pace]

class ScriptMode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SCRIPT_MODE_UNSPECIFIED: _ClassVar[ScriptMode]
    SCRIPT_MODE_LOOSE: _ClassVar[ScriptMode]
    SCRIPT_MODE_STRICT: _ClassVar[ScriptMode]
JOB_STATE_UNSPECIFIED: JobState
JOB_STATE_QUEUED: JobState
JOB_STATE_RUNNING: JobState
JOB_STATE_SUCCEEDED: JobState
JOB_STATE_FAILED: JobState
JOB_STATE_CANCELLED: JobState
PACE_UNSPECIFIED: Pace
PACE_TIGHT: Pace
PACE_NORMAL: Pace
PACE_LOOSE: Pace
SCRIPT_MODE_UNSPECIFIED: ScriptMode
SCRIPT_MODE_LOOSE: ScriptMode
SCRIPT_MODE_STRICT: ScriptMode

class GetServerInfoRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ModelInfo(_message.Message):
    __slots__ = ("name", "kind", "source", "loaded", "device")
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    LOADED_FIELD_NUMBER: _ClassVar[int]
    DEVICE_FIELD_NUMBER: _ClassVar[int]
    name: str
    kind: str
    source: str
    loaded: bool
    device: str
    def __init__(self, name: _Optional[str] = ..., kind: _Optional[str] = ..., source: _Optional[str] = ..., loaded: _Optional[bool] = ..., device: _Optional[str] = ...) -> None: ...

class DeviceInfo(_message.Message):
    __slots__ = ("name", "providers")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PROVIDERS_FIELD_NUMBER: _ClassVar[int]
    name: str
    providers: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., providers: _Optional[_Iterable[str]] = ...) -> None: ...

class ServerInfo(_message.Message):
    __slots__ = ("version", "api_version", "hostname", "models", "devices", "analyzers", "embedded", "status")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    API_VERSION_FIELD_NUMBER: _ClassVar[int]
    HOSTNAME_FIELD_NUMBER: _ClassVar[int]
    MODELS_FIELD_NUMBER: _ClassVar[int]
    DEVICES_FIELD_NUMBER: _ClassVar[int]
    ANALYZERS_FIELD_NUMBER: _ClassVar[int]
    EMBEDDED_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    version: str
    api_version: str
    hostname: str
    models: _containers.RepeatedCompositeFieldContainer[ModelInfo]
    devices: _containers.RepeatedCompositeFieldContainer[DeviceInfo]
    analyzers: _containers.RepeatedScalarFieldContainer[str]
    embedded: bool
    status: ServerStatus
    def __init__(self, version: _Optional[str] = ..., api_version: _Optional[str] = ..., hostname: _Optional[str] = ..., models: _Optional[_Iterable[_Union[ModelInfo, _Mapping]]] = ..., devices: _Optional[_Iterable[_Union[DeviceInfo, _Mapping]]] = ..., analyzers: _Optional[_Iterable[str]] = ..., embedded: _Optional[bool] = ..., status: _Optional[_Union[ServerStatus, _Mapping]] = ...) -> None: ...

class ServerStatus(_message.Message):
    __slots__ = ("queued_clips", "running_clips", "max_queued_clips", "workers", "unfinished_jobs", "data_dir_free_bytes", "upload_store_bytes", "upload_cap_bytes", "served_paths", "closed_paths", "draining", "max_queued_per_seat")
    QUEUED_CLIPS_FIELD_NUMBER: _ClassVar[int]
    RUNNING_CLIPS_FIELD_NUMBER: _ClassVar[int]
    MAX_QUEUED_CLIPS_FIELD_NUMBER: _ClassVar[int]
    WORKERS_FIELD_NUMBER: _ClassVar[int]
    UNFINISHED_JOBS_FIELD_NUMBER: _ClassVar[int]
    DATA_DIR_FREE_BYTES_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_STORE_BYTES_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_CAP_BYTES_FIELD_NUMBER: _ClassVar[int]
    SERVED_PATHS_FIELD_NUMBER: _ClassVar[int]
    CLOSED_PATHS_FIELD_NUMBER: _ClassVar[int]
    DRAINING_FIELD_NUMBER: _ClassVar[int]
    MAX_QUEUED_PER_SEAT_FIELD_NUMBER: _ClassVar[int]
    queued_clips: int
    running_clips: int
    max_queued_clips: int
    workers: int
    unfinished_jobs: int
    data_dir_free_bytes: int
    upload_store_bytes: int
    upload_cap_bytes: int
    served_paths: _containers.RepeatedScalarFieldContainer[str]
    closed_paths: bool
    draining: bool
    max_queued_per_seat: int
    def __init__(self, queued_clips: _Optional[int] = ..., running_clips: _Optional[int] = ..., max_queued_clips: _Optional[int] = ..., workers: _Optional[int] = ..., unfinished_jobs: _Optional[int] = ..., data_dir_free_bytes: _Optional[int] = ..., upload_store_bytes: _Optional[int] = ..., upload_cap_bytes: _Optional[int] = ..., served_paths: _Optional[_Iterable[str]] = ..., closed_paths: _Optional[bool] = ..., draining: _Optional[bool] = ..., max_queued_per_seat: _Optional[int] = ...) -> None: ...

class MediaRef(_message.Message):
    __slots__ = ("path", "sha256", "display_path")
    PATH_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_PATH_FIELD_NUMBER: _ClassVar[int]
    path: str
    sha256: str
    display_path: str
    def __init__(self, path: _Optional[str] = ..., sha256: _Optional[str] = ..., display_path: _Optional[str] = ...) -> None: ...

class AnalysisOptions(_message.Message):
    __slots__ = ("analyzers", "language", "speech_model", "force", "vocabulary", "verbatim")
    ANALYZERS_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    SPEECH_MODEL_FIELD_NUMBER: _ClassVar[int]
    FORCE_FIELD_NUMBER: _ClassVar[int]
    VOCABULARY_FIELD_NUMBER: _ClassVar[int]
    VERBATIM_FIELD_NUMBER: _ClassVar[int]
    analyzers: _containers.RepeatedScalarFieldContainer[str]
    language: str
    speech_model: str
    force: bool
    vocabulary: _containers.RepeatedScalarFieldContainer[str]
    verbatim: bool
    def __init__(self, analyzers: _Optional[_Iterable[str]] = ..., language: _Optional[str] = ..., speech_model: _Optional[str] = ..., force: _Optional[bool] = ..., vocabulary: _Optional[_Iterable[str]] = ..., verbatim: _Optional[bool] = ...) -> None: ...

class AnalyzeRequest(_message.Message):
    __slots__ = ("media", "options", "priority", "client_name")
    MEDIA_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    CLIENT_NAME_FIELD_NUMBER: _ClassVar[int]
    media: _containers.RepeatedCompositeFieldContainer[MediaRef]
    options: AnalysisOptions
    priority: int
    client_name: str
    def __init__(self, media: _Optional[_Iterable[_Union[MediaRef, _Mapping]]] = ..., options: _Optional[_Union[AnalysisOptions, _Mapping]] = ..., priority: _Optional[int] = ..., client_name: _Optional[str] = ...) -> None: ...

class WatchJobRequest(_message.Message):
    __slots__ = ("job_id",)
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    def __init__(self, job_id: _Optional[str] = ...) -> None: ...

class JobQueued(_message.Message):
    __slots__ = ("clip_count", "position")
    CLIP_COUNT_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    clip_count: int
    position: int
    def __init__(self, clip_count: _Optional[int] = ..., position: _Optional[int] = ...) -> None: ...

class Progress(_message.Message):
    __slots__ = ("clip_index", "path", "stage", "clip_fraction", "job_fraction")
    CLIP_INDEX_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    CLIP_FRACTION_FIELD_NUMBER: _ClassVar[int]
    JOB_FRACTION_FIELD_NUMBER: _ClassVar[int]
    clip_index: int
    path: str
    stage: str
    clip_fraction: float
    job_fraction: float
    def __init__(self, clip_index: _Optional[int] = ..., path: _Optional[str] = ..., stage: _Optional[str] = ..., clip_fraction: _Optional[float] = ..., job_fraction: _Optional[float] = ...) -> None: ...

class ClipResult(_message.Message):
    __slots__ = ("clip_index", "analysis", "cached")
    CLIP_INDEX_FIELD_NUMBER: _ClassVar[int]
    ANALYSIS_FIELD_NUMBER: _ClassVar[int]
    CACHED_FIELD_NUMBER: _ClassVar[int]
    clip_index: int
    analysis: ClipAnalysis
    cached: bool
    def __init__(self, clip_index: _Optional[int] = ..., analysis: _Optional[_Union[ClipAnalysis, _Mapping]] = ..., cached: _Optional[bool] = ...) -> None: ...

class Error(_message.Message):
    __slots__ = ("code", "message")
    CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    code: str
    message: str
    def __init__(self, code: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class ClipError(_message.Message):
    __slots__ = ("clip_index", "path", "error")
    CLIP_INDEX_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    clip_index: int
    path: str
    error: Error
    def __init__(self, clip_index: _Optional[int] = ..., path: _Optional[str] = ..., error: _Optional[_Union[Error, _Mapping]] = ...) -> None: ...

class JobDone(_message.Message):
    __slots__ = ("state", "succeeded", "failed", "message")
    STATE_FIELD_NUMBER: _ClassVar[int]
    SUCCEEDED_FIELD_NUMBER: _ClassVar[int]
    FAILED_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    state: JobState
    succeeded: int
    failed: int
    message: str
    def __init__(self, state: _Optional[_Union[JobState, str]] = ..., succeeded: _Optional[int] = ..., failed: _Optional[int] = ..., message: _Optional[str] = ...) -> None: ...

class JobEvent(_message.Message):
    __slots__ = ("job_id", "seq", "time", "queued", "progress", "clip_result", "clip_error", "done")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    QUEUED_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    CLIP_RESULT_FIELD_NUMBER: _ClassVar[int]
    CLIP_ERROR_FIELD_NUMBER: _ClassVar[int]
    DONE_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    seq: int
    time: float
    queued: JobQueued
    progress: Progress
    clip_result: ClipResult
    clip_error: ClipError
    done: JobDone
    def __init__(self, job_id: _Optional[str] = ..., seq: _Optional[int] = ..., time: _Optional[float] = ..., queued: _Optional[_Union[JobQueued, _Mapping]] = ..., progress: _Optional[_Union[Progress, _Mapping]] = ..., clip_result: _Optional[_Union[ClipResult, _Mapping]] = ..., clip_error: _Optional[_Union[ClipError, _Mapping]] = ..., done: _Optional[_Union[JobDone, _Mapping]] = ...) -> None: ...

class Word(_message.Message):
    __slots__ = ("start", "end", "word", "probability")
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    WORD_FIELD_NUMBER: _ClassVar[int]
    PROBABILITY_FIELD_NUMBER: _ClassVar[int]
    start: float
    end: float
    word: str
    probability: float
    def __init__(self, start: _Optional[float] = ..., end: _Optional[float] = ..., word: _Optional[str] = ..., probability: _Optional[float] = ...) -> None: ...

class SpeechSegment(_message.Message):
    __slots__ = ("start", "end", "text", "words", "avg_logprob", "no_speech_prob", "speaker", "language")
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    WORDS_FIELD_NUMBER: _ClassVar[int]
    AVG_LOGPROB_FIELD_NUMBER: _ClassVar[int]
    NO_SPEECH_PROB_FIELD_NUMBER: _ClassVar[int]
    SPEAKER_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    start: float
    end: float
    text: str
    words: _containers.RepeatedCompositeFieldContainer[Word]
    avg_logprob: float
    no_speech_prob: float
    speaker: str
    language: str
    def __init__(self, start: _Optional[float] = ..., end: _Optional[float] = ..., text: _Optional[str] = ..., words: _Optional[_Iterable[_Union[Word, _Mapping]]] = ..., avg_logprob: _Optional[float] = ..., no_speech_prob: _Optional[float] = ..., speaker: _Optional[str] = ..., language: _Optional[str] = ...) -> None: ...

class TimeRange(_message.Message):
    __slots__ = ("start", "end")
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    start: float
    end: float
    def __init__(self, start: _Optional[float] = ..., end: _Optional[float] = ...) -> None: ...

class Speech(_message.Message):
    __slots__ = ("language", "language_probability", "model", "segments", "voiced", "silences", "turns", "vocabulary", "pauses")
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_PROBABILITY_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    SEGMENTS_FIELD_NUMBER: _ClassVar[int]
    VOICED_FIELD_NUMBER: _ClassVar[int]
    SILENCES_FIELD_NUMBER: _ClassVar[int]
    TURNS_FIELD_NUMBER: _ClassVar[int]
    VOCABULARY_FIELD_NUMBER: _ClassVar[int]
    PAUSES_FIELD_NUMBER: _ClassVar[int]
    language: str
    language_probability: float
    model: str
    segments: _containers.RepeatedCompositeFieldContainer[SpeechSegment]
    voiced: _containers.RepeatedCompositeFieldContainer[TimeRange]
    silences: _containers.RepeatedCompositeFieldContainer[TimeRange]
    turns: _containers.RepeatedCompositeFieldContainer[SpeakerTurn]
    vocabulary: _containers.RepeatedScalarFieldContainer[str]
    pauses: _containers.RepeatedCompositeFieldContainer[TimeRange]
    def __init__(self, language: _Optional[str] = ..., language_probability: _Optional[float] = ..., model: _Optional[str] = ..., segments: _Optional[_Iterable[_Union[SpeechSegment, _Mapping]]] = ..., voiced: _Optional[_Iterable[_Union[TimeRange, _Mapping]]] = ..., silences: _Optional[_Iterable[_Union[TimeRange, _Mapping]]] = ..., turns: _Optional[_Iterable[_Union[SpeakerTurn, _Mapping]]] = ..., vocabulary: _Optional[_Iterable[str]] = ..., pauses: _Optional[_Iterable[_Union[TimeRange, _Mapping]]] = ...) -> None: ...

class SpeakerTurn(_message.Message):
    __slots__ = ("start", "end", "speaker")
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    SPEAKER_FIELD_NUMBER: _ClassVar[int]
    start: float
    end: float
    speaker: str
    def __init__(self, start: _Optional[float] = ..., end: _Optional[float] = ..., speaker: _Optional[str] = ...) -> None: ...

class Speaker(_message.Message):
    __slots__ = ("label", "method", "channel", "seconds", "embedding")
    LABEL_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    SECONDS_FIELD_NUMBER: _ClassVar[int]
    EMBEDDING_FIELD_NUMBER: _ClassVar[int]
    label: str
    method: str
    channel: int
    seconds: float
    embedding: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, label: _Optional[str] = ..., method: _Optional[str] = ..., channel: _Optional[int] = ..., seconds: _Optional[float] = ..., embedding: _Optional[_Iterable[float]] = ...) -> None: ...

class Shot(_message.Message):
    __slots__ = ("start", "end", "start_frame", "end_frame", "transition")
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    START_FRAME_FIELD_NUMBER: _ClassVar[int]
    END_FRAME_FIELD_NUMBER: _ClassVar[int]
    TRANSITION_FIELD_NUMBER: _ClassVar[int]
    start: float
    end: float
    start_frame: int
    end_frame: int
    transition: str
    def __init__(self, start: _Optional[float] = ..., end: _Optional[float] = ..., start_frame: _Optional[int] = ..., end_frame: _Optional[int] = ..., transition: _Optional[str] = ...) -> None: ...

class Tag(_message.Message):
    __slots__ = ("name", "value", "confidence", "start", "end", "source")
    NAME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    name: str
    value: str
    confidence: float
    start: float
    end: float
    source: str
    def __init__(self, name: _Optional[str] = ..., value: _Optional[str] = ..., confidence: _Optional[float] = ..., start: _Optional[float] = ..., end: _Optional[float] = ..., source: _Optional[str] = ...) -> None: ...

class Marker(_message.Message):
    __slots__ = ("frame", "duration", "color", "name", "note", "custom_data")
    FRAME_FIELD_NUMBER: _ClassVar[int]
    DURATION_FIELD_NUMBER: _ClassVar[int]
    COLOR_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_DATA_FIELD_NUMBER: _ClassVar[int]
    frame: int
    duration: int
    color: str
    name: str
    note: str
    custom_data: str
    def __init__(self, frame: _Optional[int] = ..., duration: _Optional[int] = ..., color: _Optional[str] = ..., name: _Optional[str] = ..., note: _Optional[str] = ..., custom_data: _Optional[str] = ...) -> None: ...

class ClipAnalysis(_message.Message):
    __slots__ = ("media_id", "path", "duration_s", "fps", "fps_num", "fps_den", "frames", "start_timecode", "width", "height", "audio_channels", "audio_sample_rate", "video_codec", "audio_codec", "variable_frame_rate", "speech", "shots", "tags", "markers", "analyzer_errors", "settings_key", "analysis_seconds", "speakers", "analyzers", "faces")
    MEDIA_ID_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    DURATION_S_FIELD_NUMBER: _ClassVar[int]
    FPS_FIELD_NUMBER: _ClassVar[int]
    FPS_NUM_FIELD_NUMBER: _ClassVar[int]
    FPS_DEN_FIELD_NUMBER: _ClassVar[int]
    FRAMES_FIELD_NUMBER: _ClassVar[int]
    START_TIMECODE_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    AUDIO_CHANNELS_FIELD_NUMBER: _ClassVar[int]
    AUDIO_SAMPLE_RATE_FIELD_NUMBER: _ClassVar[int]
    VIDEO_CODEC_FIELD_NUMBER: _ClassVar[int]
    AUDIO_CODEC_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_FRAME_RATE_FIELD_NUMBER: _ClassVar[int]
    SPEECH_FIELD_NUMBER: _ClassVar[int]
    SHOTS_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    MARKERS_FIELD_NUMBER: _ClassVar[int]
    ANALYZER_ERRORS_FIELD_NUMBER: _ClassVar[int]
    SETTINGS_KEY_FIELD_NUMBER: _ClassVar[int]
    ANALYSIS_SECONDS_FIELD_NUMBER: _ClassVar[int]
    SPEAKERS_FIELD_NUMBER: _ClassVar[int]
    ANALYZERS_FIELD_NUMBER: _ClassVar[int]
    FACES_FIELD_NUMBER: _ClassVar[int]
    media_id: str
    path: str
    duration_s: float
    fps: float
    fps_num: int
    fps_den: int
    frames: int
    start_timecode: str
    width: int
    height: int
    audio_channels: int
    audio_sample_rate: int
    video_codec: str
    audio_codec: str
    variable_frame_rate: bool
    speech: Speech
    shots: _containers.RepeatedCompositeFieldContainer[Shot]
    tags: _containers.RepeatedCompositeFieldContainer[Tag]
    markers: _containers.RepeatedCompositeFieldContainer[Marker]
    analyzer_errors: _containers.RepeatedCompositeFieldContainer[AnalyzerError]
    settings_key: str
    analysis_seconds: float
    speakers: _containers.RepeatedCompositeFieldContainer[Speaker]
    analyzers: _containers.RepeatedScalarFieldContainer[str]
    faces: _containers.RepeatedCompositeFieldContainer[FaceBox]
    def __init__(self, media_id: _Optional[str] = ..., path: _Optional[str] = ..., duration_s: _Optional[float] = ..., fps: _Optional[float] = ..., fps_num: _Optional[int] = ..., fps_den: _Optional[int] = ..., frames: _Optional[int] = ..., start_timecode: _Optional[str] = ..., width: _Optional[int] = ..., height: _Optional[int] = ..., audio_channels: _Optional[int] = ..., audio_sample_rate: _Optional[int] = ..., video_codec: _Optional[str] = ..., audio_codec: _Optional[str] = ..., variable_frame_rate: _Optional[bool] = ..., speech: _Optional[_Union[Speech, _Mapping]] = ..., shots: _Optional[_Iterable[_Union[Shot, _Mapping]]] = ..., tags: _Optional[_Iterable[_Union[Tag, _Mapping]]] = ..., markers: _Optional[_Iterable[_Union[Marker, _Mapping]]] = ..., analyzer_errors: _Optional[_Iterable[_Union[AnalyzerError, _Mapping]]] = ..., settings_key: _Optional[str] = ..., analysis_seconds: _Optional[float] = ..., speakers: _Optional[_Iterable[_Union[Speaker, _Mapping]]] = ..., analyzers: _Optional[_Iterable[str]] = ..., faces: _Optional[_Iterable[_Union[FaceBox, _Mapping]]] = ...) -> None: ...

class FaceBox(_message.Message):
    __slots__ = ("time", "x", "y", "width", "height")
    TIME_FIELD_NUMBER: _ClassVar[int]
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    time: float
    x: float
    y: float
    width: float
    height: float
    def __init__(self, time: _Optional[float] = ..., x: _Optional[float] = ..., y: _Optional[float] = ..., width: _Optional[float] = ..., height: _Optional[float] = ...) -> None: ...

class Crop(_message.Message):
    __slots__ = ("x", "y", "width", "height")
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    x: int
    y: int
    width: int
    height: int
    def __init__(self, x: _Optional[int] = ..., y: _Optional[int] = ..., width: _Optional[int] = ..., height: _Optional[int] = ...) -> None: ...

class AnalyzerError(_message.Message):
    __slots__ = ("analyzer", "error")
    ANALYZER_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    analyzer: str
    error: Error
    def __init__(self, analyzer: _Optional[str] = ..., error: _Optional[_Union[Error, _Mapping]] = ...) -> None: ...

class GetAnalysisRequest(_message.Message):
    __slots__ = ("media_id",)
    MEDIA_ID_FIELD_NUMBER: _ClassVar[int]
    media_id: str
    def __init__(self, media_id: _Optional[str] = ...) -> None: ...

class CutOptions(_message.Message):
    __slots__ = ("target_duration_s", "pace", "script_text", "favour", "timeline_name", "project", "use_preferences", "remove_fillers", "script_mode", "aspect_width", "aspect_height")
    TARGET_DURATION_S_FIELD_NUMBER: _ClassVar[int]
    PACE_FIELD_NUMBER: _ClassVar[int]
    SCRIPT_TEXT_FIELD_NUMBER: _ClassVar[int]
    FAVOUR_FIELD_NUMBER: _ClassVar[int]
    TIMELINE_NAME_FIELD_NUMBER: _ClassVar[int]
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    USE_PREFERENCES_FIELD_NUMBER: _ClassVar[int]
    REMOVE_FILLERS_FIELD_NUMBER: _ClassVar[int]
    SCRIPT_MODE_FIELD_NUMBER: _ClassVar[int]
    ASPECT_WIDTH_FIELD_NUMBER: _ClassVar[int]
    ASPECT_HEIGHT_FIELD_NUMBER: _ClassVar[int]
    target_duration_s: float
    pace: Pace
    script_text: str
    favour: _containers.RepeatedScalarFieldContainer[str]
    timeline_name: str
    project: str
    use_preferences: bool
    remove_fillers: bool
    script_mode: ScriptMode
    aspect_width: int
    aspect_height: int
    def __init__(self, target_duration_s: _Optional[float] = ..., pace: _Optional[_Union[Pace, str]] = ..., script_text: _Optional[str] = ..., favour: _Optional[_Iterable[str]] = ..., timeline_name: _Optional[str] = ..., project: _Optional[str] = ..., use_preferences: _Optional[bool] = ..., remove_fillers: _Optional[bool] = ..., script_mode: _Optional[_Union[ScriptMode, str]] = ..., aspect_width: _Optional[int] = ..., aspect_height: _Optional[int] = ...) -> None: ...

class SuggestCutRequest(_message.Message):
    __slots__ = ("media_ids", "options", "client_name")
    MEDIA_IDS_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    CLIENT_NAME_FIELD_NUMBER: _ClassVar[int]
    media_ids: _containers.RepeatedScalarFieldContainer[str]
    options: CutOptions
    client_name: str
    def __init__(self, media_ids: _Optional[_Iterable[str]] = ..., options: _Optional[_Union[CutOptions, _Mapping]] = ..., client_name: _Optional[str] = ...) -> None: ...

class EditEvent(_message.Message):
    __slots__ = ("media_id", "path", "source_in", "source_out", "rate_num", "rate_den", "track", "enabled", "reason", "record_in", "clip_frames", "start_timecode", "crop", "reason_parts")
    MEDIA_ID_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    SOURCE_IN_FIELD_NUMBER: _ClassVar[int]
    SOURCE_OUT_FIELD_NUMBER: _ClassVar[int]
    RATE_NUM_FIELD_NUMBER: _ClassVar[int]
    RATE_DEN_FIELD_NUMBER: _ClassVar[int]
    TRACK_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    RECORD_IN_FIELD_NUMBER: _ClassVar[int]
    CLIP_FRAMES_FIELD_NUMBER: _ClassVar[int]
    START_TIMECODE_FIELD_NUMBER: _ClassVar[int]
    CROP_FIELD_NUMBER: _ClassVar[int]
    REASON_PARTS_FIELD_NUMBER: _ClassVar[int]
    media_id: str
    path: str
    source_in: int
    source_out: int
    rate_num: int
    rate_den: int
    track: int
    enabled: bool
    reason: str
    record_in: int
    clip_frames: int
    start_timecode: str
    crop: Crop
    reason_parts: _containers.RepeatedCompositeFieldContainer[ReasonPart]
    def __init__(self, media_id: _Optional[str] = ..., path: _Optional[str] = ..., source_in: _Optional[int] = ..., source_out: _Optional[int] = ..., rate_num: _Optional[int] = ..., rate_den: _Optional[int] = ..., track: _Optional[int] = ..., enabled: _Optional[bool] = ..., reason: _Optional[str] = ..., record_in: _Optional[int] = ..., clip_frames: _Optional[int] = ..., start_timecode: _Optional[str] = ..., crop: _Optional[_Union[Crop, _Mapping]] = ..., reason_parts: _Optional[_Iterable[_Union[ReasonPart, _Mapping]]] = ...) -> None: ...

class ReasonPart(_message.Message):
    __slots__ = ("code", "values")
    CODE_FIELD_NUMBER: _ClassVar[int]
    VALUES_FIELD_NUMBER: _ClassVar[int]
    code: str
    values: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, code: _Optional[str] = ..., values: _Optional[_Iterable[str]] = ...) -> None: ...

class Caption(_message.Message):
    __slots__ = ("record_in", "record_out", "text")
    RECORD_IN_FIELD_NUMBER: _ClassVar[int]
    RECORD_OUT_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    record_in: int
    record_out: int
    text: str
    def __init__(self, record_in: _Optional[int] = ..., record_out: _Optional[int] = ..., text: _Optional[str] = ...) -> None: ...

class CutProposal(_message.Message):
    __slots__ = ("name", "rate_num", "rate_den", "events", "alternates", "markers", "duration_s", "uncovered_lines", "otio_json", "notes", "captions", "source_media_ids", "script_text", "project", "width", "height")
    NAME_FIELD_NUMBER: _ClassVar[int]
    RATE_NUM_FIELD_NUMBER: _ClassVar[int]
    RATE_DEN_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    ALTERNATES_FIELD_NUMBER: _ClassVar[int]
    MARKERS_FIELD_NUMBER: _ClassVar[int]
    DURATION_S_FIELD_NUMBER: _ClassVar[int]
    UNCOVERED_LINES_FIELD_NUMBER: _ClassVar[int]
    OTIO_JSON_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    CAPTIONS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_MEDIA_IDS_FIELD_NUMBER: _ClassVar[int]
    SCRIPT_TEXT_FIELD_NUMBER: _ClassVar[int]
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    name: str
    rate_num: int
    rate_den: int
    events: _containers.RepeatedCompositeFieldContainer[EditEvent]
    alternates: _containers.RepeatedCompositeFieldContainer[EditEvent]
    markers: _containers.RepeatedCompositeFieldContainer[Marker]
    duration_s: float
    uncovered_lines: _containers.RepeatedScalarFieldContainer[str]
    otio_json: str
    notes: _containers.RepeatedScalarFieldContainer[str]
    captions: _containers.RepeatedCompositeFieldContainer[Caption]
    source_media_ids: _containers.RepeatedScalarFieldContainer[str]
    script_text: str
    project: str
    width: int
    height: int
    def __init__(self, name: _Optional[str] = ..., rate_num: _Optional[int] = ..., rate_den: _Optional[int] = ..., events: _Optional[_Iterable[_Union[EditEvent, _Mapping]]] = ..., alternates: _Optional[_Iterable[_Union[EditEvent, _Mapping]]] = ..., markers: _Optional[_Iterable[_Union[Marker, _Mapping]]] = ..., duration_s: _Optional[float] = ..., uncovered_lines: _Optional[_Iterable[str]] = ..., otio_json: _Optional[str] = ..., notes: _Optional[_Iterable[str]] = ..., captions: _Optional[_Iterable[_Union[Caption, _Mapping]]] = ..., source_media_ids: _Optional[_Iterable[str]] = ..., script_text: _Optional[str] = ..., project: _Optional[str] = ..., width: _Optional[int] = ..., height: _Optional[int] = ...) -> None: ...

class CancelJobRequest(_message.Message):
    __slots__ = ("job_id",)
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    def __init__(self, job_id: _Optional[str] = ...) -> None: ...

class CancelJobResponse(_message.Message):
    __slots__ = ("cancelled", "state")
    CANCELLED_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    cancelled: bool
    state: JobState
    def __init__(self, cancelled: _Optional[bool] = ..., state: _Optional[_Union[JobState, str]] = ...) -> None: ...

class ListJobsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class JobSummary(_message.Message):
    __slots__ = ("job_id", "state", "clip_count", "clips_done", "created", "client_name", "priority", "seat", "clips_failed", "clips_cached", "finished", "message")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CLIP_COUNT_FIELD_NUMBER: _ClassVar[int]
    CLIPS_DONE_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    CLIENT_NAME_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    SEAT_FIELD_NUMBER: _ClassVar[int]
    CLIPS_FAILED_FIELD_NUMBER: _ClassVar[int]
    CLIPS_CACHED_FIELD_NUMBER: _ClassVar[int]
    FINISHED_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    state: JobState
    clip_count: int
    clips_done: int
    created: float
    client_name: str
    priority: int
    seat: str
    clips_failed: int
    clips_cached: int
    finished: float
    message: str
    def __init__(self, job_id: _Optional[str] = ..., state: _Optional[_Union[JobState, str]] = ..., clip_count: _Optional[int] = ..., clips_done: _Optional[int] = ..., created: _Optional[float] = ..., client_name: _Optional[str] = ..., priority: _Optional[int] = ..., seat: _Optional[str] = ..., clips_failed: _Optional[int] = ..., clips_cached: _Optional[int] = ..., finished: _Optional[float] = ..., message: _Optional[str] = ...) -> None: ...

class ListJobsResponse(_message.Message):
    __slots__ = ("jobs",)
    JOBS_FIELD_NUMBER: _ClassVar[int]
    jobs: _containers.RepeatedCompositeFieldContainer[JobSummary]
    def __init__(self, jobs: _Optional[_Iterable[_Union[JobSummary, _Mapping]]] = ...) -> None: ...

class UploadHeader(_message.Message):
    __slots__ = ("sha256", "size", "filename", "offset")
    SHA256_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    sha256: str
    size: int
    filename: str
    offset: int
    def __init__(self, sha256: _Optional[str] = ..., size: _Optional[int] = ..., filename: _Optional[str] = ..., offset: _Optional[int] = ...) -> None: ...

class UploadChunk(_message.Message):
    __slots__ = ("header", "data")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    header: UploadHeader
    data: bytes
    def __init__(self, header: _Optional[_Union[UploadHeader, _Mapping]] = ..., data: _Optional[bytes] = ...) -> None: ...

class UploadResult(_message.Message):
    __slots__ = ("sha256", "size", "already_present", "resumed_from")
    SHA256_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    ALREADY_PRESENT_FIELD_NUMBER: _ClassVar[int]
    RESUMED_FROM_FIELD_NUMBER: _ClassVar[int]
    sha256: str
    size: int
    already_present: bool
    resumed_from: int
    def __init__(self, sha256: _Optional[str] = ..., size: _Optional[int] = ..., already_present: _Optional[bool] = ..., resumed_from: _Optional[int] = ...) -> None: ...

class GetUploadStatusRequest(_message.Message):
    __slots__ = ("sha256", "size")
    SHA256_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    sha256: str
    size: int
    def __init__(self, sha256: _Optional[str] = ..., size: _Optional[int] = ...) -> None: ...

class UploadStatus(_message.Message):
    __slots__ = ("sha256", "size", "complete", "offset")
    SHA256_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_FIELD_NUMBER: _ClassVar[int]
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    sha256: str
    size: int
    complete: bool
    offset: int
    def __init__(self, sha256: _Optional[str] = ..., size: _Optional[int] = ..., complete: _Optional[bool] = ..., offset: _Optional[int] = ...) -> None: ...

class SearchRequest(_message.Message):
    __slots__ = ("query", "speaker", "shot_type", "language", "tags", "clip_glob", "limit", "seat_roots")
    QUERY_FIELD_NUMBER: _ClassVar[int]
    SPEAKER_FIELD_NUMBER: _ClassVar[int]
    SHOT_TYPE_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    CLIP_GLOB_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    SEAT_ROOTS_FIELD_NUMBER: _ClassVar[int]
    query: str
    speaker: str
    shot_type: str
    language: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    clip_glob: str
    limit: int
    seat_roots: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, query: _Optional[str] = ..., speaker: _Optional[str] = ..., shot_type: _Optional[str] = ..., language: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., clip_glob: _Optional[str] = ..., limit: _Optional[int] = ..., seat_roots: _Optional[_Iterable[str]] = ...) -> None: ...

class SearchHit(_message.Message):
    __slots__ = ("path", "media_id", "start", "end", "text", "context", "speaker", "score", "kind", "missing", "fps_num", "fps_den", "frames", "start_timecode", "language", "duration_s", "field")
    PATH_FIELD_NUMBER: _ClassVar[int]
    MEDIA_ID_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    CONTEXT_FIELD_NUMBER: _ClassVar[int]
    SPEAKER_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    MISSING_FIELD_NUMBER: _ClassVar[int]
    FPS_NUM_FIELD_NUMBER: _ClassVar[int]
    FPS_DEN_FIELD_NUMBER: _ClassVar[int]
    FRAMES_FIELD_NUMBER: _ClassVar[int]
    START_TIMECODE_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    DURATION_S_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    path: str
    media_id: str
    start: float
    end: float
    text: str
    context: str
    speaker: str
    score: float
    kind: str
    missing: bool
    fps_num: int
    fps_den: int
    frames: int
    start_timecode: str
    language: str
    duration_s: float
    field: str
    def __init__(self, path: _Optional[str] = ..., media_id: _Optional[str] = ..., start: _Optional[float] = ..., end: _Optional[float] = ..., text: _Optional[str] = ..., context: _Optional[str] = ..., speaker: _Optional[str] = ..., score: _Optional[float] = ..., kind: _Optional[str] = ..., missing: _Optional[bool] = ..., fps_num: _Optional[int] = ..., fps_den: _Optional[int] = ..., frames: _Optional[int] = ..., start_timecode: _Optional[str] = ..., language: _Optional[str] = ..., duration_s: _Optional[float] = ..., field: _Optional[str] = ...) -> None: ...

class SearchResponse(_message.Message):
    __slots__ = ("hits", "notes", "indexed_clips", "seconds")
    HITS_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    INDEXED_CLIPS_FIELD_NUMBER: _ClassVar[int]
    SECONDS_FIELD_NUMBER: _ClassVar[int]
    hits: _containers.RepeatedCompositeFieldContainer[SearchHit]
    notes: _containers.RepeatedScalarFieldContainer[str]
    indexed_clips: int
    seconds: float
    def __init__(self, hits: _Optional[_Iterable[_Union[SearchHit, _Mapping]]] = ..., notes: _Optional[_Iterable[str]] = ..., indexed_clips: _Optional[int] = ..., seconds: _Optional[float] = ...) -> None: ...

class RebuildSearchIndexRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RebuildSearchIndexResponse(_message.Message):
    __slots__ = ("clips", "seconds")
    CLIPS_FIELD_NUMBER: _ClassVar[int]
    SECONDS_FIELD_NUMBER: _ClassVar[int]
    clips: int
    seconds: float
    def __init__(self, clips: _Optional[int] = ..., seconds: _Optional[float] = ...) -> None: ...

class DrainServerRequest(_message.Message):
    __slots__ = ("grace_s",)
    GRACE_S_FIELD_NUMBER: _ClassVar[int]
    grace_s: float
    def __init__(self, grace_s: _Optional[float] = ...) -> None: ...

class DrainServerResponse(_message.Message):
    __slots__ = ("running_clips", "queued_clips", "message")
    RUNNING_CLIPS_FIELD_NUMBER: _ClassVar[int]
    QUEUED_CLIPS_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    running_clips: int
    queued_clips: int
    message: str
    def __init__(self, running_clips: _Optional[int] = ..., queued_clips: _Optional[int] = ..., message: _Optional[str] = ...) -> None: ...

class UsedRange(_message.Message):
    __slots__ = ("media_id", "name", "start_s", "end_s")
    MEDIA_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    START_S_FIELD_NUMBER: _ClassVar[int]
    END_S_FIELD_NUMBER: _ClassVar[int]
    media_id: str
    name: str
    start_s: float
    end_s: float
    def __init__(self, media_id: _Optional[str] = ..., name: _Optional[str] = ..., start_s: _Optional[float] = ..., end_s: _Optional[float] = ...) -> None: ...

class LearnPreferencesRequest(_message.Message):
    __slots__ = ("project", "media_ids", "options", "used", "proposed")
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    MEDIA_IDS_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    USED_FIELD_NUMBER: _ClassVar[int]
    PROPOSED_FIELD_NUMBER: _ClassVar[int]
    project: str
    media_ids: _containers.RepeatedScalarFieldContainer[str]
    options: CutOptions
    used: _containers.RepeatedCompositeFieldContainer[UsedRange]
    proposed: _containers.RepeatedCompositeFieldContainer[UsedRange]
    def __init__(self, project: _Optional[str] = ..., media_ids: _Optional[_Iterable[str]] = ..., options: _Optional[_Union[CutOptions, _Mapping]] = ..., used: _Optional[_Iterable[_Union[UsedRange, _Mapping]]] = ..., proposed: _Optional[_Iterable[_Union[UsedRange, _Mapping]]] = ...) -> None: ...

class GetPreferencesRequest(_message.Message):
    __slots__ = ("project",)
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    project: str
    def __init__(self, project: _Optional[str] = ...) -> None: ...

class FeatureWeight(_message.Message):
    __slots__ = ("name", "weight", "default_weight")
    NAME_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_WEIGHT_FIELD_NUMBER: _ClassVar[int]
    name: str
    weight: float
    default_weight: float
    def __init__(self, name: _Optional[str] = ..., weight: _Optional[float] = ..., default_weight: _Optional[float] = ...) -> None: ...

class ProjectPreferences(_message.Message):
    __slots__ = ("project", "weights", "learned", "lines_learned", "notes")
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    WEIGHTS_FIELD_NUMBER: _ClassVar[int]
    LEARNED_FIELD_NUMBER: _ClassVar[int]
    LINES_LEARNED_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    project: str
    weights: _containers.RepeatedCompositeFieldContainer[FeatureWeight]
    learned: _containers.RepeatedScalarFieldContainer[str]
    lines_learned: int
    notes: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, project: _Optional[str] = ..., weights: _Optional[_Iterable[_Union[FeatureWeight, _Mapping]]] = ..., learned: _Optional[_Iterable[str]] = ..., lines_learned: _Optional[int] = ..., notes: _Optional[_Iterable[str]] = ...) -> None: ...
