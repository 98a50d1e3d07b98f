using System.CommandLine;
using BatchScoring.Runner;
using BatchScoring.Runner.Commands;
using BatchScoring.Runner.Hosting;

// batchscore: run a spec locally, or work on / drive a shared Azure Storage task hub. Exit codes: ExitCodes.cs.
var root = new RootCommand("batchscore: score large inputs with ONNX models in mini-batches (Durable Task orchestration).\n\nExit codes: 0 success, 1 the run failed, 2 bad usage or invalid spec, 3 storage unreachable, 4 unknown run id, series or run summary, 5 invalid task hub name.")
{
    RunCommand.Create(),
    WorkerCommand.Create(),
    StartCommand.Create(),
    StatusCommand.Create(),
    CancelCommand.Create(),
    RunsCommand.Create(),
    HistoryCommand.Create(),
    ReportCommand.Create(),
};
var otlp = new Option<string?>("--otlp")
{
    Description = $"Export traces and metrics over OTLP/HTTP to this collector (e.g. http://localhost:4318); default: ${Telemetry.EndpointVariable} and the other standard OTEL_EXPORTER_OTLP_* variables, when set. Nothing is exported otherwise.",
    Recursive = true,
};
root.Options.Add(otlp);

try
{
    var parsed = root.Parse(args);
    if (parsed.Errors.Count > 0)
    {
        foreach (var error in parsed.Errors)
        {
            Console.Error.WriteLine($"error: {error.Message}");
        }

        Console.Error.WriteLine("Run 'batchscore --help' for usage.");
        return ExitCodes.InvalidInput;
    }

    // Exceptions reach the handler below (one line, a documented exit code); signals are the commands' own.
    using var telemetry = Telemetry.Start(parsed.GetValue(otlp), parsed.CommandResult.Command.Name);
    return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
}
catch (CommandLineException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return e.ExitCode;
}
