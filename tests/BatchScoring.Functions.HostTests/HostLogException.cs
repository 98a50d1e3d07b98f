namespace BatchScoring.Functions.HostTests;

/// <summary>A failed check, with the Functions host's log appended (what the app and the host said meanwhile).</summary>
public sealed class HostLogException : Exception
{
    public HostLogException()
    {
    }

    public HostLogException(string message)
        : base(message)
    {
    }

    public HostLogException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal HostLogException(Exception failure, string hostLog)
        : base(failure.Message + hostLog, failure)
    {
    }
}
