using BatchScoring.Core.Spec;

namespace BatchScoring.Engine.Tests;

/// <summary>Each built-in scorer's descriptor (Core) has its creation here (Engine), and nothing else is built in.</summary>
public sealed class BuiltInScorersTests
{
    [Fact]
    public void EveryDescriptor_HasACreation_AndEveryCreationADescriptor()
    {
        Assert.Equal(BuiltInScorers.All.Select(s => s.Type).Order(), ScorerProvider.BuiltIns.Keys.Order());
    }

    [Fact]
    public void Find_NamesOnlyBuiltIns()
    {
        Assert.Same(BuiltInScorers.OnnxText, BuiltInScorers.Find("onnx-text"));
        Assert.Null(BuiltInScorers.Find("My.Scorer, My"));
        Assert.Null(BuiltInScorers.Find(null));
    }

    [Fact]
    public void DefaultRows_OnlyTheTextScorerCountsRows()
    {
        Assert.Equal([null, null, MiniBatchSpec.DefaultTextRows, null], BuiltInScorers.All.Select(s => s.DefaultRows));
    }
}
