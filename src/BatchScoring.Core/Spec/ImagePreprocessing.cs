using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace BatchScoring.Core.Spec;

/// <summary>
/// How a decoded image becomes a tensor: resize, channel order, layout, then
/// <c>value = (pixel * scale - mean[c]) / std[c]</c>.
/// </summary>
[Description("How a decoded image becomes a tensor: resize, channel order, layout, then value = (pixel * scale - mean[c]) / std[c].")]
public sealed record ImagePreprocessing
{
    [Description("Target width in pixels.")]
    [Range(1, 16384)]
    public int Width { get; init; } = 224;

    [Description("Target height in pixels.")]
    [Range(1, 16384)]
    public int Height { get; init; } = 224;

    [Description("true: resize to width x height; false: an image of another size is an error record.")]
    public bool Resize { get; init; } = true;

    public const long DefaultMaxPixels = 50_000_000;

    [Description("Largest image decoded, in pixels (width x height, read from the file's header before anything is decoded); a larger image is an error record. Default 50,000,000.")]
    [Range(1L, 1_000_000_000L)]
    public long MaxPixels { get; init; } = DefaultMaxPixels;

    [Description("gray (1 channel), rgb or bgr (3 channels).")]
    public ChannelOrder Channels { get; init; } = ChannelOrder.Rgb;

    [Description("chw (planar, N x C x H x W) or hwc (interleaved, N x H x W x C).")]
    public TensorLayout Layout { get; init; } = TensorLayout.Chw;

    [Description("Multiplies every 0-255 pixel value first (1/255 gives 0-1).")]
    [Range(double.Epsilon, double.MaxValue)]
    public double Scale { get; init; } = 1.0 / 255.0;

    [Description("Per-channel mean subtracted after scaling (one value, or one per channel).")]
    public IReadOnlyList<double> Mean { get; init; } = [0.0];

    [Description("Per-channel standard deviation divided by after the mean (one value, or one per channel).")]
    public IReadOnlyList<double> Std { get; init; } = [1.0];
}
