using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BatchScoring.Core;
using BatchScoring.Core.Spec;
using BatchScoring.Functions.Options;
using BatchScoring.Functions.Runs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BatchScoring.Functions.Triggers;

/// <summary>
/// A blob created in the inputs container (Event Grid BlobCreated, through the blob extension's webhook) starts a
/// run with the spec of the first matching rule in <c>BatchScoring__BlobRuns</c> (longest prefix wins):
/// <list type="bullet">
/// <item>one run per blob version: the spec's input becomes that blob alone and its output
/// <c>{spec output folder}/{blob name after the prefix, extension replaced by the spec output's}</c>. The instance id
/// is derived from container, name and ETag, so the same blob (same ETag) delivered twice starts one run, and a
/// rewritten blob (new ETag) starts another;</item>
/// <item>with <c>GroupWindowSeconds</c> above 0, a burst: every arrival in one folder within one window joins one run
/// (id from container, folder and window), which starts when the window closes and scores the folder with the spec's
/// glob; its output is <c>{spec output folder}/{folder after the prefix}/{window start}{extension}</c>.</item>
/// </list>
/// </summary>
public sealed class StartRunOnInputBlob(SpecSource specs, IOptions<BatchScoringOptions> options, TimeProvider time, ILogger<StartRunOnInputBlob> logger)
{
    [Function(nameof(StartRunOnInputBlob))]
    public async Task RunAsync(
        [BlobTrigger("%BatchScoring:InputsContainer%/{name}", Source = BlobTriggerSource.EventGrid, Connection = "ScoringStorage")] BlobClient blob,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(client);
        var (container, name) = (blob.BlobContainerName, blob.Name);
        var match = options.Value.BlobRuns
            .Where(r => name.StartsWith(r.Value.Prefix, StringComparison.Ordinal))
            .OrderByDescending(r => r.Value.Prefix.Length).ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => (Name: r.Key, Rule: r.Value)).FirstOrDefault();
        if (match.Rule is null)
        {
            logger.BlobUnmatched(container, name);
            return;
        }

        string etag;
        try
        {
            BlobProperties properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            etag = properties.ETag.ToString();
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            logger.BlobGone(container, name);
            return;
        }

        var load = await specs.LoadAsync(match.Rule.Spec, cancellationToken);
        if (load.Spec is null)
        {
            var problems = load.Found ? string.Join("; ", load.Errors) : "no such blob";
            logger.BlobSpecInvalid(container, name, match.Name, load.Path, problems);
            throw new BatchScoringException($"Blob {container}/{name}: rule {match.Name}'s spec {load.Path} cannot be run: {problems}");
        }

        if (load.Spec.Execution.Incremental)
        {
            await StartSeriesAsync(client, match.Name, match.Rule, load.Spec, container, name, etag, cancellationToken);
            return;
        }

        if (match.Rule.GroupWindowSeconds > 0)
        {
            await StartGroupAsync(client, match.Name, match.Rule, load.Spec, container, name, cancellationToken);
            return;
        }

        var instanceId = InstanceIds.ForBlob(match.Name, container, name, etag);
        var spec = ForBlob(load.Spec, match.Rule.Prefix, container, name);
        if (!IsValid(spec, container, name, match.Name, load.Path))
        {
            return;
        }

        if (await RunStarter.StartOnceAsync(client, instanceId, spec, cancellationToken: cancellationToken))
        {
            logger.BlobRunStarted(container, name, etag, match.Name, instanceId);
        }
        else
        {
            logger.BlobRunExists(container, name, etag, instanceId);
        }
    }

    /// <summary>
    /// The rule's spec narrowed to one blob: its folder, and its exact name as a glob that matches it alone (a '*' or
    /// '?' in the name is escaped); its output named after the blob.
    /// </summary>
    internal static RunSpec ForBlob(RunSpec spec, string prefix, string container, string blobName)
    {
        var (folder, file) = Split(blobName);
        var relative = blobName[prefix.Length..].TrimStart('/');
        return spec with
        {
            Input = spec.Input with { Location = Join(container, folder), Glob = Glob.Escape(file) },
            Output = spec.Output with { Path = OutputBeside(spec.Output.Path, WithoutExtension(relative)) },
        };
    }

    /// <summary>The rule's spec over a folder, its output named after the folder and window.</summary>
    internal static RunSpec ForFolder(RunSpec spec, string prefix, string container, string folder, string window)
    {
        var relative = folder.Length > prefix.TrimEnd('/').Length ? folder[prefix.TrimEnd('/').Length..].Trim('/') : "";
        return spec with
        {
            Input = spec.Input with { Location = Join(container, folder) },
            Output = spec.Output with { Path = OutputBeside(spec.Output.Path, relative.Length == 0 ? window : $"{relative}/{window}") },
        };
    }

    /// <summary>
    /// A rule whose spec is incremental (<c>execution.incremental</c>): the arrival starts a run of the spec as it is, not
    /// narrowed, which scores whatever its series has not scored yet, the arriving blob included, into the file its
    /// output template names. One run per blob version, or, with a group window, one per window (started when it
    /// closes). An arrival while another run of the series runs starts a run that fails on the series' lock; its blob is
    /// scored by the next run of the series (the next arrival, or a timer schedule of the same spec as a catch-up).
    /// </summary>
    private async Task StartSeriesAsync(DurableTaskClient client, string rule, BlobRunOptions options, RunSpec spec, string container, string name, string etag, CancellationToken cancellationToken)
    {
        var specPath = specs.PathOf(options.Spec);
        if (!StorePath.IsUnder($"{container}/{name}", spec.Input.Location, spec.Input.Glob))
        {
            logger.BlobRunSpecInvalid(container, name, rule, specPath, $"input.location: the blob is not among the incremental spec's inputs ('{spec.Input.Location}' with glob '{spec.Input.Glob}'), so its run would not score it");
            return;
        }

        if (!IsValid(spec, container, name, rule, specPath))
        {
            return;
        }

        DateTimeOffset? startAt = null;
        var instanceId = InstanceIds.ForBlob(rule, container, name, etag);
        if (options.GroupWindowSeconds > 0)
        {
            (var windowStart, startAt) = WindowNow(options);
            instanceId = InstanceIds.ForBlobGroup(rule, container, "", windowStart);
        }

        if (await RunStarter.StartOnceAsync(client, instanceId, spec, startAt, cancellationToken))
        {
            logger.BlobRunStarted(container, name, etag, rule, instanceId);
        }
        else
        {
            logger.BlobRunExists(container, name, etag, instanceId);
        }
    }

    /// <summary>The group window the present falls in (aligned to multiples of its length, UTC): its start, and its end, when its run starts.</summary>
    private (DateTimeOffset Start, DateTimeOffset End) WindowNow(BlobRunOptions options)
    {
        var window = TimeSpan.FromSeconds(options.GroupWindowSeconds);
        var now = time.GetUtcNow();
        var start = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % window.Ticks), TimeSpan.Zero);
        return (start, start + window);
    }

    private async Task StartGroupAsync(DurableTaskClient client, string rule, BlobRunOptions options, RunSpec spec, string container, string name, CancellationToken cancellationToken)
    {
        var (windowStart, startAt) = WindowNow(options);
        var folder = Split(name).Folder;
        var instanceId = InstanceIds.ForBlobGroup(rule, container, folder, windowStart);
        var grouped = ForFolder(spec, options.Prefix, container, folder, InstanceIds.Stamp(windowStart));
        if (!IsValid(grouped, container, name, rule, specs.PathOf(options.Spec)))
        {
            return;
        }

        await RunStarter.StartOnceAsync(client, instanceId, grouped, startAt, cancellationToken);
        logger.BlobGrouped(container, name, instanceId, startAt);
    }

    /// <summary>
    /// The rule's spec, valid on its own, narrowed to the blob or its folder, is checked as <c>POST /api/runs</c> checks
    /// a spec (its output could, for instance, now lie among its inputs), its paths against the app's containers
    /// included (its input is now in the inputs container whatever the rule's spec said; its model and output are the
    /// rule's spec's). An invalid one starts nothing and is logged with every problem; the invocation succeeds, since a
    /// retry would rewrite the same spec again.
    /// </summary>
    private bool IsValid(RunSpec spec, string container, string name, string rule, string specPath)
    {
        var errors = RunSpecValidator.Validate(spec).Concat(options.Value.Containers.Check(spec)).ToList();
        if (errors.Count == 0)
        {
            return true;
        }

        logger.BlobRunSpecInvalid(container, name, rule, specPath, string.Join("; ", errors));
        return false;
    }

    private static (string Folder, string File) Split(string blobName)
    {
        var slash = blobName.LastIndexOf('/');
        return slash < 0 ? ("", blobName) : (blobName[..slash], blobName[(slash + 1)..]);
    }

    private static string Join(string container, string folder) => folder.Length == 0 ? container : $"{container}/{folder}";

    private static string WithoutExtension(string path)
    {
        var dot = path.LastIndexOf('.');
        return dot > path.LastIndexOf('/') + 1 ? path[..dot] : path;
    }

    /// <summary><c>outputs/churn/results.parquet</c> + <c>2025/part1</c> → <c>outputs/churn/2025/part1.parquet</c>.</summary>
    private static string OutputBeside(string specOutput, string name)
    {
        var slash = specOutput.LastIndexOf('/');
        var folder = slash < 0 ? "" : specOutput[..(slash + 1)];
        var file = specOutput[(slash + 1)..];
        var dot = file.LastIndexOf('.');
        return folder + name + (dot > 0 ? file[dot..] : "");
    }
}
