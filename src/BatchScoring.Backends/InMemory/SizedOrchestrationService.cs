using DurableTask.Core;

namespace BatchScoring.Backends.InMemory;

/// <summary>
/// An orchestration service with the concurrency of the run, not of the machine: it answers its own
/// <see cref="MaxConcurrentTaskActivityWorkItems"/> and <see cref="MaxConcurrentTaskOrchestrationWorkItems"/> and hands
/// everything else to the service it wraps. The in-memory service answers <c>Environment.ProcessorCount</c> for both:
/// on two cores two mini-batches at a time, whatever the run's window. DurableTask.Core's dispatcher waits on a
/// semaphore for a free slot (no polling), so the window the orchestration keeps is the only limit.
/// <para>
/// The in-memory service keeps every instance it ran, finished or not: 100,000 mini-batches left a thousand finished
/// shards' histories and 1.9 GiB behind. Instances <paramref name="forget"/> names are purged once they have been
/// finished for <paramref name="forgetAfter"/>, so memory stays flat however long the run. Messages can still come for
/// them: every attempt's time-out timer fires up to <c>execution.miniBatchTimeout</c> later, cancelled or not, and an
/// abandoned attempt may complete late. The in-memory service would make each an instance without history, which the
/// dispatcher takes up (100,000 of them doubled a run's time). So this service delivers the timers of instances it may
/// forget itself, and drops every message for an instance it forgot; an instance without history that gets through
/// anyway is dropped by <see cref="LockNextTaskOrchestrationWorkItemAsync"/>.
/// </para>
/// </summary>
internal sealed class SizedOrchestrationService(IOrchestrationService inner, int activities, int orchestrations, Func<string, bool>? forget = null, TimeSpan forgetAfter = default) : IOrchestrationService
{
    /// <summary>How long a finished instance to forget is kept.</summary>
    internal TimeSpan ForgetAfter { get; } = forgetAfter > TimeSpan.Zero ? forgetAfter : TimeSpan.FromSeconds(10);

    private readonly Queue<(string InstanceId, long FinishedAt)> finished = new();
    private readonly Lock finishedLock = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> forgottenIds = new(StringComparer.OrdinalIgnoreCase);
    private int forgotten;
    private Timer? forgetTimer;

    public int MaxConcurrentTaskActivityWorkItems { get; } = Math.Max(1, activities);

    public int MaxConcurrentTaskOrchestrationWorkItems { get; } = Math.Max(1, orchestrations);

    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    public Task StartAsync()
    {
        StartForgetting();
        return inner.StartAsync();
    }

    public Task StopAsync() => StopAsync(isForced: false);

    public async Task StopAsync(bool isForced)
    {
        if (forgetTimer is not null)
        {
            await forgetTimer.DisposeAsync();
            forgetTimer = null;
        }

        await inner.StopAsync(isForced);
    }

    public Task CreateAsync() => inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

    /// <summary>
    /// The next work item, except those of forgotten instances: a forgotten shard still receives messages (the durable
    /// timers of its attempts fire long after it finished, a late attempt completes), and the in-memory service makes
    /// each an instance without history, which the dispatcher would take up forever. Those are dropped and forgotten.
    /// </summary>
    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        while (true)
        {
            var workItem = await inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);
            if (workItem is null || forget is null || inner is not IOrchestrationServicePurgeClient purge || !IsOrphan(workItem))
            {
                return workItem!;
            }

            await inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);
            await purge.PurgeInstanceStateAsync(workItem.InstanceId);
        }
    }

    /// <summary>A work item of a forgotten instance: no history that started it, and no message that starts it.</summary>
    private bool IsOrphan(TaskOrchestrationWorkItem workItem) =>
        forget!(workItem.InstanceId)
        && workItem.OrchestrationRuntimeState?.ExecutionStartedEvent is null
        && !workItem.NewMessages.Any(m => m.Event is DurableTask.Core.History.ExecutionStartedEvent);

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    /// <summary>Instances forgotten so far (tests).</summary>
    internal int Forgotten => Volatile.Read(ref forgotten);

    public async Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        if (forget is not null && forget(workItem.InstanceId) && inner is IOrchestrationServiceClient client && timerMessages.Count > 0)
        {
            // Its timers are delivered from here, unless it was forgotten by the time they fire.
            foreach (var timer in timerMessages)
            {
                DeliverLater(client, timer);
            }

            timerMessages = [];
        }

        await inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
        if (forget is not null && inner is IOrchestrationServicePurgeClient purge)
        {
            if (orchestrationState?.OrchestrationStatus is OrchestrationStatus.Completed or OrchestrationStatus.Failed or OrchestrationStatus.Terminated
                && forget(workItem.InstanceId))
            {
                lock (finishedLock)
                {
                    finished.Enqueue((workItem.InstanceId, Environment.TickCount64));
                }
            }

            await ForgetAgedAsync(purge);
        }
    }

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    public Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);

    /// <summary>Forgets the instances finished for longer than <see cref="ForgetAfter"/>.</summary>
    private async Task ForgetAgedAsync(IOrchestrationServicePurgeClient purge)
    {
        var aged = new List<string>();
        lock (finishedLock)
        {
            while (finished.TryPeek(out var oldest) && Environment.TickCount64 - oldest.FinishedAt > ForgetAfter.TotalMilliseconds)
            {
                aged.Add(finished.Dequeue().InstanceId);
            }
        }

        foreach (var instanceId in aged)
        {
            forgottenIds[instanceId] = true;
            await purge.PurgeInstanceStateAsync(instanceId);
            Interlocked.Increment(ref forgotten);
        }
    }

    /// <summary>Also once a second, so that the last instances of a run are forgotten when nothing else finishes.</summary>
    private void StartForgetting()
    {
        if (forget is not null && inner is IOrchestrationServicePurgeClient purge)
        {
            forgetTimer = new Timer(_ => ForgetAgedAsync(purge).GetAwaiter().GetResult(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>An activity that completes for a forgotten instance (an abandoned attempt, late) has nobody to tell.</summary>
    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage) =>
        responseMessage?.OrchestrationInstance?.InstanceId is { } instanceId && forgottenIds.ContainsKey(instanceId)
            ? Task.CompletedTask
            : inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage!);

    /// <summary>A timer message, delivered when it fires unless its instance was forgotten by then.</summary>
    private void DeliverLater(IOrchestrationServiceClient client, TaskMessage timer)
    {
        var fireAt = timer.Event is DurableTask.Core.History.TimerFiredEvent fired ? fired.FireAt : DateTime.UtcNow;
        var delay = fireAt - DateTime.UtcNow;
        _ = Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero).ContinueWith(
            _ => forgottenIds.ContainsKey(timer.OrchestrationInstance.InstanceId) ? Task.CompletedTask : client.SendTaskOrchestrationMessageAsync(timer),
            TaskScheduler.Default).Unwrap();
    }

    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) => inner.AbandonTaskActivityWorkItemAsync(workItem);
}
