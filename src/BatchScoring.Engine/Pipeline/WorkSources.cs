using System.Runtime.CompilerServices;
using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Planning;
using BatchScoring.Core.Spec;
using BatchScoring.Storage;
using BatchScoring.Storage.Formats;

namespace BatchScoring.Engine.Pipeline;

/// <summary>The chunks of one mini-batch, read in order: the I/O side of the pipeline.</summary>
internal static class WorkSources
{
    /// <summary>Files read per chunk in file mode, at most: the largest default mini-batch is one chunk.</summary>
    public const int FilesPerChunk = MiniBatchSpec.MaxAutoFiles;

    /// <summary>Bytes of files read per chunk in file mode, about.</summary>
    public const long FileBytesPerChunk = 16 << 20;

    /// <summary>Tabular mode: each slice's chunks, cut by its format's reader.</summary>
    public static async IAsyncEnumerable<WorkItem> TabularAsync(IBlobStore store, RunSpec spec, MiniBatch batch, TabularReadRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var slice in batch.Slices)
        {
            var reader = TabularFormats.Reader(TabularFormats.Resolve(spec.Input.Format, slice.Path));
            await foreach (var chunk in reader.SplitAsync(store, slice, request, cancellationToken))
            {
                yield return WorkItem.ForTable(chunk);
            }
        }
    }

    /// <summary>File mode: groups of files with their bytes, of at most <paramref name="filesPerChunk"/> files.</summary>
    public static async IAsyncEnumerable<WorkItem> FilesAsync(IBlobStore store, MiniBatch batch, int filesPerChunk, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var files = new List<FileItem>(filesPerChunk);
        long bytes = 0;
        foreach (var slice in batch.Slices)
        {
            var content = await ReadFileAsync(store, slice.Path, cancellationToken);
            files.Add(new FileItem(slice.Path, content));
            bytes += content.Length;
            if (files.Count >= filesPerChunk || bytes >= FileBytesPerChunk)
            {
                yield return WorkItem.ForFiles(files);
                files = new List<FileItem>(filesPerChunk);
                bytes = 0;
            }
        }

        if (files.Count > 0)
        {
            yield return WorkItem.ForFiles(files);
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadFileAsync(IBlobStore store, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await store.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (FileNotFoundException e)
        {
            throw new BatchScoringException($"Input '{path}' disappeared after it was planned.", e);
        }
    }
}
