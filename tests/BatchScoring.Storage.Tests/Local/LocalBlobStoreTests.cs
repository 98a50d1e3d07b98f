using BatchScoring.Core;
using BatchScoring.Storage.Local;
using BatchScoring.Tests;

namespace BatchScoring.Storage.Tests.Local;

public sealed class LocalBlobStoreTests
{
    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("a/../../outside.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("a\\b.txt")]
    public async Task OpenRead_PathLeavingRoot_IsRefusedNamingThePath(string path)
    {
        using var temp = new TempFolder();
        var store = new LocalBlobStore(temp.Path);

        var e = await Assert.ThrowsAsync<BatchScoringException>(() => store.OpenReadAsync(path));

        Assert.Contains($"'{path}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenRead_SymlinkOutOfRoot_IsRefused()
    {
        using var temp = new TempFolder();
        using var outside = new TempFolder();
        outside.Write("secret.txt", "secret");
        Directory.CreateDirectory(Path.Combine(temp.Path, "root"));
        Directory.CreateSymbolicLink(Path.Combine(temp.Path, "root", "link"), outside.Path);
        var store = new LocalBlobStore(Path.Combine(temp.Path, "root"));

        var e = await Assert.ThrowsAsync<BatchScoringException>(() => store.OpenReadAsync("link/secret.txt"));

        Assert.Contains("symbolic link", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenRead_SymlinkInsideRoot_IsAllowed()
    {
        using var temp = new TempFolder();
        temp.Write("data/a.txt", "hello");
        File.CreateSymbolicLink(Path.Combine(temp.Path, "alias.txt"), Path.Combine(temp.Path, "data", "a.txt"));
        var store = new LocalBlobStore(temp.Path);

        Assert.Equal("hello"u8.ToArray(), await store.ReadAllBytesAsync("alias.txt"));
    }

    [Fact]
    public async Task OpenWrite_BeforeCommit_NothingVisibleAndNothingListed()
    {
        using var temp = new TempFolder();
        var store = new LocalBlobStore(temp.Path);

        await using (var writer = await store.OpenWriteAsync("out/result.csv"))
        {
            await writer.Stream.WriteAsync("a,b\n"u8.ToArray());
            Assert.Null(await store.GetInfoAsync("out/result.csv"));
            Assert.Empty(await store.ListAsync("out").ToListAsync());
        }

        // Disposed without a commit: nothing left behind, not even the temporary file.
        Assert.Empty(Directory.GetFiles(Path.Combine(temp.Path, "out")));
    }

    [Fact]
    public async Task OpenWrite_Commit_ReplacesContentInOneStep()
    {
        using var temp = new TempFolder();
        var store = new LocalBlobStore(temp.Path);
        await store.WriteAllBytesAsync("part.csv", "old"u8.ToArray());

        await store.WriteAllBytesAsync("part.csv", "new"u8.ToArray());

        Assert.Equal("new"u8.ToArray(), await store.ReadAllBytesAsync("part.csv"));
    }

    [Fact]
    public async Task OpenWrite_IfMatchWithChangedETag_IsRefusedAndKeepsContent()
    {
        using var temp = new TempFolder();
        var store = new LocalBlobStore(temp.Path);
        var first = await store.WriteAllBytesAsync("x.txt", "one"u8.ToArray());
        await Task.Delay(20);
        await store.WriteAllBytesAsync("x.txt", "two!"u8.ToArray());

        var e = await Assert.ThrowsAsync<BatchScoringException>(() => store.WriteAllBytesAsync("x.txt", "three"u8.ToArray(), new BlobWriteOptions(IfMatch: first.ETag)));

        Assert.Contains("changed since it was read", e.Message, StringComparison.Ordinal);
        Assert.Equal("two!"u8.ToArray(), await store.ReadAllBytesAsync("x.txt"));
    }

    [Fact]
    public async Task ListMatching_GlobAndOrder_OrdinalAndRelative()
    {
        using var temp = new TempFolder();
        foreach (var name in new[] { "in/b.csv", "in/a.csv", "in/sub/c.csv", "in/x.txt", "in/with space é.csv", "other/d.csv" })
        {
            temp.Write(name, "x");
        }

        var store = new LocalBlobStore(temp.Path);

        Assert.Equal(["in/a.csv", "in/b.csv", "in/with space é.csv"], (await store.ListMatchingAsync("in", "*.csv").ToListAsync()).Select(b => b.Path));
        Assert.Equal(["in/a.csv", "in/b.csv", "in/sub/c.csv", "in/with space é.csv"], (await store.ListMatchingAsync("in", "**/*.csv").ToListAsync()).Select(b => b.Path));
    }

    [Fact]
    public async Task OpenRead_Missing_ThrowsFileNotFoundNamingThePath()
    {
        using var temp = new TempFolder();
        var store = new LocalBlobStore(temp.Path);

        var e = await Assert.ThrowsAsync<FileNotFoundException>(() => store.OpenReadAsync("nope.csv"));

        Assert.Contains("'nope.csv'", e.Message, StringComparison.Ordinal);
    }
}
