namespace BatchScoring.Tests;

/// <summary>Waiting on a condition, never on a fixed sleep: checked every 50 ms until it holds or the time is up.</summary>
internal static class Waits
{
    /// <summary>Waits until <paramref name="condition"/> holds; throws naming <paramref name="what"/> when it does not within <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds:F0} s.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> (asynchronous: a read of a store) holds; throws naming <paramref name="what"/> when it does not within <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds:F0} s.");
            }

            await Task.Delay(50);
        }
    }
}
