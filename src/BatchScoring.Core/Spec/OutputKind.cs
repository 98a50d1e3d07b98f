namespace BatchScoring.Core.Spec;

/// <summary>What a model output means.</summary>
public enum OutputKind
{
    Label,
    Probabilities,
    Raw,
}
