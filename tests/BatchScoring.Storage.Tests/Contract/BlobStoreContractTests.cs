using System.Text;
using BatchScoring.Core;
using BatchScoring.Tests;

namespace BatchScoring.Storage.Tests.Contract;

/// <summary>
/// The behaviour every blob-store adapter owes the engine, run against each (<see cref="LocalBlobStoreContractTests"/>,
/// <see cref="AzureBlobStoreContractTests"/>). Every test works under its own <see cref="Root"/>.
/// </summary>
public abstract partial class BlobStoreContractTests
{
    /// <summary>The store under test.</summary>
    protected abstract IBlockStagingStore Store { get; }

    /// <summary>A folder (local) or container (Azure) of this test alone.</summary>
    protected abstract string Root { get; }

    [Fact]
    public async Task ListAsync_Folder_EveryBlobBelowInOrdinalOrder()
    {
        string[] names = ["b.txt", "a/b.txt", "a-b.txt", "A.txt", "a b.txt", "é.txt", "z/ü ñ.csv", "日本.txt", "a/c/d.txt", "a0.txt"];
        foreach (var name in names)
        {
            await Store.WriteAllBytesAsync($"{Root}/in/{name}", Encoding.UTF8.GetBytes(name));
        }

        await Store.WriteAllBytesAsync($"{Root}/other.txt", "x"u8.ToArray());

        var listed = await Store.ListAsync($"{Root}/in").Select(b => b.Path).ToListAsync();

        Assert.Equal(names.Select(n => $"{Root}/in/{n}").Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task ListMatchingAsync_Globs_MatchRelativePathsInOrder()
    {
        foreach (var name in new[] { "x/1.csv", "x/2.parquet", "x/deep/3.csv", "4.csv", "x/5.CSV" })
        {
            await Store.WriteAllBytesAsync($"{Root}/{name}", "a"u8.ToArray());
        }

        Assert.Equal(["4.csv"], await Names("*.csv"));
        Assert.Equal(["x/1.csv"], await Names("x/*.csv"));
        Assert.Equal(["4.csv", "x/1.csv", "x/deep/3.csv"], await Names("**/*.csv"));
        Assert.Equal(["x/2.parquet"], await Names("x/?.parquet"));

        async Task<List<string>> Names(string glob) =>
            await Store.ListMatchingAsync(Root, glob).Select(b => b.Path[(Root.Length + 1)..]).ToListAsync();
    }

    [Fact]
    public async Task ListAsync_MissingFolder_YieldsNothing_AndABlobPrefixYieldsTheBlob()
    {
        await Store.WriteAllBytesAsync($"{Root}/one.bin", "1"u8.ToArray());

        Assert.Empty(await Store.ListAsync($"{Root}/missing").ToListAsync());
        Assert.Equal([$"{Root}/one.bin"], await Store.ListAsync($"{Root}/one.bin").Select(b => b.Path).ToListAsync());
    }

    [Fact]
    public async Task ListAsync_ListedInfo_MatchesGetInfo()
    {
        var written = await Store.WriteAllBytesAsync($"{Root}/info.bin", new byte[1234]);

        var listed = Assert.Single(await Store.ListAsync(Root).ToListAsync());
        var info = await Store.GetInfoAsync($"{Root}/info.bin");

        Assert.Equal(1234, listed.Size);
        Assert.Equal(written.ETag, listed.ETag);
        Assert.Equal(info!.ETag, listed.ETag);
        Assert.Equal(1234, written.Size);
    }

    [Fact]
    public async Task OpenReadAsync_Seek_ReadsAnyRange()
    {
        var content = new byte[3_000_000];
        new Random(7).NextBytes(content);
        await Store.WriteAllBytesAsync($"{Root}/big.bin", content);

        await using var stream = await Store.OpenReadAsync($"{Root}/big.bin");
        Assert.True(stream.CanSeek);
        Assert.Equal(content.Length, stream.Length);

        var tail = new byte[8];
        stream.Seek(-8, SeekOrigin.End);
        await stream.ReadExactlyAsync(tail);
        Assert.Equal(content[^8..], tail);

        var middle = new byte[100_000];
        stream.Position = 1_234_567;
        await stream.ReadExactlyAsync(middle);
        Assert.Equal(content.AsSpan(1_234_567, 100_000).ToArray(), middle);

        var first = new byte[10];
        stream.Position = 0;
        Assert.Equal(10, stream.Read(first, 0, 10));
        Assert.Equal(content[..10], first);

        stream.Position = content.Length;
        Assert.Equal(0, await stream.ReadAsync(new byte[10]));
    }

    [Fact]
    public async Task OpenReadAsync_Sequential_ReadsEverything()
    {
        var content = new byte[9_000_001];
        new Random(3).NextBytes(content);
        await Store.WriteAllBytesAsync($"{Root}/seq.bin", content);

        Assert.Equal(content, await Store.ReadAllBytesAsync($"{Root}/seq.bin"));
    }

    [Fact]
    public async Task OpenReadAsync_Missing_FileNotFoundNamingThePath()
    {
        var path = $"{Root}/no such/file.csv";

        var e = await Assert.ThrowsAsync<FileNotFoundException>(() => Store.OpenReadAsync(path));

        Assert.Contains($"'{path}'", e.Message, StringComparison.Ordinal);
        Assert.Equal(path, e.FileName);
        Assert.Null(await Store.GetInfoAsync(path));
        Assert.False(await Store.DeleteAsync(path));
    }

    [Fact]
    public async Task DeleteAsync_Existing_RemovesIt()
    {
        await Store.WriteAllBytesAsync($"{Root}/gone.txt", "x"u8.ToArray());

        Assert.True(await Store.DeleteAsync($"{Root}/gone.txt"));

        Assert.Null(await Store.GetInfoAsync($"{Root}/gone.txt"));
        Assert.Empty(await Store.ListAsync(Root).ToListAsync());
    }

    [Fact]
    public async Task OpenWriteAsync_BeforeCommit_NothingVisible_AndDisposingLeavesNothing()
    {
        var path = $"{Root}/out/result.csv";
        await using (var writer = await Store.OpenWriteAsync(path))
        {
            await writer.Stream.WriteAsync(new byte[100_000]);
            Assert.Null(await Store.GetInfoAsync(path));
            Assert.Empty(await Store.ListAsync(Root).ToListAsync());
        }

        Assert.Null(await Store.GetInfoAsync(path));
        Assert.Empty(await Store.ListAsync(Root).ToListAsync());
        await using (var writer = await Store.OpenWriteAsync(path))
        {
            await writer.Stream.WriteAsync("a,b\n"u8.ToArray());
            var committed = await writer.CommitAsync();
            Assert.Equal(4, committed.Size);
        }

        Assert.Equal("a,b\n"u8.ToArray(), await Store.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task OpenWriteAsync_ManyBlocksOfWrites_ContentInOrder()
    {
        var content = new byte[5_000_000];
        new Random(11).NextBytes(content);
        await using (var writer = await Store.OpenWriteAsync($"{Root}/chunks.bin"))
        {
            for (var at = 0; at < content.Length; at += 70_001)
            {
                await writer.Stream.WriteAsync(content.AsMemory(at, Math.Min(70_001, content.Length - at)));
            }

            writer.Stream.Write(content, 0, 0);
            await writer.CommitAsync();
        }

        Assert.Equal(content, await Store.ReadAllBytesAsync($"{Root}/chunks.bin"));
    }

    [Fact]
    public async Task StageBlocks_BeforeCommit_NothingVisibleAtTheOutputPath()
    {
        var path = $"{Root}/out/assembled.csv";
        await Store.StageBlockAsync(path, BlockIds.Head(), "h\n"u8.ToArray());
        await Store.StageBlockAsync(path, BlockIds.Part(0), "1\n"u8.ToArray());

        Assert.Null(await Store.GetInfoAsync(path));
        Assert.Empty(await Store.ListAsync(Root).ToListAsync());
        await Assert.ThrowsAsync<FileNotFoundException>(() => Store.OpenReadAsync(path));

        await Store.CommitBlocksAsync(path, [BlockIds.Head(), BlockIds.Part(0)]);

        Assert.Equal("h\n1\n"u8.ToArray(), await Store.ReadAllBytesAsync(path));
        Assert.Equal([path], await Store.ListAsync(Root).Select(b => b.Path).ToListAsync());
    }

    [Fact]
    public async Task StageBlockAsync_SamePartIdAgain_OverwritesIt()
    {
        var path = $"{Root}/out.jsonl";
        await Store.StageBlockAsync(path, BlockIds.Part(1), "{\"try\":1}\n"u8.ToArray());
        await Store.StageBlockAsync(path, BlockIds.Part(0), "{\"a\":0}\n"u8.ToArray());
        await Store.StageBlockAsync(path, BlockIds.Part(1), "{\"try\":2}\n"u8.ToArray());

        var info = await Store.CommitBlocksAsync(path, [BlockIds.Part(0), BlockIds.Part(1)]);

        Assert.Equal("{\"a\":0}\n{\"try\":2}\n", Encoding.UTF8.GetString(await Store.ReadAllBytesAsync(path)));
        Assert.Equal(info.Size, (await Store.GetInfoAsync(path))!.Size);
    }

    [Fact]
    public async Task StageBlockFromAsync_Ranges_CopiedInCommitOrder()
    {
        await Store.WriteAllBytesAsync($"{Root}/parts/0.csv", "h\nrow0\n"u8.ToArray());
        await Store.WriteAllBytesAsync($"{Root}/parts/1.csv", "h\nrow1\nrow2\n"u8.ToArray());
        var path = $"{Root}/out.csv";

        await Store.StageBlockFromAsync(path, BlockIds.Part(1), $"{Root}/parts/1.csv", 2, 10);
        await Store.StageBlockFromAsync(path, BlockIds.Part(0), $"{Root}/parts/0.csv", 2, 5);
        await Store.StageBlockAsync(path, BlockIds.Head(), "h\n"u8.ToArray());
        await Store.CommitBlocksAsync(path, [BlockIds.Head(), BlockIds.Part(0), BlockIds.Part(1)]);

        Assert.Equal("h\nrow0\nrow1\nrow2\n", Encoding.UTF8.GetString(await Store.ReadAllBytesAsync(path)));
    }

    [Fact]
    public async Task StageBlocks_EmptyOrInvalidId_Refused()
    {
        await Store.WriteAllBytesAsync($"{Root}/source.bin", "abc"u8.ToArray());

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.StageBlockAsync($"{Root}/out.bin", BlockIds.Part(0), ReadOnlyMemory<byte>.Empty));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.StageBlockFromAsync($"{Root}/out.bin", BlockIds.Part(0), $"{Root}/source.bin", 0, 0));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.StageBlockAsync($"{Root}/out.bin", "part-7", "x"u8.ToArray()));
    }

    [Fact]
    public async Task StageBlockFromAsync_SourceChangedSinceRead_IsRefused()
    {
        var source = $"{Root}/part.csv";
        var old = await Store.WriteAllBytesAsync(source, "version 1"u8.ToArray());
        await Store.WriteAllBytesAsync(source, "version two"u8.ToArray());

        var e = await Assert.ThrowsAsync<BatchScoringException>(() => Store.StageBlockFromAsync($"{Root}/out.csv", BlockIds.Part(0), source, 0, 5, old.ETag));

        Assert.Contains($"'{source}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommitBlocksAsync_BlockNeverStaged_RefusedAndNothingVisible()
    {
        var path = $"{Root}/out.csv";
        await Store.StageBlockAsync(path, BlockIds.Part(0), "a"u8.ToArray());

        var e = await Assert.ThrowsAsync<BatchScoringException>(() => Store.CommitBlocksAsync(path, [BlockIds.Part(0), BlockIds.Part(1)]));

        Assert.Contains($"'{path}'", e.Message, StringComparison.Ordinal);
        Assert.Null(await Store.GetInfoAsync(path));
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.ContentVersions)]
    public async Task WriteAllBytesAsync_SameLengthRewritesBackToBack_EachGetsANewETag()
    {
        var path = $"{Root}/same-length.txt";
        var etags = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            etags.Add((await Store.WriteAllBytesAsync(path, System.Text.Encoding.ASCII.GetBytes($"v{i % 10}"))).ETag);
            Assert.Equal(etags[^1], (await Store.GetInfoAsync(path))!.ETag);
        }

        Assert.Equal(etags.Count, etags.Distinct(StringComparer.Ordinal).Count());
        var e = await Assert.ThrowsAsync<BatchScoringException>(() => Store.WriteAllBytesAsync(path, "vX"u8.ToArray(), new BlobWriteOptions(IfMatch: etags[^2])));
        Assert.Contains($"'{path}'", e.Message, StringComparison.Ordinal);
        Assert.Equal("v9"u8.ToArray(), await Store.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task CommitAsync_ChangedETag_RefusedNamingThePath_ContentKept()
    {
        var path = $"{Root}/state.json";
        var first = await Store.WriteAllBytesAsync(path, "1"u8.ToArray());
        var second = await Store.WriteAllBytesAsync(path, "22"u8.ToArray());
        Assert.NotEqual(first.ETag, second.ETag);

        var e = await Assert.ThrowsAsync<BatchScoringException>(() => Store.WriteAllBytesAsync(path, "333"u8.ToArray(), new BlobWriteOptions(IfMatch: first.ETag)));
        Assert.Contains($"'{path}'", e.Message, StringComparison.Ordinal);
        Assert.Equal("22"u8.ToArray(), await Store.ReadAllBytesAsync(path));

        await Store.StageBlockAsync(path, BlockIds.Part(0), "4444"u8.ToArray());
        e = await Assert.ThrowsAsync<BatchScoringException>(() => Store.CommitBlocksAsync(path, [BlockIds.Part(0)], new BlobWriteOptions(IfMatch: first.ETag)));
        Assert.Contains($"'{path}'", e.Message, StringComparison.Ordinal);
        Assert.Equal("22"u8.ToArray(), await Store.ReadAllBytesAsync(path));

        var third = await Store.WriteAllBytesAsync(path, "55555"u8.ToArray(), new BlobWriteOptions(IfMatch: second.ETag));
        Assert.Equal(5, third.Size);
    }

    [Fact]
    public async Task CommitAsync_IfNotExists_RefusesAnExistingBlob()
    {
        var path = $"{Root}/once.txt";
        await Store.WriteAllBytesAsync(path, "first"u8.ToArray(), new BlobWriteOptions(IfNotExists: true));

        var e = await Assert.ThrowsAsync<BatchScoringException>(() => Store.WriteAllBytesAsync(path, "second"u8.ToArray(), new BlobWriteOptions(IfNotExists: true)));

        Assert.Contains($"'{path}'", e.Message, StringComparison.Ordinal);
        Assert.Equal("first"u8.ToArray(), await Store.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task CommitAsync_IfMatchOnMissingBlob_Refused()
    {
        var e = await Assert.ThrowsAsync<BatchScoringException>(() => Store.WriteAllBytesAsync($"{Root}/missing.txt", "x"u8.ToArray(), new BlobWriteOptions(IfMatch: "\"0x8D000000000000\"")));

        Assert.Contains("missing.txt", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("with space/and more spaces.csv")]
    [InlineData("naïve/über ñ 日本語 😀.txt")]
    [InlineData("a+b=c&d#e%20f.bin")]
    public async Task Names_SpacesUnicodeAndPunctuation_RoundTrip(string name)
    {
        var path = $"{Root}/{name}";
        var content = Encoding.UTF8.GetBytes(name);

        await Store.WriteAllBytesAsync(path, content);

        Assert.Equal(content, await Store.ReadAllBytesAsync(path));
        Assert.Equal([path], await Store.ListAsync(Root).Select(b => b.Path).ToListAsync());
        Assert.Equal(content.Length, (await Store.GetInfoAsync(path))!.Size);
        await Store.StageBlockFromAsync($"{Root}/copy of {name}", BlockIds.Part(0), path, 0, content.Length);
        await Store.CommitBlocksAsync($"{Root}/copy of {name}", [BlockIds.Part(0)]);
        Assert.Equal(content, await Store.ReadAllBytesAsync($"{Root}/copy of {name}"));
        Assert.True(await Store.DeleteAsync(path));
    }

    [Fact]
    public async Task EmptyFiles_WrittenListedAndRead()
    {
        var written = await Store.WriteAllBytesAsync($"{Root}/empty.csv", ReadOnlyMemory<byte>.Empty);
        var committed = await Store.CommitBlocksAsync($"{Root}/empty-blocks.csv", []);

        Assert.Equal(0, written.Size);
        Assert.Equal(0, committed.Size);
        Assert.Equal([0L, 0L], await Store.ListAsync(Root).Select(b => b.Size).ToListAsync());
        Assert.Empty(await Store.ReadAllBytesAsync($"{Root}/empty.csv"));
        await using var stream = await Store.OpenReadAsync($"{Root}/empty-blocks.csv");
        Assert.Equal(0, stream.Length);
        Assert.Equal(0, await stream.ReadAsync(new byte[16]));
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("/absolute.txt")]
    [InlineData("a\\b.txt")]
    public async Task Paths_LeavingTheStore_AreRefusedNamingThePath(string relative)
    {
        var path = relative.StartsWith('/') ? relative : $"{Root}/{relative}";

        var e = await Assert.ThrowsAsync<BatchScoringException>(() => Store.OpenReadAsync(path));

        Assert.Contains($"'{path}'", e.Message, StringComparison.Ordinal);
    }
}
