using BatchScoring.Functions.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The isolated worker: the Functions host (host.json) runs the triggers and Durable's task hub and forwards each
// invocation here over gRPC; HTTP requests it proxies to the worker's own server as they came (ASP.NET Core
// integration), so chunked request bodies arrive whole. Worker logs go to the host, which sends them on to Application Insights
// (APPLICATIONINSIGHTS_CONNECTION_STRING with Entra authentication on the host); host.json's logging section filters them.
// Traces and metrics go from the worker itself, over OpenTelemetry, where those settings say (AddBatchScoringTelemetry).
var host = new HostBuilder()
    .ConfigureFunctionsWebApplication()
    .ConfigureLogging((context, logging) => logging.AddConfiguration(context.Configuration.GetSection("Logging")))
    .ConfigureServices((context, services) => services.AddBatchScoringFunctions().AddBatchScoringTelemetry(context.Configuration))
    .Build();

await host.RunAsync();
