using System.Diagnostics;
using BatchScoring.Core.Diagnostics;
using BatchScoring.Core.Runs;
using BatchScoring.Engine;
using BatchScoring.Orchestration.Contracts;
using Microsoft.DurableTask;
using Tags = BatchScoring.Core.Diagnostics.BatchScoringTelemetry.Tags;

namespace BatchScoring.Orchestration.Activities;

/// <summary>
/// Scores one mini-batch through the engine, which stages its part and error records under names derived from the
/// index (a retry or a second delivery overwrites them, atomically), then writes the mini-batch's done marker. A
/// mini-batch whose marker exists (a duplicate delivery, or a re-run reusing staged parts) is not scored again.
/// </summary>
public sealed class ScoreMiniBatch(ScoringEngine engine, RunFiles files) : RunActivity<MiniBatchWork, MiniBatchOutcome>(engine, files)
{
    protected override async Task<MiniBatchOutcome> ExecuteAsync(TaskActivityContext context, MiniBatchWork input)
    {
        var done = RunLayout.DonePath(input.Run.StagingPrefix, input.Index);
        if (await Files.ReadJsonAsync<MiniBatchOutcome>(done) is { } previous)
        {
            return previous with { Reused = true };
        }

        var startedUtc = DateTime.UtcNow;
        var host = $"{Environment.MachineName}/{Environment.ProcessId}";
        using var span = BatchScoringTelemetry.Start("mini-batch");
        span?.SetTag(Tags.RunId, input.Run.RunId).SetTag(Tags.MiniBatch, input.Index).SetTag(Tags.Attempt, input.Attempt).SetTag(Tags.Worker, host);
        if (input.Attempt > 1)
        {
            BatchScoringTelemetry.Retries.Add(1);
        }

        BatchScoringTelemetry.MiniBatchesInFlight.Add(1);
        try
        {
            var run = await OpenAsync(input.Run);
            span?.SetTag(Tags.RunName, run.Spec.Name).SetTag(Tags.BytesRead, run.Plan.MiniBatches[input.Index].Bytes);
            var result = await Engine.ScoreMiniBatchAsync(run.Spec, run.Plan, input.Index, input.Run.StagingPrefix);
            var outcome = new MiniBatchOutcome(input.Index, result.ItemsScored, result.ItemsFailed, result.Duration.TotalSeconds, input.Run.StartKey, Reused: false, Host: host, ItemsTruncated: result.ItemsTruncated)
            {
                PartBytes = result.Part?.Size,
                PartETag = result.Part?.ETag,
                StartedUtc = startedUtc,
                Attempt = input.Attempt,
            };
            await Files.WriteMarkerAsync(done, outcome);
            span?.SetTag(Tags.ItemsScored, result.ItemsScored).SetTag(Tags.ItemsFailed, result.ItemsFailed);
            BatchScoringTelemetry.ItemsScored.Add(result.ItemsScored);
            BatchScoringTelemetry.ItemsFailed.Add(result.ItemsFailed);
            BatchScoringTelemetry.MiniBatchDuration.Record(result.Duration.TotalSeconds, new KeyValuePair<string, object?>(Tags.Outcome, "done"));
            if (result.Duration.TotalSeconds > 0)
            {
                BatchScoringTelemetry.RowsPerSecond.Record((result.ItemsScored + result.ItemsFailed) / result.Duration.TotalSeconds);
            }

            return outcome;
        }
        catch (Exception e)
        {
            var seconds = (DateTime.UtcNow - startedUtc).TotalSeconds;
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            BatchScoringTelemetry.MiniBatchDuration.Record(seconds, new KeyValuePair<string, object?>(Tags.Outcome, "error"));
            await RecordAttemptAsync(new FailedAttempt(input.Index, input.Attempt, input.Run.StartKey, host, startedUtc, seconds, $"{e.GetType().Name}: {e.Message}"), input.Run.StagingPrefix);
            throw;
        }
        finally
        {
            BatchScoringTelemetry.MiniBatchesInFlight.Add(-1);
        }
    }

    /// <summary>Writes the failed attempt's record for the timeline; a record that cannot be written never hides the failure itself.</summary>
    private async Task RecordAttemptAsync(FailedAttempt attempt, string staging)
    {
        try
        {
            await Files.WriteMarkerAsync(RunLayout.AttemptPath(staging, attempt.Index, attempt.Attempt), attempt);
        }
        catch (Exception)
        {
            // The attempt's own exception goes back to the shard; its timeline entry is all that is lost.
        }
    }
}
