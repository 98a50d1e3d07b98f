using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BatchScoring.Core.Spec;
using BatchScoring.Functions.Options;
using BatchScoring.Functions.Runs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BatchScoring.Functions.Http;

/// <summary>
/// <c>POST /api/runs</c>: starts a run of the spec in the body, or of a spec in the specs container named by
/// <c>{"specName": "nightly.json"}</c>. 202 with Durable's management URLs, our own <c>runUri</c> and
/// <c>cancelUri</c> (carrying the caller's <c>?code=</c> key, see <see cref="RunUrls"/>), and <c>Location</c> set to
/// <c>runUri</c>; 400 listing every problem with its JSON path, a path outside the app's containers included
/// (<see cref="BatchScoringOptions.Containers"/>: nothing is started); 413 for a body above
/// <c>BatchScoring__MaxRequestBodyBytes</c> (256 KiB by default), with or without Content-Length; 415 for a body that
/// is not declared JSON (<c>application/json</c> or <c>application/*+json</c>), a missing Content-Type included.
/// </summary>
public sealed class StartRun(SpecSource specs, IOptions<BatchScoringOptions> options, TimeProvider time, ILogger<StartRun> logger)
{
    private const string SpecNameProperty = "specName";

    [Function(nameof(StartRun))]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "runs")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (!RequestBody.IsJson(request, out var mediaType))
        {
            return await HttpResponses.ProblemAsync(
                request,
                new Problem(ProblemTypes.UnsupportedMediaType, "The request body must be JSON.", 415, $"Send the run spec or {{\"specName\": \"...\"}} with Content-Type: application/json; the request had {(mediaType is null ? "no Content-Type" : $"Content-Type: {mediaType}")}.", request.Url.AbsolutePath),
                cancellationToken);
        }

        var limit = options.Value.MaxRequestBodyBytes;
        if (await RequestBody.ReadAsync(request, limit, cancellationToken) is not { } body)
        {
            return await HttpResponses.ProblemAsync(
                request,
                new Problem(ProblemTypes.BodyTooLarge, "The request body is too large.", 413, $"A request body may hold at most {limit} bytes (BatchScoring__MaxRequestBodyBytes); store a large spec in the specs container and send {{\"specName\": \"...\"}}.", request.Url.AbsolutePath),
                cancellationToken);
        }

        var json = Encoding.UTF8.GetString(body);
        var containers = options.Value.Containers;
        RunSpec spec;
        string source;
        string? specBlob = null;
        if (SpecNameOf(json, out var fieldErrors) is { } specName)
        {
            var load = await specs.LoadAsync(specName, cancellationToken);
            source = specBlob = load.Path;
            if (!load.Found)
            {
                return await InvalidAsync(request, "The named spec does not exist.", source, [new ProblemField("$.specName", $"no spec blob '{specName}' in container '{options.Value.SpecsContainer}'")], cancellationToken);
            }

            if (load.Spec is null)
            {
                return await InvalidAsync(request, $"The spec {source} is not a valid run spec.", source, load.Errors.Select(ProblemField.From).ToList(), cancellationToken);
            }

            spec = load.Spec;
        }
        else if (fieldErrors.Count > 0)
        {
            return await InvalidAsync(request, "The request names a spec incorrectly.", null, fieldErrors, cancellationToken);
        }
        else
        {
            source = "request body";
            var (parsed, errors) = body.Length == 0 ? (null, [new SpecError("$", "the body is empty; send a run spec or {\"specName\": \"...\"}")]) : RunSpecSerializer.TryParse(json);
            if (parsed is null || errors.Count > 0)
            {
                // Every problem at once: a path in the wrong container too, unless the validator named that field already.
                var outside = parsed is null ? [] : containers.Check(parsed).Where(c => !errors.Any(e => e.Path == c.Path));
                return await InvalidAsync(request, "The request body is not a valid run spec.", null, errors.Concat(outside).Select(ProblemField.From).ToList(), cancellationToken);
            }

            spec = parsed;
        }

        if (containers.Check(spec) is { Count: > 0 } outsideContainers)
        {
            logger.RunRefusedOutsideContainers(source, string.Join("; ", outsideContainers));
            return await HttpResponses.ProblemAsync(
                request,
                new Problem(ProblemTypes.OutsideContainers, "The spec reads or writes outside the app's containers.", 400, OutsideDetail(containers, outsideContainers.Count), request.Url.AbsolutePath, outsideContainers.Select(ProblemField.From).ToList(), specBlob),
                cancellationToken);
        }

        var instanceId = await RunStarter.StartAsync(client, InstanceIds.ForRequest(spec, time.GetUtcNow()), spec, cancellationToken);
        logger.RunStarted(instanceId, source);
        var urls = new RunUrls(request);
        var management = client.CreateHttpManagementPayload(instanceId, request);
        var payload = JsonSerializer.SerializeToNode(management, management.GetType(), ApiJson.Options)!.AsObject();
        payload["runUri"] = urls.Run(instanceId);
        payload["cancelUri"] = urls.Cancel(instanceId);
        return await HttpResponses.JsonAsync(request, HttpStatusCode.Accepted, payload, new Dictionary<string, string> { ["Location"] = urls.Run(instanceId), ["Retry-After"] = "10" }, cancellationToken);
    }

    /// <summary>
    /// The spec name of a <c>{"specName": "..."}</c> body, or null for anything else (a spec). Problems with the
    /// name (not a string, other properties beside it) go to <paramref name="errors"/>.
    /// </summary>
    internal static string? SpecNameOf(string json, out List<ProblemField> errors)
    {
        errors = [];
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }

        if (root is null || !root.ContainsKey(SpecNameProperty))
        {
            return null;
        }

        foreach (var (name, _) in root)
        {
            if (name != SpecNameProperty)
            {
                errors.Add(new ProblemField($"$.{name}", "unknown setting beside specName: send either a run spec or {\"specName\": \"...\"}"));
            }
        }

        var value = root[SpecNameProperty];
        var specName = value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
        if (specName is null || !SpecSource.IsValidName(specName))
        {
            errors.Add(new ProblemField("$.specName", "must be the name of a spec blob in the specs container (no leading '/', no '.' or '..' segments)"));
        }

        return errors.Count == 0 ? specName : null;
    }

    private static string OutsideDetail(SpecContainers containers, int count) =>
        $"{count} field{(count == 1 ? "" : "s")} outside {(count == 1 ? "its" : "their")} container, each named by JSON path. Runs of this app read inputs from container '{containers.Inputs}', "
        + $"load models, vocabularies and side inputs from '{containers.Models}' and write only to '{containers.Outputs}' (app settings BatchScoring__InputsContainer, "
        + "BatchScoring__ModelsContainer or else BatchScoring__SpecsContainer, BatchScoring__OutputsContainer).";

    private static Task<HttpResponseData> InvalidAsync(HttpRequestData request, string title, string? source, IReadOnlyList<ProblemField> errors, CancellationToken cancellationToken) =>
        HttpResponses.ProblemAsync(
            request,
            new Problem(ProblemTypes.InvalidSpec, title, 400, $"{errors.Count} problem{(errors.Count == 1 ? "" : "s")}; each names its field by JSON path.", request.Url.AbsolutePath, errors, source),
            cancellationToken);
}
