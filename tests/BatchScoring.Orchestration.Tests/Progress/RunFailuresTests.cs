using BatchScoring.Orchestration.Progress;
using Microsoft.DurableTask;

namespace BatchScoring.Orchestration.Tests.Progress;

/// <summary>A failed run's reason, from the output string the Functions host leaves (FailureDetails null) or from failure details.</summary>
public sealed class RunFailuresTests
{
    public static TheoryData<string, string, string?, string?> Outputs => new()
    {
        // An activity threw (PlanMiniBatches: a model that does not exist), as the host on Azure Storage reports it.
        {
            "Microsoft.DurableTask.TaskFailedException: Task 'PlanMiniBatches' (#0) failed with an unhandled exception: 'specs/models/no-such-model.onnx' does not exist in blob account devstoreaccount1.",
            "'specs/models/no-such-model.onnx' does not exist in blob account devstoreaccount1.", null, "PlanMiniBatches"
        },

        // A shard sub-orchestration failed because one of its activities did: one wrapper per level.
        {
            "Microsoft.DurableTask.TaskFailedException: Task 'ScoreShard' (#2) failed with an unhandled exception: Task 'CommitOutput' (#7) failed with an unhandled exception: disk full",
            "disk full", null, "CommitOutput"
        },

        // The orchestration stopped the run itself (the failure budget), with a problem list on further lines and a stack trace.
        {
            "BatchScoring.Core.BatchScoringException: Run 'churn' stopped: 3 mini-batches failed, 1 allowed.\n  row 4: not a number\n   at BatchScoring.Orchestration.Orchestrators.ScoringRun.RunAsync()\n   at X.Y()",
            "Run 'churn' stopped: 3 mini-batches failed, 1 allowed.\n  row 4: not a number", "BatchScoring.Core.BatchScoringException", null
        },

        // Stored as a JSON string.
        { "\"System.InvalidOperationException: bad state\"", "bad state", "System.InvalidOperationException", null },

        // Text that follows no known shape is shown as it is.
        { "something odd happened", "something odd happened", null, null },
    };

    [Theory]
    [MemberData(nameof(Outputs))]
    public void FromOutput_HostOutputString_GivesTheCauseWithoutDurablesWrappers(string output, string message, string? errorType, string? task)
    {
        var failure = RunFailures.Of(new Microsoft.DurableTask.Client.OrchestrationMetadata("ScoringRun", "r")
        {
            RuntimeStatus = Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Failed,
            SerializedOutput = output,
        });

        Assert.Equal(new RunFailure(message, errorType, task), failure);
    }

    [Fact]
    public void FromDetails_WrappedActivityFailure_GivesTheInnermostCauseAndTask()
    {
        var inner = new TaskFailureDetails("Azure.RequestFailedException", "The specified blob does not exist.", null, null, null);
        var details = new TaskFailureDetails(typeof(TaskFailedException).FullName!, "Task 'ScoreMiniBatch' (#3) failed with an unhandled exception: The specified blob does not exist.", null, inner, null);

        Assert.Equal(new RunFailure("The specified blob does not exist.", "Azure.RequestFailedException", "ScoreMiniBatch"), RunFailures.FromDetails(details));
    }

    [Fact]
    public void Of_FailedRunWithoutOutputOrDetails_StillHasAFailure()
    {
        var failure = RunFailures.Of(new Microsoft.DurableTask.Client.OrchestrationMetadata("ScoringRun", "r") { RuntimeStatus = Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Failed });

        Assert.NotNull(failure);
        Assert.Contains("no reason", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_TerminatedRun_HasNoFailure()
    {
        var run = new Microsoft.DurableTask.Client.OrchestrationMetadata("ScoringRun", "r") { RuntimeStatus = Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Terminated, SerializedOutput = "\"cancelled\"" };

        Assert.Null(RunFailures.Of(run));
    }
}
