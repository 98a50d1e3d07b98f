using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Tests;

namespace BatchScoring.Core.Tests.Runs;

public sealed class FailureBudgetTests
{
    [Fact]
    public void Check_DefaultsIgnoreEveryLimit_NeverExceeded() =>
        Assert.Null(new FailureBudget(new FailuresSpec(), 10).Check(1_000_000, 10, [0, 1, 2]));

    [Theory]
    [InlineData(5, 5, null)]
    [InlineData(5, 6, "errorThreshold 5 exceeded: 6 items failed")]
    [InlineData(0, 1, "errorThreshold 0 exceeded: 1 items failed")]
    public void Check_ErrorThreshold_ExceededOnlyAboveIt(long threshold, long failedItems, string? expected) =>
        Assert.Equal(expected, new FailureBudget(new FailuresSpec { ErrorThreshold = threshold }, 10).Check(failedItems, 0, []));

    [Fact]
    public void Check_AllowedFailedCount_NamesLimitCountsAndIndexes()
    {
        var budget = new FailureBudget(new FailuresSpec { AllowedFailedCount = 2 }, 30);

        Assert.Null(budget.Check(0, 2, [7, 19]));
        Assert.Equal("allowedFailedCount 2 exceeded: 3 mini-batches failed (7, 19, 20)", budget.Check(0, 3, [7, 19, 20]));
    }

    [Fact]
    public void Check_AllowedFailedPercent_StopsAsSoonAsItCanNoLongerBeMet()
    {
        var budget = new FailureBudget(new FailuresSpec { AllowedFailedPercent = 10 }, 25);

        Assert.Equal(2, budget.AllowedByPercent);
        Assert.Null(budget.Check(0, 2, [1, 2]));
        Assert.Equal("allowedFailedPercent 10 can no longer be met: 3 of 25 mini-batches failed (1, 2, 3), at most 2 may", budget.Check(0, 3, [1, 2, 3]));
    }

    [Fact]
    public void Remaining_TightestLimitAndMinusOneForNone()
    {
        Assert.Equal((-1L, -1L), new FailureBudget(new FailuresSpec(), 10).Remaining(3, 1));
        Assert.Equal((7L, 1L), new FailureBudget(new FailuresSpec { ErrorThreshold = 10, AllowedFailedCount = 5, AllowedFailedPercent = 20 }, 10).Remaining(3, 1));
    }

    [Fact]
    public void DurationStats_NearestRank()
    {
        var stats = DurationStats.Of(Enumerable.Range(1, 100).Select(i => (double)i));

        Assert.Equal(new DurationStats(100, 1, 50, 95, 100), stats);
        Assert.Equal(new DurationStats(0, 0, 0, 0, 0), DurationStats.Of([]));
    }

    [Theory]
    [Trait(Behaviours.Trait, Behaviours.FailureBudget)]
    [InlineData(0, 100, 0, 8, "nothing was scored: all 8 mini-batches failed")]
    [InlineData(0, 100, 100, 0, "nothing was scored: all 100 items failed (100 item errors, 0 of 8 mini-batches failed)")]
    [InlineData(1, 100, 99, 7, null)]
    [InlineData(0, 0, 0, 0, null)]
    public void CheckSomethingScored_DefaultBudget_FailsOnlyWhenNothingWasScored(long scored, long total, long itemsFailed, long failedMiniBatches, string? expected)
    {
        // Arrange: the default budget ignores every limit
        var budget = new FailureBudget(new FailuresSpec(), 8);

        // Act
        var reason = budget.CheckSomethingScored(scored, total, itemsFailed, failedMiniBatches);

        // Assert
        Assert.Null(budget.Check(itemsFailed, failedMiniBatches, []));
        Assert.Equal(expected, reason);
    }

    [Theory]
    [InlineData(-1, -1, 1_000, 1_000, false)]
    [InlineData(5, -1, 5, 0, false)]
    [InlineData(5, -1, 6, 0, true)]
    [InlineData(-1, 2, 0, 2, false)]
    [InlineData(-1, 2, 0, 3, true)]
    [InlineData(0, 0, 0, 0, false)]
    [InlineData(0, 0, 1, 0, true)]
    public void ExceedsRemaining_AShardsOwnFailuresAgainstWhatWasLeft(long itemsLeft, long miniBatchesLeft, long failedItems, long failedMiniBatches, bool expected)
    {
        Assert.Equal(expected, FailureBudget.ExceedsRemaining(itemsLeft, miniBatchesLeft, failedItems, failedMiniBatches));
    }
}
