using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Orchestrators;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace BatchScoring.Functions.Runs;

/// <summary>Starts <see cref="ScoringRun"/> instances of validated specs; their summaries name the engine <see cref="DurableEngine.AzureFunctions"/>.</summary>
public static class RunStarter
{
    /// <summary>Starts a run under a new instance id.</summary>
    public static Task<string> StartAsync(DurableTaskClient client, string instanceId, RunSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.ScheduleNewOrchestrationInstanceAsync(nameof(ScoringRun), Input(spec), new StartOrchestrationOptions(instanceId), cancellationToken);
    }

    /// <summary>
    /// Starts a run under a deterministic instance id unless an instance with that id exists in any state (a
    /// completed one included: the Functions host would otherwise replace it and score again). False when it
    /// existed, or when a concurrent delivery created it between the check and the start. Concurrent deliveries in
    /// this process pass <see cref="StartGate"/> one at a time (the Azure Storage backend does not report a duplicate).
    /// </summary>
    public static async Task<bool> StartOnceAsync(DurableTaskClient client, string instanceId, RunSpec spec, DateTimeOffset? startAt = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var gate = await StartGate.EnterAsync(instanceId, cancellationToken);
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is not null)
        {
            return false;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(ScoringRun), Input(spec), new StartOrchestrationOptions(instanceId, startAt), cancellationToken);
            return true;
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return false;
        }
    }

    private static ScoringRunInput Input(RunSpec spec) => new(spec, DurableEngine.AzureFunctions);
}
