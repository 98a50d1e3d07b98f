using BatchScoring.Functions.Activities;
using BatchScoring.Functions.Hosting;
using BatchScoring.Functions.Http;
using BatchScoring.Functions.Options;
using BatchScoring.Functions.Orchestrations;
using BatchScoring.Functions.Triggers;
using BatchScoring.Storage;
using BatchScoring.Storage.Azure;
using BatchScoring.Tests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BatchScoring.Functions.Tests;

/// <summary>The app's settings as app settings (environment-variable names, <c>__</c> for ':'), checked when the host starts.</summary>
public class OptionsValidationTests
{
    private static Dictionary<string, string?> Valid() => new()
    {
        ["BatchScoring__InputsContainer"] = "inputs",
        ["BatchScoring__OutputsContainer"] = "outputs",
        ["BatchScoring__SpecsContainer"] = "specs",
        ["ScoringStorage__blobServiceUri"] = "https://stdata.blob.core.windows.net",
        ["ScoringStorage__credential"] = "managedidentity",
        ["ScoringStorage__clientId"] = "9c5bd3a1-4c7e-4a3c-8e0b-2f1d6a7b8c90",
    };

    [Theory]
    [InlineData("BatchScoring__InputsContainer", null, "BatchScoring__InputsContainer")]
    [InlineData("BatchScoring__SpecsContainer", "Specs_Container", "BatchScoring__SpecsContainer")]
    [InlineData("BatchScoring__OutputsContainer", "inputs", "BatchScoring__OutputsContainer")]
    [InlineData("BatchScoring__SpecsContainer", "outputs", "BatchScoring__SpecsContainer and BatchScoring__OutputsContainer must differ")]
    [InlineData("BatchScoring__ModelsContainer", "outputs", "BatchScoring__ModelsContainer and BatchScoring__OutputsContainer must differ")]
    [InlineData("BatchScoring__ModelsContainer", "Models", "BatchScoring__ModelsContainer")]
    [InlineData("BatchScoring__MaxRequestBodyBytes", "10", "BatchScoring__MaxRequestBodyBytes")]
    [InlineData("BatchScoring__Schedules__nightly__Cron", "every night", "BatchScoring__Schedules__nightly__Cron")]
    [InlineData("BatchScoring__BlobRuns__churn__GroupWindowSeconds", "-5", "BatchScoring__BlobRuns__churn__Spec")]
    [InlineData("ScoringStorage__blobServiceUri", null, "ScoringStorage__blobServiceUri")]
    [InlineData("ScoringStorage__blobServiceUri", "stdata.blob.core.windows.net", "ScoringStorage__blobServiceUri")]
    [InlineData("ScoringStorage__clientId", "my-identity", "ScoringStorage__clientId")]
    [InlineData("ScoringStorage__credential", "password", "ScoringStorage__credential")]
    [InlineData("ScoringStorage", "UseDevelopmentStorage=true", "not both")]
    public async Task StartAsync_WrongOrMissingSetting_FailsNamingIt(string setting, string? value, string named)
    {
        var settings = Valid();
        settings[setting] = value;
        using var host = Build(settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ScheduleWithoutSpec_NamesBothProblems()
    {
        var settings = Valid();
        settings["BatchScoring__Schedules__nightly__Cron"] = "0 2 * * *";
        settings["BatchScoring__BlobRuns__bad name__Prefix"] = "/churn";
        using var host = Build(settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("BatchScoring__Schedules__nightly__Spec", error.Message, StringComparison.Ordinal);
        Assert.Contains("BatchScoring__BlobRuns__bad name__Prefix", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ValidSettings_ResolvesEveryFunctionAsTheWorkerWould()
    {
        var settings = Valid();
        settings["BatchScoring__Schedules__nightly__Cron"] = "0 0 2 * * *";
        settings["BatchScoring__Schedules__nightly__Spec"] = "nightly.json";
        settings["BatchScoring__BlobRuns__churn__Prefix"] = "churn/";
        settings["BatchScoring__BlobRuns__churn__Spec"] = "churn.json";
        using var host = Build(settings);

        await host.StartAsync();

        var options = host.Services.GetRequiredService<IOptions<BatchScoringOptions>>().Value;
        var store = Assert.IsType<AzureBlobStore>(host.Services.GetRequiredService<IBlobStore>());
        Assert.Equal("0 0 2 * * *", options.Schedules["nightly"].Cron);
        Assert.Equal("churn/", options.BlobRuns["churn"].Prefix);
        Assert.Equal("stdata", store.ServiceClient.AccountName);
        Type[] functions =
        [
            typeof(StartRun), typeof(GetRun), typeof(ListRuns), typeof(CancelRun), typeof(RunSchedules), typeof(StartRunOnInputBlob),
            typeof(PlanMiniBatchesActivity), typeof(ScoreMiniBatchActivity), typeof(RecordMiniBatchFailureActivity), typeof(CommitOutputActivity),
            typeof(ScoringRunOrchestrator), typeof(ScoreShardOrchestrator),
        ];
        Assert.All(functions, type => Assert.NotNull(ActivatorUtilities.CreateInstance(host.Services, type)));
        await host.StopAsync();
    }

    [Theory]
    [Trait(Behaviours.Trait, Behaviours.ContainerConfinement)]
    [InlineData(null, "specs")]
    [InlineData("", "specs")]
    [InlineData("models", "models")]
    public async Task StartAsync_ModelsContainerSetOrNot_RunsLoadModelsFromItOrFromTheSpecsContainer(string? models, string expected)
    {
        // Arrange
        var settings = Valid();
        settings["BatchScoring__ModelsContainer"] = models;
        using var host = Build(settings);

        // Act
        await host.StartAsync();

        // Assert
        var containers = host.Services.GetRequiredService<IOptions<BatchScoringOptions>>().Value.Containers;
        Assert.Equal(new Core.Spec.SpecContainers("inputs", "outputs", expected), containers);
        await host.StopAsync();
    }

    [Fact]
    public async Task StartAsync_ConnectionString_UsesItForTheStore()
    {
        var settings = Valid();
        settings.Remove("ScoringStorage__blobServiceUri");
        settings.Remove("ScoringStorage__credential");
        settings.Remove("ScoringStorage__clientId");
        settings["ScoringStorage"] = "UseDevelopmentStorage=true";
        using var host = Build(settings);

        await host.StartAsync();

        Assert.Equal("devstoreaccount1", Assert.IsType<AzureBlobStore>(host.Services.GetRequiredService<IBlobStore>()).ServiceClient.AccountName);
        await host.StopAsync();
    }

    private static IHost Build(Dictionary<string, string?> appSettings) =>
        new HostBuilder()
            .ConfigureAppConfiguration(c => c.AddInMemoryCollection(appSettings.Where(s => s.Value is not null).ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), s => s.Value)))
            .ConfigureServices(s => s.AddBatchScoringFunctions())
            .Build();
}
