namespace BatchScoring.Core.Spec;

/// <summary>PRS output_action.</summary>
public enum OutputAction
{
    AppendRow,
    SummaryOnly,
}
