using BatchScoring.Core;
using BatchScoring.Core.Planning;
using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;

namespace BatchScoring.Engine;

/// <summary>What planning checks of the files a run will write, before anything is scored.</summary>
public sealed partial class ScoringEngine
{
    /// <summary>
    /// Throws naming the path and the limit when the store could not write the output, the files beside it or its lock
    /// (names too long, with the temporary name each is first written as): such a run would fail only after all its
    /// scoring. Hosts check it before a run takes anything.
    /// </summary>
    public void CheckOutputNames(RunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var output = StorePath.Canonical(spec.Output.Path);
        foreach (var path in (string[])[output, .. RunLayout.FilesBeside(output), RunLayout.LockPath(output)])
        {
            Store.CheckWritablePath(path);
        }
    }

    /// <summary>
    /// The output and the files beside it (error records, summary, timeline, report) must be writable by the store (names short enough,
    /// with the temporary name each is first written as) and, with every link resolved, must be none of the files the
    /// run reads (an input, the model, a side input, the vocabulary) and must not lie among the inputs: the spec's own
    /// checks compare paths as written, and a link (<c>out -> data</c>) makes two spellings one file.
    /// </summary>
    private async Task CheckOutputAsync(RunSpec spec, MiniBatchPlan plan, CancellationToken cancellationToken)
    {
        CheckOutputNames(spec);
        string[] written = [spec.Output.Path, .. RunLayout.FilesBeside(spec.Output.Path)];

        var writtenReal = await Store.RealPathsAsync(written, cancellationToken);
        var byReal = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < written.Length; i++)
        {
            byReal.TryAdd(writtenReal[i], written[i]);
        }

        var read = new List<(string Setting, string Path)>(plan.Files.Select(f => ("input", f.Path)));
        read.AddRange(spec.ModelFiles());
        var readReal = await Store.RealPathsAsync(read.Select(r => r.Path).ToList(), cancellationToken);
        for (var i = 0; i < read.Count; i++)
        {
            if (byReal.TryGetValue(readReal[i], out var target))
            {
                var (setting, path) = read[i];
                var what = setting == "input" ? $"the input '{path}'" : $"{setting} '{path}'";
                throw new BatchScoringException(
                    $"output.path: '{target}' is, with links resolved, {what} (both are {Store.Locate(path)} -> {readReal[i]}); writing it would overwrite what the run reads. Choose an output outside the inputs.");
            }
        }

        // A file written there would be an input of the next run over the same location and glob (one written there by
        // its own name is left out of listings as a run file; one reached through a link is not).
        var location = StorePath.Canonical(spec.Input.Location);
        var locationReal = await Store.RealPathAsync(location, cancellationToken);
        for (var i = 0; i < written.Length; i++)
        {
            var relative = Path.GetRelativePath(locationReal, writtenReal[i]);
            if (relative != "." && !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative)
                && Glob.IsMatch(spec.Input.Glob, relative.Replace(Path.DirectorySeparatorChar, '/')) && !StorePath.IsUnder(written[i], location, spec.Input.Glob))
            {
                throw new BatchScoringException(
                    $"output.path: '{written[i]}' lies, with links resolved, among the inputs (input.location '{spec.Input.Location}' with glob '{spec.Input.Glob}' would match it as '{relative}'); a run's output must not become an input. Choose an output outside the inputs.");
            }
        }
    }
}
