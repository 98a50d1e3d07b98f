using System.Globalization;
using BatchScoring.Core.Data;
using BatchScoring.Core.Spec;
using SkiaSharp;

namespace BatchScoring.Onnx;

/// <summary>
/// Decodes an image file into normalised values laid out as the spec says. The size is read from the file's header
/// first and checked (against <c>model.image.maxPixels</c>, and against the model's size when <c>resize</c> is false)
/// before a pixel is decoded; whatever goes wrong with one file, down to a failed allocation, is that file's error
/// record and never its mini-batch's.
/// </summary>
internal static class ImageDecoder
{
    public static (float[]? Values, ItemError? Error) Decode(ReadOnlySpan<byte> content, ImagePreprocessing image)
    {
        if (content.IsEmpty)
        {
            return (null, new ItemError(ErrorKind.Empty, "the file is empty"));
        }

        try
        {
            return DecodeChecked(content, image);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (null, new ItemError(ErrorKind.Read, $"the image could not be decoded: {e.Message}"));
        }
    }

    private static (float[]? Values, ItemError? Error) DecodeChecked(ReadOnlySpan<byte> content, ImagePreprocessing image)
    {
        using var data = SKData.CreateCopy(content);
        using var stream = new SKMemoryStream(data);
        using var codec = SKCodec.Create(stream, out var codecResult);
        if (codec is null)
        {
            return (null, new ItemError(ErrorKind.Read, $"not a readable image ({codecResult})"));
        }

        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if ((long)width * height > image.MaxPixels)
        {
            return (null, new ItemError(ErrorKind.Shape, string.Create(CultureInfo.InvariantCulture, $"the image is {width}x{height} ({(long)width * height:N0} pixels, read from its header), above model.image.maxPixels ({image.MaxPixels:N0}); it was not decoded")));
        }

        if (!image.Resize && (width != image.Width || height != image.Height))
        {
            return (null, new ItemError(ErrorKind.Shape, $"the image is {width}x{height}, the model takes {image.Width}x{image.Height} and model.image.resize is false"));
        }

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var decoded = new SKBitmap();
        if (!decoded.TryAllocPixels(info))
        {
            return (null, new ItemError(ErrorKind.Read, $"the image is {width}x{height}: there is not enough memory to decode it"));
        }

        var result = codec.GetPixels(info, decoded.GetPixels());
        if (result is not (SKCodecResult.Success))
        {
            // IncompleteInput: a truncated file. Skia fills the rest with zeros; scoring it would be a silent error.
            return (null, new ItemError(ErrorKind.Read, $"the image could not be decoded completely ({result}); the file may be truncated"));
        }

        if (width == image.Width && height == image.Height)
        {
            return (ToTensor(decoded, image), null);
        }

        using var resized = decoded.Resize(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
        return (ToTensor(resized, image), null);
    }

    private static float[] ToTensor(SKBitmap bitmap, ImagePreprocessing image)
    {
        var (w, h) = (image.Width, image.Height);
        var channels = image.Channels == ChannelOrder.Gray ? 1 : 3;
        var values = new float[w * h * channels];
        var pixels = bitmap.GetPixelSpan();
        var scale = (float)image.Scale;
        Span<float> mean = stackalloc float[channels];
        Span<float> std = stackalloc float[channels];
        for (var c = 0; c < channels; c++)
        {
            mean[c] = (float)image.Mean[image.Mean.Count == 1 ? 0 : c];
            std[c] = (float)image.Std[image.Std.Count == 1 ? 0 : c];
        }

        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var p = ((y * w) + x) * 4;
                var (r, g, b) = (pixels[p], pixels[p + 1], pixels[p + 2]);
                for (var c = 0; c < channels; c++)
                {
                    float raw = image.Channels switch
                    {
                        ChannelOrder.Gray => r == g && g == b ? r : MathF.Round((0.299f * r) + (0.587f * g) + (0.114f * b)),
                        ChannelOrder.Rgb => c == 0 ? r : c == 1 ? g : b,
                        _ => c == 0 ? b : c == 1 ? g : r,
                    };
                    var index = image.Layout == TensorLayout.Chw ? (c * w * h) + (y * w) + x : (((y * w) + x) * channels) + c;
                    values[index] = ((raw * scale) - mean[c]) / std[c];
                }
            }
        }

        return values;
    }
}
