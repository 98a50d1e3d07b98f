using System.Text;
using BatchScoring.Core.Data;

namespace BatchScoring.Storage.Formats.Values;

/// <summary>The error record of a cell that could not be read into its element type: the column, the value as written, and what the type takes.</summary>
internal static class ValueErrors
{
    public static ItemError Describe(ValueStatus status, string column, ReadOnlySpan<byte> text, FeatureElementType type) =>
        Describe(status, column, Show(text), type);

    public static ItemError Describe(ValueStatus status, string column, string shown, FeatureElementType type) => status switch
    {
        ValueStatus.Empty => new(ErrorKind.InvalidValue, $"column '{column}' is empty; the model needs a number"),
        ValueStatus.NotANumber => new(ErrorKind.InvalidValue, $"column '{column}' is not a number: '{shown}'"),
        ValueStatus.NotWhole => new(ErrorKind.InvalidValue, $"column '{column}' is {shown}, not a whole number; the model input takes {type.Describe()}"),
        ValueStatus.OutOfRange => new(ErrorKind.InvalidValue, $"column '{column}' is {shown}, out of range for the model input: it takes {type.Describe()}"),
        ValueStatus.NonFinite => new(ErrorKind.InvalidValue, $"column '{column}' is {shown} and model.allowNaN is false (NaN and infinities are refused)"),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>A cell's text for a message, cut at 40 characters.</summary>
    public static string Show(ReadOnlySpan<byte> text)
    {
        var s = Encoding.UTF8.GetString(NumberText.Trim(text.Length > 160 ? text[..160] : text));
        return s.Length <= 40 ? s : s[..40] + "...";
    }
}
