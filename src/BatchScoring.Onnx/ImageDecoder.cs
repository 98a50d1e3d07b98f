using BatchScoring.Core.Data;
using BatchScoring.Core.Spec;
using SkiaSharp;

namespace BatchScoring.Onnx;

/// <summary>Decodes an image file into normalised values laid out as the spec says.</summary>
internal static class ImageDecoder
{
    public static (float[]? Values, ItemError? Error) Decode(ReadOnlySpan<byte> content, ImagePreprocessing image)
    {
        if (content.IsEmpty)
        {
            return (null, new ItemError(ErrorKind.Empty, "the file is empty"));
        }

        using var data = SKData.CreateCopy(content);
        using var stream = new SKMemoryStream(data);
        using var codec = SKCodec.Create(stream, out var codecResult);
        if (codec is null)
        {
            return (null, new ItemError(ErrorKind.Read, $"not a readable image ({codecResult})"));
        }

        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var decoded = new SKBitmap(info);
        var result = codec.GetPixels(info, decoded.GetPixels());
        if (result is not (SKCodecResult.Success))
        {
            // IncompleteInput: a truncated file. Skia fills the rest with zeros; scoring it would be a silent error.
            return (null, new ItemError(ErrorKind.Read, $"the image could not be decoded completely ({result}); the file may be truncated"));
        }

        var bitmap = decoded;
        SKBitmap? resized = null;
        try
        {
            if (info.Width != image.Width || info.Height != image.Height)
            {
                if (!image.Resize)
                {
                    return (null, new ItemError(ErrorKind.Shape, $"the image is {info.Width}x{info.Height}, the model takes {image.Width}x{image.Height} and model.image.resize is false"));
                }

                resized = decoded.Resize(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
                bitmap = resized;
            }

            return (ToTensor(bitmap, image), null);
        }
        finally
        {
            resized?.Dispose();
        }
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
