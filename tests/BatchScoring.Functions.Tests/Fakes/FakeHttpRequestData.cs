using System.Security.Claims;
using System.Text;
using Microsoft.Azure.Functions.Worker.Http;

namespace BatchScoring.Functions.Tests.Fakes;

/// <summary>An HTTP request to the app at https://scoring.example.net; its responses are <see cref="FakeHttpResponseData"/>.</summary>
internal sealed class FakeHttpRequestData : HttpRequestData
{
    private FakeHttpRequestData(string method, string pathAndQuery, Stream body, long? contentLength)
        : base(new FakeFunctionContext())
    {
        Method = method;
        Url = new Uri("https://scoring.example.net" + pathAndQuery);
        Body = body;
        if (contentLength is { } length)
        {
            Headers.Add("Content-Length", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public override Stream Body { get; }

    public override HttpHeadersCollection Headers { get; } = [];

    public override IReadOnlyCollection<IHttpCookie> Cookies => [];

    public override Uri Url { get; }

    public override IEnumerable<ClaimsIdentity> Identities => [];

    public override string Method { get; }

    public static FakeHttpRequestData Get(string pathAndQuery) => new("GET", pathAndQuery, Stream.Null, null);

    public static FakeHttpRequestData Post(string pathAndQuery, string body = "") => Post(pathAndQuery, Encoding.UTF8.GetBytes(body));

    public static FakeHttpRequestData Post(string pathAndQuery, byte[] body, bool withContentLength = true) =>
        new("POST", pathAndQuery, new MemoryStream(body), withContentLength ? body.Length : null);

    public override HttpResponseData CreateResponse() => new FakeHttpResponseData(FunctionContext);
}
