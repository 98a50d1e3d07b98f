namespace BatchScoring.Storage.Formats.Values;

/// <summary>How reading one cell into an element type went.</summary>
public enum ValueStatus : byte
{
    Ok,

    /// <summary>The cell is empty (or only spaces), or null.</summary>
    Empty,

    /// <summary>The text is not a number.</summary>
    NotANumber,

    /// <summary>An integer element type was given a number with a fraction.</summary>
    NotWhole,

    /// <summary>The number is outside the element type's range (256 for uint8, 1e309 for float).</summary>
    OutOfRange,

    /// <summary>NaN or an infinity, and the spec does not allow them (<c>model.allowNaN</c>).</summary>
    NonFinite,
}
