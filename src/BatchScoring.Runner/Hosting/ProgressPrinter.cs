using System.Globalization;
using BatchScoring.Orchestration.Contracts;

namespace BatchScoring.Runner.Hosting;

/// <summary>
/// Shows a run's progress: in a terminal, one line redrawn in place with a bar; when output is redirected (CI, pipes),
/// a timestamped line whenever the progress changes.
/// </summary>
internal sealed class ProgressPrinter(TextWriter output, bool interactive)
{
    private string last = "";

    public static ProgressPrinter ForConsole() => new(Console.Out, !Console.IsOutputRedirected);

    public void Show(RunProgress? progress)
    {
        if (progress is null)
        {
            return;
        }

        var finished = progress.Done + progress.Failed;
        var text = string.Create(CultureInfo.InvariantCulture, $"{progress.Phase.ToString().ToLowerInvariant(),-10} {finished}/{progress.Total} mini-batches ({progress.Failed} failed, {progress.InFlight} in flight), {progress.ItemsScored:N0} items, {progress.ItemsPerSecond:N0} items/s{(progress.EtaSeconds is { } eta ? $", ETA {TimeSpan.FromSeconds(eta):hh\\:mm\\:ss}" : "")}");
        if (text == last)
        {
            return;
        }

        last = text;
        if (interactive)
        {
            const int Width = 24;
            var filled = progress.Total == 0 ? Width : (int)Math.Round(Width * finished / (double)progress.Total);
            output.Write($"\r[{new string('#', filled)}{new string('.', Width - filled)}] {text}   ");
        }
        else
        {
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {text}");
        }
    }

    /// <summary>Ends the progress line and prints a two-column table.</summary>
    public void Summary(IEnumerable<(string Name, string Value)> rows)
    {
        if (interactive && last.Length > 0)
        {
            output.WriteLine();
        }

        var list = rows.ToList();
        var width = list.Max(r => r.Name.Length);
        foreach (var (name, value) in list)
        {
            output.WriteLine($"  {name.PadRight(width)}  {value}");
        }
    }
}
