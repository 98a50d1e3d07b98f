using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace BatchScoring.Functions.HostTests;

/// <summary>
/// Blob arrival as Event Grid delivers it to the blob extension's webhook (Azurite raises no events): the
/// subscription handshake, then BlobCreated notifications with the <c>blobs_extension</c> system key.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class BlobEventTests(HostFixture host)
{
    private const string Executed = "Executed 'Functions.StartRunOnInputBlob' (Succeeded";

    private string Webhook => $"/runtime/webhooks/blobs?functionName=Host.Functions.StartRunOnInputBlob&code={Uri.EscapeDataString(host.Host.Keys.BlobsExtension)}";

    [Fact]
    public Task Webhook_SubscriptionValidation_AnswersTheValidationCode() => host.WithHostLogAsync(async () =>
    {
        var code = Guid.NewGuid().ToString();
        var handshake = new JsonArray(new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["topic"] = Topic,
            ["subject"] = "",
            ["eventType"] = "Microsoft.EventGrid.SubscriptionValidationEvent",
            ["eventTime"] = DateTimeOffset.UtcNow.ToString("o"),
            ["data"] = new JsonObject { ["validationCode"] = code },
            ["dataVersion"] = "1",
            ["metadataVersion"] = "1",
        });

        using var response = await PostAsync(handshake, "SubscriptionValidation");
        using var withoutKey = await host.SendAsync(HttpMethod.Post, "/runtime/webhooks/blobs?functionName=Host.Functions.StartRunOnInputBlob", Content(handshake, "SubscriptionValidation"), key: "");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(code, (await HostFixture.BodyAsync(response)).GetProperty("validationResponse").GetString());
        Assert.Equal(host.Host.CoreTools ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, withoutKey.StatusCode);
    });

    [Fact]
    public Task Webhook_SameBlobEventTwice_StartsOneRunAndTheSecondDeliverySaysItExists() => host.WithHostLogAsync(async () =>
    {
        await host.UploadAsync($"{HostFixture.Inputs}/arrivals/digits.csv", Samples.DigitsCsv);
        var notification = BlobCreated("arrivals/digits.csv");
        var before = host.Host.CountInLog(Executed);

        using var first = await PostAsync(notification, "Notification");
        using var second = await PostAsync(notification, "Notification");
        await host.Host.UntilAsync((h, _) => Task.FromResult(h.CountInLog(Executed) >= before + 2), HostFixture.HostStartTimeout, "both deliveries handled");
        var runs = await host.InstancesAsync($"blob.{HostFixture.ArrivalsRule}.");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var id = Assert.Single(runs);
        Assert.Equal(1, host.Host.CountInLog($"rule {HostFixture.ArrivalsRule} started run {id}"));
        Assert.Equal(1, host.Host.CountInLog($"run {id} exists already; a repeated delivery starts nothing"));
        var run = await host.WaitForRunAsync($"/api/runs/{id}");
        Assert.True(run.GetProperty("runtimeStatus").GetString() == "completed", $"run {run}");
        Samples.AssertMatchesScikitLearn((await host.ReadAsync($"{HostFixture.Outputs}/arrivals/digits.csv"))!, "the arrival's output");
    });

    [Fact]
    public Task Webhook_SpecInvalidOnceNarrowedToTheBlob_StartsNothingAndLogsWhy() => host.WithHostLogAsync(async () =>
    {
        await host.UploadAsync($"{HostFixture.Inputs}/selfscore/digits.csv", Samples.DigitsCsv);
        var before = host.Host.CountInLog(Executed);

        using var response = await PostAsync(BlobCreated("selfscore/digits.csv"), "Notification");
        await host.Host.UntilAsync((h, _) => Task.FromResult(h.CountInLog(Executed) > before), HostFixture.HostStartTimeout, "the delivery handled");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(await host.InstancesAsync($"blob.{HostFixture.SelfScoreRule}."));
        Assert.Equal(1, host.Host.CountInLog($"Blob {HostFixture.Inputs}/selfscore/digits.csv: rule {HostFixture.SelfScoreRule}'s spec {HostFixture.Specs}/selfscore.json, narrowed to this blob, is not a valid run spec; nothing started"));
        Assert.Contains("output.path: lies among the inputs", host.Host.Log, StringComparison.Ordinal);
    });

    private string Topic => $"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/{BatchScoring.Tests.Azurite.AccountName}";

    private JsonArray BlobCreated(string name) => new(new JsonObject
    {
        ["id"] = Guid.NewGuid().ToString(),
        ["topic"] = Topic,
        ["subject"] = $"/blobServices/default/containers/{HostFixture.Inputs}/blobs/{name}",
        ["eventType"] = "Microsoft.Storage.BlobCreated",
        ["eventTime"] = DateTimeOffset.UtcNow.ToString("o"),
        ["dataVersion"] = "",
        ["metadataVersion"] = "1",
        ["data"] = new JsonObject
        {
            ["api"] = "PutBlob",
            ["contentType"] = "text/csv",
            ["blobType"] = "BlockBlob",
            ["url"] = $"{host.Storage.BlobEndpoint}/{HostFixture.Inputs}/{name}",
        },
    });

    private static StringContent Content(JsonNode events, string eventType) =>
        new(events.ToJsonString(), Encoding.UTF8, "application/json") { Headers = { { "aeg-event-type", eventType } } };

    private Task<HttpResponseMessage> PostAsync(JsonNode events, string eventType) => host.SendAsync(HttpMethod.Post, Webhook, Content(events, eventType));
}
