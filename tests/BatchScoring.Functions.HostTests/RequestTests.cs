using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace BatchScoring.Functions.HostTests;

/// <summary>What <c>POST /api/runs</c> answers to requests it cannot start a run from, as the host delivers them.</summary>
[Collection(HostCollection.Name)]
public sealed class RequestTests(HostFixture host)
{
    /// <summary>The app's default BatchScoring__MaxRequestBodyBytes.</summary>
    private const int Limit = 256 * 1024;

    private static byte[] OversizeSpec => Encoding.UTF8.GetBytes(
        Samples.Spec("too-large", "inputs/digits", "outputs/too-large/results.csv").ToJsonString().Replace("\"too-large\"", "\"too-large\"" + new string(' ', Limit + 1024), StringComparison.Ordinal));

    [Fact]
    public Task StartRun_BodyAboveTheLimit_Returns413WithOrWithoutContentLength() => host.WithHostLogAsync(async () =>
    {
        using var sized = await host.SendAsync(HttpMethod.Post, "/api/runs", new ByteArrayContent(OversizeSpec) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });
        using var chunked = await host.SendAsync(HttpMethod.Post, "/api/runs", new ChunkedContent(OversizeSpec, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, sized.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode); // was 400 "the body is empty"
        Assert.Equal("urn:batchscoring:problem:body-too-large", (await HostFixture.BodyAsync(chunked)).GetProperty("type").GetString());
    });

    [Fact]
    public Task StartRun_ValidSpecChunked_IsReadAndStarted() => host.WithHostLogAsync(async () =>
    {
        var spec = Samples.Spec("digits-chunked", "inputs/digits", "outputs/digits-chunked/results.csv");

        using var response = await host.SendAsync(HttpMethod.Post, "/api/runs", new ChunkedContent(Encoding.UTF8.GetBytes(spec.ToJsonString()), "application/json; charset=utf-8"));

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}"); // was 400 "the body is empty"
    });

    [Fact]
    public Task StartRun_InvalidSpec_Returns400ListingFieldsByJsonPath() => host.WithHostLogAsync(async () =>
    {
        var spec = Samples.Spec("bad name!", "inputs/digits", "outputs/bad/results.txt", s =>
        {
            s["miniBatch"] = new JsonObject { ["rows"] = 0 };
            s["failures"] = new JsonObject { ["allowedFailedPercent"] = 150 };
        });

        using var invalid = await host.SendAsync(HttpMethod.Post, "/api/runs", HostFixture.Json(spec));
        using var missing = await host.SendAsync(HttpMethod.Post, "/api/runs", HostFixture.Json(new JsonObject { ["specName"] = "no-such-spec.json" }));
        using var unknown = await host.SendAsync(HttpMethod.Post, "/api/runs", HostFixture.Json(new JsonObject { ["name"] = "x", ["inptu"] = new JsonObject() }));
        var paths = (await HostFixture.BodyAsync(invalid)).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToList();

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
        Assert.Contains("$.name", paths);
        Assert.Contains("$.failures.allowedFailedPercent", paths);
        Assert.Contains("$.output.path", paths);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("$.specName", (await HostFixture.BodyAsync(missing)).GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("$.inptu", (await HostFixture.BodyAsync(unknown)).GetProperty("errors")[0].GetProperty("path").GetString());
    });

    [Fact]
    public Task StartRun_BodyNotDeclaredJson_Returns415() => host.WithHostLogAsync(async () =>
    {
        var spec = Encoding.UTF8.GetBytes(Samples.Spec("digits-text", "inputs/digits", "outputs/digits-text/results.csv").ToJsonString());

        using var text = await host.SendAsync(HttpMethod.Post, "/api/runs", new ByteArrayContent(spec) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } });
        using var none = await host.SendAsync(HttpMethod.Post, "/api/runs", new ByteArrayContent(spec));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal("urn:batchscoring:problem:unsupported-media-type", (await HostFixture.BodyAsync(text)).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, none.StatusCode);
    });
}
