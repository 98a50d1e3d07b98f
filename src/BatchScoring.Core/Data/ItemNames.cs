using System.Globalization;

namespace BatchScoring.Core.Data;

/// <summary>How error records name items: a file, a row of a file, or a range of rows.</summary>
internal static class ItemNames
{
    /// <summary><c>data/x.csv row 123</c>: the file and the 1-based data row of the 0-based <paramref name="row"/>.</summary>
    public static string Row(string path, long row) => string.Create(CultureInfo.InvariantCulture, $"{path} row {row + 1}");

    /// <summary><c>data/x.csv rows 501-750</c>: the 1-based data rows of 0-based rows <paramref name="start"/> .. + <paramref name="count"/>.</summary>
    public static string Rows(string path, long start, long count) => string.Create(CultureInfo.InvariantCulture, $"{path} rows {start + 1}-{start + count}");
}
