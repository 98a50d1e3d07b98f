using BatchScoring.Core.Data;
using BatchScoring.Core.Spec;
using BatchScoring.Engine;
using BatchScoring.Orchestration.Contracts;
using Microsoft.DurableTask;

namespace BatchScoring.Orchestration.Activities;

/// <summary>
/// Records a mini-batch that failed after all its tries: its failed marker, and one error record per slice of its
/// input (the file, or the file's rows) with the reason, so every item left out of the output has a record.
/// </summary>
public sealed class RecordMiniBatchFailure(ScoringEngine engine) : TaskActivity<MiniBatchFailure, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, MiniBatchFailure input)
    {
        var spec = RunSpecSerializer.Parse(input.SpecJson);
        var plan = await RunFiles.LoadPlanAsync(engine.Store, input.PlanPath, default);
        var batch = plan.MiniBatches[input.Index];
        var message = $"mini-batch {input.Index} failed after {input.Attempts} tries: {input.Reason}";
        await using (var writer = await engine.Store.OpenWriteAsync(StagingLayout.FailedErrorsPath(input.StagingPrefix, input.Index)))
        {
            foreach (var slice in batch.Slices)
            {
                var item = spec.Input.Mode == InputMode.File ? slice.Path : $"{slice.Path} rows {slice.RowStart + 1}-{slice.RowStart + slice.RowCount}";
                await writer.Stream.WriteAsync(ErrorRecordWriter.ToJsonLine(new ErrorRecord(input.Index, item, ErrorKind.MiniBatch, message)));
            }

            await writer.CommitAsync();
        }

        await RunFiles.WriteJsonAsync(engine.Store, RunFiles.FailedPath(input.StagingPrefix, input.Index), input with { SpecJson = "" }, default);
        return true;
    }
}
