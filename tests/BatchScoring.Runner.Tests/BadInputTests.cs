using System.Diagnostics;
using BatchScoring.Tests;

namespace BatchScoring.Runner.Tests;

/// <summary>Each kind of bad input: one clear line and its documented exit code.</summary>
public sealed class BadInputTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Run_MissingSpecFile_ExitCode2NamingTheFile()
    {
        using var temp = new TempFolder();

        var (code, output) = await Batchscore.RunAsync(temp.Path, null, Timeout, "run", "nope.json");

        Assert.Equal(2, code);
        Assert.Contains("error: cannot read spec 'nope.json'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InvalidSpec_ExitCode2ListingEveryJsonPath()
    {
        using var temp = new TempFolder();
        temp.Write("spec.json", "{\"failures\":{\"allowedFailedPercent\":140},\"execution\":{\"maxTries\":0},\"output\":{\"path\":\"out/r.txt\"}}");

        var (code, output) = await Batchscore.RunAsync(temp.Path, null, Timeout, "run", "spec.json");

        Assert.Equal(2, code);
        Assert.Contains("spec.json is not a valid run spec:", output, StringComparison.Ordinal);
        Assert.Contains("failures.allowedFailedPercent: must be between 0 and 100, was 140", output, StringComparison.Ordinal);
        Assert.Contains("execution.maxTries: must be between 1 and 100, was 0", output, StringComparison.Ordinal);
        Assert.Contains("output.path: extension must be .csv, .jsonl or .parquet, was '.txt'", output, StringComparison.Ordinal);
        Assert.Contains("input.location: is required", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_UnreachableStorage_ExitCode3WithinSeconds()
    {
        using var temp = new TempFolder();
        var watch = Stopwatch.StartNew();

        var (code, output) = await Batchscore.RunAsync(temp.Path, null, Timeout, "runs", "--hub", "scoring", "--storage", "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + Azurite.AccountKey + ";BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;");

        Assert.Equal(3, code);
        Assert.Contains("error: storage at http://127.0.0.1:9/devstoreaccount1 cannot be reached", output, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Runs_StorageThatAnswersSlowly_IsReachableNotExitCode3()
    {
        // Arrange: an endpoint that answers the service-properties probe after 7 s (past the first 5 s time-out), as a
        // busy emulator does, and refuses everything else at once.
        using var temp = new TempFolder();
        using var endpoint = new SlowStorageEndpoint(TimeSpan.FromSeconds(7));
        var connection = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Azurite.AccountKey};BlobEndpoint={endpoint.Url};QueueEndpoint={endpoint.Url};TableEndpoint={endpoint.Url};";

        // Act
        var (code, output) = await Batchscore.RunAsync(temp.Path, null, Timeout, "runs", "--hub", "scoring", "--storage", connection);

        // Assert: reached, then refused by the fake storage when the hub is created.
        Assert.DoesNotContain("cannot be reached", output, StringComparison.Ordinal);
        Assert.True(code == 5, output);
        Assert.Contains("storage refused task hub 'scoring'", output, StringComparison.Ordinal);
        Assert.True(endpoint.Probes >= 2, $"probes: {endpoint.Probes}");
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("has-dash")]
    [InlineData("1starts")]
    public async Task Worker_InvalidTaskHubName_ExitCode5(string hub)
    {
        using var temp = new TempFolder();

        var (code, output) = await Batchscore.RunAsync(temp.Path, null, Timeout, "worker", "--hub", hub, "--storage", "UseDevelopmentStorage=true");

        Assert.Equal(5, code);
        Assert.Contains($"error: task hub name '{hub}' is not valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_NoStorageGiven_ExitCode2()
    {
        using var temp = new TempFolder();

        var (code, output) = await Batchscore.RunAsync(temp.Path, new Dictionary<string, string> { ["BATCHSCORE_STORAGE"] = "" }, Timeout, "status", "abc", "--hub", "scoring");

        Assert.Equal(2, code);
        Assert.Contains("error: --storage is required", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("worker")]
    [InlineData("start")]
    [InlineData("status")]
    [InlineData("cancel")]
    [InlineData("runs")]
    public async Task Help_EveryCommand_DescribesItWithAnExample(string command)
    {
        using var temp = new TempFolder();

        var (code, output) = await Batchscore.RunAsync(temp.Path, null, Timeout, command, "--help");

        Assert.Equal(0, code);
        Assert.Contains("Example:", output, StringComparison.Ordinal);
        Assert.Contains("batchscore " + command, output, StringComparison.Ordinal);
    }
}
