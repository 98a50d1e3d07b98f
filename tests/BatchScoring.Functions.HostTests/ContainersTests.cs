using System.Net;
using System.Text.Json.Nodes;
using BatchScoring.Tests;

namespace BatchScoring.Functions.HostTests;

/// <summary>
/// The app keeps every run in its containers, under the real host, on Azurite with its account key (storage
/// would allow every read and write): a posted spec that reads or writes elsewhere is refused with 400 naming the field
/// and its container, and nothing is written anywhere in the account; so is a run started past the API, through
/// Durable's own HTTP API; a valid spec still runs. On a host of its own (<see cref="ContainersHostFixture"/>).
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ContainersTests(ContainersHostFixture fixture) : IClassFixture<ContainersHostFixture>
{
    private HostFixture Host => fixture.Host;

    public static TheoryData<string, string, string> Refused => new()
    {
        { "writes-inputs", "$.output.path", HostFixture.Outputs },
        { "reads-elsewhere", "$.input.location", HostFixture.Inputs },
        { "model-in-outputs", "$.model.location", HostFixture.Specs },
    };

    [Theory]
    [Trait(Behaviours.Trait, Behaviours.ContainerConfinement)]
    [MemberData(nameof(Refused))]
    public Task StartRun_SpecOutsideTheContainers_Returns400NamingTheFieldAndWritesNothingAnywhere(string name, string field, string container) => Host.WithHostLogAsync(async () =>
    {
        // Arrange
        var spec = SpecOutsideTheContainers(name);
        var before = await Host.AccountAsync();

        // Act
        using var response = await Host.SendAsync(HttpMethod.Post, "/api/runs", HostFixture.Json(spec));

        // Assert
        var problem = await HostFixture.BodyAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {problem}");
        Assert.Equal("urn:batchscoring:problem:outside-containers", problem.GetProperty("type").GetString());
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(field, error.GetProperty("path").GetString());
        Assert.StartsWith($"must be in container '{container}'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        AssertNothingWritten(before, await Host.AccountAsync());
        Assert.Empty(await Host.InstancesAsync(name));
    });

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.ContainerConfinement)]
    public Task DurableHttpApi_ScoringRunWritingIntoTheInputsContainer_FailsBeforeItWritesAnything() => Host.WithHostLogAsync(async () =>
    {
        // Arrange: the input as the worker reads it (enums as numbers), started with Durable's system key, which every
        // 202 of POST /api/runs carries in its management URLs.
        var spec = SpecOutsideTheContainers("writes-inputs");
        spec["input"]!["mode"] = 1;
        foreach (var (output, kind) in spec["model"]!["outputs"]!.AsArray().Zip([0, 1]))
        {
            output!["kind"] = kind;
        }

        var input = new JsonObject { ["spec"] = spec, ["engine"] = "azure-functions" };
        var id = $"durable-api-{Guid.NewGuid():N}";
        var before = await Host.AccountAsync();

        // Act
        using var started = await Host.SendAsync(HttpMethod.Post, $"/runtime/webhooks/durabletask/orchestrators/ScoringRun/{id}?code={Uri.EscapeDataString(Host.Host.Keys.DurableTask)}", HostFixture.Json(input), key: "");
        var run = await Host.WaitForRunAsync($"/api/runs/{id}");

        // Assert
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, $"Durable's start answered {(int)started.StatusCode}: {await started.Content.ReadAsStringAsync()}");
        Assert.True(run.GetProperty("runtimeStatus").GetString() == "failed", $"run {run}");
        var message = run.GetProperty("failure").GetProperty("message").GetString()!;
        Assert.StartsWith($"ScoringRun {id} refused before it read or wrote anything:", message, StringComparison.Ordinal);
        Assert.Contains($"output.path: must be in container '{HostFixture.Outputs}'", message, StringComparison.Ordinal);
        AssertNothingWritten(before, await Host.AccountAsync());
    });

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.ContainerConfinement)]
    public Task StartRun_SpecInTheContainers_StillRunsWithScikitLearnsPredictions() => Host.WithHostLogAsync(async () =>
    {
        // Arrange
        var spec = Samples.Spec("kept-in", $"{HostFixture.Inputs}/digits", $"{HostFixture.Outputs}/kept-in/results.csv");

        // Act
        var started = await Host.StartRunAsync(spec);
        var run = await Host.WaitForRunAsync(started.GetProperty("runUri").GetString()!);

        // Assert
        Assert.True(run.GetProperty("runtimeStatus").GetString() == "completed", $"run {run}");
        Samples.AssertMatchesScikitLearn((await Host.ReadAsync($"{HostFixture.Outputs}/kept-in/results.csv"))!, "kept-in");
        Assert.Contains($"code={Uri.EscapeDataString(Host.Host.Keys.DurableTask)}", started.GetProperty("statusQueryGetUri").GetString(), StringComparison.Ordinal);
    });

    private static void AssertNothingWritten(List<string> before, List<string> after) =>
        Assert.True(
            before.SequenceEqual(after),
            $"The account changed. Now there: {string.Join(", ", after.Except(before))}; gone: {string.Join(", ", before.Except(after))}");

    /// <summary>The sample spec named <paramref name="name"/>, with one path outside the app's containers (each reachable with the account key).</summary>
    private static JsonObject SpecOutsideTheContainers(string name) => name switch
    {
        "writes-inputs" => Samples.Spec(name, $"{HostFixture.Inputs}/digits", $"{HostFixture.Inputs}/scored/results.csv"),
        "reads-elsewhere" => Samples.Spec(name, $"{ContainersHostFixture.Elsewhere}/digits", $"{HostFixture.Outputs}/{name}/results.csv"),
        "model-in-outputs" => Samples.Spec(name, $"{HostFixture.Inputs}/digits", $"{HostFixture.Outputs}/{name}/results.csv", s => s["model"]!["location"] = $"{HostFixture.Outputs}/{Samples.ModelBlob}"),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such spec"),
    };
}
