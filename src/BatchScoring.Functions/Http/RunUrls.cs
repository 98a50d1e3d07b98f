using Microsoft.Azure.Functions.Worker.Http;

namespace BatchScoring.Functions.Http;

/// <summary>
/// The API's own URLs, on the host the request came to (<c>extensions.http.routePrefix</c> is <see cref="RoutePrefix"/>).
/// A function key the caller sent as <c>?code=</c> is carried into every URL, as Durable's own management URLs carry
/// theirs, so the links can be followed as given; a key sent in the <c>x-functions-key</c> header is not copied into
/// URLs (they end up in logs and browser histories): such a caller sends the header again.
/// </summary>
internal sealed class RunUrls
{
    /// <summary>host.json's <c>extensions.http.routePrefix</c>; a test keeps the two equal.</summary>
    public const string RoutePrefix = "api";

    /// <summary>The query parameter the Functions host reads a function key from.</summary>
    public const string KeyParameter = "code";

    private readonly string root;
    private readonly string? code;

    public RunUrls(HttpRequestData request)
    {
        ArgumentNullException.ThrowIfNull(request);
        root = $"{request.Url.GetLeftPart(UriPartial.Authority)}/{RoutePrefix}/runs";
        code = request.Query[KeyParameter] is { Length: > 0 } key ? key : null;
    }

    /// <summary><c>/api/runs</c> with <paramref name="query"/> (already escaped, without <c>?</c>) and the caller's key.</summary>
    public string Runs(string? query = null) => WithKey(root, query);

    public string Run(string instanceId) => WithKey($"{root}/{Uri.EscapeDataString(instanceId)}");

    public string Cancel(string instanceId) => WithKey($"{root}/{Uri.EscapeDataString(instanceId)}/cancel");

    private string WithKey(string path, string? query = null)
    {
        var parameters = string.Join('&', new[] { query, code is null ? null : $"{KeyParameter}={Uri.EscapeDataString(code)}" }.Where(p => !string.IsNullOrEmpty(p)));
        return parameters.Length == 0 ? path : $"{path}?{parameters}";
    }
}
