namespace BatchScoring.Core.Spec;

/// <summary>One problem in a run spec: the JSON path of the field and what is wrong with it.</summary>
public sealed record SpecError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
