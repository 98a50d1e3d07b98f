using System.Globalization;
using System.Text;
using BatchScoring.Core.Data;
using BatchScoring.Core.Spec;
using BatchScoring.Storage;
using BatchScoring.Storage.Azure;
using BatchScoring.Storage.Formats;
using BatchScoring.Storage.Formats.Csv;
using BatchScoring.Storage.Formats.ParquetFiles;
using BatchScoring.Storage.Local;
using BatchScoring.Storage.Output;
using BatchScoring.Tests;

namespace BatchScoring.Benchmarks;

/// <summary>
/// Writes outputs of <c>megabytes</c> through each adapter (a local folder; Azurite, started here with its data on
/// disk) and prints MB/s (10^6 bytes per second): one writer streaming the whole output, reading it back, staging it
/// as 64 result parts, assembling those parts into one CSV (Azure: Put Block From URL, no download), and assembling
/// Parquet parts by copying their row groups against decoding and re-encoding them (what the assembler did before).
/// </summary>
internal static class StorageBenchmark
{
    private const int Parts = 64;
    private const int WriteChunk = 1 << 20;
    private static readonly ColumnSchema[] CsvSchema = [new("id", ColumnType.Int64), new("p", ColumnType.Double)];
    private static readonly ColumnSchema[] ParquetSchema = [new("id", ColumnType.Int64), .. Enumerable.Range(0, 8).Select(i => new ColumnSchema($"f{i}", ColumnType.Float))];

    public static async Task<int> RunAsync(int megabytes)
    {
        var bytes = (long)megabytes * 1_000_000;
        using var temp = new TempDirectory();
        Console.WriteLine($"storage: {bytes / 1e6:F0} MB per output, {Parts} parts, {Environment.ProcessorCount} cores");
        var local = new LocalBlobStore(Path.Combine(temp.Path, "local"));
        await using var azurite = await Azurite.StartAsync(Directory.CreateDirectory(Path.Combine(temp.Path, "azurite")).FullName);
        var azure = new AzureBlobStore(azurite.ConnectionString);
        Console.WriteLine($"azure: Azurite (tools/azurite, data on disk) on 127.0.0.1:{azurite.Port}");
        Console.WriteLine();
        Console.WriteLine($"{"adapter",-8} {"write 1 stream",16} {"read 1 stream",16} {"write parts",16} {"assemble CSV",16} {"Parquet: copy",16} {"re-encode",16}");
        foreach (var (name, store, root) in new (string, IBlobStore, string)[] { ("local", local, "bench"), ("azure", azure, "bench") })
        {
            var row = new List<string>();
            row.Add(Rate(bytes, await Measure.TimeAsync(() => WriteOneAsync(store, $"{root}/one.bin", bytes))));
            row.Add(Rate(bytes, await Measure.TimeAsync(() => ReadAsync(store, $"{root}/one.bin"))));
            await store.DeleteAsync($"{root}/one.bin");

            var parts = new List<string>();
            row.Add(Rate(bytes, await Measure.TimeAsync(async () => parts = await WriteCsvPartsAsync(store, $"{root}/parts", bytes))));
            BlobInfo? csv = null;
            row.Add(Rate(bytes, await Measure.TimeAsync(async () => csv = await OutputAssembler.AssembleAsync(store, DataFormat.Csv, CsvSchema, parts, $"{root}/out.csv"))));
            await DeleteAsync(store, [.. parts, $"{root}/out.csv"]);
            var peakAfterCsv = Measure.PeakMemory();

            var parquetParts = await WriteParquetPartsAsync(store, $"{root}/pq", bytes);
            BlobInfo? copied = null;
            var copy = await Measure.TimeAsync(async () => copied = await OutputAssembler.AssembleAsync(store, DataFormat.Parquet, ParquetSchema, parquetParts, $"{root}/copied.parquet"));
            row.Add(Rate(copied!.Size, copy));
            BlobInfo? reencoded = null;
            var reencode = await Measure.TimeAsync(async () => reencoded = await ReencodeAsync(store, parquetParts, $"{root}/reencoded.parquet"));
            row.Add(Rate(reencoded!.Size, reencode));
            await DeleteAsync(store, [.. parquetParts, $"{root}/copied.parquet", $"{root}/reencoded.parquet"]);

            Console.WriteLine($"{name,-8} {string.Join(' ', row.Select(r => r.PadLeft(16)))}");
            Console.WriteLine($"{"",-8} CSV output {csv!.Size / 1e6:F0} MB; Parquet output {copied.Size / 1e6:F0} MB copied in {Measure.Seconds(copy)}, re-encoded in {Measure.Seconds(reencode)} ({reencoded.Size / 1e6:F0} MB); {peakAfterCsv} before the Parquet steps");
        }

        Console.WriteLine(Measure.PeakMemory());
        return 0;
    }

    private static string Rate(long bytes, TimeSpan time) => (bytes / 1e6 / time.TotalSeconds).ToString("F0", CultureInfo.InvariantCulture) + " MB/s";

    /// <summary>One writer, 1 MiB writes of CSV-like text.</summary>
    private static async Task WriteOneAsync(IBlobStore store, string path, long bytes)
    {
        var chunk = Text(WriteChunk, 0);
        await using var writer = await store.OpenWriteAsync(path);
        for (long at = 0; at < bytes; at += chunk.Length)
        {
            await writer.Stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, bytes - at)));
        }

        await writer.CommitAsync();
    }

    private static async Task ReadAsync(IBlobStore store, string path)
    {
        await using var stream = await store.OpenReadAsync(path);
        await stream.CopyToAsync(Stream.Null, WriteChunk);
    }

    /// <summary>Result parts as the engine stages them (header, rows), 4 written at once.</summary>
    private static async Task<List<string>> WriteCsvPartsAsync(IBlobStore store, string folder, long bytes)
    {
        var header = Encoding.UTF8.GetBytes(CsvResultWriter.HeaderLine(CsvSchema));
        var body = Text((int)(bytes / Parts), 1);
        var parts = Enumerable.Range(0, Parts).Select(i => $"{folder}/{i:D8}.csv").ToList();
        await Parallel.ForEachAsync(parts, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (path, ct) =>
        {
            await using var writer = await store.OpenWriteAsync(path, cancellationToken: ct);
            await writer.Stream.WriteAsync(header, ct);
            for (var at = 0; at < body.Length; at += WriteChunk)
            {
                await writer.Stream.WriteAsync(body.AsMemory(at, Math.Min(WriteChunk, body.Length - at)), ct);
            }

            await writer.CommitAsync(ct);
        });
        return parts;
    }

    /// <summary>Parquet result parts of random floats (they barely compress), one encoded part uploaded under every name.</summary>
    private static async Task<List<string>> WriteParquetPartsAsync(IBlobStore store, string folder, long bytes)
    {
        var rows = (int)(bytes / Parts / 40);
        var random = new Random(1);
        var columns = new List<DataColumn> { new("id", ColumnType.Int64, Enumerable.Range(0, rows).Select(i => (long?)i).ToArray()) };
        for (var c = 0; c < 8; c++)
        {
            columns.Add(new DataColumn($"f{c}", ColumnType.Float, Enumerable.Range(0, rows).Select(_ => random.NextSingle()).ToArray()));
        }

        using var buffer = new MemoryStream();
        await using (var writer = await ResultWriter.CreateAsync(DataFormat.Parquet, buffer, ParquetSchema))
        {
            await writer.WriteAsync(columns, rows);
            await writer.CompleteAsync();
        }

        var part = buffer.ToArray();
        var parts = Enumerable.Range(0, Parts).Select(i => $"{folder}/{i:D8}.parquet").ToList();
        await Parallel.ForEachAsync(parts, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (path, ct) => await store.WriteAllBytesAsync(path, part, cancellationToken: ct));
        return parts;
    }

    /// <summary>The former assembly: every part decoded and written again into one file.</summary>
    private static async Task<BlobInfo> ReencodeAsync(IBlobStore store, List<string> parts, string output)
    {
        await using var writer = await store.OpenWriteAsync(output);
        await using (var parquet = await ResultWriter.CreateAsync(DataFormat.Parquet, writer.Stream, ParquetSchema))
        {
            foreach (var part in parts)
            {
                await using var input = await store.OpenReadAsync(part);
                await foreach (var (columns, rows) in ParquetResultReader.ReadAsync(input, ParquetSchema))
                {
                    await parquet.WriteAsync(columns, rows);
                }
            }

            await parquet.CompleteAsync();
        }

        return await writer.CommitAsync();
    }

    private static async Task DeleteAsync(IBlobStore store, IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            await store.DeleteAsync(path);
        }
    }

    /// <summary>Lines of "id,probability" filling <paramref name="bytes"/> bytes.</summary>
    private static byte[] Text(int bytes, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder(bytes + 64);
        for (var id = 0L; text.Length < bytes; id++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{id},{random.NextDouble():R}\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, bytes));
    }

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bs-bench-storage-" + Guid.NewGuid().ToString("N"))).FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
