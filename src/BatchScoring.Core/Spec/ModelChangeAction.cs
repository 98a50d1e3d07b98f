namespace BatchScoring.Core.Spec;

/// <summary>What an incremental run does with inputs an earlier run of its series scored with another model.</summary>
public enum ModelChangeAction
{
    /// <summary>Score them again: an input counts as scored only by the model the run has now.</summary>
    Rescore,

    /// <summary>Leave them: an input scored by any model counts as scored; only new inputs are scored.</summary>
    NewOnly,
}
