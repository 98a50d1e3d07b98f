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

    /// <summary>
    /// The digits sample's spec over a test's own folder: every file of <c>in</c> matching <paramref name="glob"/>, the
    /// model copied to <c>model.onnx</c>, <paramref name="rows"/> rows a mini-batch, the result at <c>out/results.csv</c>.
    /// </summary>
    public static RunSpec DigitsSpec(string glob, long rows)
    {
        var spec = LoadSpec("samples/digits-tabular/spec.json");
        return spec with
        {
            Input = spec.Input with { Location = "in", Glob = glob, PassThroughColumns = ["id"] },
            MiniBatch = new MiniBatchSpec { Rows = rows },
            Model = spec.Model with { Location = "model.onnx" },
            Output = new OutputSpec { Path = "out/results.csv" },
        };
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();
}
