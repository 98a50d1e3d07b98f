using System.Buffers;
using System.Text;
using System.Text.Json;
using BatchScoring.Orchestration.Contracts;

namespace BatchScoring.Orchestration.Reports;

public static partial class RunReport
{
    /// <summary>
    /// The timeline as the page's script reads it: columns of numbers, one value per mini-batch, in order of row and
    /// start (<c>rowStart[r]</c> .. <c>rowStart[r + 1]</c> are row <c>r</c>'s), with the lanes' workers and row counts, the
    /// inputs, throughput buckets and the duration histogram. Starts (<c>s</c>) and mini-batch indexes (<c>i</c>) are
    /// differences from the previous value in the row (the first from 0), which keeps the page a fifth smaller. Every <c>&lt;</c> is written <c>\u003C</c> (the encoder
    /// escapes it; this holds whatever the encoder), so no text can end the script element.
    /// </summary>
    private static string DataJson(TimelineView view, TimelineHeader header)
    {
        var entries = view.Entries;
        var order = Enumerable.Range(0, entries.Count).ToArray();
        Array.Sort(order, (x, y) => view.RowOf[x] != view.RowOf[y] ? view.RowOf[x].CompareTo(view.RowOf[y]) : entries[x].StartMs.CompareTo(entries[y].StartMs));
        var buffer = new ArrayBufferWriter<byte>(64 * 1024 + (entries.Count * 40));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("endMs", view.EndMs);
            Strings(json, "workers", view.Workers);
            Numbers(json, "laneRows", view.LaneRows.Select(r => (long)r));
            Strings(json, "inputs", header.Inputs);
            var rowStart = new long[view.Rows + 1];
            foreach (var i in order)
            {
                rowStart[view.RowOf[i] + 1]++;
            }

            for (var r = 1; r < rowStart.Length; r++)
            {
                rowStart[r] += rowStart[r - 1];
            }

            Numbers(json, "rowStart", rowStart);
            Numbers(json, "i", Deltas(order, view.RowOf, i => entries[i].MiniBatch));
            Numbers(json, "a", order.Select(i => (long)entries[i].Attempt));
            Numbers(json, "s", Deltas(order, view.RowOf, i => entries[i].StartMs));
            Numbers(json, "d", order.Select(i => TimelineView.Duration(entries[i])));
            Numbers(json, "n", order.Select(i => entries[i].Items));
            Numbers(json, "f", order.Select(i => entries[i].FailedItems));
            Numbers(json, "o", order.Select(i => (long)entries[i].Outcome));
            Numbers(json, "in", order.Select(i => (long)entries[i].Input));
            var (bucketMs, perSecond) = view.Throughput();
            json.WriteNumber("bucketMs", bucketMs);
            json.WriteStartArray("throughput");
            foreach (var value in perSecond)
            {
                json.WriteNumberValue(Math.Round(value, 1));
            }

            json.WriteEndArray();
            var (binMs, counts, overflow) = view.Histogram();
            json.WriteNumber("binMs", binMs);
            json.WriteBoolean("overflow", overflow);
            Numbers(json, "histogram", counts);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan).Replace("<", "\\u003C", StringComparison.Ordinal);
    }

    /// <summary>Each value less the previous one in the same row (the first in a row less 0).</summary>
    private static IEnumerable<long> Deltas(int[] order, int[] rowOf, Func<int, long> value)
    {
        var (row, previous) = (-1, 0L);
        foreach (var i in order)
        {
            if (rowOf[i] != row)
            {
                (row, previous) = (rowOf[i], 0);
            }

            var current = value(i);
            yield return current - previous;
            previous = current;
        }
    }

    private static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static void Numbers(Utf8JsonWriter json, string name, IEnumerable<long> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteNumberValue(value);
        }

        json.WriteEndArray();
    }
}
