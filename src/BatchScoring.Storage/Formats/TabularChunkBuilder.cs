using BatchScoring.Core.Data;

namespace BatchScoring.Storage.Formats;

/// <summary>Collects rows of text-based formats (CSV, JSON Lines) into <see cref="TabularBatch"/> chunks.</summary>
internal sealed class TabularChunkBuilder
{
    private readonly string path;
    private readonly string[] featureNames;
    private readonly string[] passThroughNames;
    private readonly int capacity;
    private double[][] features = [];
    private string?[][] passThrough = [];
    private long[] rowNumbers = [];
    private ItemError?[] errors = [];

    public TabularChunkBuilder(string path, string[] featureNames, string[] passThroughNames, int capacity)
    {
        this.path = path;
        this.featureNames = featureNames;
        this.passThroughNames = passThroughNames;
        this.capacity = capacity;
        Reset();
    }

    public int Count { get; private set; }

    public bool IsFull => Count == capacity;

    public Span<double> FeatureColumn(int i) => features[i];

    /// <summary>Starts a row and returns its index in the chunk.</summary>
    public int BeginRow(long rowNumber)
    {
        rowNumbers[Count] = rowNumber;
        errors[Count] = null;
        return Count++;
    }

    public void SetFeature(int row, int feature, double value) => features[feature][row] = value;

    public void SetPassThrough(int row, int column, string? value) => passThrough[column][row] = value;

    /// <summary>Marks a row failed; its first error is kept.</summary>
    public void Fail(int row, ErrorKind kind, string message) => errors[row] ??= new ItemError(kind, message);

    public TabularBatch Build()
    {
        if (Count < capacity)
        {
            Array.Resize(ref rowNumbers, Count);
            Array.Resize(ref errors, Count);
        }

        var batch = new TabularBatch(
            path,
            Count,
            rowNumbers,
            featureNames.Select((name, i) => new NumericColumn(name, features[i])).ToList(),
            passThroughNames.Select((name, i) => new DataColumn(name, ColumnType.String, passThrough[i], Count)).ToList(),
            errors);
        Reset();
        return batch;
    }

    private void Reset()
    {
        // Fresh arrays each chunk: a chunk handed downstream may still be in use while the next one fills.
        features = featureNames.Select(_ => new double[capacity]).ToArray();
        passThrough = passThroughNames.Select(_ => new string?[capacity]).ToArray();
        rowNumbers = new long[capacity];
        errors = new ItemError?[capacity];
        Count = 0;
    }
}
