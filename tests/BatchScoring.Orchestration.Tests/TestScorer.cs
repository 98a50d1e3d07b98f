using System.Collections.Concurrent;
using BatchScoring.Core.Data;
using BatchScoring.Core.Scoring;
using BatchScoring.Core.Spec;

namespace BatchScoring.Orchestration.Tests;

/// <summary>
/// y = 2x, with the faults a test gives it for a run (<see cref="Spec"/>): mini-batches that always fail, fail once,
/// hang once, items that fail, and a delay per chunk. Counts the chunks it scores per mini-batch.
/// </summary>
/// <remarks>
/// The engine creates the scorer itself, from the type the spec names (its parameterless constructor), and the spec
/// reaches it through Durable Task as JSON: the faults object cannot be handed over, only a name in
/// <c>scorer.arguments</c>. <see cref="Spec"/> is the one place that links the two (it registers the faults under the
/// run's name and returns the scorer section carrying that name); the scorer looks them up by it and fails a
/// mini-batch whose run registered none.
/// </remarks>
public sealed class TestScorer : IMiniBatchScorer
{
    /// <summary>The argument that carries the run's name to the scorer.</summary>
    private const string RunArgument = "run";

    /// <summary>Each run's faults, by run name: written by <see cref="Spec"/>, read by the scorers the engine creates.</summary>
    private static readonly ConcurrentDictionary<string, Faults> FaultsByRun = new();

    private string run = "";

    /// <summary>
    /// The scorer section of a spec scored by this type with <paramref name="faults"/>: registers them under
    /// <paramref name="run"/> and names the run in <c>scorer.arguments</c>, the only way to reach the scorer the engine
    /// creates (see the remarks of <see cref="TestScorer"/>).
    /// </summary>
    public static ScorerSpec Spec(string run, Faults faults)
    {
        FaultsByRun[run] = faults;
        return new ScorerSpec { Type = typeof(TestScorer).AssemblyQualifiedName, Arguments = new Dictionary<string, string> { [RunArgument] = run } };
    }

    public IReadOnlyList<FeatureInput> FeatureInputs => [FeatureInput.Doubles("x")];

    public IReadOnlyList<ColumnSchema> OutputSchema => [new("y", ColumnType.Double)];

    public ValueTask InitializeAsync(ScorerContext context, CancellationToken cancellationToken = default)
    {
        run = context.Spec.Scorer.Arguments[RunArgument];
        return ValueTask.CompletedTask;
    }

    public async ValueTask<ScoreResult> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken = default)
    {
        var faults = FaultsByRun.TryGetValue(run, out var registered) ? registered
            : throw new InvalidOperationException($"no faults were registered for run '{run}': build its scorer section with {nameof(TestScorer)}.{nameof(Spec)}.");
        faults.Enter(request.MiniBatchIndex);
        try
        {
            return await ScoreAsync(faults, request);
        }
        finally
        {
            faults.Leave(request.MiniBatchIndex);
        }
    }

    private static async Task<ScoreResult> ScoreAsync(Faults faults, ScoreRequest request)
    {
        var index = request.MiniBatchIndex;
        var attempt = faults.Attempts.AddOrUpdate(index, 1, (_, n) => n + 1);
        faults.BeforeScore?.Invoke(index);
        if (faults.AlwaysFail.Contains(index))
        {
            throw new InvalidOperationException($"mini-batch {index} always fails");
        }

        if (faults.FailOnce.Contains(index) && attempt == 1)
        {
            throw new InvalidOperationException($"mini-batch {index} fails on its first attempt");
        }

        if (faults.HangOnce.Contains(index) && attempt == 1)
        {
            await Task.Delay(faults.Hang, CancellationToken.None);
            faults.LateFinishes[index] = DateTime.UtcNow;
        }

        if (faults.Delay > TimeSpan.Zero)
        {
            await Task.Delay(faults.Delay, CancellationToken.None);
        }

        var x = request.Table!.Features[0].Rows<double>(0, request.ItemCount);
        var y = new double?[request.ItemCount];
        var errors = (ItemError?[])request.Table.RowErrors.Clone();
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = x[i] * 2;
            if (faults.FailItemsWithX.Contains((int)x[i]))
            {
                errors[i] ??= new ItemError(ErrorKind.Score, $"x = {x[i]} is refused");
            }
        }

        return new ScoreResult([new DataColumn("y", ColumnType.Double, y)], errors);
    }

    /// <summary>Faults and counters of one test run.</summary>
    public sealed class Faults
    {
        public HashSet<int> AlwaysFail { get; init; } = [];

        public HashSet<int> FailOnce { get; init; } = [];

        public HashSet<int> HangOnce { get; init; } = [];

        public HashSet<int> FailItemsWithX { get; init; } = [];

        public TimeSpan Hang { get; init; } = TimeSpan.FromSeconds(4);

        public TimeSpan Delay { get; init; }

        /// <summary>Called with the mini-batch index before each chunk is scored (a test that changes an input mid-run).</summary>
        public Action<int>? BeforeScore { get; init; }

        public ConcurrentDictionary<int, int> Attempts { get; } = new();

        /// <summary>When a hung attempt's scorer returned, by mini-batch.</summary>
        public ConcurrentDictionary<int, DateTime> LateFinishes { get; } = new();

        private int inFlight;

        /// <summary>Chunks being scored right now.</summary>
        public int InFlight => Volatile.Read(ref inFlight);

        /// <summary>By mini-batch: when its first chunk started and its last one ended.</summary>
        public ConcurrentDictionary<int, (DateTime First, DateTime Last)> Spans { get; } = new();

        /// <summary>The most mini-batches whose spans (first chunk started .. last chunk ended) overlap at one time.</summary>
        public int MostMiniBatchesAtOnce()
        {
            var edges = Spans.Values.SelectMany(s => new[] { (s.First, 1), (s.Last, -1) }).OrderBy(e => e.Item1).ThenBy(e => e.Item2);
            int open = 0, most = 0;
            foreach (var (_, change) in edges)
            {
                open += change;
                most = Math.Max(most, open);
            }

            return most;
        }

        public void Enter(int miniBatch)
        {
            Interlocked.Increment(ref inFlight);
            var now = DateTime.UtcNow;
            Spans.AddOrUpdate(miniBatch, (now, now), (_, s) => (s.First, s.Last));
        }

        public void Leave(int miniBatch)
        {
            Interlocked.Decrement(ref inFlight);
            var now = DateTime.UtcNow;
            Spans.AddOrUpdate(miniBatch, (now, now), (_, s) => (s.First, now));
        }
    }
}
