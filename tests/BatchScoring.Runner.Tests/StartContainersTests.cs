using BatchScoring.Tests;

namespace BatchScoring.Runner.Tests;

/// <summary>
/// <c>batchscore start --containers INPUTS,OUTPUTS,MODELS</c> (or <c>$BATCHSCORE_CONTAINERS</c>): a run started on the
/// Functions app's task hub is held to the app's containers as the app holds the specs it starts itself, before
/// anything is scheduled.
/// </summary>
public sealed class StartContainersTests : IAsyncLifetime
{
    private const string Unreachable = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + Azurite.AccountKey
        + ";BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly TempFolder temp = new();
    private Azurite? azurite;

    public Task InitializeAsync()
    {
        temp.Write("leaky.json", Spec(input: "outputs/churn", model: "inputs/churn.onnx", output: "inputs/scored/results.csv"));
        temp.Write("kept-in.json", Spec(input: "inputs/churn", model: "specs/models/churn.onnx", output: "outputs/churn/results.csv"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }

        temp.Dispose();
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.ContainerConfinement)]
    public async Task Start_SpecOutsideTheContainers_ExitCode2NamingEveryFieldBeforeReachingTheHub()
    {
        // Act: storage that cannot be reached would be exit code 3; the spec is refused before.
        var (code, output) = await Batchscore.RunAsync(temp.Path, null, Timeout, "start", "leaky.json", "--hub", "batchscoring", "--storage", Unreachable, "--containers", "inputs,outputs,specs");

        // Assert
        Assert.Equal(2, code);
        Assert.Contains("error: leaky.json reads or writes outside the containers of --containers (inputs,outputs,specs):", output, StringComparison.Ordinal);
        Assert.Contains("input.location: must be in container 'inputs'", output, StringComparison.Ordinal);
        Assert.Contains("model.location: must be in container 'specs'", output, StringComparison.Ordinal);
        Assert.Contains("output.path: must be in container 'outputs'", output, StringComparison.Ordinal);
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.ContainerConfinement)]
    public async Task Start_ContainersFromTheEnvironment_HoldTheSpecToThem()
    {
        // Arrange
        var env = new Dictionary<string, string> { ["BATCHSCORE_CONTAINERS"] = "inputs,outputs,specs", ["BATCHSCORE_STORAGE"] = Unreachable };

        // Act
        var (code, output) = await Batchscore.RunAsync(temp.Path, env, Timeout, "start", "leaky.json", "--hub", "batchscoring");

        // Assert
        Assert.Equal(2, code);
        Assert.Contains("output.path: must be in container 'outputs'", output, StringComparison.Ordinal);
    }

    [Theory]
    [Trait(Behaviours.Trait, Behaviours.ContainerConfinement)]
    [InlineData("inputs,outputs", "--containers must be three container names INPUTS,OUTPUTS,MODELS")]
    [InlineData("inputs,Outputs,specs", "--containers must be three container names INPUTS,OUTPUTS,MODELS")]
    [InlineData("inputs,outputs,outputs", "the outputs container 'outputs' must differ from the inputs and models containers")]
    public async Task Start_ContainersMalformed_ExitCode2NamingTheOption(string containers, string expected)
    {
        // Act
        var (code, output) = await Batchscore.RunAsync(temp.Path, null, Timeout, "start", "kept-in.json", "--hub", "batchscoring", "--storage", Unreachable, "--containers", containers);

        // Assert
        Assert.Equal(2, code);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.ContainerConfinement)]
    public async Task Start_SpecInTheContainers_IsScheduledOnTheHub()
    {
        // Arrange
        azurite = await Azurite.StartAsync(allServices: true);
        var env = new Dictionary<string, string> { ["BATCHSCORE_STORAGE"] = azurite.ConnectionString };
        var hub = "hub" + Guid.NewGuid().ToString("N")[..12];

        // Act
        var (code, output) = await Batchscore.RunAsync(temp.Path, env, Timeout, "start", "kept-in.json", "--hub", hub, "--containers", "inputs,outputs,specs", "--id", "kept-in-1");
        var (statusCode, status) = await Batchscore.RunAsync(temp.Path, env, Timeout, "status", "kept-in-1", "--hub", hub);

        // Assert
        Assert.True(code == 0, output);
        Assert.Equal("kept-in-1", output.Trim().Split('\n')[^1].Trim());
        Assert.True(statusCode == 0, status);
    }

    [Fact]
    public async Task Worker_WithContainers_RefusesARunStartedWithoutThemBeforeItReadsOrWrites()
    {
        // Arrange: a worker that joins the app's hub with its containers; a run put on the hub without --containers.
        azurite ??= await Azurite.StartAsync(allServices: true);
        var env = new Dictionary<string, string> { ["BATCHSCORE_STORAGE"] = azurite.ConnectionString };
        using var worker = Batchscore.Start(temp.Path, env, "worker", "--hub", "confined", "--data-storage", azurite.ConnectionString, "--containers", "inputs,outputs,specs");
        var (code, output) = await Batchscore.RunAsync(temp.Path, env, Timeout, "start", "leaky.json", "--hub", "confined");
        Assert.True(code == 0, output);
        var id = output.Trim().Split('\n')[^1].Trim();

        // Act
        (code, output) = await Batchscore.RunAsync(temp.Path, env, TimeSpan.FromMinutes(3), "status", id, "--hub", "confined", "--wait");

        // Assert: failed in the orchestrator, before any activity: nothing written in the account but the hub's own.
        Assert.True(code == 1, output + worker.Output);
        Assert.Contains($"ScoringRun {id} refused before it read or wrote anything:", output, StringComparison.Ordinal);
        Assert.Contains("output.path: must be in container 'outputs'", output, StringComparison.Ordinal);
        var containers = new List<string>();
        await foreach (var container in new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString).GetBlobContainersAsync())
        {
            containers.Add(container.Name);
        }

        Assert.DoesNotContain("inputs", containers);
        Assert.DoesNotContain("outputs", containers);
    }

    private static string Spec(string input, string model, string output) => $$"""
        {
          "name": "churn",
          "input": { "location": "{{input}}", "glob": "*.csv", "mode": "tabular" },
          "model": { "location": "{{model}}" },
          "output": { "path": "{{output}}" }
        }
        """;
}
