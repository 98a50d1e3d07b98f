using Microsoft.Azure.Functions.Worker.Http;

namespace BatchScoring.Functions.Http;

/// <summary>The API's own URLs, on the host the request came to (<c>extensions.http.routePrefix</c> is <see cref="RoutePrefix"/>).</summary>
internal sealed class RunUrls(HttpRequestData request)
{
    /// <summary>host.json's <c>extensions.http.routePrefix</c>; a test keeps the two equal.</summary>
    public const string RoutePrefix = "api";

    private readonly string root = $"{request.Url.GetLeftPart(UriPartial.Authority)}/{RoutePrefix}/runs";

    public string Runs => root;

    public string Run(string instanceId) => $"{root}/{Uri.EscapeDataString(instanceId)}";

    public string Cancel(string instanceId) => $"{Run(instanceId)}/cancel";
}
