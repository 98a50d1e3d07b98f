namespace BatchScoring.Core.Spec;

/// <summary>ONNX Runtime execution provider.</summary>
public enum ExecutionProviderKind
{
    Cpu,
    Cuda,
}
