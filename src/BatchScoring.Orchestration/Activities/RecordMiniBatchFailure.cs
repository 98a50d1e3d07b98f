using BatchScoring.Core.Data;
using BatchScoring.Core.Diagnostics;
using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Engine;
using BatchScoring.Orchestration.Contracts;
using Microsoft.DurableTask;

namespace BatchScoring.Orchestration.Activities;

/// <summary>
/// Records a mini-batch that failed after all its tries: its failed marker, and one error record per item of its input
/// (each file in file mode, each row in tabular mode: <c>data/x.csv row 501</c>) with the reason, so every item left
/// out of the output has its own record, as item errors do. Returns the number of error records written.
/// </summary>
public sealed class RecordMiniBatchFailure(ScoringEngine engine, RunFiles files) : RunActivity<MiniBatchFailure, long>(engine, files)
{
    protected override async Task<long> ExecuteAsync(TaskActivityContext context, MiniBatchFailure input)
    {
        var run = await OpenAsync(input.Run);
        var batch = run.Plan.MiniBatches[input.Index];
        var message = $"mini-batch {input.Index} failed after {input.Attempts} tries: {input.Reason}";
        long records = 0;
        await using (var writer = await Engine.Store.OpenWriteAsync(RunLayout.FailedErrorsPath(input.Run.StagingPrefix, input.Index)))
        {
            // The store's writers buffer (a file stream, or blocks of several MiB).
            foreach (var slice in batch.Slices)
            {
                var items = run.Spec.Input.Mode == InputMode.File ? 1 : slice.RowCount;
                for (var row = slice.RowStart; row < slice.RowStart + items; row++)
                {
                    var item = run.Spec.Input.Mode == InputMode.File ? slice.Path : ItemNames.Row(slice.Path, row);
                    await writer.Stream.WriteAsync(ErrorRecordWriter.ToJsonLine(new ErrorRecord(input.Index, item, ErrorKind.MiniBatch, message)));
                    records++;
                }
            }

            await writer.CommitAsync();
        }

        await Files.WriteMarkerAsync(RunLayout.FailedPath(input.Run.StagingPrefix, input.Index), input with { RecordedUtc = DateTime.UtcNow });
        BatchScoringTelemetry.MiniBatchesFailed.Add(1);
        BatchScoringTelemetry.ItemsFailed.Add(records);
        return records;
    }
}
