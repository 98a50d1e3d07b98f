using BatchScoring.Core.Diagnostics;
using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Orchestration.Activities;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Progress;
using Microsoft.DurableTask;

namespace BatchScoring.Orchestration.Orchestrators;

/// <summary>
/// A shard of a run: scores its mini-batches with at most <see cref="ShardInput.Parallel"/> in flight, each with
/// <c>execution.maxTries</c> attempts of at most <c>execution.miniBatchTimeout</c> seconds and exponential back-off,
/// records the mini-batches that fail after all their tries, and publishes its progress (<see cref="ShardProgress"/>)
/// as its custom status whenever a mini-batch starts or ends. It stops scheduling when its own failures exceed what the
/// run's budget has left, or on the run's <see cref="StopEvent"/>; in-flight mini-batches are let finish. An input that
/// changed since planning (<see cref="Core.InputChangedException"/>) is not retried, and a failure that cannot be
/// recorded (<see cref="RecordMiniBatchFailure"/> failing, on a full disk) cannot be counted: the shard returns at once
/// with the reason (<see cref="ShardResult.Failure"/>), and the run fails with it.
/// </summary>
public sealed class ScoreShard : TaskOrchestrator<ShardInput, ShardResult>
{
    public const string StopEvent = "stop";

    public override async Task<ShardResult> RunAsync(TaskOrchestrationContext context, ShardInput input)
    {
        var stop = context.WaitForExternalEvent<bool>(StopEvent);
        var pending = new List<Task<Attempted>>();
        var failedIndexes = new List<int>();
        int next = input.First, end = input.First + input.Count, done = 0, failed = 0;
        long scored = 0, itemsFailed = 0;
        var stopped = false;
        while (pending.Count > 0 || (!stopped && next < end))
        {
            while (!stopped && pending.Count < input.Parallel && next < end)
            {
                pending.Add(ScoreWithRetriesAsync(context, input, input.Execution, next++));
            }

            context.SetCustomStatus(new ShardProgress(done, failed, pending.Count, scored, itemsFailed));
            var waiting = new List<Task>(pending);
            if (!stopped)
            {
                waiting.Add(stop);
            }

            var finished = await Task.WhenAny(waiting);
            if (finished == stop)
            {
                stopped = true;
                continue;
            }

            var completed = (Task<Attempted>)finished;
            pending.Remove(completed);
            var attempt = await completed;
            if (attempt.Failure is { } failure)
            {
                // Nothing this shard or a retry could do: report at once (in-flight attempts finish unobserved).
                context.SetCustomStatus(new ShardProgress(done, failed, 0, scored, itemsFailed));
                return new ShardResult(input.First, done, failed, scored, itemsFailed, failedIndexes, Stopped: true, failure);
            }

            if (attempt.Outcome is { } outcome)
            {
                done++;
                scored += outcome.ItemsScored;
                itemsFailed += outcome.ItemsFailed;
            }
            else
            {
                // The items of a failed mini-batch are failed items too, for errorThreshold as in Azure ML.
                failed++;
                failedIndexes.Add(attempt.Index);
                itemsFailed += attempt.ItemsLost;
            }

            stopped |= FailureBudget.ExceedsRemaining(input.ItemFailuresAllowed, input.MiniBatchFailuresAllowed, itemsFailed, failed);
        }

        context.SetCustomStatus(new ShardProgress(done, failed, 0, scored, itemsFailed));
        return new ShardResult(input.First, done, failed, scored, itemsFailed, failedIndexes, Stopped: next < end);
    }

    private static async Task<Attempted> ScoreWithRetriesAsync(TaskOrchestrationContext context, ShardInput input, ExecutionSpec execution, int index)
    {
        var reason = "";
        for (var attempt = 1; attempt <= execution.MaxTries; attempt++)
        {
            using var cancelTimer = new CancellationTokenSource();
            var work = context.CallActivityAsync<MiniBatchOutcome>(nameof(ScoreMiniBatch), new MiniBatchWork(input.Run, index, attempt));
            var timeout = context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(execution.MiniBatchTimeout), cancelTimer.Token);
            if (await Task.WhenAny(work, timeout) == work)
            {
                // Synchronous on purpose: orchestrator code must stay on the orchestration's own thread.
#pragma warning disable CA1849
                cancelTimer.Cancel();
#pragma warning restore CA1849
                try
                {
                    return new Attempted(index, await work);
                }
                catch (TaskFailedException e) when (RunFailures.IsInputChange(e.FailureDetails))
                {
                    return new Attempted(index, null, Failure: new ShardFailure(RunFailures.OfTask(e).Message, nameof(ScoreMiniBatch)));
                }
                catch (TaskFailedException e)
                {
                    reason = e.FailureDetails.ErrorMessage;
                }
            }
            else
            {
                // Abandoned: it may still finish later, writing the same part and marker again (atomic, same names).
                if (!context.IsReplaying)
                {
                    BatchScoringTelemetry.TimeOuts.Add(1);
                }

                reason = $"attempt {attempt} did not finish within execution.miniBatchTimeout ({execution.MiniBatchTimeout} s)";
            }

            if (attempt < execution.MaxTries)
            {
                var delay = Math.Min(ExecutionSpec.MaxRetryDelaySeconds, execution.RetryDelaySeconds * Math.Pow(2, attempt - 1));
                await context.CreateTimer(TimeSpan.FromSeconds(delay), CancellationToken.None);
            }
        }

        try
        {
            var lost = await context.CallActivityAsync<long>(nameof(RecordMiniBatchFailure), new MiniBatchFailure(input.Run, index, execution.MaxTries, reason));
            return new Attempted(index, null, lost);
        }
        catch (TaskFailedException e)
        {
            var cause = RunFailures.OfTask(e).Message;
            return new Attempted(index, null, Failure: new ShardFailure($"mini-batch {index} failed ({reason}) and its failure could not be recorded: {cause}", nameof(RecordMiniBatchFailure)));
        }
    }

    /// <summary>
    /// A mini-batch's end: its outcome, or null when it failed after all its tries, losing <see cref="ItemsLost"/>
    /// items, or with a <see cref="Failure"/> that stops the run.
    /// </summary>
    private sealed record Attempted(int Index, MiniBatchOutcome? Outcome, long ItemsLost = 0, ShardFailure? Failure = null);
}
