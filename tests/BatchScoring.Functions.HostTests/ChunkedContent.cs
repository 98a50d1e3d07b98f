using System.Net;

namespace BatchScoring.Functions.HostTests;

/// <summary>A body of unknown length: HttpClient sends it with <c>Transfer-Encoding: chunked</c> and no Content-Length.</summary>
internal sealed class ChunkedContent : HttpContent
{
    private readonly byte[] body;

    public ChunkedContent(byte[] body, string contentType)
    {
        this.body = body;
        Headers.TryAddWithoutValidation("Content-Type", contentType);
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        for (var offset = 0; offset < body.Length; offset += 8192)
        {
            await stream.WriteAsync(body.AsMemory(offset, Math.Min(8192, body.Length - offset)));
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
