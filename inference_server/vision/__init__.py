"""Picture models behind the vision analyzers: each runs on our own onnxruntime sessions (``onnx_sessions``)."""
