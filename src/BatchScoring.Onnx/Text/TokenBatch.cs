using System.Buffers;
using System.Numerics;
using BatchScoring.Core.Spec;
using Microsoft.ML.OnnxRuntime;

namespace BatchScoring.Onnx.Text;

/// <summary>
/// The input tensors of one inference batch: <c>texts x length</c> ids (padded), attention mask and token types in
/// each input's element type, over buffers rented from the shared pool (returned on dispose, so calls reuse them).
/// </summary>
internal sealed class TokenBatch : IDisposable
{
    private readonly List<Array> rented = [];
    private readonly List<OrtValue> values = [];

    /// <summary>
    /// Fills the tensors of the texts <paramref name="items"/> (indexes into <paramref name="tokens"/>), each padded with
    /// <paramref name="paddingId"/> to <paramref name="length"/>.
    /// </summary>
    public TokenBatch(IReadOnlyList<TextBinding.TokenInput> inputs, ReadOnlySpan<int> items, int[]?[] tokens, int length, int paddingId)
    {
        try
        {
            foreach (var input in inputs)
            {
                values.Add(input.Type == TokenElementType.Int64
                    ? Create<long>(input.Role, items, tokens, length, paddingId)
                    : Create<int>(input.Role, items, tokens, length, paddingId));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The tensors, in the order of the inputs.</summary>
    public IReadOnlyList<OrtValue> Values => values;

    public void Dispose()
    {
        foreach (var value in values)
        {
            value.Dispose();
        }

        values.Clear();
        foreach (var array in rented)
        {
            if (array is long[] longs)
            {
                ArrayPool<long>.Shared.Return(longs);
            }
            else
            {
                ArrayPool<int>.Shared.Return((int[])array);
            }
        }

        rented.Clear();
    }

    private OrtValue Create<T>(TextBinding.Role role, ReadOnlySpan<int> items, int[]?[] tokens, int length, int paddingId)
        where T : unmanaged, IBinaryInteger<T>
    {
        var size = items.Length * length;
        var buffer = ArrayPool<T>.Shared.Rent(size);
        rented.Add(buffer);
        var span = buffer.AsSpan(0, size);
        for (var b = 0; b < items.Length; b++)
        {
            var ids = tokens[items[b]]!;
            var row = span.Slice(b * length, length);
            switch (role)
            {
                case TextBinding.Role.Ids:
                    for (var t = 0; t < ids.Length; t++)
                    {
                        row[t] = T.CreateTruncating(ids[t]);
                    }

                    row[ids.Length..].Fill(T.CreateTruncating(paddingId));
                    break;
                case TextBinding.Role.Mask:
                    row[..ids.Length].Fill(T.One);
                    row[ids.Length..].Clear();
                    break;
                default:
                    row.Clear();
                    break;
            }
        }

        return OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffer.AsMemory(0, size), [items.Length, length]);
    }
}
