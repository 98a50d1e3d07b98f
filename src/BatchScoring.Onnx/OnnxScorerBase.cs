using System.Globalization;
using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Scoring;
using BatchScoring.Core.Spec;
using Microsoft.ML.OnnxRuntime;

namespace BatchScoring.Onnx;

/// <summary>What both ONNX scorers share: the pooled session, output mapping and inference batching.</summary>
public abstract class OnnxScorerBase(OnnxSessionPool pool) : IMiniBatchScorer
{
    private OutputMapper? outputs;
    private PooledSession? pooled;

    public abstract IReadOnlyList<FeatureInput> FeatureInputs { get; }

    public IReadOnlyList<ColumnSchema> OutputSchema => Outputs.Schema;

    /// <summary>The model's identity (the SHA-256 of its content), known after initialisation.</summary>
    public string ModelHash => Pooled.ModelHash;

    /// <summary>The provider the session runs on ("CPU", "CUDA:0", "CPU (CUDA fallback)").</summary>
    public string Provider => Pooled.Provider;

    protected InferenceSession Session => Pooled.Session;

    protected ModelSpec Model { get; private set; } = new();

    private PooledSession Pooled => pooled ?? throw new InvalidOperationException("The scorer is not initialised.");

    private OutputMapper Outputs => outputs ?? throw new InvalidOperationException("The scorer is not initialised.");

    public ValueTask InitializeAsync(ScorerContext context, CancellationToken cancellationToken = default)
    {
        Model = context.Spec.Model;
        var path = context.ModelPath ?? throw new BatchScoringException("model.location is required by the ONNX scorers.");
        pooled = pool.Get(path, Model, context.ModelHash);
        outputs = new OutputMapper(Session, Model.Outputs);
        Initialize(context);
        return ValueTask.CompletedTask;
    }

    public abstract ValueTask<ScoreResult> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken = default);

    /// <summary>Checks the model's inputs against the spec once the session is there.</summary>
    protected abstract void Initialize(ScorerContext context);

    /// <summary>
    /// The batch size to run with for an input: the model's fixed first dimension when it has one, otherwise
    /// <c>model.inferenceBatchSize</c>.
    /// </summary>
    protected int BatchSizeFor(NodeMetadata input) =>
        input.Dimensions.Length > 0 && input.Dimensions[0] > 0 ? input.Dimensions[0] : Model.InferenceBatchSize;

    /// <summary>Runs the model on one inference batch and writes its outputs at <paramref name="positions"/>.</summary>
    protected void Run(IReadOnlyList<string> inputNames, IReadOnlyList<OrtValue> inputs, int[] positions, int count, Array[] results)
    {
        using var runOptions = new RunOptions();
        using var values = Pooled.Run(runOptions, inputNames, inputs, Outputs.OutputNames);
        Outputs.Write(values, positions, count, results);
    }

    protected Array[] AllocateResults(int items) => Outputs.Allocate(items);

    protected ScoreResult Result(Array[] results, int items, ItemError?[] errors) =>
        new(OutputSchema.Select((c, i) => new DataColumn(c.Name, c.Type, results[i], items)).ToList(), errors);

    protected static string Shape(IEnumerable<long> dims) =>
        "[" + string.Join(",", dims.Select(d => d < 0 ? "N" : d.ToString(CultureInfo.InvariantCulture))) + "]";
}
