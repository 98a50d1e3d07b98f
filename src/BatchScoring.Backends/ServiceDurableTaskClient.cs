using DurableTask.Core;
using DurableTask.Core.Query;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using CoreOrchestrationQuery = DurableTask.Core.Query.OrchestrationQuery;
using CoreStatus = DurableTask.Core.OrchestrationStatus;
using OrchestrationQuery = Microsoft.DurableTask.Client.OrchestrationQuery;
using PurgeResult = Microsoft.DurableTask.Client.PurgeResult;

namespace BatchScoring.Backends;

/// <summary>
/// The portable <see cref="DurableTaskClient"/> over a DurableTask.Core orchestration service (in memory, Azure
/// Storage), so the runner, the tests and the Functions app read and drive runs through one API whatever the backend.
/// Inputs and outputs go through the shims' converter (<see cref="ScoringWorker.DataConverter"/>).
/// </summary>
public sealed class ServiceDurableTaskClient : DurableTaskClient
{
    private readonly IOrchestrationServiceClient service;
    private readonly TaskHubClient client;
    private readonly DataConverter converter = ScoringWorker.DataConverter;
    private readonly TimeSpan waitSlice;

    /// <param name="name">The client's name (the task hub's, or the engine's).</param>
    /// <param name="service">The orchestration service the client reads and drives.</param>
    /// <param name="loggerFactory">Logs of DurableTask.Core's client.</param>
    /// <param name="waitSlice">How long one wait on the service lasts before it is renewed (30 s by default); a wait
    /// for completion lasts until the run ends or its token is cancelled, whatever this is.</param>
    public ServiceDurableTaskClient(string name, IOrchestrationServiceClient service, Microsoft.Extensions.Logging.ILoggerFactory loggerFactory, TimeSpan? waitSlice = null)
        : base(name)
    {
        this.service = service;
        this.waitSlice = waitSlice ?? TimeSpan.FromSeconds(30);
        client = new TaskHubClient(service, new PortableDataConverter(converter), loggerFactory);
    }

    /// <summary>DurableTask.Core's own client over the same service, with the same converter.</summary>
    public TaskHubClient CoreClient => client;

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        var dedupe = new[] { CoreStatus.Pending, CoreStatus.Running, CoreStatus.ContinuedAsNew };
        var instance = options?.StartAt is { } startAt
            ? await client.CreateScheduledOrchestrationInstanceAsync(orchestratorName.Name, "", instanceId, input, startAt.UtcDateTime)
            : await client.CreateOrchestrationInstanceAsync(orchestratorName.Name, "", instanceId, input, tags: null, dedupe);
        return instance.InstanceId;
    }

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        client.RaiseEventAsync(new OrchestrationInstance { InstanceId = instanceId }, eventName, eventPayload!);

    public override async Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        while (true)
        {
            if (await GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation) is { RuntimeStatus: not OrchestrationRuntimeStatus.Pending } metadata)
            {
                return metadata;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellation);
        }
    }

    public override async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        while (true)
        {
            OrchestrationState? state;
            try
            {
                state = await service.WaitForOrchestrationAsync(instanceId, executionId: null!, waitSlice, cancellation);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                // The in-memory service ends a wait that outlasts its timeout with a cancellation, not with null: a
                // run longer than one slice is still running, so wait again.
                continue;
            }

            if (state is not null && state.OrchestrationStatus is not (CoreStatus.Pending or CoreStatus.Running or CoreStatus.ContinuedAsNew or CoreStatus.Suspended))
            {
                return ToMetadata(state, getInputsAndOutputs);
            }

            cancellation.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Terminates the instance and, with <see cref="TerminateInstanceOptions.Recursive"/>, the sub-orchestrations it
    /// started that still run. DurableTask.Core's client terminates one instance only; the sub-orchestrations of this
    /// product are its run's shards, named under the run's <see cref="Core.Runs.RunLayout.ShardPrefix"/>, so they are
    /// found by that prefix.
    /// </summary>
    public override async Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        var reason = options?.Output as string ?? (options?.Output is { } output ? converter.Serialize(output) : null) ?? "terminated";
        await client.TerminateInstanceAsync(new OrchestrationInstance { InstanceId = instanceId }, reason);
        if (options?.Recursive != true)
        {
            return;
        }

        var running = new OrchestrationQuery
        {
            InstanceIdPrefix = Core.Runs.RunLayout.ShardPrefix(instanceId),
            Statuses = [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running],
            PageSize = 1000,
        };
        var shards = new List<string>();
        await foreach (var shard in GetAllInstancesAsync(running).WithCancellation(cancellation))
        {
            shards.Add(shard.InstanceId);
        }

        foreach (var shard in shards)
        {
            await client.TerminateInstanceAsync(new OrchestrationInstance { InstanceId = shard }, reason);
        }
    }

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        client.SuspendInstanceAsync(new OrchestrationInstance { InstanceId = instanceId }, reason);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        client.ResumeInstanceAsync(new OrchestrationInstance { InstanceId = instanceId }, reason);

    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        var states = await service.GetOrchestrationStateAsync(instanceId, allExecutions: false);
        return states?.FirstOrDefault(s => s is not null) is { } state ? ToMetadata(state, getInputsAndOutputs) : null;
    }

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
    {
        if (service is not IOrchestrationServiceQueryClient queries)
        {
            throw new NotSupportedException($"{service.GetType().Name} cannot be queried.");
        }

        return Pageable.Create<OrchestrationMetadata>(async (token, size, cancellation) =>
        {
            var query = new CoreOrchestrationQuery
            {
                RuntimeStatus = filter?.Statuses?.Select(s => (CoreStatus)s).ToList(),
                CreatedTimeFrom = filter?.CreatedFrom?.UtcDateTime,
                CreatedTimeTo = filter?.CreatedTo?.UtcDateTime,
                InstanceIdPrefix = filter?.InstanceIdPrefix,
                PageSize = size ?? filter?.PageSize ?? 100,
                ContinuationToken = token ?? filter?.ContinuationToken,
                FetchInputsAndOutputs = filter?.FetchInputsAndOutputs ?? false,
            };
            var page = await queries.GetOrchestrationWithQueryAsync(query, cancellation);
            return new Page<OrchestrationMetadata>(
                page.OrchestrationState.Select(s => ToMetadata(s, query.FetchInputsAndOutputs)).ToList(),
                string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
        });
    }

    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        if (service is not IOrchestrationServicePurgeClient purge)
        {
            throw new NotSupportedException($"{service.GetType().Name} cannot purge instances.");
        }

        var result = await purge.PurgeInstanceStateAsync(instanceId);
        return new PurgeResult(result.DeletedInstanceCount);
    }

    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        var query = new OrchestrationQuery { CreatedFrom = filter.CreatedFrom, CreatedTo = filter.CreatedTo, Statuses = filter.Statuses, PageSize = 1000 };
        var ids = new List<string>();
        await foreach (var instance in GetAllInstancesAsync(query).WithCancellation(cancellation))
        {
            ids.Add(instance.InstanceId);
        }

        var purged = 0;
        foreach (var id in ids)
        {
            purged += (await PurgeInstanceAsync(id, options, cancellation)).PurgedInstanceCount;
        }

        return new PurgeResult(purged);
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private OrchestrationMetadata ToMetadata(OrchestrationState state, bool getInputsAndOutputs) =>
        new(state.Name, state.OrchestrationInstance.InstanceId)
        {
            RuntimeStatus = (OrchestrationRuntimeStatus)state.OrchestrationStatus,
            CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.CreatedTime, DateTimeKind.Utc)),
            LastUpdatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.LastUpdatedTime, DateTimeKind.Utc)),
            SerializedInput = getInputsAndOutputs ? state.Input : null,
            SerializedOutput = getInputsAndOutputs ? state.Output : null,
            SerializedCustomStatus = getInputsAndOutputs ? state.Status : null,
            FailureDetails = Failure(state.FailureDetails),
            DataConverter = getInputsAndOutputs ? converter : null,
        };

    private static TaskFailureDetails? Failure(FailureDetails? details) =>
        details is null ? null : new TaskFailureDetails(details.ErrorType, details.ErrorMessage, details.StackTrace, Failure(details.InnerFailure), null);
}
