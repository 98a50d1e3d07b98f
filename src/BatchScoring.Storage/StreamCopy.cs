namespace BatchScoring.Storage;

/// <summary>Copying a number of bytes from one stream to another.</summary>
internal static class StreamCopy
{
    /// <summary>Copies exactly <paramref name="length"/> bytes; throws when the source ends early.</summary>
    public static async Task CopyBytesAsync(Stream input, Stream output, long length, CancellationToken cancellationToken)
    {
        var buffer = new byte[(int)Math.Min(1 << 20, Math.Max(length, 1))];
        while (length > 0)
        {
            var n = await input.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), cancellationToken);
            if (n == 0)
            {
                throw new EndOfStreamException($"The source ended {length} bytes early.");
            }

            await output.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
            length -= n;
        }
    }
}
