using System.Text.Json;
using BatchScoring.Orchestration.Contracts;
using Microsoft.DurableTask.Client;

namespace BatchScoring.Orchestration.Progress;

/// <summary>
/// A run's progress as a client should show it: the run's own counts (the shards it collected) plus those the shards
/// it waits for publish, so it moves with every mini-batch and never backwards, and the number of mini-batches really
/// in flight. Rate and ETA are recomputed from the totals at the time asked.
/// </summary>
public static class RunProgressView
{
    private static readonly JsonSerializerOptions StatusJson = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Adds the progress of the shards the run waits for to the run's own.</summary>
    public static RunProgress Combine(RunProgress run, IEnumerable<ShardProgress> running, DateTime nowUtc)
    {
        var combined = run;
        foreach (var shard in running)
        {
            combined = combined with
            {
                Done = combined.Done + shard.Done,
                Failed = combined.Failed + shard.Failed,
                InFlight = combined.InFlight + shard.InFlight,
                ItemsScored = combined.ItemsScored + shard.ItemsScored,
                ItemsFailed = combined.ItemsFailed + shard.ItemsFailed,
            };
        }

        return combined.Phase == RunPhase.Scoring ? combined.WithRate(nowUtc) : combined;
    }

    /// <summary>
    /// The progress of a run fetched with its inputs and outputs, with that of the shards it is waiting for added
    /// (read from the client, whether they still run or just finished); null when the run has no readable progress yet.
    /// </summary>
    public static async Task<RunProgress?> ReadAsync(DurableTaskClient client, OrchestrationMetadata run, CancellationToken cancellationToken = default)
    {
        if (Read<RunProgress>(run) is not { } progress)
        {
            return null;
        }

        if (progress.Phase != RunPhase.Scoring || progress.Shards is not { Count: > 0 } waitingFor)
        {
            return progress;
        }

        var shards = new List<ShardProgress>(waitingFor.Count);
        foreach (var shardId in waitingFor)
        {
            if (await client.GetInstanceAsync(shardId, getInputsAndOutputs: true, cancellationToken) is { } shard && Read<ShardProgress>(shard) is { } shardProgress)
            {
                shards.Add(shardProgress);
            }
        }

        return Combine(progress, shards, DateTime.UtcNow);
    }

    /// <summary>
    /// A custom status as <typeparamref name="T"/>, or null when there is none or it cannot be read (written by another
    /// version). Metadata from a query without inputs and outputs carries the status but no data converter, and
    /// <see cref="OrchestrationMetadata.ReadCustomStatusAs{T}"/> then refuses it: such a status is read here, with names
    /// matched case-insensitively as the workers' serializer writes them.
    /// </summary>
    public static T? Read<T>(OrchestrationMetadata metadata)
        where T : class
    {
        if (metadata.SerializedCustomStatus is not { } status)
        {
            return null;
        }

        try
        {
            return metadata.DataConverter is { } converter ? converter.Deserialize<T>(status) : JsonSerializer.Deserialize<T>(status, StatusJson);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException)
        {
            return null;
        }
    }
}
