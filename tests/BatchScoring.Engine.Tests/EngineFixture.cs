using BatchScoring.Core.Spec;
using BatchScoring.Onnx;
using BatchScoring.Storage.Local;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchScoring.Engine.Tests;

/// <summary>An engine over a local store rooted at a folder, with its own session pool.</summary>
internal sealed class EngineFixture : IDisposable
{
    public EngineFixture(string root)
    {
        Store = new LocalBlobStore(root);
        Pool = new OnnxSessionPool();
        Scorers = new ScorerProvider(Pool, NullLoggerFactory.Instance);
        Engine = new ScoringEngine(Store, Scorers, NullLoggerFactory.Instance);
    }

    public LocalBlobStore Store { get; }

    public OnnxSessionPool Pool { get; }

    public ScorerProvider Scorers { get; }

    public ScoringEngine Engine { get; }

    public static RunSpec LoadSpec(string relative) =>
        RunSpecSerializer.Parse(File.ReadAllText(BatchScoring.Tests.Repo.PathOf(relative)), relative);

    public void Dispose()
    {
        Scorers.Dispose();
        Pool.Dispose();
    }
}
