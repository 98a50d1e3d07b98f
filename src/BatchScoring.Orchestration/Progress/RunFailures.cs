using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace BatchScoring.Orchestration.Progress;

/// <summary>
/// Why a run failed, for every way it can fail: an activity or a shard that threw (Durable wraps the cause in
/// "Task 'X' (#n) failed with an unhandled exception: ..." once per level), or the orchestrator's own exception
/// (the failure budget's reason). The task hub gives the reason as <see cref="OrchestrationMetadata.FailureDetails"/>
/// where it records them, and otherwise only as the failed instance's output, <c>"{exception type}: {message}"</c>
/// (the Functions host on Azure Storage does the latter); both are read, and the wrappers are removed.
/// </summary>
public static partial class RunFailures
{
    private const string StackTraceStart = "\n   at ";

    /// <summary>The exception type Durable wraps a failed activity or sub-orchestration in; it says nothing of the cause.</summary>
    private static readonly string TaskFailedType = typeof(TaskFailedException).FullName!;

    private static readonly string InputChangedType = typeof(Core.InputChangedException).FullName!;

    /// <summary>Whether a failure is, under Durable's wrappers, an input that changed since planning: no retry can mend it.</summary>
    public static bool IsInputChange(TaskFailureDetails? details)
    {
        for (var current = details; current is not null; current = current.InnerFailure)
        {
            if (current.ErrorType == InputChangedType)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The failure of a failed run (or of any run whose task hub recorded failure details); null otherwise.</summary>
    public static RunFailure? Of(OrchestrationMetadata run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.FailureDetails is { } details)
        {
            return FromDetails(details);
        }

        if (run.RuntimeStatus != OrchestrationRuntimeStatus.Failed)
        {
            return null;
        }

        return run.SerializedOutput is { Length: > 0 } output
            ? FromOutput(OutputText(output))
            : new RunFailure("The run failed; the task hub recorded no reason.", null);
    }

    /// <summary>
    /// The failure of a task the orchestrator awaited: from its failure details, or, where the engine gave none (a
    /// failed sub-orchestration on DurableTask.Core's shim can arrive without), from the exception's message.
    /// </summary>
    public static RunFailure OfTask(TaskFailedException failed)
    {
        ArgumentNullException.ThrowIfNull(failed);
        return failed.FailureDetails is { } details ? FromDetails(details) : FromOutput(failed.Message);
    }

    /// <summary>
    /// The cause under Durable's wrappers (each failed task or sub-orchestration wraps the failure of what it called in a
    /// <see cref="TaskFailedException"/>), with the name of the innermost task that failed. The cause's own inner
    /// exceptions are not followed: its message is the one written for people (<c>model.location: 'x' does not exist</c>
    /// rather than the file system's <c>'x' does not exist</c> under it).
    /// </summary>
    public static RunFailure FromDetails(TaskFailureDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        string? task = null;
        var current = details;
        while (true)
        {
            task = Unwrap(current.ErrorMessage).Task ?? task;
            if (current.ErrorType != TaskFailedType || current.InnerFailure is not { } inner)
            {
                break;
            }

            current = inner;
        }

        var (message, innerTask) = Unwrap(current.ErrorMessage);
        return new RunFailure(message, current.ErrorType == TaskFailedType ? null : current.ErrorType, innerTask ?? task);
    }

    /// <summary>A failed instance's output, <c>"{type}: {message}"</c> and perhaps a stack trace, as a failure.</summary>
    public static RunFailure FromOutput(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var text = output.ReplaceLineEndings("\n");
        var stackTrace = text.IndexOf(StackTraceStart, StringComparison.Ordinal);
        text = (stackTrace >= 0 ? text[..stackTrace] : text).Trim();
        string? type = null;
        if (TypePrefix().Match(text) is { Success: true } prefix)
        {
            type = prefix.Groups["type"].Value;
            text = text[prefix.Length..];
        }

        var (message, task) = Unwrap(text);
        return new RunFailure(message, task is not null || type == TaskFailedType ? null : type, task);
    }

    /// <summary>The message without its "Task 'X' (#n) failed with an unhandled exception: " wrappers, and the innermost X.</summary>
    private static (string Message, string? Task) Unwrap(string message)
    {
        string? task = null;
        while (TaskWrapper().Match(message) is { Success: true } wrapper)
        {
            task = wrapper.Groups["task"].Value;
            message = message[wrapper.Length..];
        }

        return (message.Trim(), task);
    }

    /// <summary>The output as stored: a JSON string, or the text itself.</summary>
    private static string OutputText(string output)
    {
        if (output.StartsWith('"'))
        {
            try
            {
                return JsonSerializer.Deserialize<string>(output) ?? output;
            }
            catch (JsonException)
            {
            }
        }

        return output;
    }

    [GeneratedRegex(@"^(?<type>[A-Za-z_][\w`]*(\.[A-Za-z_][\w`+]*)*Exception): ")]
    private static partial Regex TypePrefix();

    [GeneratedRegex(@"^\s*Task '(?<task>[^']+)' \(#\d+\) failed with an unhandled exception: ")]
    private static partial Regex TaskWrapper();
}
