using BatchScoring.Core.Data;
using BatchScoring.Core.Scoring;
using BatchScoring.Core.Spec;
using BatchScoring.Tests;
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

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.BadInputData)]
    public async Task Score_HugeImageDeclaredInItsHeader_ItemErrorWithoutDecodingOthersScored()
    {
        using var pool = new OnnxSessionPool();
        var scorer = await Scorers.InitialiseAsync(new OnnxImageScorer(pool), "rgb.onnx", new ModelSpec { Image = new ImagePreprocessing { Width = 2, Height = 2 } }, InputMode.File);
        var before = GC.GetTotalAllocatedBytes();

        var result = await scorer.ScoreAsync(ScoreRequest.ForFiles(0, [new FileItem("huge.png", PngHeaderOnly(60000, 60000)), new FileItem("ok.png", Png(2, 2))]));

        Assert.Equal(new ItemError(ErrorKind.Shape, "the image is 60000x60000 (3,600,000,000 pixels, read from its header), above model.image.maxPixels (50,000,000); it was not decoded"), result.Errors[0]);
        Assert.Null(result.Errors[1]);
        Assert.True(GC.GetTotalAllocatedBytes() - before < 64 << 20, "the huge image was not allocated");
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.BadInputData)]
    public async Task Score_LargeImageWithResizeOff_RefusedFromItsHeaderBeforeDecoding()
    {
        using var pool = new OnnxSessionPool();
        var image = new ImagePreprocessing { Width = 2, Height = 2, Resize = false, MaxPixels = 1_000_000_000 };
        var scorer = await Scorers.InitialiseAsync(new OnnxImageScorer(pool), "rgb.onnx", new ModelSpec { Image = image }, InputMode.File);

        // Its pixel data is missing: had it been decoded first, the error would say the file is truncated.
        var result = await scorer.ScoreAsync(ScoreRequest.ForFiles(0, [new FileItem("big.png", PngHeaderOnly(16000, 16000)), new FileItem("ok.png", Png(2, 2))]));

        Assert.Equal(new ItemError(ErrorKind.Shape, "the image is 16000x16000, the model takes 2x2 and model.image.resize is false"), result.Errors[0]);
        Assert.Null(result.Errors[1]);
    }

    [Theory]
    [Trait(Behaviours.Trait, Behaviours.BadInputData)]
    [InlineData(16, true)]
    [InlineData(15, false)]
    public async Task Score_ImageAgainstMaxPixels_DecodedOnlyWithinTheLimit(long maxPixels, bool scored)
    {
        using var pool = new OnnxSessionPool();
        var image = new ImagePreprocessing { Width = 2, Height = 2, MaxPixels = maxPixels };
        var scorer = await Scorers.InitialiseAsync(new OnnxImageScorer(pool), "rgb.onnx", new ModelSpec { Image = image }, InputMode.File);

        var result = await scorer.ScoreAsync(ScoreRequest.ForFiles(0, [new FileItem("4x4.png", Png(4, 4))]));

        Assert.Equal(scored, result.Errors[0] is null);
    }

    /// <summary>A PNG whose header declares <paramref name="width"/> x <paramref name="height"/> gray pixels, with almost no pixel data.</summary>
    private static byte[] PngHeaderOnly(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth; colour type 0 (gray), no interlace
        Chunk(png, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            {
                zlib.Write(new byte[4096]);
            }

            Chunk(png, "IDAT", compressed.ToArray());
        }

        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        var crc = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
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
