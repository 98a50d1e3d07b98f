using Microsoft.Extensions.Logging;

namespace BatchScoring.Orchestration.Tests;

/// <summary>Appends every log line to a file: set BATCHSCORING_TEST_LOGS=path to see what the engine did.</summary>
internal sealed class FileLogger(string path) : ILoggerProvider, ILogger
{
    private static readonly Lock Gate = new();

    public static ILoggerFactory Factory(string path) => LoggerFactory.Create(b => b.AddProvider(new FileLogger(path)).SetMinimumLevel(LogLevel.Debug));

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Gate)
        {
            File.AppendAllText(path, $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {formatter(state, exception)} {exception}\n");
        }
    }

    public void Dispose()
    {
    }
}
