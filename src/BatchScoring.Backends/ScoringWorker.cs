using BatchScoring.Orchestration;
using BatchScoring.Orchestration.Orchestrators;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BatchScoring.Backends;

/// <summary>
/// DurableTask.Core's <see cref="TaskHubWorker"/> on any orchestration service (in memory, Azure Storage) running the
/// portable ScoringRun classes through the shims of Microsoft.DurableTask.Worker: orchestrators are created fresh for
/// each execution, activities are the library's singletons. No orchestration logic lives here.
/// </summary>
public static class ScoringWorker
{
    /// <summary>The data converter of the shims, which clients must also use (inputs are read as they were written).</summary>
    public static DataConverter DataConverter { get; } = new DurableTaskWorkerOptions().DataConverter;

    /// <summary>
    /// A worker for <paramref name="service"/> whose activities come from <paramref name="services"/> (registered by
    /// <c>AddBatchScoring</c>); with <paramref name="containers"/>, the orchestrators refuse runs that leave them, as
    /// the Functions app's do (<see cref="ConfinedScoringRun"/>, <see cref="ConfinedScoreShard"/>).
    /// </summary>
    public static TaskHubWorker Create(IOrchestrationService service, IServiceProvider services, ILoggerFactory loggerFactory, Core.Spec.SpecContainers? containers = null) =>
        Create(service, services, loggerFactory, scoringRun: null, containers);

    /// <summary>The same, with <paramref name="scoringRun"/> in place of the run orchestrator: a test seam (other fan-out bounds), not shipped API.</summary>
    internal static TaskHubWorker Create(IOrchestrationService service, IServiceProvider services, ILoggerFactory loggerFactory, Func<ITaskOrchestrator>? scoringRun, Core.Spec.SpecContainers? containers = null)
    {
        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = DataConverter }, loggerFactory);
        var worker = new TaskHubWorker(service, loggerFactory);
        ITaskOrchestrator Create(Type type) =>
            containers is not null && type == typeof(ScoringRun) ? new ConfinedScoringRun(containers)
            : containers is not null && type == typeof(ScoreShard) ? new ConfinedScoreShard(containers)
            : type == typeof(ScoringRun) && scoringRun is not null ? scoringRun()
            : (ITaskOrchestrator)Activator.CreateInstance(type)!;
        worker.AddTaskOrchestrations([.. ScoringTasks.Orchestrators.Select(type => Orchestration(shims, type.Name, () => Create(type)))]);
        worker.AddTaskActivities([.. ScoringTasks.Activities.Select(type => Activity(shims, type.Name, (ITaskActivity)services.GetRequiredService(type)))]);
        return worker;
    }

    private static FactoryObjectCreator<TaskOrchestration> Orchestration(DurableTaskShimFactory shims, string name, Func<ITaskOrchestrator> create) =>
        new(name, () => shims.CreateOrchestration(new TaskName(name), create(), parent: null));

    private static FactoryObjectCreator<TaskActivity> Activity(DurableTaskShimFactory shims, string name, ITaskActivity activity) =>
        new(name, () => shims.CreateActivity(new TaskName(name), activity));
}
