namespace BatchScoring.Tests;

/// <summary>
/// One Azurite for every test class of the <see cref="AzuriteCollection"/> in a test assembly: started before the
/// first, stopped after the last. Tests that need it fail (never skip) when it cannot start.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private Azurite? azurite;

    public string ConnectionString => Server.ConnectionString;

    internal Azurite Server => azurite ?? throw new InvalidOperationException("Azurite has not started.");

    /// <summary>A container name no other test uses.</summary>
    public static string NewContainerName() => "t" + Guid.NewGuid().ToString("N");

    public async Task InitializeAsync() => azurite = await Azurite.StartAsync();

    public async Task DisposeAsync()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }
}

/// <summary>The test classes that share one <see cref="AzuriteFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
