using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchScoring.Functions.HostTests;

/// <summary>Requests as a client sends them, with the keys the host generated, and waits on what they start.</summary>
public sealed partial class HostFixture
{
    private static readonly string[] Finished = ["completed", "failed", "terminated"];

    private readonly Lock runsLock = new();
    private Task<JsonElement>? namedRun;

    /// <summary>Sends a request with the default function key in <c>x-functions-key</c>, unless the URL carries a <c>code</c> or <paramref name="key"/> is empty.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, HttpContent? content = null, string? key = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        key ??= Host.Keys.Function;
        if (key.Length > 0 && !url.Contains("code=", StringComparison.Ordinal))
        {
            request.Headers.Add("x-functions-key", key);
        }

        return await Host.Http.SendAsync(request);
    }

    /// <summary>JSON content, as a client sends a spec.</summary>
    public static HttpContent Json(JsonNode body, string contentType = "application/json") =>
        new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToJsonString())) { Headers = { ContentType = MediaTypeHeaderValue.Parse(contentType) } };

    /// <summary>The response's body as JSON, failing with the status and text when it is not JSON.</summary>
    public static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode} {response.StatusCode}: the body is not JSON: '{text}'", e);
        }
    }

    /// <summary><c>POST /api/runs</c> with <paramref name="body"/>; asserts 202 and returns the answer.</summary>
    public async Task<JsonElement> StartRunAsync(JsonNode body)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/runs", Json(body));
        var answer = await BodyAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /api/runs answered {(int)response.StatusCode}: {answer}");
        return answer;
    }

    /// <summary>Follows <paramref name="runUri"/> until the run has finished (completed, failed or terminated); its last state.</summary>
    public async Task<JsonElement> WaitForRunAsync(string runUri, TimeSpan? timeout = null)
    {
        JsonElement run = default;
        try
        {
            await Host.UntilAsync(
                async (_, _) =>
                {
                    using var response = await SendAsync(HttpMethod.Get, runUri);
                    run = await BodyAsync(response);
                    return response.StatusCode == HttpStatusCode.OK && Finished.Contains(run.GetProperty("runtimeStatus").GetString());
                },
                timeout ?? HostStartTimeout,
                $"run {runUri} finishing");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"The run was last seen as {run}. {e.Message}", e);
        }

        return run;
    }

    /// <summary>The run of <c>{"specName": "digits-tabular.json"}</c>, started once for every test that needs a completed run.</summary>
    public Task<JsonElement> NamedRunAsync()
    {
        lock (runsLock)
        {
            return namedRun ??= StartAndWaitAsync(new JsonObject { ["specName"] = "digits-tabular.json" });
        }
    }

    /// <summary>The runs (ScoringRun instances, not their shards) whose ids start with <paramref name="prefix"/>, from Durable's own management API (its system key).</summary>
    public async Task<List<string>> InstancesAsync(string prefix)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/runtime/webhooks/durabletask/instances?instanceIdPrefix={Uri.EscapeDataString(prefix)}&code={Uri.EscapeDataString(Host.Keys.DurableTask)}");
        var body = await BodyAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Durable's instance query answered {(int)response.StatusCode}: {body}");
        return body.EnumerateArray().Where(i => i.GetProperty("name").GetString() == "ScoringRun").Select(i => i.GetProperty("instanceId").GetString()!).ToList();
    }

    /// <summary>Runs <paramref name="test"/>; a failure carries the host's log.</summary>
    public async Task WithHostLogAsync(Func<Task> test)
    {
        ArgumentNullException.ThrowIfNull(test);
        try
        {
            await test();
        }
        catch (Exception e) when (host is not null && e is not HostLogException)
        {
            throw new HostLogException(e, Host.Tail());
        }
    }

    private async Task<JsonElement> StartAndWaitAsync(JsonNode body)
    {
        var started = await StartRunAsync(body);
        return await WaitForRunAsync(started.GetProperty("runUri").GetString()!);
    }
}
