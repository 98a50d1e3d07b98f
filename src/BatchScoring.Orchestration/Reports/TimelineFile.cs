using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BatchScoring.Core;
using BatchScoring.Orchestration.Contracts;

namespace BatchScoring.Orchestration.Reports;

/// <summary>
/// A run's timeline as JSON Lines (<c>results.csv.timeline.jsonl</c>): a <see cref="TimelineHeader"/> line, then one
/// compact <see cref="TimelineEntry"/> line per mini-batch, UTF-8, each ending in <c>'\n'</c>:
/// <code>
/// {"run":"digits","startedUtc":"2026-01-05T02:00:00Z","inputs":["in/a.csv","in/b.csv"]}
/// {"i":0,"a":1,"w":"vm-3/4121","s":12,"e":2048,"n":1000,"o":"done","in":0}
/// {"i":1,"a":2,"w":"vm-3/4121","s":15,"e":9120,"n":990,"f":10,"o":"done","in":1}
/// </code>
/// <c>f</c> (failed items) is left out when 0, which keeps 100,000 mini-batches under 10 MB; a reader takes a missing
/// <c>f</c> as 0.
/// </summary>
public static class TimelineFile
{
    private const int FlushBytes = 64 * 1024;

    private static readonly JsonSerializerOptions Options = CreateOptions();

    private static JsonTypeInfo<TimelineEntry> EntryInfo => (JsonTypeInfo<TimelineEntry>)Options.GetTypeInfo(typeof(TimelineEntry));

    private static JsonTypeInfo<TimelineHeader> HeaderInfo => (JsonTypeInfo<TimelineHeader>)Options.GetTypeInfo(typeof(TimelineHeader));

    /// <summary>Writes the header line, then one line per entry, in the order given.</summary>
    public static async Task WriteAsync(Stream stream, TimelineHeader header, IEnumerable<TimelineEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(entries);
        var buffer = new ArrayBufferWriter<byte>(FlushBytes * 2);
        using var writer = new Utf8JsonWriter(buffer);
        JsonSerializer.Serialize(writer, header, HeaderInfo);
        EndLine(writer, buffer);
        foreach (var entry in entries)
        {
            JsonSerializer.Serialize(writer, entry, EntryInfo);
            EndLine(writer, buffer);
            if (buffer.WrittenCount >= FlushBytes)
            {
                await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
                buffer.ResetWrittenCount();
            }
        }

        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Reads a timeline: its header and its entries. A line that is not what it should be (the first not a header, an
    /// entry that is not one or names an input the header lacks) throws <see cref="BatchScoringException"/> naming
    /// <paramref name="path"/> and the line's number. Blank lines are skipped.
    /// </summary>
    public static async Task<(TimelineHeader Header, List<TimelineEntry> Entries)> ReadAsync(Stream stream, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);
        TimelineHeader? header = null;
        var entries = new List<TimelineEntry>();
        var number = 0;
        string? line;
        while ((line = await ReadLineAsync(reader, path, number + 1, cancellationToken)) is not null)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (header is null)
            {
                header = Parse(line, HeaderInfo, path, number);
                continue;
            }

            var entry = Parse(line, EntryInfo, path, number);
            if (entry.Input < 0 || entry.Input >= header.Inputs.Count)
            {
                throw Malformed(path, number, string.Create(CultureInfo.InvariantCulture, $"input {entry.Input} is not one of the header's {header.Inputs.Count} inputs"));
            }

            entries.Add(entry);
        }

        return header is null ? throw Malformed(path, 1, "missing: the file is empty, a timeline starts with a header line") : (header, entries);
    }

    private static void EndLine(Utf8JsonWriter writer, ArrayBufferWriter<byte> buffer)
    {
        writer.Flush();
        writer.Reset();
        buffer.GetSpan(1)[0] = (byte)'\n';
        buffer.Advance(1);
    }

    private static async Task<string?> ReadLineAsync(StreamReader reader, string path, int number, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(cancellationToken);
        }
        catch (DecoderFallbackException e)
        {
            throw Malformed(path, number, "not UTF-8 text", e);
        }
    }

    private static T Parse<T>(string line, JsonTypeInfo<T> info, string path, int number)
    {
        try
        {
            return JsonSerializer.Deserialize(line, info) ?? throw Malformed(path, number, "null, not an object");
        }
        catch (JsonException e)
        {
            throw Malformed(path, number, $"not valid JSON for a timeline {(typeof(T) == typeof(TimelineHeader) ? "header" : "entry")}: {e.Message}", e);
        }
    }

    private static BatchScoringException Malformed(string path, int number, string what, Exception? inner = null)
    {
        var message = string.Create(CultureInfo.InvariantCulture, $"timeline '{path}' line {number}: {what}");
        return inner is null ? new BatchScoringException(message) : new BatchScoringException(message, inner);
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(info =>
        {
            if (info.Type != typeof(TimelineEntry) && info.Type != typeof(TimelineHeader))
            {
                return;
            }

            // Every property is required but "f", which is written only when not 0.
            foreach (var property in info.Properties)
            {
                property.IsRequired = property.Name != "f";
                if (property.Name == "f")
                {
                    property.ShouldSerialize = (_, value) => value is long count && count != 0;
                }
            }
        });
        var options = new JsonSerializerOptions { TypeInfoResolver = resolver, WriteIndented = false, RespectNullableAnnotations = true };
        options.MakeReadOnly();
        return options;
    }
}
