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

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.StagingCleanup)]
    public async Task DeleteAbandoned_TemporaryFiles_OnlyThoseWhoseWriterIsProvablyGone()
    {
        using var temp = new TempFolder();
        var store = new LocalBlobStore(temp.Path);
        var old = DateTime.UtcNow.AddHours(-1);
        var abandoned = Old(temp.Write($"out/results.csv.~tmp-{Guid.NewGuid():N}", "killed writer"));
        var nested = Old(temp.Write($"out/_staging/run/parts/00000001.csv.~tmp-{Guid.NewGuid():N}", "killed writer"));
        var block = Old(temp.Write("out/results.csv.~tmp-block-part-0000000000001-0000000000000", "a staged block"));
        var young = temp.Write($"out/results.csv.~tmp-{Guid.NewGuid():N}", "a writer that just started");
        var locked = Old(temp.Write($"out/_staging/run/parts/00000002.csv.~tmp-{Guid.NewGuid():N}", "a live writer"));
        var other = Old(temp.Write($"out/other.csv.~tmp-{Guid.NewGuid():N}", "another output's writer"));

        int deleted;
        await using (new FileStream(locked, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            deleted = await store.DeleteAbandonedAsync("out/results.csv") + await store.DeleteAbandonedAsync("out/_staging");
        }

        Assert.Equal(2, deleted);
        Assert.False(File.Exists(abandoned));
        Assert.False(File.Exists(nested));
        Assert.All([block, young, locked, other], f => Assert.True(File.Exists(f), f));

        string Old(string file)
        {
            File.SetLastWriteTimeUtc(file, old);
            return file;
        }
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.StagingCleanup)]
    public async Task DeleteFolder_Staging_RemovesTheFolderAndCountsItsFiles()
    {
        using var temp = new TempFolder();
        var store = new LocalBlobStore(temp.Path);
        temp.Write("out/_staging/run/parts/00000000.csv", "a");
        temp.Write("out/_staging/run/done/00000000.json", "{}");

        Assert.Equal(2, await store.DeleteFolderAsync("out/_staging/run"));
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "out", "_staging", "run")));
        Assert.Equal(0, await store.DeleteFolderAsync("out/_staging/run"));
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.ClearFailures)]
    public async Task OpenWrite_ParentIsAFile_SaysWhichPartIsAFile()
    {
        using var temp = new TempFolder();
        temp.Write("out", "a file where a folder should be");
        var store = new LocalBlobStore(temp.Path);

        var e = await Assert.ThrowsAsync<BatchScoringException>(() => store.WriteAllBytesAsync("out/sub/results.csv", "x"u8.ToArray()));

        Assert.Equal($"'out/sub/results.csv' cannot be written in {store.Description}: 'out' is a file, not a folder.", e.Message);
    }
}
