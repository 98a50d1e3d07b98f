using BatchScoring.Core.Spec;
using BatchScoring.Storage.Local;
using BatchScoring.Tests;

namespace BatchScoring.Engine.Tests;

/// <summary>The library as hosts register it (<c>AddBatchScoring</c>) over a local store rooted at a folder.</summary>
internal sealed class EngineFixture : IAsyncDisposable
{
    private readonly ScoringHost host;

    public EngineFixture(string root)
    {
        host = ScoringHost.Create(root);
        Store = (LocalBlobStore)host.Store;
    }

    public LocalBlobStore Store { get; }

    public ScoringEngine Engine => host.Engine;

    public static RunSpec LoadSpec(string relative) =>
        RunSpecSerializer.Parse(File.ReadAllText(Repo.PathOf(relative)), relative);

    public ValueTask DisposeAsync() => host.DisposeAsync();
}
