using Microsoft.Extensions.Logging;

namespace BatchScoring.Functions.Tests.Fakes;

/// <summary>Keeps every log entry of one category, for assertions (concurrent writers allowed).</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly List<(int EventId, LogLevel Level, string Message)> entries = [];

    public IReadOnlyList<(int EventId, LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (entries)
            {
                return [.. entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        lock (entries)
        {
            entries.Add((eventId.Id, logLevel, formatter(state, exception)));
        }
    }
}
