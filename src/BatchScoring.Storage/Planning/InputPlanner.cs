using BatchScoring.Core;
using BatchScoring.Core.Planning;
using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Storage.Formats;
using BatchScoring.Storage.Formats.ParquetFiles;
using Parquet;

namespace BatchScoring.Storage.Planning;

/// <summary>
/// Lists a spec's inputs and turns them into a <see cref="MiniBatchPlan"/>. Column data is never decoded:
/// file mode needs only the listing; Parquet only the footers (row-group sizes); CSV and JSON Lines one
/// vectorised pass of newline (and, for CSV, quote) search that aligns byte ranges to record starts and counts
/// rows, so that every row keeps its row number wherever it is scored. The run's own files (its output, the error
/// records and summary beside it, anything in a staging folder) are never inputs, whatever the glob.
/// </summary>
public sealed class InputPlanner(IBlobStore store)
{
    /// <param name="skip">Inputs to leave out (an incremental run's inputs that its series scored already); counted in <see cref="MiniBatchPlan.InputsSkipped"/>.</param>
    public async Task<MiniBatchPlan> PlanAsync(RunSpec spec, Func<BlobInfo, bool>? skip = null, CancellationToken cancellationToken = default)
    {
        spec = spec.WithCanonicalPaths();
        var blobs = new List<BlobInfo>();
        var skipped = 0;
        await foreach (var blob in store.ListMatchingAsync(spec.Input.Location, spec.Input.Glob, cancellationToken))
        {
            if (RunLayout.IsRunFile(blob.Path, spec.Output.Path))
            {
                continue;
            }

            if (skip?.Invoke(blob) == true)
            {
                skipped++;
                continue;
            }

            blobs.Add(blob);
        }

        var target = MiniBatchTarget.From(spec, blobs.Sum(b => b.Size), blobs.Count);
        var files = new List<PlannedFile>(blobs.Count);
        var units = new List<PlanUnit>();
        var byPartition = spec.Input.PartitionKeys.Count > 0;
        foreach (var blob in blobs)
        {
            var key = byPartition ? PartitionPath.GetKey(blob.Path, spec.Input.PartitionKeys) : null;
            if (spec.Input.Mode == InputMode.File)
            {
                files.Add(new PlannedFile(blob.Path, blob.Size, blob.ETag));
                units.Add(new PlanUnit(new InputSlice(blob.Path, 0, 1, 0, blob.Size), false, key));
                continue;
            }

            var (fileUnits, quotedBreaks) = await PlanTabularFileAsync(spec, blob, target, cancellationToken);
            files.Add(new PlannedFile(blob.Path, blob.Size, blob.ETag) { QuotedLineBreaks = quotedBreaks > 0 ? quotedBreaks : null });
            foreach (var unit in fileUnits)
            {
                units.Add(unit with { PartitionKey = key });
            }
        }

        return new MiniBatchPlan(spec.Input.Mode, target, files, MiniBatchPacker.Pack(units, target, byPartition)) { InputsSkipped = skipped };
    }

    /// <summary>A tabular file's units, and (CSV) the line breaks inside its quoted fields.</summary>
    private async Task<(IReadOnlyList<PlanUnit> Units, long QuotedLineBreaks)> PlanTabularFileAsync(RunSpec spec, BlobInfo blob, MiniBatchTarget target, CancellationToken cancellationToken)
    {
        var format = TabularFormats.Resolve(spec.Input.Format, blob.Path);
        if (blob.Size == 0)
        {
            return ([], 0);
        }

        await using var stream = await store.OpenReadAsync(blob.Path, cancellationToken);
        if (format == InputFormat.Parquet)
        {
            return (await PlanParquetAsync(stream, blob.Path, cancellationToken), 0);
        }

        var csv = format == InputFormat.Csv;
        var scan = stream is FileStream file && target.Unit == MiniBatchUnit.Bytes && blob.Size >= 4L * RecordScanner.BlockSize && Environment.ProcessorCount > 1
            ? await Task.Run(() => RecordScanner.ScanFile(file.SafeFileHandle, blob.Path, hasHeader: csv, quoteAware: csv, target, Environment.ProcessorCount, cancellationToken), cancellationToken)
            : await RecordScanner.ScanAsync(stream, blob.Path, hasHeader: csv, quoteAware: csv, target, cancellationToken);
        return (scan.Slices.Select(s => new PlanUnit(s, SplittableByRows: false)).ToList(), scan.QuotedLineBreaks);
    }

    private static async Task<IReadOnlyList<PlanUnit>> PlanParquetAsync(Stream stream, string path, CancellationToken cancellationToken)
    {
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (ParquetColumns.IsCorruption(e))
        {
            throw new BatchScoringException($"'{path}' is not a readable Parquet file: {e.Message}", e);
        }

        await using (reader)
        {
            var units = new List<PlanUnit>();
            long row = 0;
            var groups = reader.Metadata?.RowGroups ?? throw new BatchScoringException($"'{path}' is not a readable Parquet file: its footer lists no row groups.");
            for (var g = 0; g < groups.Count; g++)
            {
                var group = groups[g];
                var start = group.FileOffset ?? group.Columns?.FirstOrDefault()?.MetaData?.DataPageOffset ?? 0;
                var bytes = group.TotalCompressedSize ?? group.TotalByteSize;
                if (group.NumRows < 0 || start < 0 || bytes < 0)
                {
                    throw new BatchScoringException($"'{path}' row group {g} cannot be read: its footer gives {group.NumRows} rows at byte {start}, {bytes} bytes; the file is damaged.");
                }

                units.Add(new PlanUnit(new InputSlice(path, row, group.NumRows, start, start + bytes), SplittableByRows: true));
                row += group.NumRows;
            }

            return units;
        }
    }
}
