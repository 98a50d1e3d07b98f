using System.Net.Http.Headers;
using Microsoft.Azure.Functions.Worker.Http;

namespace BatchScoring.Functions.Http;

/// <summary>Reads a request body up to a limit, without buffering more than the limit, and checks that it is JSON.</summary>
internal static class RequestBody
{
    /// <summary>
    /// The body, or null when it is larger than <paramref name="maxBytes"/>: by its Content-Length, or as read, so a
    /// chunked body (no Content-Length; host.json's <c>extensions.http.enableChunkedRequestBinding</c> passes it on)
    /// is held to the same limit.
    /// </summary>
    public static async Task<byte[]?> ReadAsync(HttpRequestData request, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
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

    /// <summary>
    /// The request's media type when it is JSON (<c>application/json</c> or any <c>application/*+json</c>, parameters
    /// such as <c>charset</c> allowed); otherwise false, with what it was (<c>null</c> when there is no Content-Type).
    /// </summary>
    public static bool IsJson(HttpRequestData request, out string? mediaType)
    {
        ArgumentNullException.ThrowIfNull(request);
        mediaType = null;
        if (!request.Headers.TryGetValues("Content-Type", out var values) || values.FirstOrDefault() is not { } header)
        {
            return false;
        }

        mediaType = header;
        if (!MediaTypeHeaderValue.TryParse(header, out var parsed) || parsed.MediaType is not { } type)
        {
            return false;
        }

        return string.Equals(type, "application/json", StringComparison.OrdinalIgnoreCase)
            || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }
}
