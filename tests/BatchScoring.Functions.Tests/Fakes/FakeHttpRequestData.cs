using System.Security.Claims;
using System.Text;
using Microsoft.Azure.Functions.Worker.Http;

namespace BatchScoring.Functions.Tests.Fakes;

/// <summary>An HTTP request to the app at https://scoring.example.net; its responses are <see cref="FakeHttpResponseData"/>.</summary>
internal sealed class FakeHttpRequestData : HttpRequestData
{
    /// <summary>The Content-Type of a POST unless a test says otherwise.</summary>
    public const string Json = "application/json";

    private FakeHttpRequestData(string method, string pathAndQuery, Stream body, long? contentLength, string? contentType = null)
        : base(new FakeFunctionContext())
    {
        Method = method;
        Url = new Uri("https://scoring.example.net" + pathAndQuery);
        Body = body;
        if (contentLength is { } length)
        {
            Headers.Add("Content-Length", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (contentType is not null)
        {
            Headers.Add("Content-Type", contentType);
        }
    }

    public override Stream Body { get; }

    public override HttpHeadersCollection Headers { get; } = [];

    public override IReadOnlyCollection<IHttpCookie> Cookies => [];

    public override Uri Url { get; }

    public override IEnumerable<ClaimsIdentity> Identities => [];

    public override string Method { get; }

    public static FakeHttpRequestData Get(string pathAndQuery) => new("GET", pathAndQuery, Stream.Null, null);

    public static FakeHttpRequestData Post(string pathAndQuery, string body = "", string? contentType = Json) => Post(pathAndQuery, Encoding.UTF8.GetBytes(body), contentType: contentType);

    /// <summary>A POST; without Content-Length its body is chunked, as the host passes such a body on.</summary>
    public static FakeHttpRequestData Post(string pathAndQuery, byte[] body, bool withContentLength = true, string? contentType = Json) =>
        new("POST", pathAndQuery, new MemoryStream(body), withContentLength ? body.Length : null, contentType);

    public override HttpResponseData CreateResponse() => new FakeHttpResponseData(FunctionContext);
}
