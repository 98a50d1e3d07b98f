using System.Text;
using BatchScoring.Core;
using BatchScoring.Tests;

namespace BatchScoring.Storage.Tests.Contract;

/// <summary>Reads of a planned version, and writes that never replace: the contract every adapter owes a run.</summary>
public abstract partial class BlobStoreContractTests
{
    [Fact]
    public async Task OpenReadAsync_VersionUnchanged_ReadsIt()
    {
        var path = $"{Root}/pinned.csv";
        await Store.WriteAllBytesAsync(path, "id,x\n1,2\n"u8.ToArray());
        var version = (await Store.GetInfoAsync(path))!;

        await using var stream = await Store.OpenReadAsync(version);
        using var reader = new StreamReader(stream, Encoding.UTF8);

        Assert.Equal("id,x\n1,2\n", await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task OpenReadAsync_VersionRewrittenSinceListed_FailsNamingThePath()
    {
        var path = $"{Root}/pinned.csv";
        await Store.WriteAllBytesAsync(path, "id,x\n1,2\n"u8.ToArray());
        var version = (await Store.GetInfoAsync(path))!;
        await Store.WriteAllBytesAsync(path, "id,x\n1,3\n"u8.ToArray());

        var e = await Assert.ThrowsAsync<InputChangedException>(async () =>
        {
            await using var stream = await Store.OpenReadAsync(version);
            await stream.ReadExactlyAsync(new byte[4]);
        });

        Assert.StartsWith($"Input '{path}' changed since the run planned it: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenReadAsync_VersionDeletedSinceListed_FailsSayingSo()
    {
        var path = $"{Root}/pinned.csv";
        await Store.WriteAllBytesAsync(path, "id,x\n1,2\n"u8.ToArray());
        var version = (await Store.GetInfoAsync(path))!;
        await Store.DeleteAsync(path);

        var e = await Assert.ThrowsAsync<InputChangedException>(async () =>
        {
            await using var stream = await Store.OpenReadAsync(version);
            await stream.ReadExactlyAsync(new byte[4]);
        });

        Assert.Contains("deleted", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetLocalFileAsync_VersionUnchanged_IsAFileWithItsContent()
    {
        using var cache = new TempFolder();
        var path = $"{Root}/models/m.onnx";
        await Store.WriteAllBytesAsync(path, "first"u8.ToArray());
        var version = (await Store.GetInfoAsync(path))!;

        var local = await Store.GetLocalFileAsync(version, cache.Path);

        Assert.Equal("first", await File.ReadAllTextAsync(local));
    }

    [Fact]
    public async Task GetLocalFileAsync_VersionRewrittenSinceListed_FailsNamingThePathNotTheNewContent()
    {
        using var cache = new TempFolder();
        var path = $"{Root}/models/m.onnx";
        await Store.WriteAllBytesAsync(path, "first"u8.ToArray());
        var version = (await Store.GetInfoAsync(path))!;
        await Store.WriteAllBytesAsync(path, "second"u8.ToArray());

        var e = await Assert.ThrowsAsync<InputChangedException>(() => Store.GetLocalFileAsync(version, cache.Path));

        Assert.StartsWith($"Input '{path}' changed since the run planned it: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_IfNotExistsFromManyWritersAtOnce_ExactlyOneWins()
    {
        var path = $"{Root}/lock.json";

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await Store.WriteAllBytesAsync(path, Encoding.UTF8.GetBytes($"writer {i}"), new BlobWriteOptions(IfNotExists: true));
                return i;
            }
            catch (BatchScoringException)
            {
                return -1;
            }
        }));

        var winner = Assert.Single(outcomes, o => o >= 0);
        Assert.Equal($"writer {winner}", Encoding.UTF8.GetString(await Store.ReadAllBytesAsync(path)));
    }
}
