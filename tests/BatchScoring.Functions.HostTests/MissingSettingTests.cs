using BatchScoring.Tests;

namespace BatchScoring.Functions.HostTests;

/// <summary>A required app setting missing: the worker stops at start, and the host's log names the setting.</summary>
[Collection(HostCollection.Name)]
public sealed class MissingSettingTests
{
    private const string Missing = "BatchScoring__SpecsContainer";

    [Fact]
    public async Task Worker_RequiredSettingMissing_StopsWithTheSettingsNameInTheHostLog()
    {
        // A host of its own (on an Azurite of its own): it never becomes ready, and must not share a task hub.
        FunctionsHost.ThrowIfUnavailable();
        await using var storage = await Azurite.StartAsync(allServices: true);
        await using var host = await FunctionsHost.StartAsync(
            HostFixture.AppSettings(storage, Missing),
            (h, _) => Task.FromResult(h.Log.Contains($"Set the app setting {Missing}", StringComparison.Ordinal)),
            HostFixture.HostStartTimeout);

        Assert.Contains("OptionsValidationException", host.Log, StringComparison.Ordinal);
    }
}
