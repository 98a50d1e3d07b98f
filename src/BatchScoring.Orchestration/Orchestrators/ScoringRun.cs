using BatchScoring.Core;
using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Orchestration.Activities;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Progress;
using Microsoft.DurableTask;

namespace BatchScoring.Orchestration.Orchestrators;

/// <summary>
/// A scoring run: plan, fan mini-batches out through <see cref="ScoreShard"/> sub-orchestrations, fan the results
/// back in against the failure budget, commit. Deterministic: every I/O is an activity.
/// <list type="bullet">
/// <item>History is bounded: a shard holds at most <see cref="ShardBounds.MaxShardSize"/> mini-batches (100), and
/// this orchestration schedules at most <see cref="ShardBounds.ShardsPerGeneration"/> shards (50) before it continues
/// as new with its counts (<see cref="RunState"/>), so no history grows with the size of the run.</item>
/// <item>At most <c>execution.maxParallelMiniBatches</c> mini-batches are in flight: shards in flight × mini-batches
/// in flight per shard never exceeds it.</item>
/// <item>Failure budget: checked at every fan-in; when a limit is exceeded or can no longer be met, no further shard is
/// scheduled, running shards are told to stop scheduling and their in-flight mini-batches are let finish, the error
/// records and the summary are written (no output), and the run fails with the reason. So does a run that had items
/// to score and scored none, whatever its limits.</item>
/// <item>Every failure writes the summary: a step that fails (planning, a shard, the commit) is caught, its cause
/// (without Durable's wrappers) recorded by <see cref="RecordRunFailure"/>, and rethrown, so the run fails with it.</item>
/// </list>
/// </summary>
public sealed class ScoringRun : TaskOrchestrator<ScoringRunInput, ScoringRunResult>
{
    private readonly ShardBounds bounds;

    public ScoringRun()
        : this(ShardBounds.Default)
    {
    }

    /// <summary>With other fan-out bounds (tests of the ContinueAsNew generations).</summary>
    internal ScoringRun(ShardBounds bounds)
    {
        this.bounds = bounds;
    }

    public override async Task<ScoringRunResult> RunAsync(TaskOrchestrationContext context, ScoringRunInput input)
    {
        var logger = context.CreateReplaySafeLogger<ScoringRun>();
        var state = input.State;
        var startedUtc = state?.StartedUtc ?? context.CurrentUtcDateTime;

        // An output path template ({runDate}, {runId}) is resolved once, with the run's start: every generation alike.
        var spec = input.Spec.WithCanonicalPaths().WithOutputFor(startedUtc, context.InstanceId);
        try
        {
            if (state is null)
            {
                context.SetCustomStatus(RunProgress.Empty(RunPhase.Planning));
                var plan = await context.CallActivityAsync<PlanResult>(nameof(PlanMiniBatches), new PlanInput(spec, input.Engine));
                if (plan.AlreadyCommitted is { } previous)
                {
                    logger.RunReused(context.InstanceId, plan.Fingerprint);
                    context.SetCustomStatus(new RunProgress(RunPhase.Reused, plan.MiniBatches, plan.MiniBatches - previous.FailedMiniBatches, previous.FailedMiniBatches, 0, previous.ItemsScored, previous.ItemsFailed, 0, 0));
                    return previous;
                }

                state = new RunState(plan, context.NewGuid().ToString("N"), startedUtc, 0, 0, 0, 0, 0, []);
                logger.RunPlanned(context.InstanceId, plan.MiniBatches, plan.TotalItems);
            }

            var run = new RunRef(context.InstanceId, state.Plan.StagingPrefix, state.Start);
            var total = state.Plan.MiniBatches;
            var budget = new FailureBudget(spec.Failures, total);
            var shardSize = ShardSize(total, spec.Execution.MaxParallelMiniBatches, bounds.MaxShardSize);
            var perShard = Math.Min(spec.Execution.MaxParallelMiniBatches, shardSize);
            var shardsInFlight = Math.Max(1, spec.Execution.MaxParallelMiniBatches / perShard);
            var pending = new Dictionary<Task<ShardResult>, (string InstanceId, int Count)>();
            var scheduled = 0;
            string? reason = null;
            bool CanSchedule() => reason is null && scheduled < bounds.ShardsPerGeneration && state.NextMiniBatch < total;
            while (pending.Count > 0 || CanSchedule())
            {
                while (CanSchedule() && pending.Count < shardsInFlight)
                {
                    var count = Math.Min(shardSize, total - state.NextMiniBatch);
                    var (items, batches) = budget.Remaining(state.ItemsFailed, state.Failed);
                    var shardId = RunLayout.ShardId(context.InstanceId, state.NextMiniBatch, context.NewGuid());
                    var shardInput = new ShardInput(run, spec.Execution, state.NextMiniBatch, count, perShard, items, batches);
                    pending[context.CallSubOrchestratorAsync<ShardResult>(nameof(ScoreShard), shardInput, new SubOrchestrationOptions(instanceId: shardId))] = (shardId, count);
                    state = state with { NextMiniBatch = state.NextMiniBatch + count };
                    scheduled++;
                }

                context.SetCustomStatus(Progress(context, state, total, RunPhase.Scoring) with { Shards = [.. pending.Values.Select(p => p.InstanceId)] });
                var finished = await Task.WhenAny(pending.Keys);
                pending.Remove(finished);
                if (finished.IsFaulted || finished.Result.Failure is not null)
                {
                    // A shard failed, or reports a failure that stops the run: the others stop scheduling first.
                    foreach (var (instanceId, _) in pending.Values)
                    {
                        context.SendEvent(instanceId, ScoreShard.StopEvent, true);
                    }
                }

                var shard = await finished;
                if (shard.Failure is { } failure)
                {
                    await RecordFailureAsync(context, input, spec, state, startedUtc, failure.Reason, failure.Step);
                    throw new BatchScoringException(failure.Reason);
                }

                state = state with
                {
                    Done = state.Done + shard.Done,
                    Failed = state.Failed + shard.Failed,
                    ItemsScored = state.ItemsScored + shard.ItemsScored,
                    ItemsFailed = state.ItemsFailed + shard.ItemsFailed,
                    FailedIndexes = [.. state.FailedIndexes.Concat(shard.FailedIndexes).Order().Take(FailureBudget.IndexesNamed)],
                };
                if (reason is null && budget.Check(state.ItemsFailed, state.Failed, state.FailedIndexes) is { } exceeded)
                {
                    reason = exceeded;
                    logger.BudgetExceeded(context.InstanceId, reason);
                    foreach (var (instanceId, _) in pending.Values)
                    {
                        context.SendEvent(instanceId, ScoreShard.StopEvent, true);
                    }
                }
            }

            if (reason is null && state.NextMiniBatch < total)
            {
                context.ContinueAsNew(input with { State = state });
                return null!;
            }

            // Whatever the limits, nothing scored is no success.
            reason ??= budget.CheckSomethingScored(state.ItemsScored, state.Plan.TotalItems, state.ItemsFailed, state.Failed);
            context.SetCustomStatus(Progress(context, state, total, reason is null ? RunPhase.Committing : RunPhase.Failing));
            var commit = new CommitInput(run, state.Plan.Fingerprint, state.Plan.ModelHash, input.Engine, state.StartedUtc, reason);
            var result = await context.CallActivityAsync<ScoringRunResult>(nameof(CommitOutput), commit);
            if (reason is not null)
            {
                logger.RunFailed(context.InstanceId, reason);
                context.SetCustomStatus(Progress(context, state, total, RunPhase.Failed) with { EarlierOutput = result.EarlierOutputPath, Summary = result.SummaryPath });
                var earlier = result.EarlierOutputPath is { } path ? $"; '{path}' is an earlier run's output" : "";
                throw new BatchScoringException($"Run '{spec.Name}' stopped: {reason}. No output was written{earlier}. Error records: {result.ErrorsPath}; summary: {result.SummaryPath}.");
            }

            context.SetCustomStatus(Progress(context, state, total, RunPhase.Completed));
            return result;
        }
        catch (TaskFailedException e)
        {
            // A step failed (planning, a shard, the commit): the summary says so, with the cause, and the run fails with it.
            var failure = RunFailures.OfTask(e);
            await RecordFailureAsync(context, input, spec, state, startedUtc, failure.Message, failure.Task ?? e.TaskName);
            if (e.FailureDetails is null)
            {
                // A failed sub-orchestration can arrive without details, which the engine cannot record when rethrown.
                throw new BatchScoringException(failure.Message);
            }

            throw;
        }
    }

    /// <summary>Publishes phase failed and writes the summary of a run that failed in <paramref name="step"/> (<see cref="RecordRunFailure"/>).</summary>
    private static async Task RecordFailureAsync(TaskOrchestrationContext context, ScoringRunInput input, RunSpec spec, RunState? state, DateTime startedUtc, string message, string step)
    {
        var logger = context.CreateReplaySafeLogger<ScoringRun>();
        logger.RunFailed(context.InstanceId, message);
        var failed = state is null
            ? RunProgress.Empty(RunPhase.Failed, startedUtc)
            : Progress(context, state, state.Plan.MiniBatches, RunPhase.Failed);
        context.SetCustomStatus(failed);
        try
        {
            var record = await context.CallActivityAsync<RunFailureRecord>(nameof(RecordRunFailure), new RunFailureInput(spec, message, step, input.Engine, startedUtc, state));
            context.SetCustomStatus(failed with { EarlierOutput = record.EarlierOutputPath, Summary = record.SummaryPath });
        }
        catch (TaskFailedException summaryFailure)
        {
            logger.SummaryNotWritten(context.InstanceId, RunFailures.OfTask(summaryFailure).Message);
        }
    }

    /// <summary>Shards of up to <paramref name="maxShardSize"/>, small enough that small runs still spread over the window.</summary>
    internal static int ShardSize(int total, int maxParallel, int maxShardSize) =>
        Math.Clamp((int)Math.Ceiling(total / (double)Math.Max(1, Math.Min(maxParallel, total))), 1, maxShardSize);

    /// <summary>The run's own counts: the mini-batches of the shards it collected (the others publish theirs; <see cref="Progress.RunProgressView"/> adds them).</summary>
    private static RunProgress Progress(TaskOrchestrationContext context, RunState state, int total, RunPhase phase)
    {
        return new RunProgress(phase, total, state.Done, state.Failed, 0, state.ItemsScored, state.ItemsFailed, 0, null, state.StartedUtc)
            .WithRate(context.CurrentUtcDateTime);
    }
}
