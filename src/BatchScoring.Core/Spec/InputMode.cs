namespace BatchScoring.Core.Spec;

/// <summary>How inputs become items (PRS FileDataset vs TabularDataset).</summary>
public enum InputMode
{
    /// <summary>Every file is one item.</summary>
    File,

    /// <summary>Every row of every file is one item.</summary>
    Tabular,
}
