namespace BatchScoring.Onnx.Text;

/// <summary>
/// The order texts are batched in: by token count, shortest first, ties in input order, so each inference batch pads
/// to little more than its texts; results are written at each text's own position, so the output keeps input order.
/// </summary>
internal static class LengthOrder
{
    /// <summary>The indexes of the texts that have tokens (non-null), sorted by their token count, stably.</summary>
    public static int[] Of(int[]?[] tokens)
    {
        var count = 0;
        foreach (var t in tokens)
        {
            count += t is null ? 0 : 1;
        }

        var keys = new long[count];
        var order = new int[count];
        var k = 0;
        for (var i = 0; i < tokens.Length; i++)
        {
            if (tokens[i] is { } ids)
            {
                // Length in the high bits, position in the low: one sort that is stable.
                keys[k] = ((long)ids.Length << 32) | (uint)i;
                order[k++] = i;
            }
        }

        Array.Sort(keys, order);
        return order;
    }
}
