using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using BatchScoring.Core.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BatchScoring.Functions.Hosting;

/// <summary>
/// The app's traces and metrics (<see cref="BatchScoringTelemetry"/>, with Durable Task's and the Functions worker's
/// spans) through the isolated worker's OpenTelemetry support: to Azure Monitor when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set (with Entra authentication when
/// <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> says <c>Authorization=AAD</c>, as the infrastructure sets it), and
/// over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is (with the other standard <c>OTEL_EXPORTER_OTLP_*</c>
/// variables). With neither, nothing is registered and nothing is recorded.
/// </summary>
public static class TelemetryServiceCollectionExtensions
{
    public const string AppInsightsVariable = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AppInsightsAuthenticationVariable = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";
    public const string OtlpVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddBatchScoringTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var appInsights = configuration[AppInsightsVariable];
        var otlp = configuration[OtlpVariable];
        if (string.IsNullOrWhiteSpace(appInsights) && string.IsNullOrWhiteSpace(otlp))
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("batchscoring-functions"))
            .WithTracing(tracing => tracing.AddSource([.. BatchScoringTelemetry.Sources]))
            .WithMetrics(metrics => metrics.AddMeter(BatchScoringTelemetry.Name));
        if (!string.IsNullOrWhiteSpace(otlp))
        {
            telemetry.WithTracing(tracing => tracing.AddOtlpExporter()).WithMetrics(metrics => metrics.AddOtlpExporter());
        }

        if (!string.IsNullOrWhiteSpace(appInsights))
        {
            var credential = EntraCredential(configuration[AppInsightsAuthenticationVariable]);
            void Configure(AzureMonitorExporterOptions options)
            {
                options.ConnectionString = appInsights;
                options.Credential = credential;
            }

            telemetry.WithTracing(tracing => tracing.AddAzureMonitorTraceExporter(Configure)).WithMetrics(metrics => metrics.AddAzureMonitorMetricExporter(Configure));
        }

        return services;
    }

    /// <summary>The managed identity that <c>ClientId=...;Authorization=AAD</c> names, or null for key authentication.</summary>
    internal static ManagedIdentityCredential? EntraCredential(string? authentication)
    {
        if (authentication is null || !authentication.Contains("Authorization=AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var clientId = authentication.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .FirstOrDefault(pair => pair.Length == 2 && pair[0].Equals("ClientId", StringComparison.OrdinalIgnoreCase))?[1];
        return clientId is null ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned) : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
    }
}
