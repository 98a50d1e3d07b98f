using System.Diagnostics;
using BatchScoring.Core.Runs;
using BatchScoring.Tests;

namespace BatchScoring.Runner.Tests;

/// <summary>
/// What a run writes never lands on what it reads, as a user meets it with <c>batchscore run</c>: an output reached
/// through a link, a spec that names itself as output, two runs of one output at once, a name too long to write, a
/// full disk.
/// </summary>
public sealed class OutputSafetyTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("linked output folder", "data", "out/digits.csv")]
    [InlineData("linked input folder", "dlink", "data/digits.csv")]
    [InlineData("linked input file", "in", "data/digits.csv")]
    public async Task Run_OutputThatIsAnInputThroughALink_RefusedAndInputUntouched(string link, string location, string output)
    {
        // Arrange: before, each of these exited 0 with data/digits.csv holding the results.
        using var temp = Digits();
        switch (link)
        {
            case "linked output folder":
                Directory.CreateSymbolicLink(Path.Combine(temp.Path, "out"), "data");
                break;
            case "linked input folder":
                Directory.CreateSymbolicLink(Path.Combine(temp.Path, "dlink"), "data");
                break;
            default:
                Directory.CreateDirectory(Path.Combine(temp.Path, "in"));
                File.CreateSymbolicLink(Path.Combine(temp.Path, "in", "d.csv"), "../data/digits.csv");
                break;
        }

        temp.Write("spec.json", Spec(location, "*.csv", output));
        var before = File.ReadAllBytes(Path.Combine(temp.Path, "data", "digits.csv"));

        // Act
        var (code, text) = await Batchscore.RunAsync(temp.Path, null, Timeout, "run", "spec.json");

        // Assert
        Assert.True(code == 1, text);
        Assert.Contains($"error: output.path: '{output}' is, with links resolved, the input '", text, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(temp.Path, "data", "digits.csv")));
    }

    [Fact]
    public async Task Run_OutputLyingAmongTheInputsThroughALink_Refused()
    {
        // Arrange: out -> data, so out/new.csv would be data/new.csv, an input of the next run over data/*.csv.
        using var temp = Digits();
        Directory.CreateSymbolicLink(Path.Combine(temp.Path, "out"), "data");
        temp.Write("spec.json", Spec("data", "*.csv", "out/new.csv"));

        // Act
        var (code, text) = await Batchscore.RunAsync(temp.Path, null, Timeout, "run", "spec.json");

        // Assert
        Assert.True(code == 1, text);
        Assert.Contains("error: output.path: 'out/new.csv' lies, with links resolved, among the inputs", text, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(temp.Path, "data", "new.csv")));
    }

    [Fact]
    public async Task Run_SpecThatIsItsOwnOutput_RefusedAndSpecUntouched()
    {
        // Arrange: a spec run.jsonl writing run.jsonl; before, the spec was replaced by the results, exit 0.
        using var temp = Digits();
        var spec = Spec("data", "*.csv", "run.jsonl");
        temp.Write("run.jsonl", spec);

        // Act
        var (code, text) = await Batchscore.RunAsync(temp.Path, null, Timeout, "run", "run.jsonl");

        // Assert
        Assert.True(code == 2, text);
        Assert.Contains("error: output.path: 'run.jsonl' is, links resolved, the spec file 'run.jsonl' itself", text, StringComparison.Ordinal);
        Assert.Equal(spec, File.ReadAllText(Path.Combine(temp.Path, "run.jsonl")));
    }

    [Fact]
    public async Task Run_SecondRunOfOneOutputWhileTheFirstRuns_FailsNamingItAndALockOfAKilledRunIsTakenOver()
    {
        // Arrange: the first run holds the output's lock and waits in planning on its model, a named pipe nobody writes.
        using var temp = Digits();
        MakeFifo(Path.Combine(temp.Path, "models", "pipe.onnx"));
        temp.Write("first.json", Spec("data", "*.csv", "out/results.csv", name: "first-run", model: "models/pipe.onnx"));
        temp.Write("second.json", Spec("data", "*.csv", "out/results.csv", name: "second-run"));
        var lockFile = Path.Combine(temp.Path, RunLayout.LockPath("out/results.csv"));
        using var first = Batchscore.Start(temp.Path, null, "run", "first.json");
        await Waits.UntilAsync(() => File.Exists(lockFile) || first.Process.HasExited, Timeout, "the first run taking its output's lock");
        Assert.False(first.Process.HasExited, first.Output);

        // Act: before, both exited 0 (or the second failed with a raw "Could not find a part of the path").
        var (code, text) = await Batchscore.RunAsync(temp.Path, null, Timeout, "run", "second.json");

        // Assert
        Assert.True(code == 1, text);
        Assert.Contains($"error: output.path: 'out/results.csv' is being written by run 'first-run' (", text, StringComparison.Ordinal);
        Assert.Contains($"process {first.Process.Id})", text, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(temp.Path, "out", "results.csv")));

        // The first run is killed (SIGKILL: it gives nothing back); the next run takes its lock over and completes.
        first.Process.Kill();
        await first.Process.WaitForExitAsync();
        Assert.True(File.Exists(lockFile));
        (code, text) = await Batchscore.RunAsync(temp.Path, null, Timeout, "run", "second.json");
        Assert.True(code == 0, text);
        Assert.True(File.Exists(Path.Combine(temp.Path, "out", "results.csv")));
        Assert.False(File.Exists(lockFile), "the lock is given back when the run ends");
    }

    [Fact]
    public async Task Run_OutputNameTooLongToWrite_FailsAtPlanningBeforeScoring()
    {
        // Arrange: 250 characters: the output fits the file system's 255 bytes, its temporary and sidecar names do not.
        using var temp = Digits();
        var output = "out/" + new string('r', 246) + ".csv";
        temp.Write("spec.json", Spec("data", "*.csv", output));
        var watch = Stopwatch.StartNew();

        // Act
        var (code, text) = await Batchscore.RunAsync(temp.Path, null, Timeout, "run", "spec.json");

        // Assert: before, it failed only after all scoring.
        Assert.True(code == 1, text);
        Assert.Contains($"error: '{output}' cannot be written in local folder ", text, StringComparison.Ordinal);
        Assert.Contains("over the file system's limit of 255 bytes a name", text, StringComparison.Ordinal);
        Assert.Matches(@"failed +0/0 mini-batches", text);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "out", RunLayout.StagingFolderName)) && Directory.EnumerateFiles(Path.Combine(temp.Path, "out", RunLayout.StagingFolderName), "*.csv", SearchOption.AllDirectories).Any(), "nothing was scored");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Run_OutputOnAFullDisk_NamesTheCauseRemovesItsTemporaryFileAndSaysWhenNoSummaryWasWritten()
    {
        // Arrange: out/ is a 300 KiB file system: the staged parts fit, the output assembled from them does not.
        using var temp = Digits();
        var output = Path.Combine(temp.Path, "out");
        Directory.CreateDirectory(output);
        Mount(output, "300k");
        try
        {
            temp.Write("spec.json", Spec("data", "*.csv", "out/results.csv", probabilities: true));

            // Act
            var (code, text) = await Batchscore.RunAsync(temp.Path, null, Timeout, "run", "spec.json");

            // Assert: before: "error: Value cannot be null. (Parameter 'details')", the temporary file left behind.
            Assert.True(code == 1, text);
            Assert.Contains("error: 'out/results.csv' could not be written in local folder ", text, StringComparison.Ordinal);
            Assert.Contains(": No space left on device.", text, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFiles(output, "*.~tmp-*", SearchOption.AllDirectories));
            Assert.False(File.Exists(Path.Combine(output, "results.csv")));
            var summary = Path.Combine(output, "results.csv.summary.json");
            Assert.Contains(File.Exists(summary) ? $"summary  {summary}" : "summary  not written (see the reason)", text, StringComparison.Ordinal);
        }
        finally
        {
            Unmount(output);
        }
    }

    private static TempFolder Digits()
    {
        var temp = new TempFolder();
        temp.Write("data/digits.csv", File.ReadAllBytes(Repo.PathOf("samples/digits-tabular/data/digits.csv")));
        temp.Write("models/digits-mlp.onnx", File.ReadAllBytes(Repo.PathOf("samples/models/digits-mlp.onnx")));
        return temp;
    }

    private static string Spec(string location, string glob, string output, string name = "digits-safety", string model = "models/digits-mlp.onnx", bool probabilities = false) => $$"""
        {
          "name": "{{name}}",
          "input": { "location": "{{location}}", "glob": "{{glob}}", "mode": "tabular", "passThroughColumns": ["id"] },
          "miniBatch": { "rows": 500 },
          "model": {
            "location": "{{model}}",
            "inputs": [{ "name": "pixels", "columns": ["pixel_*"] }],
            "outputs": [{ "name": "label", "kind": "label", "column": "predicted" }{{(probabilities ? ", { \"name\": \"probabilities\", \"kind\": \"probabilities\", \"column\": \"p\" }" : "")}}]
          },
          "output": { "path": "{{output}}" }
        }
        """;

    private static void MakeFifo(string path) => Run("mkfifo", [path], "make a named pipe");

    /// <summary>A small tmpfs, so that the disk is really full (the tests run as root, as CI does; mounting needs it).</summary>
    private static void Mount(string folder, string size) =>
        Run("mount", ["-t", "tmpfs", "-o", $"size={size}", "tmpfs", folder], "mount a small tmpfs (the full-disk test needs root, as CI has)");

    private static void Unmount(string folder) => Run("umount", [folder], "unmount the test's tmpfs");

    private static void Run(string tool, string[] args, string purpose)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, args) { RedirectStandardError = true })!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"could not {purpose}: {tool} {string.Join(' ', args)}: {process.StandardError.ReadToEnd()}");
    }
}
