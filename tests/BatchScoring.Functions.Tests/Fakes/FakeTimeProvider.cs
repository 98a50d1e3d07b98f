namespace BatchScoring.Functions.Tests.Fakes;

/// <summary>A clock a test sets.</summary>
internal sealed class FakeTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
