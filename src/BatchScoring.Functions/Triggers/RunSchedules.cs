using BatchScoring.Core;
using BatchScoring.Functions.Options;
using BatchScoring.Functions.Runs;
using BatchScoring.Orchestration.Orchestrators;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BatchScoring.Functions.Triggers;

/// <summary>
/// Every minute, starts the scheduled runs that are due (<c>BatchScoring__Schedules__{name}__Cron</c> /
/// <c>__Spec</c>, UTC). Each occurrence has its own instance id (<c>schedule.{name}.{occurrence}</c>), so a tick seen
/// twice, an overlapping look-back or a second app instance never starts an occurrence twice; and an occurrence is
/// skipped while an earlier run of the same schedule is still pending, running or suspended. A spec that is not valid,
/// or reads or writes outside the app's containers (<see cref="BatchScoringOptions.Containers"/>), starts nothing: it is
/// logged with every problem, and the invocation fails naming it once the other schedules have started.
/// </summary>
public sealed class RunSchedules(SpecSource specs, IOptions<BatchScoringOptions> options, TimeProvider time, ILogger<RunSchedules> logger)
{
    /// <summary>The timer's own schedule: second 0 of every minute (schedules have minute resolution, or finer down to it).</summary>
    public const string Tick = "0 * * * * *";

    /// <summary>How far back a tick looks for due occurrences; overlapping windows are harmless (same id, started once).</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromMinutes(2);

    /// <summary>After downtime, the latest occurrence missed within this span still starts (one, not every missed one).</summary>
    public static readonly TimeSpan MaxCatchUp = TimeSpan.FromDays(1);

    private static readonly OrchestrationRuntimeStatus[] Unfinished = [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    [Function(nameof(RunSchedules))]
    public async Task RunAsync([TimerTrigger(Tick)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timer);
        ArgumentNullException.ThrowIfNull(client);
        var now = time.GetUtcNow();
        var from = now - LookBack;
        if (timer.ScheduleStatus?.Last is { } last && last != default && Utc(last) < from)
        {
            from = Utc(last) > now - MaxCatchUp ? Utc(last) : now - MaxCatchUp;
        }

        var problems = new List<string>();
        foreach (var (name, schedule) in options.Value.Schedules)
        {
            if (CronSchedule.Parse(schedule.Cron).LatestIn(from, now) is { } occurrence
                && await StartOccurrenceAsync(client, name, schedule, occurrence, cancellationToken) is { } problem)
            {
                problems.Add(problem);
            }
        }

        if (problems.Count > 0)
        {
            throw new BatchScoringException("Some scheduled runs could not start:", problems);
        }
    }

    /// <summary>Starts one occurrence unless it exists or an earlier run of the schedule is unfinished; a problem with its spec is returned.</summary>
    private async Task<string?> StartOccurrenceAsync(DurableTaskClient client, string name, ScheduleOptions schedule, DateTimeOffset occurrence, CancellationToken cancellationToken)
    {
        var instanceId = InstanceIds.ForSchedule(name, occurrence);
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is not null)
        {
            logger.ScheduledRunExists(name, instanceId);
            return null;
        }

        var query = new OrchestrationQuery { InstanceIdPrefix = InstanceIds.SchedulePrefix(name), Statuses = Unfinished, PageSize = 100 };
        await foreach (var earlier in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            if (earlier.Name == nameof(ScoringRun))
            {
                logger.ScheduledRunOverlaps(name, occurrence, earlier.InstanceId, earlier.RuntimeStatus.ToString());
                return null;
            }
        }

        var load = await specs.LoadAsync(schedule.Spec, cancellationToken);
        if (load.Spec is null)
        {
            var problems = load.Found ? string.Join("; ", load.Errors) : "no such blob";
            logger.ScheduledSpecInvalid(name, load.Path, problems);
            return $"{name}: {load.Path}: {problems}";
        }

        if (options.Value.Containers.Check(load.Spec) is { Count: > 0 } outside)
        {
            var problems = string.Join("; ", outside);
            logger.ScheduledSpecInvalid(name, load.Path, problems);
            return $"{name}: {load.Path}: {problems}";
        }

        if (await RunStarter.StartOnceAsync(client, instanceId, load.Spec, cancellationToken: cancellationToken))
        {
            logger.ScheduledRunStarted(name, instanceId, occurrence);
        }
        else
        {
            logger.ScheduledRunExists(name, instanceId);
        }

        return null;
    }

    private static DateTimeOffset Utc(DateTime time) =>
        new(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
