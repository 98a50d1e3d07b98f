using BatchScoring.Core.Data;
using BatchScoring.Core.Planning;

namespace BatchScoring.Storage.Formats;

/// <summary>Reads one planned slice of a tabular file in chunks. A bad row becomes a row error; a bad file throws.</summary>
public interface ITabularReader
{
    IAsyncEnumerable<TabularBatch> ReadAsync(IBlobStore store, InputSlice slice, TabularReadRequest request, CancellationToken cancellationToken = default);
}
