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

    /// <summary>
    /// As the Azure Storage backend under the Functions host: a start under an id that exists succeeds and its
    /// message is dropped later, instead of failing with <c>OrchestrationAlreadyExistsException</c>.
    /// </summary>
    public bool DropsDuplicateStarts { get; set; }

    /// <summary>How long a start takes (a round trip to the host and the task hub); concurrent callers interleave meanwhile.</summary>
    public TimeSpan StartLatency { get; set; }

    /// <summary>Starts the task hub accepted and dropped (<see cref="DropsDuplicateStarts"/>).</summary>
    public List<string> DroppedStarts { get; } = [];


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

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        var id = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        if (StartLatency > TimeSpan.Zero)
        {
            await Task.Delay(StartLatency, cancellation);
        }

        lock (Instances)
        {
            if (Instances.TryGetValue(id, out var existing) && existing.RuntimeStatus is OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running)
            {
                if (DropsDuplicateStarts)
                {
                    DroppedStarts.Add(id);
                    return id;
                }

                throw new DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException($"An instance with id {id} is {existing.RuntimeStatus}.");
            }

            Scheduled.Add((orchestratorName.Name, id, input, options?.StartAt));
            Add(id, OrchestrationRuntimeStatus.Pending, orchestratorName.Name, input);
            return id;
        }
    }

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        lock (Instances)
        {
            return Task.FromResult(Instances.GetValueOrDefault(instanceId) is { } metadata ? AsFetched(metadata, getInputsAndOutputs) : null);
        }
    }

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
            var values = matching.Skip(skip).Take(size).Select(i => AsFetched(i, filter?.FetchInputsAndOutputs ?? false)).ToList();
            var next = skip + size < matching.Count ? (skip + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            return Task.FromResult(new Page<OrchestrationMetadata>(values, next));
        });
    }

    /// <summary>
    /// A copy as the gRPC client returns it: fetched without inputs and outputs, it has no input, output or data
    /// converter (so the Read*As methods refuse), but keeps the serialized custom status.
    /// </summary>
    private static OrchestrationMetadata AsFetched(OrchestrationMetadata metadata, bool withInputsAndOutputs)
    {
        return new OrchestrationMetadata(metadata.Name, metadata.InstanceId)
        {
            RuntimeStatus = metadata.RuntimeStatus,
            CreatedAt = metadata.CreatedAt,
            LastUpdatedAt = metadata.LastUpdatedAt,
            SerializedInput = withInputsAndOutputs ? metadata.SerializedInput : null,
            SerializedOutput = withInputsAndOutputs ? metadata.SerializedOutput : null,
            SerializedCustomStatus = metadata.SerializedCustomStatus,
            FailureDetails = metadata.FailureDetails,
            DataConverter = withInputsAndOutputs ? metadata.DataConverter : null,
        };
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
