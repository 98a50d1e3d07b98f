namespace BatchScoring.Core.Spec;

/// <summary>Image tensor layout.</summary>
public enum TensorLayout
{
    Chw,
    Hwc,
}
