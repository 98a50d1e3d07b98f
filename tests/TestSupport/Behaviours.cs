namespace BatchScoring.Tests;

/// <summary>
/// The behaviours tests are tagged with (<c>[Trait(Behaviours.Trait, Behaviours.DataSafety)]</c>), to run the tests of
/// one together: <c>dotnet test --filter "Behaviour=data safety"</c>. A small set, each named for what the tests check.
/// </summary>
internal static class Behaviours
{
    /// <summary>The trait's name.</summary>
    public const string Trait = "Behaviour";

    /// <summary>No input is overwritten or read as an output: outputs that are inputs in another spelling are refused, a run's own files are never planned as inputs, outputs never share a sidecar, a failed rerun keeps the earlier output.</summary>
    public const string DataSafety = "data safety";

    /// <summary>What a spec's location and glob select: one file named, names with wildcards matching only themselves, nothing matched or a location missing said so (or allowed).</summary>
    public const string InputSelection = "input selection";

    /// <summary>When failed items and mini-batches fail a run: the allowed counts, and never a success with nothing scored.</summary>
    public const string FailureBudget = "failure budget";

    /// <summary>What cannot work is refused at once, with a message naming the cause: a model or columns that cannot score, bad options, paths that cannot be written.</summary>
    public const string ClearFailures = "clear failures";

    /// <summary>What a run reports of itself: its summary, written however it ends, and its status.</summary>
    public const string RunReporting = "run reporting";

    /// <summary>A run stopped (a signal, a kill) exits promptly and its rerun resumes from what was staged, to the same output.</summary>
    public const string InterruptAndResume = "interrupt and resume";

    /// <summary>What a run leaves in its staging folder: only what reuse needs, and no temporary file of a writer that is gone.</summary>
    public const string StagingCleanup = "staging cleanup";

    /// <summary>Damaged or hostile input data (non-finite values, huge images, corrupt Parquet) is an error record or a clear failure, never a crash or a wrong score.</summary>
    public const string BadInputData = "bad input data";

    /// <summary>A changed model or blob is seen as changed: the scorer follows the model's content, every rewrite gets a new ETag.</summary>
    public const string ContentVersions = "content versions";

    /// <summary>Text is normalized and tokenized exactly as Hugging Face's tokenizers do it.</summary>
    public const string TokenizerParity = "tokenizer parity";

    /// <summary>Incremental runs of a series and output path templates.</summary>
    public const string IncrementalRuns = "incremental runs";

    /// <summary>The Functions app and <c>batchscore start</c> keep every run's paths in the configured containers.</summary>
    public const string ContainerConfinement = "container confinement";
}
