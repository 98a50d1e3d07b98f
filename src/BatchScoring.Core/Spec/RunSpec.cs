using System.ComponentModel;

namespace BatchScoring.Core.Spec;

/// <summary>
/// A scoring run, the counterpart of Azure ML's <c>ParallelRunConfig</c>. Every section has defaults
/// equal to Azure ML's where Azure ML has one.
/// </summary>
[Description("A BatchScoring run spec: what to score, with which model, and what to do with failures and output.")]
public sealed record RunSpec
{
    /// <summary>A short name for the run, used in logs, summaries and instance ids.</summary>
    [Description("A short name for the run (letters, digits, '-', '_', '.').")]
    public string Name { get; init; } = "run";

    public InputSpec Input { get; init; } = new();

    public MiniBatchSpec MiniBatch { get; init; } = new();

    public ModelSpec Model { get; init; } = new();

    public ScorerSpec Scorer { get; init; } = new();

    public FailuresSpec Failures { get; init; } = new();

    public ExecutionSpec Execution { get; init; } = new();

    public OutputSpec Output { get; init; } = new();

    /// <summary>
    /// This spec with every store path (input location, model, side inputs, output) in its canonical spelling
    /// (<see cref="StorePath.Canonical"/>): the spec every check and every run works with. Applied where a spec enters,
    /// and nowhere after: <c>RunSpecSerializer</c> (every spec read from JSON), the <c>ScoringRun</c> orchestrator (a
    /// spec built in code and started), and the engine's and planner's public <c>PlanAsync</c> (code that plans without
    /// an orchestration). The validator compares in both spellings and reports the one written.
    /// </summary>
    public RunSpec WithCanonicalPaths() => this with
    {
        Input = Input with { Location = StorePath.Canonical(Input.Location) },
        Model = Model with { Location = StorePath.Canonical(Model.Location) },
        Scorer = Scorer with { SideInputs = Scorer.SideInputs.ToDictionary(p => p.Key, p => StorePath.Canonical(p.Value), StringComparer.Ordinal) },
        Output = Output with { Path = StorePath.Canonical(Output.Path) },
    };

    /// <summary>
    /// The files the scorer loads besides the inputs, each with the setting that names it: <c>model.location</c>,
    /// <c>model.text.vocabulary</c>, then each <c>scorer.sideInputs.NAME</c>; blank ones left out (the validator
    /// requires those a run needs).
    /// </summary>
    internal IEnumerable<(string Setting, string Path)> ModelFiles()
    {
        if (!string.IsNullOrEmpty(Model.Location))
        {
            yield return ("model.location", Model.Location);
        }

        if (!string.IsNullOrEmpty(Model.Text?.Vocabulary))
        {
            yield return ("model.text.vocabulary", Model.Text.Vocabulary);
        }

        foreach (var (name, path) in Scorer.SideInputs)
        {
            yield return ($"scorer.sideInputs.{name}", path);
        }
    }

    /// <summary>The spec of one run: its output path's tokens replaced (<see cref="Runs.OutputPathTemplate"/>).</summary>
    public RunSpec WithOutputFor(DateTime runDate, string runId) =>
        Runs.OutputPathTemplate.IsTemplate(Output.Path) ? this with { Output = Output with { Path = Runs.OutputPathTemplate.Resolve(Output.Path, runDate, runId) } } : this;
}
