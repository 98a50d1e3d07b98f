namespace BatchScoring.Runner;

/// <summary>The runner's exit codes (README, "Runner").</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The run failed or was cancelled; the reason is printed.</summary>
    public const int RunFailed = 1;

    /// <summary>Bad usage, a missing or unreadable spec file, or an invalid spec (every error with its JSON path).</summary>
    public const int InvalidInput = 2;

    /// <summary>Storage could not be reached, or refused the credentials.</summary>
    public const int StorageUnreachable = 3;

    /// <summary>No run with that id on the task hub, no such series, or no run summary at the path given.</summary>
    public const int NotFound = 4;

    /// <summary>The task hub name is not one Azure Storage accepts.</summary>
    public const int InvalidTaskHub = 5;

    /// <summary>Stopped by Ctrl+C or SIGTERM (128 + SIGINT): the staged mini-batches are kept for a rerun.</summary>
    public const int Interrupted = 130;
}
