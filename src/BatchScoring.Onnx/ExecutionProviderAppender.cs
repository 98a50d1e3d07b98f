using Microsoft.ML.OnnxRuntime;

namespace BatchScoring.Onnx;

/// <summary>Adds an execution provider to session options. The seam through which tests make CUDA fail to load.</summary>
public delegate void ExecutionProviderAppender(SessionOptions options, int deviceId);
