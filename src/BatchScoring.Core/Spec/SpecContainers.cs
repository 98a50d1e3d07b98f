namespace BatchScoring.Core.Spec;

/// <summary>
/// The containers of a blob account (store paths <c>container/blob/name</c>) that a deployment keeps its runs in, whatever
/// else its identity could reach:
/// <list type="bullet">
/// <item><see cref="Inputs"/>: <c>input.location</c> (the container itself, a folder or one file), and with it every
/// file and partition folder under it that the glob matches;</item>
/// <item><see cref="Models"/>: what the scorer loads, <c>model.location</c>, <c>model.text.vocabulary</c> and every
/// <c>scorer.sideInputs.*</c>;</item>
/// <item><see cref="Outputs"/>: <c>output.path</c>, and with it everything else a run writes, which
/// <see cref="Runs.RunLayout"/> derives from it: the error records and the summary beside it, and the lock and staging
/// folder in the <c>_staging</c> folder of its folder.</item>
/// </list>
/// </summary>
public sealed record SpecContainers(string Inputs, string Outputs, string Models)
{
    /// <summary>
    /// Every path of <paramref name="spec"/> outside its container, each with its JSON path and the container it must be in;
    /// empty when the spec keeps to them. Paths are compared in their canonical spelling (<see cref="StorePath.Canonical"/>);
    /// blank ones are left to <see cref="RunSpecValidator"/>, which requires those a run needs.
    /// </summary>
    public IReadOnlyList<SpecError> Check(RunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = new List<SpecError>();
        var models = "where runs load models, vocabularies and side inputs from";
        Check(errors, "input.location", spec.Input.Location, Inputs, "where runs read their inputs", containerAllowed: true);
        foreach (var (setting, path) in spec.ModelFiles())
        {
            Check(errors, setting, path, Models, models);
        }

        Check(errors, "output.path", spec.Output.Path, Outputs, "the only one runs write to");
        return errors;
    }

    /// <summary>
    /// Whether the store path <paramref name="path"/> names a blob or folder inside <paramref name="container"/>
    /// (<c>container/...</c>, in any spelling of it), or, with <paramref name="containerAllowed"/>, the container itself.
    /// </summary>
    public static bool IsIn(string path, string container, bool containerAllowed = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(container);
        var canonical = StorePath.Canonical(path);
        return (canonical.Length > container.Length + 1 && canonical.StartsWith(container, StringComparison.Ordinal) && canonical[container.Length] == '/')
            || (containerAllowed && canonical == container);
    }

    private static void Check(List<SpecError> errors, string field, string? path, string container, string why, bool containerAllowed = false)
    {
        if (string.IsNullOrWhiteSpace(path) || IsIn(path, container, containerAllowed))
        {
            return;
        }

        errors.Add(new(field, $"must be in container '{container}', {why} ('{container}/...'), was '{path}'"));
    }
}
