namespace BatchScoring.Functions.HostTests;

/// <summary>
/// A <see cref="HostFixture"/> of its own (its own Azurite and host) for <see cref="ContainersTests"/>: nothing else
/// runs on its account, so a listing of the whole account before and after a request shows whether anything was
/// written. Besides the sample it holds what a spec might reach for outside the app's containers: a container
/// <see cref="Elsewhere"/> holding the digits CSV, and the model in the outputs container. Azurite takes the account
/// key, so storage itself would allow every one of these reads and writes.
/// </summary>
public sealed class ContainersHostFixture : IAsyncLifetime
{
    /// <summary>A container of the data account that is none of the app's.</summary>
    public const string Elsewhere = "elsewhere";

    /// <summary>Where the Functions host keeps its primary host lock, in its storage (here, the same account).</summary>
    private const string HostLock = "azure-webjobs-hosts/locks/";

    public HostFixture Host { get; } = new();

    public async Task InitializeAsync()
    {
        await Host.InitializeAsync();
        await Host.Blobs.GetBlobContainerClient(Elsewhere).CreateIfNotExistsAsync();
        await Host.UploadAsync($"{Elsewhere}/digits/digits.csv", Samples.DigitsCsv);
        await Host.UploadAsync($"{HostFixture.Outputs}/{Samples.ModelBlob}", Samples.Model);

        // The host writes its own blobs while it settles (the primary host lock, some seconds after it answers); after
        // that an idle host writes none, and a listing changes only by what a request did.
        await Host.Host.UntilAsync(
            async (_, _) => (await Host.AccountAsync()).Any(blob => blob.StartsWith(HostLock, StringComparison.Ordinal)),
            HostFixture.HostStartTimeout,
            "the host's primary lock");
    }

    public Task DisposeAsync() => Host.DisposeAsync();
}
