namespace BatchScoring.Runner.Hosting;

/// <summary>A failure to report on one line with its exit code.</summary>
internal sealed class CommandLineException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
