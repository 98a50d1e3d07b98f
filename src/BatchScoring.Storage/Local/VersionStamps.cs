namespace BatchScoring.Storage.Local;

/// <summary>
/// The write times the local store gives the files it commits, so that their ETags (write time and length) tell
/// versions apart: the current time to the 100 ns tick (not the file system's coarse clock, which advances every few
/// milliseconds), and always at least one tick later than the previous stamp of this process, so two commits in the
/// same tick still differ.
/// </summary>
internal static class VersionStamps
{
    private static long last;

    public static DateTime Next()
    {
        while (true)
        {
            var previous = Interlocked.Read(ref last);
            var next = Math.Max(DateTime.UtcNow.Ticks, previous + 1);
            if (Interlocked.CompareExchange(ref last, next, previous) == previous)
            {
                return new DateTime(next, DateTimeKind.Utc);
            }
        }
    }
}
