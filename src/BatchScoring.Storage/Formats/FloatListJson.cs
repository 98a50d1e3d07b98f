using System.Globalization;
using System.Text;

namespace BatchScoring.Storage.Formats;

/// <summary>A list of floats as a JSON array in shortest round-trip form, for text formats.</summary>
internal static class FloatListJson
{
    public static string Format(float[]? values)
    {
        if (values is null)
        {
            return "";
        }

        var sb = new StringBuilder(values.Length * 10).Append('[');
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(values[i].ToString("R", CultureInfo.InvariantCulture));
        }

        return sb.Append(']').ToString();
    }
}
