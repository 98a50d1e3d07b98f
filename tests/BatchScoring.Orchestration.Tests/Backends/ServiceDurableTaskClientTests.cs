using BatchScoring.Backends;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchScoring.Orchestration.Tests.Backends;

public sealed class ServiceDurableTaskClientTests
{
    /// <summary>
    /// A run that outlasts one wait on the service (30 s by default) is still waited for: the in-memory service ends
    /// such a wait with a cancellation, which once reached the runner as an unhandled exception.
    /// </summary>
    [Fact]
    public async Task WaitForCompletion_LongerThanOneWaitSlice_WaitsUntilItsOwnTokenIsCancelled()
    {
        var service = new InMemoryOrchestrationService(NullLoggerFactory.Instance);
        var client = new ServiceDurableTaskClient("test", service, NullLoggerFactory.Instance, waitSlice: TimeSpan.FromMilliseconds(50));
        var id = await client.ScheduleNewOrchestrationInstanceAsync("NoWorkerRunsThis");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(600));

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.WaitForInstanceCompletionAsync(id, cancellation: cancellation.Token));

        Assert.True(cancellation.IsCancellationRequested, $"the wait ended before its token was cancelled: {thrown.Message}");
    }
}
