using System.Text.Json;
using System.Text.RegularExpressions;
using BatchScoring.Functions.Triggers;
using BatchScoring.Tests;

namespace BatchScoring.Functions.Tests;

/// <summary>
/// functions.metadata as the Functions SDK generated it in the app's build output (copied here by the project file):
/// what the Functions host indexes at <c>func start</c> and in Azure.
/// </summary>
public class FunctionsMetadataTests
{
    private static readonly string OutputFolder = Path.Combine(AppContext.BaseDirectory, "FunctionsApp");

    private static readonly Dictionary<string, JsonElement> Functions = Load();

    [Fact]
    public void Metadata_Functions_AreExactlyTheAppsFourteen()
    {
        string[] expected =
        [
            "StartRun", "GetRun", "ListRuns", "CancelRun", "GetSeries", "RunSchedules", "StartRunOnInputBlob",
            "ScoringRun", "ScoreShard", "PlanMiniBatches", "ScoreMiniBatch", "RecordMiniBatchFailure", "CommitOutput", "RecordRunFailure",
        ];

        Assert.Equal(expected.Order(StringComparer.Ordinal), Functions.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>Every orchestrator and activity of the run (the list the other hosts register from) has its wrapper, by the same name.</summary>
    [Fact]
    public void Metadata_ScoringTasks_EachHasAWrapperOfItsName()
    {
        foreach (var type in Orchestration.ScoringTasks.Orchestrators)
        {
            Assert.True(Functions.ContainsKey(type.Name), $"no function '{type.Name}'");
            Assert.Equal("orchestrationTrigger", Trigger(type.Name).GetProperty("type").GetString());
        }

        foreach (var type in Orchestration.ScoringTasks.Activities)
        {
            Assert.True(Functions.ContainsKey(type.Name), $"no function '{type.Name}'");
            Assert.Equal("activityTrigger", Trigger(type.Name).GetProperty("type").GetString());
        }
    }

    [Theory]
    [InlineData("StartRun", "runs", "post", true)]
    [InlineData("ListRuns", "runs", "get", true)]
    [InlineData("GetRun", "runs/{id}", "get", true)]
    [InlineData("GetSeries", "series/{name}", "get", false)]
    [InlineData("CancelRun", "runs/{id}/cancel", "post", true)]
    public void HttpFunction_Trigger_HasRouteMethodAndFunctionKeyAuth(string function, string route, string method, bool durableClient)
    {
        var trigger = Trigger(function);

        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("Function", trigger.GetProperty("authLevel").GetString());
        Assert.Contains(Bindings(function), b => b.GetProperty("type").GetString() == "http" && b.GetProperty("direction").GetString() == "Out");
        Assert.Equal(durableClient, Bindings(function).Any(b => b.GetProperty("type").GetString() == "durableClient"));
    }

    [Fact]
    public void RunSchedules_Trigger_IsATimerEveryMinute()
    {
        var trigger = Trigger("RunSchedules");

        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("0 * * * * *", trigger.GetProperty("schedule").GetString());
        Assert.Equal(RunSchedules.Tick, trigger.GetProperty("schedule").GetString());
        Assert.Contains(Bindings("RunSchedules"), b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Fact]
    public void StartRunOnInputBlob_Trigger_IsTheEventGridBlobTriggerTheInfraSubscribes()
    {
        var trigger = Trigger("StartRunOnInputBlob");
        var bicep = File.ReadAllText(Repo.PathOf("infra/main.bicep"));

        Assert.Equal("blobTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("%BatchScoring:InputsContainer%/{name}", trigger.GetProperty("path").GetString());
        Assert.Equal("EventGrid", trigger.GetProperty("source").GetString());
        Assert.Equal("ScoringStorage", trigger.GetProperty("connection").GetString());
        Assert.Contains("param blobTriggerFunctionName string = 'StartRunOnInputBlob'", bicep, StringComparison.Ordinal);
        Assert.Contains("BatchScoring__InputsContainer: inputsContainerName", bicep, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"ScoringStorage__blobServiceUri:"), bicep);
    }

    [Theory]
    [InlineData("ScoringRun", "orchestrationTrigger")]
    [InlineData("ScoreShard", "orchestrationTrigger")]
    [InlineData("PlanMiniBatches", "activityTrigger")]
    [InlineData("ScoreMiniBatch", "activityTrigger")]
    [InlineData("RecordMiniBatchFailure", "activityTrigger")]
    [InlineData("CommitOutput", "activityTrigger")]
    [InlineData("RecordRunFailure", "activityTrigger")]
    public void DurableFunction_Trigger_HasTheDurableTriggerType(string function, string type)
    {
        Assert.Equal(type, Trigger(function).GetProperty("type").GetString());
        Assert.Single(Bindings(function));
    }

    [Fact]
    public void ExtensionsJson_Extensions_IncludeDurableTaskAndBlobs()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(OutputFolder, "extensions.json")));
        var names = document.RootElement.GetProperty("extensions").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();

        Assert.Contains("DurableTask", names);
        Assert.Contains("AzureStorageBlobs", names);
    }

    private static JsonElement Trigger(string function) =>
        Bindings(function).Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    private static List<JsonElement> Bindings(string function) => Functions[function].GetProperty("bindings").EnumerateArray().ToList();

    private static Dictionary<string, JsonElement> Load()
    {
        var path = Path.Combine(OutputFolder, "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: the Functions build did not generate functions.metadata.");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.Clone(), StringComparer.Ordinal);
    }
}
