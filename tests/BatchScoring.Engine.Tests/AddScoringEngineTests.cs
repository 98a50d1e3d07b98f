using BatchScoring.Engine.DependencyInjection;
using BatchScoring.Storage.Local;
using BatchScoring.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace BatchScoring.Engine.Tests;

/// <summary>The engine registers itself, without the orchestration, and refuses options out of range by name.</summary>
public sealed class AddScoringEngineTests
{
    [Fact]
    public async Task AddScoringEngine_WithAStore_ResolvesTheEngineOnItsOwn()
    {
        using var temp = new TempFolder();
        var services = new ServiceCollection().AddScoringEngine(options =>
        {
            options.UseStore(new LocalBlobStore(temp.Path));
            options.CpuSlots = 3;
        });

        await using var provider = services.BuildServiceProvider();

        var engine = provider.GetRequiredService<ScoringEngine>();
        Assert.IsType<LocalBlobStore>(engine.Store);
        Assert.Equal(3, provider.GetRequiredService<ScoringCapacity>().CpuSlots);
        Assert.Same(provider.GetRequiredService<ScorerProvider>(), provider.GetRequiredService<ScorerProvider>());
    }

    [Theory]
    [InlineData(0, "CpuSlots: must be between 1 and 1024, was 0")]
    [InlineData(-4, "CpuSlots: must be between 1 and 1024, was -4")]
    [InlineData(5000, "CpuSlots: must be between 1 and 1024, was 5000")]
    public void AddScoringEngine_CpuSlotsOutOfRange_RefusedNamingTheOption(int slots, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddScoringEngine(options => options.CpuSlots = slots));

        Assert.Contains("ScoringEngineOptions are not valid: " + expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddScoringEngine_BlankModelCacheFolder_RefusedNamingTheOption()
    {
        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddScoringEngine(options => options.ModelCacheFolder = " "));

        Assert.Contains("ModelCacheFolder: must name a folder when set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoringCapacity_ZeroSlots_RefusedNotClamped()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScoringCapacity(cpuSlots: 0));
    }

    [Fact]
    public async Task AddScoringEngine_NoStore_SaysHowToGiveOne()
    {
        await using var provider = new ServiceCollection().AddScoringEngine().BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ScoringEngine>());

        Assert.Contains("no data store; set ScoringEngineOptions.Store (or UseStore) or register an IBlobStore", error.Message, StringComparison.Ordinal);
    }
}
