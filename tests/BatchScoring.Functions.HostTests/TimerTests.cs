using System.Net;
using System.Text;

namespace BatchScoring.Functions.HostTests;

/// <summary>The schedule trigger fired through the host's admin API, as an operator runs a timer function on demand.</summary>
[Collection(HostCollection.Name)]
public sealed class TimerTests(HostFixture host)
{
    private const string Executed = "Executed 'Functions.RunSchedules' (Succeeded";

    [Fact]
    public Task RunSchedules_InvokedTwiceForOneOccurrence_StartsOneRun() => host.WithHostLogAsync(async () =>
    {
        // Both invocations must see the same minute: wait until a minute has at least ten seconds left.
        await host.Host.UntilAsync((_, _) => Task.FromResult(DateTimeOffset.UtcNow.Second < 50), TimeSpan.FromSeconds(15), "a minute with time left");
        var before = host.Host.CountInLog(Executed);

        using var first = await InvokeAsync();
        using var second = await InvokeAsync();
        await host.Host.UntilAsync((h, _) => Task.FromResult(h.CountInLog(Executed) >= before + 2), HostFixture.HostStartTimeout, "both invocations of RunSchedules");
        var runs = await host.InstancesAsync($"schedule.{HostFixture.Schedule}.");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var id = Assert.Single(runs);
        Assert.Equal(1, host.Host.CountInLog($"Schedule {HostFixture.Schedule}: run {id} started"));
        Assert.Equal(1, host.Host.CountInLog($"Schedule {HostFixture.Schedule}: run {id} exists already"));
        var run = await host.WaitForRunAsync($"/api/runs/{id}");
        Assert.Equal("completed", run.GetProperty("runtimeStatus").GetString());
    });

    private Task<HttpResponseMessage> InvokeAsync() =>
        host.SendAsync(HttpMethod.Post, "/admin/functions/RunSchedules", new StringContent("""{"input":""}""", Encoding.UTF8, "application/json"), host.Host.Keys.Master);
}
