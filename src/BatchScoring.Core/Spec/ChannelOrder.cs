namespace BatchScoring.Core.Spec;

/// <summary>Image channels and their order.</summary>
public enum ChannelOrder
{
    Gray,
    Rgb,
    Bgr,
}
