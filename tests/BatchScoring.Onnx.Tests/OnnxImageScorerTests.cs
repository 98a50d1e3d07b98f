using BatchScoring.Core.Data;
using BatchScoring.Core.Scoring;
using BatchScoring.Core.Spec;
using SkiaSharp;

namespace BatchScoring.Onnx.Tests;

public sealed class OnnxImageScorerTests
{
    // 2x2 image: red, green / blue, white.
    private static readonly SKColor[] Pixels = [SKColors.Red, SKColors.Lime, SKColors.Blue, SKColors.White];

    [Theory]
    [InlineData(ChannelOrder.Rgb, TensorLayout.Chw, new float[] { 255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255 })]
    [InlineData(ChannelOrder.Bgr, TensorLayout.Chw, new float[] { 0, 0, 255, 255, 0, 255, 0, 255, 255, 0, 0, 255 })]
    [InlineData(ChannelOrder.Rgb, TensorLayout.Hwc, new float[] { 255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255 })]
    public async Task Score_ChannelOrderAndLayout_TensorAsConfigured(ChannelOrder channels, TensorLayout layout, float[] expected)
    {
        using var pool = new OnnxSessionPool();
        var image = new ImagePreprocessing { Width = 2, Height = 2, Channels = channels, Layout = layout, Scale = 1, Mean = [0], Std = [1] };
        var scorer = await Scorers.InitialiseAsync(new OnnxImageScorer(pool), "rgb.onnx", new ModelSpec { Image = image }, InputMode.File);

        var result = await scorer.ScoreAsync(ScoreRequest.ForFiles(0, [new FileItem("a.png", Png(2, 2))]));

        Assert.Null(result.Errors[0]);
        Assert.Equal(expected, result.Columns.Select(c => ((float[])c.Values)[0]));
    }

    [Fact]
    public async Task Score_WrongSizeWithResizeOff_ShapeErrorOthersScored()
    {
        using var pool = new OnnxSessionPool();
        var image = new ImagePreprocessing { Width = 2, Height = 2, Resize = false };
        var scorer = await Scorers.InitialiseAsync(new OnnxImageScorer(pool), "rgb.onnx", new ModelSpec { Image = image }, InputMode.File);

        var result = await scorer.ScoreAsync(ScoreRequest.ForFiles(0, [new FileItem("big.png", Png(4, 4)), new FileItem("ok.png", Png(2, 2))]));

        Assert.Equal(new ItemError(ErrorKind.Shape, "the image is 4x4, the model takes 2x2 and model.image.resize is false"), result.Errors[0]);
        Assert.Null(result.Errors[1]);
    }

    [Fact]
    public async Task Score_ResizeOnWithMeanStd_ResizedAndNormalised()
    {
        using var pool = new OnnxSessionPool();
        var image = new ImagePreprocessing { Width = 2, Height = 2, Scale = 1.0 / 255, Mean = [0.5, 0.5, 0.5], Std = [0.5, 0.5, 0.5] };
        var scorer = await Scorers.InitialiseAsync(new OnnxImageScorer(pool), "rgb.onnx", new ModelSpec { Image = image }, InputMode.File);

        var result = await scorer.ScoreAsync(ScoreRequest.ForFiles(0, [new FileItem("big.png", Png(6, 6, SKColors.White))]));

        Assert.Null(result.Errors[0]);
        Assert.All(result.Columns, c => Assert.Equal(1f, ((float[])c.Values)[0], 3));
    }

    [Fact]
    public async Task Score_NotAnImage_ReadError()
    {
        using var pool = new OnnxSessionPool();
        var scorer = await Scorers.InitialiseAsync(new OnnxImageScorer(pool), "rgb.onnx", new ModelSpec { Image = new ImagePreprocessing { Width = 2, Height = 2 } }, InputMode.File);

        var result = await scorer.ScoreAsync(ScoreRequest.ForFiles(0, [new FileItem("x.png", "hello"u8.ToArray())]));

        Assert.Equal(ErrorKind.Read, result.Errors[0]!.Kind);
        Assert.StartsWith("not a readable image", result.Errors[0]!.Message, StringComparison.Ordinal);
    }

    private static byte[] Png(int width, int height, SKColor? fill = null)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, fill ?? Pixels[((y * 2) + x) % 4]);
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
