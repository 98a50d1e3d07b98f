namespace BatchScoring.Tests;

/// <summary>
/// Waiting on a condition, never on a fixed sleep: checked every 50 ms (or the interval given) until it holds, or
/// failing with a <see cref="TimeoutException"/> that names what was awaited when the time is up. The one polling loop
/// of the tests: every project compiles it (tests/Directory.Build.props).
/// </summary>
internal static class Waits
{
    /// <summary>How often a condition is checked unless a wait says otherwise.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Waits until <paramref name="condition"/> holds; throws naming <paramref name="what"/>, followed by
    /// <paramref name="detail"/> when given, when it does not within <paramref name="timeout"/>.
    /// </summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what, Func<string>? detail = null) =>
        UntilAsync(_ => Task.FromResult(condition()), timeout, what, detail: detail);

    /// <summary>
    /// Waits until <paramref name="condition"/> (asynchronous: a read of a store) holds; throws naming
    /// <paramref name="what"/>, followed by <paramref name="detail"/> when given, when it does not within
    /// <paramref name="timeout"/>.
    /// </summary>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<string>? detail = null) =>
        UntilAsync(_ => condition(), timeout, what, detail: detail);

    /// <summary>
    /// Waits until <paramref name="find"/> finds something, and returns it; throws naming <paramref name="what"/>,
    /// followed by <paramref name="detail"/> when given, when it finds nothing within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<T> ForAsync<T>(Func<T?> find, TimeSpan timeout, string what, Func<string>? detail = null)
        where T : class
    {
        T? found = null;
        await UntilAsync(() => (found = find()) is not null, timeout, what, detail);
        return found!;
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, checking it every <paramref name="interval"/> (default
    /// <see cref="Interval"/>); an exception it throws ends the wait. When it does not hold within
    /// <paramref name="timeout"/>, throws naming <paramref name="what"/>, followed by <paramref name="detail"/> (a
    /// process's log, the last error seen) when given.
    /// </summary>
    public static async Task UntilAsync(
        Func<CancellationToken, Task<bool>> condition,
        TimeSpan timeout,
        string what,
        TimeSpan? interval = null,
        Func<string>? detail = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition(cancellationToken))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds:F0} s.{detail?.Invoke()}");
            }

            await Task.Delay(interval ?? Interval, cancellationToken);
        }
    }
}
