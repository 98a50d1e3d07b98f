using System.Text;

using BatchScoring.Core.Planning;
using BatchScoring.Core.Spec;

namespace BatchScoring.Core.Tests.Planning;

public class MiniBatchPlanSerializerTests
{
    [Fact]
    public void Deserialize_SerializedPlan_GivesEqualPlan()
    {
        // Arrange
        var plan = SamplePlan();

        // Act
        var bytes = MiniBatchPlanSerializer.Serialize(plan);
        var again = MiniBatchPlanSerializer.Deserialize(bytes);

        // Assert
        AssertSamePlan(plan, again);
        Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(MiniBatchPlanSerializer.Serialize(again)));
    }

    [Fact]
    public async Task DeserializeAsync_SerializedPlan_GivesEqualPlan()
    {
        // Arrange
        var plan = SamplePlan();
        using var stream = new MemoryStream();

        // Act
        await MiniBatchPlanSerializer.SerializeAsync(stream, plan);
        stream.Position = 0;
        var again = await MiniBatchPlanSerializer.DeserializeAsync(stream);

        // Assert
        AssertSamePlan(plan, again);
    }

    [Fact]
    public void Serialize_Plan_IsCompactCamelCaseJson()
    {
        // Act
        var json = Encoding.UTF8.GetString(MiniBatchPlanSerializer.Serialize(SamplePlan()));

        // Assert
        Assert.DoesNotContain('\n', json);
        Assert.Contains("\"mode\":\"tabular\"", json, StringComparison.Ordinal);
        Assert.Contains("\"unit\":\"rows\"", json, StringComparison.Ordinal);
        Assert.Contains("\"partitionKey\":\"region=eu\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_NullDocument_Throws()
    {
        // Act and Assert
        Assert.Throws<BatchScoringException>(() => MiniBatchPlanSerializer.Deserialize("null"u8));
    }

    private static MiniBatchPlan SamplePlan() => new(
        InputMode.Tabular,
        new MiniBatchTarget(MiniBatchUnit.Rows, 100),
        [new PlannedFile("data/a.csv", 1234, "\"0x8DC\""), new PlannedFile("data/b.parquet", 99, "etag-b")],
        [
            new MiniBatch(0, [new InputSlice("data/a.csv", 0, 60, 20, 820), new InputSlice("data/b.parquet", 0, 40, 4, 50)], 100, 846),
            new MiniBatch(1, [new InputSlice("data/b.parquet", 40, 10, 50, 60)], 10, 10, "region=eu"),
        ]);

    private static void AssertSamePlan(MiniBatchPlan expected, MiniBatchPlan actual)
    {
        Assert.Equal(expected.Mode, actual.Mode);
        Assert.Equal(expected.Target, actual.Target);
        Assert.Equal(expected.Files, actual.Files);
        Assert.Equal(expected.MiniBatches.Count, actual.MiniBatches.Count);
        for (var i = 0; i < expected.MiniBatches.Count; i++)
        {
            var e = expected.MiniBatches[i];
            var a = actual.MiniBatches[i];
            Assert.Equal(e.Index, a.Index);
            Assert.Equal(e.Items, a.Items);
            Assert.Equal(e.Bytes, a.Bytes);
            Assert.Equal(e.PartitionKey, a.PartitionKey);
            Assert.Equal(e.Slices, a.Slices);
        }

        Assert.Equal(expected.TotalItems, actual.TotalItems);
        Assert.Equal(expected.TotalBytes, actual.TotalBytes);
    }
}
