using System.Text;
using Azure.Core;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Spec;
using BatchScoring.Storage.Azure;
using BatchScoring.Storage.Output;
using BatchScoring.Tests;

namespace BatchScoring.Storage.Tests.Azure;

/// <summary>What only the Azure adapter does: paging, ranged requests, block lists, options. The shared contract is in <c>AzureBlobStoreContractTests</c>.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobStoreTests(AzuriteFixture azurite)
{
    private readonly string container = AzuriteFixture.NewContainerName();

    [Fact]
    public async Task ListAsync_PagesOfTwo_EveryBlobOnceInOrder()
    {
        var store = new AzureBlobStore(azurite.ConnectionString, new AzureBlobStoreOptions { ListPageSize = 2 });
        var names = Enumerable.Range(0, 7).Select(i => $"{container}/in/{(char)('g' - i)}.csv").ToList();
        foreach (var name in names)
        {
            await store.WriteAllBytesAsync(name, "x"u8.ToArray());
        }

        var listed = await store.ListAsync($"{container}/in").Select(b => b.Path).ToListAsync();

        Assert.Equal(names.Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task ListAsync_WholeAccount_ContainersInOrdinalOrderOfPaths()
    {
        var store = new AzureBlobStore(azurite.ConnectionString);
        await store.WriteAllBytesAsync($"{container}/x.txt", "1"u8.ToArray());
        await store.WriteAllBytesAsync($"{container}-b/x.txt", "2"u8.ToArray());

        var listed = await store.ListAsync("").Select(b => b.Path).Where(p => p.StartsWith(container, StringComparison.Ordinal)).ToListAsync();

        // The service lists container "t..." before "t...-b"; as paths, "t...-b/x.txt" < "t.../x.txt".
        Assert.Equal([$"{container}-b/x.txt", $"{container}/x.txt"], listed);
    }

    [Fact]
    public async Task OpenReadAsync_FooterThenRange_ReadsOnlyWhatIsNeeded()
    {
        var store = new AzureBlobStore(azurite.ConnectionString);
        var content = new byte[10_000_000];
        new Random(5).NextBytes(content);
        await store.WriteAllBytesAsync($"{container}/data.parquet", content);

        await using var stream = (RangeReadStream)await store.OpenReadAsync($"{container}/data.parquet");
        var tail = new byte[8];
        stream.Seek(-8, SeekOrigin.End);
        await stream.ReadExactlyAsync(tail);
        var footer = new byte[20_000];
        stream.Seek(-20_008, SeekOrigin.End);
        await stream.ReadExactlyAsync(footer);

        // One request for the last 64 KiB serves both reads, as for a Parquet footer.
        Assert.Equal(1, stream.Requests);
        Assert.Equal(content[^20_008..^8], footer);

        var slice = new byte[1000];
        stream.Position = 4_000_000;
        await stream.ReadExactlyAsync(slice);
        Assert.Equal(2, stream.Requests);
        Assert.Equal(content.AsSpan(4_000_000, 1000).ToArray(), slice);
    }

    [Fact]
    public async Task OpenReadAsync_BlobReplacedWhileReading_FailsRatherThanMixingVersions()
    {
        var store = new AzureBlobStore(azurite.ConnectionString);
        var path = $"{container}/changing.bin";
        await store.WriteAllBytesAsync(path, new byte[1_000_000]);
        await using var stream = await store.OpenReadAsync(path);
        await stream.ReadExactlyAsync(new byte[100]);

        await store.WriteAllBytesAsync(path, new byte[1_000_000]);
        stream.Position = 900_000;

        var e = await Assert.ThrowsAsync<InputChangedException>(async () => await stream.ReadExactlyAsync(new byte[100]));
        Assert.Contains($"'{path}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenWriteAsync_SmallBlocks_StagesManyAndCommitsThemInOrder()
    {
        var store = new AzureBlobStore(azurite.ConnectionString, new AzureBlobStoreOptions { WriteBlockBytes = 1000, WriteConcurrency = 3 });
        var content = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 2100).Select(i => $"{i % 10000:D4}\n")));

        await store.WriteAllBytesAsync($"{container}/blocks.txt", content);

        Assert.Equal(content, await store.ReadAllBytesAsync($"{container}/blocks.txt"));
        var blocks = (await store.ServiceClient.GetBlobContainerClient(container).GetBlockBlobClient("blocks.txt").GetBlockListAsync(BlockListTypes.Committed)).Value;
        Assert.Equal(11, blocks.CommittedBlocks.Count());
    }

    [Fact]
    public async Task OpenWriteAsync_MoreBlocksThanTheLimit_FailsNamingThePath()
    {
        var store = new AzureBlobStore(azurite.ConnectionString, new AzureBlobStoreOptions { WriteBlockBytes = 10, BlockLimits = new BlockLimits(3, 100) });

        var e = await Assert.ThrowsAsync<BatchScoringException>(() => store.WriteAllBytesAsync($"{container}/big.txt", new byte[100]));

        Assert.Contains($"'{container}/big.txt'", e.Message, StringComparison.Ordinal);
        Assert.Null(await store.GetInfoAsync($"{container}/big.txt"));
    }

    [Fact]
    public async Task AssembleAsync_BlockIdsComeFromMiniBatchIndexes()
    {
        var store = new AzureBlobStore(azurite.ConnectionString);
        ColumnSchema[] schema = [new("id", ColumnType.Int64)];
        await store.WriteAllBytesAsync($"{container}/parts/00000003.csv", "id\n3\n"u8.ToArray());
        await store.WriteAllBytesAsync($"{container}/parts/00000007.csv", "id\n7\n"u8.ToArray());

        await OutputAssembler.AssembleAsync(store, DataFormat.Csv, schema, [new StagedPart(3, $"{container}/parts/00000003.csv"), new StagedPart(7, $"{container}/parts/00000007.csv")], $"{container}/out.csv");

        Assert.Equal("id\n3\n7\n"u8.ToArray(), await store.ReadAllBytesAsync($"{container}/out.csv"));
        var blocks = (await store.ServiceClient.GetBlobContainerClient(container).GetBlockBlobClient("out.csv").GetBlockListAsync(BlockListTypes.Committed)).Value;
        Assert.Equal(
            [BlockIds.Head(), BlockIds.Part(3), BlockIds.Part(7)],
            blocks.CommittedBlocks.Select(b => Encoding.ASCII.GetString(Convert.FromBase64String(b.Name))));
    }

    [Fact]
    public async Task AssembleAsync_BlockLimitOfThree_OutputInThreeBlocksSameBytes()
    {
        var limited = new AzureBlobStore(azurite.ConnectionString, new AzureBlobStoreOptions { BlockLimits = new BlockLimits(3, 1 << 20) });
        ColumnSchema[] schema = [new("id", ColumnType.Int64)];
        var parts = new List<string>();
        var expected = new StringBuilder("id\n");
        for (var i = 0; i < 10; i++)
        {
            parts.Add($"{container}/parts/{i:D8}.csv");
            await limited.WriteAllBytesAsync(parts[^1], Encoding.ASCII.GetBytes($"id\n{i}\n{i + 100}\n"));
            expected.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i}\n{i + 100}\n");
        }

        await OutputAssembler.AssembleAsync(limited, DataFormat.Csv, schema, parts, $"{container}/out.csv");

        Assert.Equal(expected.ToString(), Encoding.ASCII.GetString(await limited.ReadAllBytesAsync($"{container}/out.csv")));
        var blocks = (await limited.ServiceClient.GetBlobContainerClient(container).GetBlockBlobClient("out.csv").GetBlockListAsync(BlockListTypes.Committed)).Value;
        Assert.InRange(blocks.CommittedBlocks.Count(), 1, 3);
        Assert.DoesNotContain(await limited.ListAsync(container).Select(b => b.Path).ToListAsync(), p => p.Contains(".~tmp-", StringComparison.Ordinal));
        Assert.Empty(limited.ServiceClient.GetBlobContainerClient(container).GetBlobs(BlobTraits.None, BlobStates.None, "out.csv.~tmp-", CancellationToken.None));
    }

    [Fact]
    public void Options_OutOfRange_RefusedNamingTheSetting()
    {
        var e = Assert.Throws<ArgumentException>(() => new AzureBlobStore(azurite.ConnectionString, new AzureBlobStoreOptions { ListPageSize = 0 }));

        Assert.Contains("AzureBlobStoreOptions.ListPageSize", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_RetryPolicy_ExponentialWithTheConfiguredLimits()
    {
        var options = new AzureBlobStoreOptions { MaxRetries = 7, NetworkTimeout = TimeSpan.FromSeconds(42) }.ToClientOptions();

        Assert.Equal(RetryMode.Exponential, options.Retry.Mode);
        Assert.Equal(7, options.Retry.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(42), options.Retry.NetworkTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Retry.MaxDelay);
    }

    [Fact]
    public void WithDefaultCredential_ServiceUri_NamesTheAccount()
    {
        var store = AzureBlobStore.WithDefaultCredential(new Uri("https://scoringdata.blob.core.windows.net"));

        Assert.Equal("blob account scoringdata", store.Description);
    }

    [Theory]
    [InlineData("just-a-container")]
    [InlineData("Upper/blob.txt")]
    [InlineData("ab/blob.txt")]
    [InlineData("bad--name/blob.txt")]
    public async Task Paths_WithoutAValidContainerAndBlob_RefusedNamingThePath(string path)
    {
        var store = new AzureBlobStore(azurite.ConnectionString);

        var e = await Assert.ThrowsAsync<BatchScoringException>(() => store.OpenReadAsync(path));

        Assert.Contains($"'{path}'", e.Message, StringComparison.Ordinal);
    }
}
