using BatchScoring.Core.Data;
using BatchScoring.Storage.Formats;

namespace BatchScoring.Engine.Pipeline;

/// <summary>One chunk of a mini-batch as read: whole records of a tabular file, or a group of files with their bytes.</summary>
internal sealed class WorkItem : IDisposable
{
    private WorkItem(TabularChunk? table, IReadOnlyList<FileItem>? files)
    {
        Table = table;
        Files = files;
    }

    public TabularChunk? Table { get; }

    public IReadOnlyList<FileItem>? Files { get; }

    public static WorkItem ForTable(TabularChunk chunk) => new(chunk, null);

    public static WorkItem ForFiles(IReadOnlyList<FileItem> files) => new(null, files);

    public void Dispose() => Table?.Dispose();
}
