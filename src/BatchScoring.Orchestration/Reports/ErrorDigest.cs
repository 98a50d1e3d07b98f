using System.Buffers;
using System.Text.Json;

namespace BatchScoring.Orchestration.Reports;

/// <summary>
/// What a run's error records file (<c>results.csv.errors.jsonl</c>, one
/// <c>{"miniBatch":3,"item":"a.csv row 17","kind":"invalidValue","message":"..."}</c> a line) holds, in a few lines: how
/// many records, how many of each kind, the first <see cref="SamplesPerKind"/> of each kind (messages cut to
/// <see cref="MaxMessageChars"/> characters), and the file's path, where all of them are. <see cref="Path"/> is null
/// when the run wrote no errors file. Lines that are not error records are counted in <see cref="UnreadableLines"/>,
/// never thrown: a report says what it could read.
/// </summary>
public sealed record ErrorDigest(string? Path, long Total, IReadOnlyList<ErrorDigest.KindDigest> Kinds, long UnreadableLines)
{
    /// <summary>Sample records kept per kind.</summary>
    public const int SamplesPerKind = 3;

    /// <summary>The longest sample message or item kept, in characters; longer ones are cut and end in '…'.</summary>
    public const int MaxMessageChars = 300;

    /// <summary>The longest line read; a longer one is skipped (counted unreadable) without being held in memory.</summary>
    private const int MaxLineBytes = 1024 * 1024;

    private const int ReadBytes = 64 * 1024;

    /// <summary>No errors file.</summary>
    public static ErrorDigest None { get; } = new(null, 0, [], 0);

    /// <summary>
    /// Reads an error records file in one streaming pass (a file of any size: one line at a time is held), or returns
    /// <see cref="None"/> when <paramref name="errors"/> is null. <paramref name="errorsPath"/> is where people find the file.
    /// </summary>
    public static async Task<ErrorDigest> ReadAsync(Stream? errors, string errorsPath, CancellationToken cancellationToken = default)
    {
        if (errors is null)
        {
            return None;
        }

        var digest = new Builder();
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBytes);
        try
        {
            int start = 0, end = 0, scanned = 0;
            var skipping = false;
            var first = true;
            while (true)
            {
                if (end == buffer.Length)
                {
                    if (start > 0)
                    {
                        buffer.AsSpan(start, end - start).CopyTo(buffer);
                        (end, scanned, start) = (end - start, scanned - start, 0);
                    }
                    else if (buffer.Length < MaxLineBytes)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, end).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                    else
                    {
                        // A line longer than any error record: count it once and drop it up to its end.
                        digest.Unreadable++;
                        skipping = true;
                        (start, end, scanned) = (0, 0, 0);
                    }
                }

                var read = await errors.ReadAsync(buffer.AsMemory(end), cancellationToken);
                if (read == 0)
                {
                    if (!skipping && end > start)
                    {
                        digest.Add(Line(buffer.AsSpan(start, end - start), ref first));
                    }

                    break;
                }

                end += read;
                int newline;
                while ((newline = buffer.AsSpan(scanned, end - scanned).IndexOf((byte)'\n')) >= 0)
                {
                    newline += scanned;
                    if (skipping)
                    {
                        skipping = false;
                    }
                    else
                    {
                        digest.Add(Line(buffer.AsSpan(start, newline - start), ref first));
                    }

                    start = scanned = newline + 1;
                }

                scanned = end;
                if (skipping)
                {
                    (start, end, scanned) = (0, 0, 0);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return digest.Build(errorsPath);
    }

    private static ReadOnlySpan<byte> Line(ReadOnlySpan<byte> line, ref bool first)
    {
        if (first)
        {
            first = false;
            if (line.StartsWith("\uFEFF"u8))
            {
                line = line[3..];
            }
        }

        return line.Trim(" \t\r"u8);
    }

    private static string Cut(string text) =>
        text.Length <= MaxMessageChars ? text
            : string.Concat(text.AsSpan(0, char.IsHighSurrogate(text[MaxMessageChars - 2]) ? MaxMessageChars - 2 : MaxMessageChars - 1), "…");

    /// <summary>The records of one kind: how many, and the first few.</summary>
    public sealed record KindDigest(string Kind, long Count, IReadOnlyList<Sample> Samples);

    /// <summary>One error record as a sample: its mini-batch, item and message (item and message cut to <see cref="MaxMessageChars"/>).</summary>
    public sealed record Sample(int MiniBatch, string Item, string Message);

    private sealed class Builder
    {
        private readonly Dictionary<string, (long Count, List<Sample> Samples)> kinds = new(StringComparer.Ordinal);

        public long Total { get; private set; }

        public long Unreadable { get; set; }

        public void Add(ReadOnlySpan<byte> line)
        {
            if (line.IsEmpty)
            {
                return;
            }

            if (KindOf(line) is not { } kind)
            {
                Unreadable++;
                return;
            }

            Total++;
            ref var state = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(kinds, kind, out var exists);
            if (!exists)
            {
                state = (0, []);
            }

            state.Count++;
            if (state.Samples.Count < SamplesPerKind)
            {
                state.Samples.Add(SampleOf(line));
            }
        }

        public ErrorDigest Build(string path) =>
            new(path, Total, [.. kinds.OrderByDescending(k => k.Value.Count).ThenBy(k => k.Key, StringComparer.Ordinal).Select(k => new KindDigest(k.Key, k.Value.Count, k.Value.Samples))], Unreadable);

        /// <summary>The record's kind, or null when the line is not a JSON object with a string "kind".</summary>
        private string? KindOf(ReadOnlySpan<byte> line)
        {
            try
            {
                var reader = new Utf8JsonReader(line);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return null;
                }

                string? kind = null;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isKind = reader.ValueTextEquals("kind"u8);
                    reader.Read();
                    if (isKind && reader.TokenType == JsonTokenType.String)
                    {
                        kind = Known(ref reader);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                return reader.TokenType == JsonTokenType.EndObject && !reader.Read() ? kind : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        /// <summary>A kind seen before, without allocating its name again.</summary>
        private string Known(ref Utf8JsonReader reader)
        {
            Span<char> name = stackalloc char[64];
            if (reader.ValueSpan.Length <= name.Length / 3 || (!reader.ValueIsEscaped && reader.ValueSpan.Length <= name.Length))
            {
                var length = reader.CopyString(name);
                var lookup = kinds.GetAlternateLookup<ReadOnlySpan<char>>();
                if (lookup.TryGetValue(name[..length], out var key, out _))
                {
                    return key;
                }
            }

            return reader.GetString()!;
        }

        private static Sample SampleOf(ReadOnlySpan<byte> line)
        {
            var reader = new Utf8JsonReader(line);
            reader.Read();
            int miniBatch = -1;
            string item = "", message = "";
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueTextEquals("miniBatch"u8) ? 0 : reader.ValueTextEquals("item"u8) ? 1 : reader.ValueTextEquals("message"u8) ? 2 : -1;
                reader.Read();
                switch (name)
                {
                    case 0 when reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var index):
                        miniBatch = index;
                        break;
                    case 1 when reader.TokenType == JsonTokenType.String:
                        item = Cut(reader.GetString()!);
                        break;
                    case 2 when reader.TokenType == JsonTokenType.String:
                        message = Cut(reader.GetString()!);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            return new Sample(miniBatch, item, message);
        }
    }
}
