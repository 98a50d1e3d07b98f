using BatchScoring.Engine;
using BatchScoring.Orchestration.Activities;
using BatchScoring.Orchestration.Orchestrators;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Logging;

namespace BatchScoring.Runner.Hosting;

/// <summary>
/// One worker on a task hub: a <see cref="TaskHubWorker"/> running the portable ScoringRun classes through the
/// shims of Microsoft.DurableTask.Worker. No orchestration logic lives here.
/// </summary>
internal static class WorkerHost
{
    public static TaskHubWorker Create(TaskHub hub, ScoringEngine engine, ILoggerFactory loggerFactory)
    {
        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = TaskHub.DataConverter }, loggerFactory);
        var worker = new TaskHubWorker(hub.Service, loggerFactory);
        worker.AddTaskOrchestrations(
            Orchestration(shims, nameof(ScoringRun), () => new ScoringRun()),
            Orchestration(shims, nameof(ScoreShard), () => new ScoreShard()));
        worker.AddTaskActivities(
            Activity(shims, nameof(PlanMiniBatches), new PlanMiniBatches(engine)),
            Activity(shims, nameof(ScoreMiniBatch), new ScoreMiniBatch(engine)),
            Activity(shims, nameof(RecordMiniBatchFailure), new RecordMiniBatchFailure(engine)),
            Activity(shims, nameof(CommitOutput), new CommitOutput(engine)));
        return worker;
    }

    private static FactoryObjectCreator<TaskOrchestration> Orchestration(DurableTaskShimFactory shims, string name, Func<ITaskOrchestrator> create) =>
        new(name, () => shims.CreateOrchestration(new TaskName(name), create(), parent: null));

    private static FactoryObjectCreator<TaskActivity> Activity(DurableTaskShimFactory shims, string name, ITaskActivity activity) =>
        new(name, () => shims.CreateActivity(new TaskName(name), activity));
}
