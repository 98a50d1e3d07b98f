using BatchScoring.Core.Runs;

namespace BatchScoring.Core.Spec;

/// <summary>The name, input and mini-batch sections.</summary>
public static partial class RunSpecValidator
{
    private static void CheckName(RunSpec spec, List<SpecError> errors)
    {
        if (!NamePattern().IsMatch(spec.Name))
        {
            errors.Add(new("name", $"must be 1-64 letters, digits, '-', '_' or '.', was {Show(spec.Name)}"));
        }

        if (spec.Execution.Incremental && spec.Execution.Series is null && spec.Name is "." or "..")
        {
            errors.Add(new("name", $"names the series of an incremental run, its ledger folder, so it must not be '.' or '..'; set execution.series, was {Show(spec.Name)}"));
        }

        if (spec.Execution.Series is { } series && !RunLayout.IsSeriesName(series))
        {
            errors.Add(new("execution.series", $"must be 1-64 letters, digits, '-', '_' or '.' (it names the series' ledger folder), was {Show(series)}"));
        }
    }

    private static void CheckInput(RunSpec spec, List<SpecError> errors)
    {
        var input = spec.Input;
        CheckStorePath("input.location", input.Location, required: true, errors);
        if (string.IsNullOrWhiteSpace(input.Glob))
        {
            errors.Add(new("input.glob", "must not be empty; use '**' for every file"));
        }

        if (input.Mode == InputMode.File && input.Format is not null)
        {
            errors.Add(new("input.format", $"only valid in tabular mode (input.mode is file), was {Show(input.Format)}"));
        }

        if (input.Mode == InputMode.File && input.PassThroughColumns.Count > 0)
        {
            errors.Add(new("input.passThroughColumns", "only valid in tabular mode (input.mode is file); file mode rows carry the file name"));
        }

        CheckNames("input.partitionKeys", input.PartitionKeys, errors);
        CheckNames("input.passThroughColumns", input.PassThroughColumns, errors);
    }

    private static void CheckMiniBatch(RunSpec spec, List<SpecError> errors)
    {
        var mb = spec.MiniBatch;
        var set = new[] { ("files", mb.Files is not null), ("rows", mb.Rows is not null), ("bytes", mb.Bytes is not null) }
            .Where(x => x.Item2).Select(x => x.Item1).ToList();
        if (set.Count > 1)
        {
            errors.Add(new("miniBatch", $"set one of files, rows or bytes, was {string.Join(" and ", set)}"));
        }

        if (spec.Input.Mode == InputMode.File && mb.Rows is not null)
        {
            errors.Add(new("miniBatch.rows", "only valid in tabular mode (input.mode is file); use miniBatch.files"));
        }

        if (spec.Input.Mode == InputMode.File && mb.Bytes is not null)
        {
            errors.Add(new("miniBatch.bytes", "only valid in tabular mode (input.mode is file); use miniBatch.files"));
        }

        if (spec.Input.Mode == InputMode.Tabular && mb.Files is not null)
        {
            errors.Add(new("miniBatch.files", "only valid in file mode (input.mode is tabular); use miniBatch.rows or miniBatch.bytes"));
        }

        if (mb.Bytes is { } bytes && bytes.Value < 1)
        {
            errors.Add(new("miniBatch.bytes", $"must be at least 1, was {bytes.Value}"));
        }
    }
}
