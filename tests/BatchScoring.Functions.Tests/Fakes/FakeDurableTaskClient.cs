using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;

namespace BatchScoring.Functions.Tests.Fakes;

/// <summary>
/// A task hub in a dictionary: scheduling adds a pending instance, terminating marks it; queries page over the
/// instances in id order. Only what the functions call is implemented.
/// </summary>
internal sealed class FakeDurableTaskClient() : DurableTaskClient("fake")
{
    public Dictionary<string, OrchestrationMetadata> Instances { get; } = new(StringComparer.Ordinal);

    public List<(string Name, string InstanceId, object? Input, DateTimeOffset? StartAt)> Scheduled { get; } = [];

    public List<(string InstanceId, TerminateInstanceOptions? Options)> Terminated { get; } = [];

    public List<OrchestrationQuery> Queries { get; } = [];

    public static JsonDataConverter Converter { get; } = JsonDataConverter.Default;

    /// <summary>Adds an instance as the task hub would hold it.</summary>
    public OrchestrationMetadata Add(string instanceId, OrchestrationRuntimeStatus status, string name = "ScoringRun", object? input = null, object? output = null, object? customStatus = null, TaskFailureDetails? failure = null)
    {
        var created = new DateTimeOffset(2025, 1, 1, 2, 0, 0, TimeSpan.Zero);
        var metadata = new OrchestrationMetadata(name, instanceId)
        {
            RuntimeStatus = status,
            CreatedAt = created,
            LastUpdatedAt = created.AddMinutes(5),
            SerializedInput = input is null ? null : Converter.Serialize(input),
            SerializedOutput = output is null ? null : Converter.Serialize(output),
            SerializedCustomStatus = customStatus is null ? null : Converter.Serialize(customStatus),
            FailureDetails = failure,
            DataConverter = Converter,
        };
        Instances[instanceId] = metadata;
        return metadata;
    }

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        var id = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        if (Instances.TryGetValue(id, out var existing) && existing.RuntimeStatus is OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running)
        {
            throw new DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException($"An instance with id {id} is {existing.RuntimeStatus}.");
        }

        Scheduled.Add((orchestratorName.Name, id, input, options?.StartAt));
        Add(id, OrchestrationRuntimeStatus.Pending, orchestratorName.Name, input);
        return Task.FromResult(id);
    }

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        Task.FromResult(Instances.GetValueOrDefault(instanceId));

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
    {
        Queries.Add(filter ?? new OrchestrationQuery());
        return Pageable.Create((continuation, pageSize, cancellation) =>
        {
            var matching = Instances.Values
                .Where(i => filter?.Statuses is null || filter.Statuses.Contains(i.RuntimeStatus))
                .Where(i => filter?.InstanceIdPrefix is null || i.InstanceId.StartsWith(filter.InstanceIdPrefix, StringComparison.Ordinal))
                .OrderBy(i => i.InstanceId, StringComparer.Ordinal)
                .ToList();
            var skip = continuation is null ? 0 : int.Parse(continuation, System.Globalization.CultureInfo.InvariantCulture);
            var size = pageSize ?? filter?.PageSize ?? OrchestrationQuery.DefaultPageSize;
            var values = matching.Skip(skip).Take(size).ToList();
            var next = skip + size < matching.Count ? (skip + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            return Task.FromResult(new Page<OrchestrationMetadata>(values, next));
        });
    }

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        Terminated.Add((instanceId, options));
        return Task.CompletedTask;
    }

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
