using System.Runtime.CompilerServices;
using BatchScoring.Core.Data;
using BatchScoring.Core.Planning;

namespace BatchScoring.Storage.Formats;

/// <summary>
/// Reads one planned slice of a tabular file: <see cref="SplitAsync"/> reads the bytes in order and cuts them into
/// chunks of whole records (I/O, little CPU); each chunk is then decoded on its own, in parallel with the others. A bad
/// row becomes a row error; a bad file throws.
/// </summary>
public interface ITabularReader
{
    /// <summary>
    /// The layout the slice's file is read with (its columns resolved against the request and checked: present, named
    /// once, of a usable type, as many as a fixed-width input takes), reading only what names the columns: a CSV
    /// header, a Parquet footer, the slice's first JSON Lines object. Planning checks every file with it.
    /// </summary>
    Task<FeatureLayout> ResolveAsync(IBlobStore store, InputSlice slice, TabularReadRequest request, CancellationToken cancellationToken = default);

    IAsyncEnumerable<TabularChunk> SplitAsync(IBlobStore store, InputSlice slice, TabularReadRequest request, CancellationToken cancellationToken = default);
}

/// <summary>Sequential reading, for callers that do not decode in parallel (tests, tools).</summary>
public static class TabularReaderExtensions
{
    public static async IAsyncEnumerable<TabularBatch> ReadAsync(this ITabularReader reader, IBlobStore store, InputSlice slice, TabularReadRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var chunk in reader.SplitAsync(store, slice, request, cancellationToken))
        {
            using (chunk)
            {
                yield return await chunk.DecodeAsync(cancellationToken);
            }
        }
    }
}
