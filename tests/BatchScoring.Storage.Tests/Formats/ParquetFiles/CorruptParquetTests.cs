using System.Buffers.Binary;
using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Spec;
using BatchScoring.Storage.Formats;
using BatchScoring.Storage.Local;
using BatchScoring.Storage.Planning;
using BatchScoring.Tests;

namespace BatchScoring.Storage.Tests.Formats.ParquetFiles;

/// <summary>
/// Damaged Parquet files, damaged at seeded random places: whatever Parquet.Net throws deep inside ("Index was outside
/// the bounds of the array", "Array dimensions exceeded supported range"), planning or reading fails with one message
/// naming the file, and for damaged column data its row group.
/// </summary>
public sealed class CorruptParquetTests
{
    private const string File = "in/digits.parquet";

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 24)];

    [Theory]
    [Trait(Behaviours.Trait, Behaviours.BadInputData)]
    [MemberData(nameof(Seeds))]
    public async Task Read_ColumnDataDamaged_FailsNamingTheFileAndRowGroup(int seed)
    {
        var bytes = Sample();
        var random = new Random(seed);
        var footerStart = bytes.Length - 8 - BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(bytes.Length - 8));
        var at = random.Next(4, footerStart - 64);
        random.NextBytes(bytes.AsSpan(at, 1 + random.Next(32)));

        var failure = await PlanAndReadAsync(bytes);

        if (failure is not null)
        {
            Assert.IsType<BatchScoringException>(failure);
            Assert.Contains($"'{File}' row group ", failure.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [Trait(Behaviours.Trait, Behaviours.BadInputData)]
    [MemberData(nameof(Seeds))]
    public async Task PlanOrRead_FooterDamaged_FailsNamingTheFile(int seed)
    {
        var bytes = Sample();
        var random = new Random(seed);
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(bytes.Length - 8));
        var at = random.Next(bytes.Length - 8 - footerLength, bytes.Length - 8);
        random.NextBytes(bytes.AsSpan(at, Math.Min(1 + random.Next(8), bytes.Length - 8 - at)));

        var failure = await PlanAndReadAsync(bytes);

        if (failure is not null)
        {
            Assert.IsType<BatchScoringException>(failure);
            Assert.Contains($"'{File}'", failure.Message, StringComparison.Ordinal);
        }
    }

    private static byte[] Sample() => System.IO.File.ReadAllBytes(Repo.PathOf("samples/digits-tabular/data/digits.parquet"));

    /// <summary>Plans the file and reads every row of it; the exception, if any.</summary>
    private static async Task<Exception?> PlanAndReadAsync(byte[] content)
    {
        using var temp = new TempFolder();
        temp.Write(File, content);
        var store = new LocalBlobStore(temp.Path);
        var spec = new RunSpec
        {
            Input = new InputSpec { Location = "in", Glob = "*.parquet", Mode = InputMode.Tabular, PassThroughColumns = ["id"] },
            MiniBatch = new MiniBatchSpec { Rows = 400 },
            Output = new OutputSpec { Path = "out/r.csv" },
        };
        try
        {
            var plan = await new InputPlanner(store).PlanAsync(spec);
            var request = new TabularReadRequest([FeatureInput.Doubles("pixel_*")], ["id"]);
            foreach (var slice in plan.MiniBatches.SelectMany(m => m.Slices))
            {
                await foreach (var batch in TabularFormats.Reader(DataFormat.Parquet).ReadAsync(store, slice, request))
                {
                    batch.Dispose();
                }
            }

            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
