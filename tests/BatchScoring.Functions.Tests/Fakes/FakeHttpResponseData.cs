using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace BatchScoring.Functions.Tests.Fakes;

/// <summary>A response written into memory, read back by the tests.</summary>
internal sealed class FakeHttpResponseData(FunctionContext context) : HttpResponseData(context)
{
    public override HttpStatusCode StatusCode { get; set; }

    public override HttpHeadersCollection Headers { get; set; } = [];

    public override Stream Body { get; set; } = new MemoryStream();

    public override HttpCookies Cookies => throw new NotSupportedException();

    public static string Text(HttpResponseData response) => Encoding.UTF8.GetString(((MemoryStream)response.Body).ToArray());

    public static JsonElement Json(HttpResponseData response) => JsonDocument.Parse(Text(response)).RootElement;

    public static string? Header(HttpResponseData response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
