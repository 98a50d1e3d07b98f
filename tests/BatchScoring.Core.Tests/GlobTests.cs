using BatchScoring.Tests;

namespace BatchScoring.Core.Tests;

public class GlobTests
{
    [Theory]
    [InlineData("*.csv", "a.csv", true)]
    [InlineData("*.csv", ".csv", true)]
    [InlineData("*.csv", "dir/a.csv", false)]
    [InlineData("dir/*.csv", "dir/a.csv", true)]
    [InlineData("dir/*.csv", "dir/sub/a.csv", false)]
    [InlineData("*/a.csv", "dir/a.csv", true)]
    [InlineData("*/a.csv", "a.csv", false)]
    [InlineData("*", "a/b", false)]
    public void IsMatch_Star_StaysInOneFolder(string pattern, string path, bool expected)
    {
        // Act
        var matched = Glob.IsMatch(pattern, path);

        // Assert
        Assert.Equal(expected, matched);
    }

    [Theory]
    [InlineData("**", "a.csv", true)]
    [InlineData("**", "a/b/c.csv", true)]
    [InlineData("**/*.csv", "a/b/c.csv", true)]
    [InlineData("**/*.csv", "c.png", false)]
    [InlineData("data/**/x.csv", "data/a/b/x.csv", true)]
    [InlineData("data/**", "data/a/b/x.csv", true)]
    [InlineData("data/**", "other/x.csv", false)]
    public void IsMatch_DoubleStar_CrossesFolders(string pattern, string path, bool expected)
    {
        // Act
        var matched = Glob.IsMatch(pattern, path);

        // Assert
        Assert.Equal(expected, matched);
    }

    [Theory]
    [InlineData("**/*.csv", "c.csv")]
    [InlineData("data/**/x.csv", "data/x.csv")]
    [InlineData("**/region=*/*.parquet", "region=eu/part.parquet")]
    public void IsMatch_DoubleStarSlash_MatchesZeroFolders(string pattern, string path)
    {
        // Act
        var matched = Glob.IsMatch(pattern, path);

        // Assert
        Assert.True(matched);
    }

    [Theory]
    [InlineData("file?.csv", "file1.csv", true)]
    [InlineData("file?.csv", "file12.csv", false)]
    [InlineData("file?.csv", "file.csv", false)]
    [InlineData("a?b", "a/b", false)]
    [InlineData("??.png", "07.png", true)]
    public void IsMatch_QuestionMark_MatchesOneCharacterInAFolder(string pattern, string path, bool expected)
    {
        // Act
        var matched = Glob.IsMatch(pattern, path);

        // Assert
        Assert.Equal(expected, matched);
    }

    [Theory]
    [InlineData("*.CSV", "a.csv", false)]
    [InlineData("a.csv", "abcsv", false)]
    [InlineData("a+b (1)[x].csv", "a+b (1)[x].csv", true)]
    [InlineData("$^.csv", "$^.csv", true)]
    [InlineData("a.csv", "a.csv.bak", false)]
    [InlineData("a.csv", "x/a.csv", false)]
    public void IsMatch_OtherCharacters_MatchLiterallyAndOrdinally(string pattern, string path, bool expected)
    {
        // Act
        var matched = Glob.IsMatch(pattern, path);

        // Assert
        Assert.Equal(expected, matched);
    }

    [Theory]
    [InlineData("pixel_*", "pixel_12", true)]
    [InlineData("pixel_?", "pixel_12", false)]
    [InlineData("id", "id", true)]
    public void IsNameMatch_ColumnGlob_MatchesName(string pattern, string name, bool expected)
    {
        // Act
        var matched = Glob.IsNameMatch(pattern, name);

        // Assert
        Assert.Equal(expected, matched);
    }

    [Theory]
    [InlineData("*.csv", true)]
    [InlineData("file?.csv", true)]
    [InlineData("**", true)]
    [InlineData("data/a.csv", false)]
    public void HasWildcard_Pattern_TellsWhetherItHoldsOne(string pattern, bool expected)
    {
        // Act
        var has = Glob.HasWildcard(pattern);

        // Assert
        Assert.Equal(expected, has);
    }

    [Theory]
    [Trait(Behaviours.Trait, Behaviours.InputSelection)]
    [InlineData("a*b?.csv", "a*b?.csv", true)]
    [InlineData("a*b?.csv", "axxbz.csv", false)]
    [InlineData("a*b?.csv", "a*bz.csv", false)]
    [InlineData("*", "*", true)]
    [InlineData("*", "anything", false)]
    [InlineData("back\\slash.csv", "back\\slash.csv", true)]
    [InlineData("**", "**", true)]
    [InlineData("**", "a/b", false)]
    public void Escape_NameWithWildcards_MatchesOnlyItself(string name, string path, bool expected)
    {
        // Arrange
        var pattern = Glob.Escape(name);

        // Act
        var matched = Glob.IsMatch(pattern, path);

        // Assert
        Assert.Equal(expected, matched);
        Assert.False(Glob.HasWildcard(pattern));
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.InputSelection)]
    public void IsMatch_ManyDistinctPatterns_CacheStaysBounded()
    {
        // Act
        for (var i = 0; i < Glob.MaxCached * 4; i++)
        {
            Assert.True(Glob.IsMatch(Glob.Escape($"blob-{i}*.csv"), $"blob-{i}*.csv"));
        }

        // Assert
        Assert.InRange(Glob.CachedCount, 1, Glob.MaxCached);
    }
}
