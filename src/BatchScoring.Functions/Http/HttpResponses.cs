using System.Net;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Http;

namespace BatchScoring.Functions.Http;

/// <summary>
/// Writes the API's JSON and problem responses (serialised here, so no worker serializer settings apply). Headers are
/// set before the body is written: with the ASP.NET Core integration the response starts with the first body byte,
/// and a header added after it is lost.
/// </summary>
internal static class HttpResponses
{
    public static Task<HttpResponseData> JsonAsync<T>(HttpRequestData request, HttpStatusCode status, T body, CancellationToken cancellationToken) =>
        WriteAsync(request, status, JsonSerializer.SerializeToUtf8Bytes(body, ApiJson.Options), ApiJson.ContentType, null, cancellationToken);

    /// <summary>A JSON response with <paramref name="headers"/> (<c>Location</c>, <c>Retry-After</c>) besides its Content-Type.</summary>
    public static Task<HttpResponseData> JsonAsync<T>(HttpRequestData request, HttpStatusCode status, T body, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken) =>
        WriteAsync(request, status, JsonSerializer.SerializeToUtf8Bytes(body, ApiJson.Options), ApiJson.ContentType, headers, cancellationToken);

    public static Task<HttpResponseData> ProblemAsync(HttpRequestData request, Problem problem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return WriteAsync(request, (HttpStatusCode)problem.Status, JsonSerializer.SerializeToUtf8Bytes(problem, ApiJson.Options), ApiJson.ProblemContentType, null, cancellationToken);
    }

    public static Task<HttpResponseData> NotFoundAsync(HttpRequestData request, string instanceId, CancellationToken cancellationToken) =>
        ProblemAsync(request, new Problem(ProblemTypes.RunNotFound, "No such run.", 404, $"There is no run with id '{instanceId}' in this task hub.", request.Url.AbsolutePath), cancellationToken);

    private static async Task<HttpResponseData> WriteAsync(HttpRequestData request, HttpStatusCode status, byte[] body, string contentType, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = request.CreateResponse(status);
        response.Headers.Add("Content-Type", contentType);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            response.Headers.Add(name, value);
        }

        await response.Body.WriteAsync(body, cancellationToken);
        return response;
    }
}
