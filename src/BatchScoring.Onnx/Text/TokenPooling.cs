using BatchScoring.Core.Spec;

namespace BatchScoring.Onnx.Text;

/// <summary>
/// One text's vector from the model output of its inference batch: the mean of its token vectors under the attention
/// mask, its first ([CLS]) vector, or its part of the output as it is; then, when asked, scaled to unit L2 length.
/// </summary>
internal static class TokenPooling
{
    /// <summary>
    /// Text <paramref name="item"/> of the batch, whose first <paramref name="length"/> of <paramref name="tokens"/>
    /// positions are real tokens. <paramref name="output"/> is [N, tokens, hidden] when <paramref name="perToken"/>,
    /// else [N, hidden].
    /// </summary>
    public static float[] Pool(ReadOnlySpan<float> output, int item, int tokens, int hidden, int length, bool perToken, PoolingKind pooling, bool normalize)
    {
        float[] vector;
        if (!perToken)
        {
            vector = output.Slice(item * hidden, hidden).ToArray();
        }
        else
        {
            var rows = output.Slice(item * tokens * hidden, tokens * hidden);
            switch (pooling)
            {
                case PoolingKind.Mean:
                    vector = new float[hidden];
                    for (var t = 0; t < length; t++)
                    {
                        var row = rows.Slice(t * hidden, hidden);
                        for (var k = 0; k < hidden; k++)
                        {
                            vector[k] += row[k];
                        }
                    }

                    var scale = 1f / Math.Max(length, 1);
                    for (var k = 0; k < hidden; k++)
                    {
                        vector[k] *= scale;
                    }

                    break;
                case PoolingKind.Cls:
                    vector = rows[..hidden].ToArray();
                    break;
                default:
                    vector = rows[..(length * hidden)].ToArray();
                    break;
            }
        }

        if (normalize)
        {
            Normalize(vector);
        }

        return vector;
    }

    /// <summary>Divides by the L2 norm (at least 1e-12, as PyTorch's normalize does).</summary>
    public static void Normalize(Span<float> vector)
    {
        double sum = 0;
        foreach (var v in vector)
        {
            sum += (double)v * v;
        }

        var scale = (float)(1 / Math.Max(Math.Sqrt(sum), 1e-12));
        for (var k = 0; k < vector.Length; k++)
        {
            vector[k] *= scale;
        }
    }
}
