using BatchScoring.Core.Planning;

namespace BatchScoring.Core.Tests.Planning;

public class MiniBatchPackerTests
{
    [Fact]
    public void Pack_FileTarget_PutsNFilesPerBatchInInputOrder()
    {
        // Arrange
        var units = Enumerable.Range(0, 25).Select(i => File($"images/{i:D2}.png", 100 + i)).ToList();

        // Act
        var batches = MiniBatchPacker.Pack(units, new MiniBatchTarget(MiniBatchUnit.Files, 10));

        // Assert
        Assert.Equal([10, 10, 5], batches.Select(b => b.Slices.Count));
        Assert.Equal([0, 1, 2], batches.Select(b => b.Index));
        Assert.Equal([10L, 10L, 5L], batches.Select(b => b.Items));
        Assert.Equal(units.Select(u => u.Slice.Path), batches.SelectMany(b => b.Slices).Select(s => s.Path));
        Assert.Equal(Enumerable.Range(10, 10).Sum(i => 100L + i), batches[1].Bytes);
        Assert.All(batches, b => Assert.Null(b.PartitionKey));
    }

    [Fact]
    public void Pack_SameUnitsTwice_GivesSamePlan()
    {
        // Arrange
        var units = new[] { File("b.png", 5), File("a.png", 7), File("c.png", 1) };
        var target = new MiniBatchTarget(MiniBatchUnit.Files, 2);

        // Act
        var first = MiniBatchPacker.Pack(units, target);
        var second = MiniBatchPacker.Pack(units, target);

        // Assert
        Assert.Equal(["b.png", "a.png", "c.png"], first.SelectMany(b => b.Slices).Select(s => s.Path));
        Assert.Equal(first.SelectMany(b => b.Slices), second.SelectMany(b => b.Slices));
        Assert.Equal(first.Select(b => b.Slices.Count), second.Select(b => b.Slices.Count));
    }

    [Fact]
    public void Pack_RowTargetOverSmallFiles_SpansFiles()
    {
        // Arrange: four CSV files of 30 rows; a mini-batch may span files, unlike Azure ML's PRS.
        var units = Enumerable.Range(0, 4).Select(i => Rows($"data/{i}.csv", 0, 30, 3000)).ToList();

        // Act
        var batches = MiniBatchPacker.Pack(units, new MiniBatchTarget(MiniBatchUnit.Rows, 100));

        // Assert
        Assert.Equal(2, batches.Count);
        Assert.Equal(["data/0.csv", "data/1.csv", "data/2.csv"], batches[0].Slices.Select(s => s.Path));
        Assert.Equal(90, batches[0].Items);
        Assert.Equal(9000, batches[0].Bytes);
        Assert.Equal(["data/3.csv"], batches[1].Slices.Select(s => s.Path));
        Assert.Equal(30, batches[1].Items);
    }

    [Fact]
    public void Pack_RowTargetReachedExactly_StartsANewBatch()
    {
        // Arrange
        var units = new[] { Rows("a.csv", 0, 60, 600), Rows("b.csv", 0, 40, 400), Rows("c.csv", 0, 10, 100) };

        // Act
        var batches = MiniBatchPacker.Pack(units, new MiniBatchTarget(MiniBatchUnit.Rows, 100));

        // Assert
        Assert.Equal([100L, 10L], batches.Select(b => b.Items));
        Assert.Equal(["a.csv", "b.csv"], batches[0].Slices.Select(s => s.Path));
    }

    [Fact]
    public void Pack_UnsplittableUnitLargerThanTarget_IsAloneInItsBatch()
    {
        // Arrange: a CSV segment is cut by the reader's alignment, never by the packer.
        var units = new[] { Rows("a.csv", 0, 10, 100), Rows("big.csv", 0, 500, 5000), Rows("c.csv", 0, 10, 100) };

        // Act
        var batches = MiniBatchPacker.Pack(units, new MiniBatchTarget(MiniBatchUnit.Rows, 100));

        // Assert
        Assert.Equal([10L, 500L, 10L], batches.Select(b => b.Items));
        Assert.Equal(units[1].Slice, Assert.Single(batches[1].Slices));
    }

    [Fact]
    public void Pack_SplittableRowGroupLargerThanTarget_CutsIntoRowRanges()
    {
        // Arrange: a Parquet row group of rows 1000..1250 stored in bytes 4000..6500.
        var units = new[] { new PlanUnit(new InputSlice("data/p.parquet", 1000, 250, 4000, 6500), SplittableByRows: true) };

        // Act
        var batches = MiniBatchPacker.Pack(units, new MiniBatchTarget(MiniBatchUnit.Rows, 100));

        // Assert
        var slices = batches.Select(b => Assert.Single(b.Slices)).ToList();
        Assert.Equal([1000L, 1100L, 1200L], slices.Select(s => s.RowStart));
        Assert.Equal([100L, 100L, 50L], slices.Select(s => s.RowCount));
        Assert.Equal([4000L, 5000L, 6000L], slices.Select(s => s.ByteStart));
        Assert.Equal([5000L, 6000L, 6500L], slices.Select(s => s.ByteEnd));
        Assert.All(slices, s => Assert.Equal("data/p.parquet", s.Path));
        Assert.Equal(250, batches.Sum(b => b.Items));
    }

    [Fact]
    public void Pack_SplittableRowGroupRemainder_SharesBatchWithNextFile()
    {
        // Arrange
        var units = new[]
        {
            new PlanUnit(new InputSlice("a.parquet", 0, 150, 0, 1500), SplittableByRows: true),
            new PlanUnit(new InputSlice("b.parquet", 0, 30, 0, 300), SplittableByRows: true),
        };

        // Act
        var batches = MiniBatchPacker.Pack(units, new MiniBatchTarget(MiniBatchUnit.Rows, 100));

        // Assert
        Assert.Equal(2, batches.Count);
        Assert.Equal(new InputSlice("a.parquet", 0, 100, 0, 1000), Assert.Single(batches[0].Slices));
        Assert.Equal(
            [new InputSlice("a.parquet", 100, 50, 1000, 1500), new InputSlice("b.parquet", 0, 30, 0, 300)],
            batches[1].Slices);
        Assert.Equal(80, batches[1].Items);
    }

    [Fact]
    public void Pack_BytesTarget_PacksByInputBytes()
    {
        // Arrange
        var units = new[] { Rows("a.csv", 0, 4, 400), Rows("a.csv", 4, 4, 400), Rows("b.csv", 0, 4, 400), Rows("c.csv", 0, 1, 100) };

        // Act
        var batches = MiniBatchPacker.Pack(units, new MiniBatchTarget(MiniBatchUnit.Bytes, 1000));

        // Assert
        Assert.Equal([800L, 500L], batches.Select(b => b.Bytes));
        Assert.Equal([8L, 5L], batches.Select(b => b.Items));
        Assert.Equal(["b.csv", "c.csv"], batches[1].Slices.Select(s => s.Path));
    }

    [Fact]
    public void Pack_BytesTargetOverLargeRowGroup_CutsByProratedRows()
    {
        // Arrange: 1000 rows in 10 000 bytes, 10 bytes a row; 2500 bytes is 250 rows.
        var units = new[] { new PlanUnit(new InputSlice("p.parquet", 0, 1000, 0, 10_000), SplittableByRows: true) };

        // Act
        var batches = MiniBatchPacker.Pack(units, new MiniBatchTarget(MiniBatchUnit.Bytes, 2500));

        // Assert
        Assert.Equal([250L, 250L, 250L, 250L], batches.Select(b => b.Items));
        Assert.Equal([2500L, 2500L, 2500L, 2500L], batches.Select(b => b.Bytes));
        Assert.Equal([0L, 250L, 500L, 750L], batches.Select(b => b.Slices[0].RowStart));
    }

    [Fact]
    public void Pack_ByPartition_GivesOneBatchPerKeySortedOrdinally()
    {
        // Arrange
        var units = new[]
        {
            File("region=us/a.png", 10, "region=us"),
            File("region=eu/a.png", 20, "region=eu"),
            File("region=EU/a.png", 40, "region=EU"),
            File("region=us/b.png", 30, "region=us"),
            File("region=eu/b.png", 50, "region=eu"),
        };

        // Act: the target does not matter with partition keys.
        var batches = MiniBatchPacker.Pack(units, new MiniBatchTarget(MiniBatchUnit.Files, 1), byPartition: true);

        // Assert
        Assert.Equal(["region=EU", "region=eu", "region=us"], batches.Select(b => b.PartitionKey));
        Assert.Equal([0, 1, 2], batches.Select(b => b.Index));
        Assert.Equal(["region=eu/a.png", "region=eu/b.png"], batches[1].Slices.Select(s => s.Path));
        Assert.Equal(["region=us/a.png", "region=us/b.png"], batches[2].Slices.Select(s => s.Path));
        Assert.Equal([1L, 2L, 2L], batches.Select(b => b.Items));
        Assert.Equal([40L, 70L, 40L], batches.Select(b => b.Bytes));
    }

    [Fact]
    public void Pack_NoUnits_GivesNoBatches()
    {
        // Act
        var batches = MiniBatchPacker.Pack([], new MiniBatchTarget(MiniBatchUnit.Files, 10));

        // Assert
        Assert.Empty(batches);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    public void Pack_TargetBelowOne_Throws(long value)
    {
        // Act and Assert
        Assert.Throws<ArgumentOutOfRangeException>(() => MiniBatchPacker.Pack([File("a.png", 1)], new MiniBatchTarget(MiniBatchUnit.Files, value)));
    }

    private static PlanUnit File(string path, long size, string? partitionKey = null) =>
        new(new InputSlice(path, 0, 1, 0, size), SplittableByRows: false, partitionKey);

    private static PlanUnit Rows(string path, long rowStart, long rowCount, long bytes) =>
        new(new InputSlice(path, rowStart, rowCount, rowStart * 100, (rowStart * 100) + bytes), SplittableByRows: false);
}
