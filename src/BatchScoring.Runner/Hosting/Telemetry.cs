using BatchScoring.Core.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BatchScoring.Runner.Hosting;

/// <summary>
/// Exports the run's traces and metrics (<see cref="BatchScoringTelemetry"/>, with Durable Task's spans) over OTLP when
/// asked: <c>--otlp URL</c> (OTLP/HTTP with protobuf to URL/v1/traces and URL/v1/metrics), else the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (with <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> and the other standard variables, as
/// the exporter reads them). Nothing is exported, and nothing recorded, when neither is set.
/// </summary>
internal sealed class Telemetry : IDisposable
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private readonly TracerProvider tracing;
    private readonly MeterProvider metrics;

    private Telemetry(TracerProvider tracing, MeterProvider metrics)
    {
        this.tracing = tracing;
        this.metrics = metrics;
    }

    /// <summary>Starts exporting, or returns null when no endpoint is configured.</summary>
    public static Telemetry? Start(string? otlp, string command)
    {
        var fromEnvironment = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(EndpointVariable));
        if (string.IsNullOrWhiteSpace(otlp) && !fromEnvironment)
        {
            return null;
        }

        Uri? endpoint = null;
        if (!string.IsNullOrWhiteSpace(otlp) && (!Uri.TryCreate(otlp.TrimEnd('/'), UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https")))
        {
            throw new CommandLineException(ExitCodes.InvalidInput, $"--otlp must be an http:// or https:// URL of an OTLP/HTTP collector (e.g. http://localhost:4318), was '{otlp}'.");
        }

        void Configure(OtlpExporterOptions options, string signal)
        {
            if (endpoint is not null)
            {
                options.Endpoint = new Uri($"{endpoint.AbsoluteUri.TrimEnd('/')}/v1/{signal}");
                options.Protocol = OtlpExportProtocol.HttpProtobuf;
            }
        }

        var resource = ResourceBuilder.CreateDefault().AddService("batchscore", serviceInstanceId: $"{Environment.MachineName}/{Environment.ProcessId}").AddAttributes([new("batchscore.command", command)]);
        var tracing = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource([.. BatchScoringTelemetry.Sources]).AddOtlpExporter(o => Configure(o, "traces")).Build();
        var metrics = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(BatchScoringTelemetry.Name).AddOtlpExporter((o, reader) =>
        {
            Configure(o, "metrics");
            reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 10_000;
        }).Build();
        return new Telemetry(tracing, metrics);
    }

    /// <summary>Sends what is left (the last spans and metrics) before the process ends.</summary>
    public void Dispose()
    {
        tracing.ForceFlush(5000);
        metrics.ForceFlush(5000);
        tracing.Dispose();
        metrics.Dispose();
    }
}
