namespace BatchScoring.Core.Data;

/// <summary>Kinds of item failure, written into error records.</summary>
public enum ErrorKind
{
    /// <summary>The item could not be read or parsed (a truncated image, malformed CSV/JSON).</summary>
    Read,

    /// <summary>A value is missing or not a number where the model needs one.</summary>
    InvalidValue,

    /// <summary>The item does not fit the model's input shape (wrong image size with resizing off).</summary>
    Shape,

    /// <summary>The item was empty.</summary>
    Empty,

    /// <summary>The item is longer than the model takes (a text of more tokens than <c>model.text.maxSequenceLength</c> with <c>onOverflow: error</c>).</summary>
    TooLong,

    /// <summary>The scorer failed on this item.</summary>
    Score,

    /// <summary>The whole mini-batch holding the item failed after all its tries; none of its items is in the output.</summary>
    MiniBatch,
}
