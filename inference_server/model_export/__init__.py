"""Turn weights that packages ship for PyTorch into ONNX graphs, once, without PyTorch.

The server runs every neural model on onnxruntime; these converters run at first use and write the
graph into the data dir.
"""
