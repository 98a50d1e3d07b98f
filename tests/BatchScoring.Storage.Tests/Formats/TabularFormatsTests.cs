using BatchScoring.Core.Spec;
using BatchScoring.Storage.Formats;

namespace BatchScoring.Storage.Tests.Formats;

/// <summary>The format registry: one descriptor per format, and the extension table every layer reads.</summary>
public sealed class TabularFormatsTests
{
    [Fact]
    public void Of_EveryFormat_HasItsOwnDescriptor()
    {
        var descriptors = DataFormats.All.Select(TabularFormats.Of).ToList();

        Assert.Equal(Enum.GetValues<DataFormat>(), descriptors.Select(d => d.Format));
        Assert.Equal(descriptors.Count, descriptors.Select(d => d.Reader).Distinct().Count());
        Assert.Equal([true, true, false], descriptors.Select(d => d.IsText));
    }

    [Theory]
    [InlineData("a/b.csv", DataFormat.Csv)]
    [InlineData("a/b.CSV", DataFormat.Csv)]
    [InlineData("b.jsonl", DataFormat.Jsonl)]
    [InlineData("b.ndjson", DataFormat.Jsonl)]
    [InlineData("x.y/b.Parquet", DataFormat.Parquet)]
    [InlineData("b.txt", null)]
    [InlineData("csv", null)]
    public void FromExtension_NamesTheFormatOrNone(string path, DataFormat? expected)
    {
        Assert.Equal(expected, DataFormats.FromExtension(path));
    }

    [Fact]
    public void Extension_OfEveryFormat_NamesItBack()
    {
        Assert.All(DataFormats.All, f => Assert.Equal(f, DataFormats.FromExtension("x." + DataFormats.Extension(f))));
        Assert.Equal(".csv, .jsonl or .parquet", DataFormats.Named);
    }

    [Fact]
    public void FormatRows_OfParquet_IsRefusedNotWrittenWrong()
    {
        using var output = new PooledBufferWriter(16);

        Assert.Throws<NotSupportedException>(() => TabularFormats.Of(DataFormat.Parquet).FormatRows([], [], [], output));
    }
}
