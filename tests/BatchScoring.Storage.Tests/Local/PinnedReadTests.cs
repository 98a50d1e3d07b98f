using BatchScoring.Core;
using BatchScoring.Storage.Local;
using BatchScoring.Tests;

namespace BatchScoring.Storage.Tests.Local;

/// <summary>
/// A local input is read as the version listed: an edit, a truncation, or a rewrite with its write time put back (as
/// <c>cp -p</c>, <c>rsync -t</c> and <c>tar</c> leave it) is seen at open or at the next read.
/// </summary>
public sealed class PinnedReadTests
{
    [Fact]
    public async Task ETag_SameLengthRewriteWithWriteTimePutBack_Differs()
    {
        // Arrange
        using var temp = new TempFolder();
        var path = temp.Write("a.csv", "id,x\n1,2\n");
        var store = new LocalBlobStore(temp.Path);
        var before = (await store.GetInfoAsync("a.csv"))!;

        // Act
        RewriteKeepingWriteTime(path, "id,x\n1,3\n");
        var after = (await store.GetInfoAsync("a.csv"))!;

        // Assert
        Assert.Equal(before.Size, after.Size);
        Assert.Equal(before.LastModified, after.LastModified);
        Assert.NotEqual(before.ETag, after.ETag);
    }

    [Fact]
    public async Task OpenReadAsync_VersionRewrittenWithWriteTimePutBack_FailsSayingSo()
    {
        // Arrange
        using var temp = new TempFolder();
        var path = temp.Write("a.csv", "id,x\n1,2\n");
        var store = new LocalBlobStore(temp.Path);
        var planned = (await store.GetInfoAsync("a.csv"))!;
        RewriteKeepingWriteTime(path, "id,x\n1,3\n");

        // Act
        var e = await Assert.ThrowsAsync<InputChangedException>(() => store.OpenReadAsync(planned));

        // Assert
        Assert.Equal("Input 'a.csv' changed since the run planned it: it was written again, with its size and modification time put back (its change time differs). The run stops rather than mix versions or lose rows; run it again to score the input as it is now.", e.Message);
    }

    [Fact]
    public async Task Read_FileTruncatedWhileOpen_NextReadFails()
    {
        // Arrange
        using var temp = new TempFolder();
        var path = temp.Write("a.csv", new string('x', 10_000));
        var store = new LocalBlobStore(temp.Path);
        await using var stream = await store.OpenReadAsync((await store.GetInfoAsync("a.csv"))!);
        var buffer = new byte[1000];
        await stream.ReadExactlyAsync(buffer);

        // Act
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(5000);
        }

        var e = await Assert.ThrowsAsync<InputChangedException>(async () => await stream.ReadExactlyAsync(buffer));

        // Assert
        Assert.Contains("its size went from 10,000 to 5,000 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_FileEditedInPlaceWhileOpen_NextReadFails()
    {
        // Arrange
        using var temp = new TempFolder();
        var path = temp.Write("a.csv", new string('x', 10_000));
        var store = new LocalBlobStore(temp.Path);
        await using var stream = await store.OpenReadAsync((await store.GetInfoAsync("a.csv"))!);
        stream.ReadExactly(new byte[100]);

        // Act: one byte changed further on, the length kept.
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            file.Position = 9000;
            file.WriteByte((byte)'y');
        }

        // Assert
        Assert.Throws<InputChangedException>(() => stream.ReadExactly(new byte[100]));
    }

    [Fact]
    public async Task OpenReadAsync_VersionDeleted_FailsSayingSo()
    {
        // Arrange
        using var temp = new TempFolder();
        var path = temp.Write("a.csv", "id\n1\n");
        var store = new LocalBlobStore(temp.Path);
        var planned = (await store.GetInfoAsync("a.csv"))!;
        File.Delete(path);

        // Act
        var e = await Assert.ThrowsAsync<InputChangedException>(() => store.OpenReadAsync(planned));

        // Assert
        Assert.Contains("it was deleted", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenReadAsync_VersionUnchanged_ReadsItWhole()
    {
        // Arrange
        using var temp = new TempFolder();
        temp.Write("a.csv", "id,x\n1,2\n");
        var store = new LocalBlobStore(temp.Path);

        // Act
        await using var stream = await store.OpenReadAsync((await store.GetInfoAsync("a.csv"))!);
        using var reader = new StreamReader(stream);

        // Assert
        Assert.Equal("id,x\n1,2\n", await reader.ReadToEndAsync());
    }

    /// <summary>Writes the file in place, same length, then puts its write time back, as `cp -p` would.</summary>
    private static void RewriteKeepingWriteTime(string path, string content)
    {
        var written = File.GetLastWriteTimeUtc(path);
        // The change time must fall on a later tick of the kernel's coarse clock (4-10 ms) than the first write's.
        SpinWait.SpinUntil(() => DateTime.UtcNow > written.AddMilliseconds(20));
        File.WriteAllText(path, content);
        File.SetLastWriteTimeUtc(path, written);
    }
}
