using Microsoft.Extensions.Logging;

namespace BatchScoring.Onnx.Tests;

/// <summary>Keeps every log message, for assertions.</summary>
internal sealed class ListLogger : ILoggerProvider, ILogger
{
    public List<(LogLevel Level, string Message)> Messages { get; } = [];

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Messages)
        {
            Messages.Add((logLevel, formatter(state, exception)));
        }
    }

    public void Dispose()
    {
    }
}
