namespace BatchScoring.Core.Data;

/// <summary>
/// The element type a feature value is read into: the element type of the model input it feeds. Readers parse cells
/// straight into it (integers without going through <c>double</c>); a value that does not fit is an error record.
/// </summary>
public enum FeatureElementType
{
    Float,
    Double,
    Int64,
    Int32,
    Int16,
    Int8,
    UInt8,
    UInt16,
}
