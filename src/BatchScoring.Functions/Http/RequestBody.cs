using Microsoft.Azure.Functions.Worker.Http;

namespace BatchScoring.Functions.Http;

/// <summary>Reads a request body up to a limit, without buffering more than the limit.</summary>
internal static class RequestBody
{
    /// <summary>The body, or null when it is larger than <paramref name="maxBytes"/> (by its Content-Length, or as read).</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequestData request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.Headers.TryGetValues("Content-Length", out var values) && long.TryParse(values.FirstOrDefault(), out var length) && length > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
