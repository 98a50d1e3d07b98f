using System.Globalization;

namespace BatchScoring.Storage;

/// <summary>
/// Block ids: ASCII strings of exactly <see cref="Length"/> characters (letters, digits, '-'), so every block of a blob
/// has an id of the same length, as Azure requires. Ids derived from a result part's mini-batch index make staging
/// idempotent: a retried or duplicated part replaces its own block.
/// </summary>
internal static class BlockIds
{
    /// <summary>The length of every block id.</summary>
    public const int Length = 32;

    /// <summary>Block <paramref name="segment"/> of the result part of mini-batch <paramref name="index"/>: <c>part-0000000000007-0000000000000</c>.</summary>
    public static string Part(int index, int segment = 0) => Of("part", index, segment);

    /// <summary>Block <paramref name="segment"/> of what comes before the parts (a CSV header line, the Parquet magic bytes).</summary>
    public static string Head(int segment = 0) => Of("head", 0, segment);

    /// <summary>Block <paramref name="segment"/> of what comes after the parts (a Parquet footer).</summary>
    public static string Tail(int segment = 0) => Of("tail", 0, segment);

    /// <summary>Block <paramref name="segment"/> of intermediate blob <paramref name="group"/> of assembly level <paramref name="level"/> (1-9).</summary>
    public static string Group(int level, int group, int segment = 0) => Of("grp" + level.ToString(CultureInfo.InvariantCulture), group, segment);

    /// <summary>Block <paramref name="sequence"/> of one writer; <paramref name="writer"/> keeps concurrent writers apart.</summary>
    public static string Sequence(string writer, int sequence) => Of("w" + writer, sequence, 0);

    /// <summary>A new 3-character writer tag for <see cref="Sequence"/>.</summary>
    public static string NewWriterTag() => Guid.NewGuid().ToString("N")[..3];

    /// <summary>Throws unless <paramref name="blockId"/> is a block id in the format above.</summary>
    public static void Validate(string blockId)
    {
        ArgumentNullException.ThrowIfNull(blockId);
        if (blockId.Length != Length || !blockId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            throw new ArgumentException($"Block id '{blockId}' must be {Length} ASCII letters, digits or '-' (see BlockIds).", nameof(blockId));
        }
    }

    private static string Of(string kind, int index, int segment) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind}-{index:D13}-{segment:D13}");
}
