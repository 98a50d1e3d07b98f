using System.Net;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Http;

namespace BatchScoring.Functions.Http;

/// <summary>Writes the API's JSON and problem responses (serialised here, so no worker serializer settings apply).</summary>
internal static class HttpResponses
{
    public static Task<HttpResponseData> JsonAsync<T>(HttpRequestData request, HttpStatusCode status, T body, CancellationToken cancellationToken) =>
        WriteAsync(request, status, JsonSerializer.SerializeToUtf8Bytes(body, ApiJson.Options), ApiJson.ContentType, cancellationToken);

    public static Task<HttpResponseData> ProblemAsync(HttpRequestData request, Problem problem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return WriteAsync(request, (HttpStatusCode)problem.Status, JsonSerializer.SerializeToUtf8Bytes(problem, ApiJson.Options), ApiJson.ProblemContentType, cancellationToken);
    }

    public static Task<HttpResponseData> NotFoundAsync(HttpRequestData request, string instanceId, CancellationToken cancellationToken) =>
        ProblemAsync(request, new Problem(ProblemTypes.RunNotFound, "No such run.", 404, $"There is no run with id '{instanceId}' in this task hub.", request.Url.AbsolutePath), cancellationToken);

    private static async Task<HttpResponseData> WriteAsync(HttpRequestData request, HttpStatusCode status, byte[] body, string contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = request.CreateResponse(status);
        response.Headers.Add("Content-Type", contentType);
        await response.Body.WriteAsync(body, cancellationToken);
        return response;
    }
}
