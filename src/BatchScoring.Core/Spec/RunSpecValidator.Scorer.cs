using System.Text.Json;
using BatchScoring.Core.Runs;

namespace BatchScoring.Core.Spec;

/// <summary>The scorer and output sections, and the checks of store paths and names they share with the others.</summary>
public static partial class RunSpecValidator
{
    private static void CheckScorer(RunSpec spec, List<SpecError> errors)
    {
        var type = spec.Scorer.ResolveType(spec.Input.Mode);
        var builtIn = BuiltInScorers.Find(type);
        if (spec.Scorer.Type is not null && string.IsNullOrWhiteSpace(spec.Scorer.Type))
        {
            errors.Add(new("scorer.type", "must not be empty when given; omit it for the built-in ONNX scorer"));
        }
        else if (builtIn?.Mode is { } mode && spec.Input.Mode != mode)
        {
            errors.Add(new("scorer.type", $"{type} needs input.mode {JsonNamingPolicy.CamelCase.ConvertName(mode.ToString())}, was {Show(spec.Input.Mode)}"));
        }
        else if (builtIn is null && !TypeNamePattern().IsMatch(type))
        {
            errors.Add(new("scorer.type", $"must be {string.Join(", ", BuiltInScorers.All.Select(s => s.Type))} or a .NET type name such as 'MyCompany.Scoring.MyScorer, MyCompany.Scoring', was {Show(type)}"));
        }

        foreach (var (name, path) in spec.Scorer.SideInputs)
        {
            CheckStorePath($"scorer.sideInputs.{name}", path, required: true, errors);
        }

        foreach (var (name, value) in spec.Scorer.Arguments)
        {
            if (value is null)
            {
                errors.Add(new($"scorer.arguments.{name}", "must not be null; use \"\" for an empty value"));
            }
        }
    }

    private static void CheckOutput(RunSpec spec, List<SpecError> errors)
    {
        var shown = spec.Output.Path;
        if (spec.Execution.Incremental && !spec.Output.Path.Contains("{runId}", StringComparison.Ordinal))
        {
            // Each run of a series writes only what was new: one output path for all would keep only the last run's rows.
            errors.Add(new("output.path", $"an incremental run (execution.incremental) writes only what is new, so each run needs its own file: put {{runId}} in the path, e.g. 'out/{{runDate:yyyy/MM/dd}}/{{runId}}.parquet', was {Show(spec.Output.Path)}"));
        }

        if (OutputPathTemplate.IsTemplate(spec.Output.Path))
        {
            // A template is checked as it is, then as one run resolves it (the messages show it as written).
            foreach (var problem in OutputPathTemplate.Problems(spec.Output.Path))
            {
                errors.Add(new("output.path", $"{problem}, was {Show(spec.Output.Path)}"));
            }

            spec = spec.WithOutputFor(OutputPathTemplate.SampleDate, OutputPathTemplate.SampleRunId);
        }

        var output = spec.Output;
        CheckStorePath("output.path", output.Path, required: true, errors);
        if (!string.IsNullOrWhiteSpace(output.Path) && DataFormats.FromExtension(StorePath.Canonical(output.Path)) is null)
        {
            errors.Add(new("output.path", $"extension must be {DataFormats.Named}, was {Show(Path.GetExtension(StorePath.Canonical(output.Path)))}"));
        }

        if (string.IsNullOrWhiteSpace(output.Path))
        {
            return;
        }

        // Compared in their canonical spellings: "base//x.csv" is "base/x.csv" to every store.
        var canonical = spec.WithCanonicalPaths();
        var path = canonical.Output.Path;
        var location = canonical.Input.Location;
        if (RunLayout.IsErrorsFile(path))
        {
            errors.Add(new("output.path", $"names ending in '{RunLayout.ErrorsSuffix}' are reserved for the error records beside an output, was {Show(shown)}"));
        }

        if (RunLayout.IsStaged(path))
        {
            errors.Add(new("output.path", $"'{RunLayout.StagingFolderName}' folders are reserved for the runs' staged parts, was {Show(shown)}"));
        }

        if (RunLayout.IsInLedger(path))
        {
            errors.Add(new("output.path", $"'{RunLayout.LedgerFolderName}' folders are reserved for the ledgers of incremental runs, was {Show(shown)}"));
        }

        if (!string.IsNullOrWhiteSpace(location) && path == location)
        {
            errors.Add(new("output.path", $"is the input itself (input.location {Show(spec.Input.Location)}): the results would overwrite it, was {Show(shown)}"));
        }
        else if (!string.IsNullOrWhiteSpace(location) && StorePath.IsUnder(path, location, spec.Input.Glob))
        {
            errors.Add(new("output.path", $"lies among the inputs (input.location {Show(spec.Input.Location)} with glob {Show(spec.Input.Glob)}): it would overwrite an input, and a later run would score it, was {Show(shown)}"));
        }

        if (path == canonical.Model.Location)
        {
            errors.Add(new("output.path", $"is the model (model.location): the results would overwrite it, was {Show(shown)}"));
        }

        foreach (var (name, sideInput) in canonical.Scorer.SideInputs)
        {
            if (path == sideInput)
            {
                errors.Add(new("output.path", $"is the side input scorer.sideInputs.{name}: the results would overwrite it, was {Show(shown)}"));
            }
        }
    }

    private static void CheckStorePath(string path, string value, bool required, List<SpecError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(new(path, "is required"));
            }

            return;
        }

        if (value.StartsWith('/') || value.Contains('\\', StringComparison.Ordinal) || (value.Length > 1 && value[1] == ':'))
        {
            errors.Add(new(path, $"must be a path relative to the store root with '/' separators, was {Show(value)}"));
        }
        else if (value.Split('/').Any(s => s is ".." or "."))
        {
            errors.Add(new(path, $"must not contain '.' or '..' segments, was {Show(value)}"));
        }
    }

    private static void CheckNames(string path, IReadOnlyList<string> names, List<SpecError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]))
            {
                errors.Add(new($"{path}[{i}]", "must not be empty"));
            }
            else if (!seen.Add(names[i]))
            {
                errors.Add(new($"{path}[{i}]", $"is listed twice, was {Show(names[i])}"));
            }
        }
    }
}
