using Microsoft.ML.OnnxRuntime;

namespace BatchScoring.Onnx;

/// <summary>A shared session with the model's hash and the provider it really runs on. Owned by the pool: do not dispose.</summary>
public sealed record PooledSession(InferenceSession Session, string ModelHash, string Provider);
