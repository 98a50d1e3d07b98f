using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace BatchScoring.Functions.Tests.Fakes;

/// <summary>
/// A response written into memory, read back by the tests. As with the ASP.NET Core integration, the response
/// starts with the first body byte: <see cref="Header"/> reads the headers as they were then, so a header added
/// after the body is missing here as it is on the wire.
/// </summary>
internal sealed class FakeHttpResponseData : HttpResponseData
{
    private readonly StartingStream body;

    public FakeHttpResponseData(FunctionContext context)
        : base(context)
    {
        body = new StartingStream(this);
    }

    public override HttpStatusCode StatusCode { get; set; }

    public override HttpHeadersCollection Headers { get; set; } = [];

    public override Stream Body
    {
        get => body;
        set => throw new NotSupportedException();
    }

    public override HttpCookies Cookies => throw new NotSupportedException();

    /// <summary>The headers when the body started, or now when there is no body.</summary>
    private Dictionary<string, string> SentHeaders { get; set; } = [];

    public static string Text(HttpResponseData response) => Encoding.UTF8.GetString(((MemoryStream)response.Body).ToArray());

    public static JsonElement Json(HttpResponseData response) => JsonDocument.Parse(Text(response)).RootElement;

    public static string? Header(HttpResponseData response, string name)
    {
        var fake = (FakeHttpResponseData)response;
        var sent = fake.body.Length > 0 ? fake.SentHeaders : Snapshot(fake.Headers);
        return sent.TryGetValue(name, out var value) ? value : null;
    }

    private static Dictionary<string, string> Snapshot(HttpHeadersCollection headers) =>
        headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);

    private sealed class StartingStream(FakeHttpResponseData response) : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            Start();
            base.Write(buffer, offset, count);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Start();
            return base.WriteAsync(buffer, offset, count, cancellationToken);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Start();
            return base.WriteAsync(buffer, cancellationToken);
        }

        private void Start()
        {
            if (Length == 0)
            {
                response.SentHeaders = Snapshot(response.Headers);
            }
        }
    }
}
