using BatchScoring.Core.Data;
using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Engine;
using BatchScoring.Orchestration.Contracts;
using Microsoft.DurableTask;

namespace BatchScoring.Orchestration.Activities;

/// <summary>
/// Records a mini-batch that failed after all its tries: its failed marker, and one error record per slice of its
/// input (the file, or the file's rows) with the reason, so every item left out of the output has a record. Returns
/// the number of error records written.
/// </summary>
public sealed class RecordMiniBatchFailure(ScoringEngine engine, RunFiles files) : RunActivity<MiniBatchFailure, int>(engine, files)
{
    public override async Task<int> RunAsync(TaskActivityContext context, MiniBatchFailure input)
    {
        var run = await OpenAsync(input.Run);
        var batch = run.Plan.MiniBatches[input.Index];
        var message = $"mini-batch {input.Index} failed after {input.Attempts} tries: {input.Reason}";
        await using (var writer = await Engine.Store.OpenWriteAsync(RunLayout.FailedErrorsPath(input.Run.StagingPrefix, input.Index)))
        {
            foreach (var slice in batch.Slices)
            {
                var item = run.Spec.Input.Mode == InputMode.File ? slice.Path : ItemNames.Rows(slice.Path, slice.RowStart, slice.RowCount);
                await writer.Stream.WriteAsync(ErrorRecordWriter.ToJsonLine(new ErrorRecord(input.Index, item, ErrorKind.MiniBatch, message)));
            }

            await writer.CommitAsync();
        }

        await Files.WriteJsonAsync(RunLayout.FailedPath(input.Run.StagingPrefix, input.Index), input);
        return batch.Slices.Count;
    }
}
